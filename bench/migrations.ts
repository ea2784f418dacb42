// npm run bench:migrations — applies 500 generated migrations with this engine, node-pg-migrate
// and `psql -1 -f` (the floor) side by side on one fresh PostgreSQL, then times the no-op check
// every `pulumi preview` pays once all are applied. Prints medians and ratios.
import { execFileSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { migrate, plan } from "../providers/migrations/engine";
import { readMigrations } from "../providers/migrations/files";
import { freshDatabase, stopServer } from "../tests/support/postgres";
import { median } from "./stats";

const COUNT = Number(process.env.BENCH_MIGRATIONS ?? 500);
const APPLY_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NOOP_ROUNDS = 15;

function generate(): { dir: string; all: string } {
    const dir = mkdtempSync(join(tmpdir(), "bench-migrations-"));
    const parts: string[] = [];
    for (let i = 1; i <= COUNT; i++) {
        const version = `2026${String(i).padStart(10, "0")}`;
        const sql = `CREATE TABLE t_${i} (id integer PRIMARY KEY, name text NOT NULL DEFAULT '');\nCREATE INDEX t_${i}_name ON t_${i} (name);\nINSERT INTO t_${i} (id, name) VALUES (1, 'row ${i}');\n`;
        writeFileSync(join(dir, `${version}_step_${i}.sql`), sql);
        parts.push(sql);
    }
    const all = join(mkdtempSync(join(tmpdir(), "bench-all-")), "all.sql");
    writeFileSync(all, parts.join("\n"));
    return { dir, all };
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
    const start = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - start) / 1e6;
}

const ms = (x: number) => `${x.toFixed(x < 100 ? 1 : 0)} ms`.padStart(10);

async function main() {
    const { dir, all } = generate();
    // node-pg-migrate is ESM-only; Node 20.19+ loads it through require().
    const { runner } = require("node-pg-migrate") as { runner(options: Record<string, unknown>): Promise<unknown> };
    const pgMigrate = (databaseUrl: string) =>
        runner({ databaseUrl, dir, direction: "up", migrationsTable: "pgmigrations", count: Infinity, singleTransaction: false, log: () => undefined });

    const apply = { engine: [] as number[], nodePgMigrate: [] as number[], psql: [] as number[] };
    let engineUrl = "";
    let pgmUrl = "";
    for (let round = 0; round < APPLY_ROUNDS; round++) {
        // Interleaved, each on a fresh database of the same server, so all three see the same conditions.
        engineUrl = await freshDatabase("bench_engine");
        apply.engine.push(await time(async () => migrate(await readMigrations(dir), { databaseUrl: engineUrl })));
        pgmUrl = await freshDatabase("bench_pgm");
        apply.nodePgMigrate.push(await time(() => pgMigrate(pgmUrl)));
        const psqlUrl = await freshDatabase("bench_psql");
        apply.psql.push(await time(() => execFileSync("psql", ["-1", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", psqlUrl, "-f", all], { stdio: "ignore" })));
    }

    const set = await readMigrations(dir);
    const noop = { engine: [] as number[], nodePgMigrate: [] as number[], parse: [] as number[] };
    for (let i = 0; i < NOOP_ROUNDS; i++) {
        noop.engine.push(
            await time(async () => {
                const p = await plan(set, { databaseUrl: engineUrl });
                if (p.pending.length !== 0) throw new Error("expected nothing pending");
            }),
        );
        noop.nodePgMigrate.push(await time(() => pgMigrate(pgmUrl)));
        noop.parse.push(await time(() => readMigrations(dir)));
    }

    const e = median(apply.engine),
        n = median(apply.nodePgMigrate),
        p = median(apply.psql);
    console.log(`\nApplying ${COUNT} migrations (median of ${APPLY_ROUNDS}, fresh database each):`);
    console.log(`  app-platform engine ${ms(e)}   ${(e / p).toFixed(2)}x psql   ${(e / n).toFixed(2)}x node-pg-migrate`);
    console.log(`  node-pg-migrate     ${ms(n)}   ${(n / p).toFixed(2)}x psql`);
    console.log(`  psql -1 -f (floor)  ${ms(p)}   1.00x`);
    const en = median(noop.engine),
        nn = median(noop.nodePgMigrate);
    console.log(`\nNo-op check with all ${COUNT} applied (median of ${NOOP_ROUNDS}):`);
    console.log(`  app-platform plan   ${ms(en)}   ${(en / nn).toFixed(2)}x node-pg-migrate   (target < 50 ms: ${en < 50 ? "met" : "MISSED"})`);
    console.log(`  node-pg-migrate up  ${ms(nn)}`);
    console.log(`  reading + parsing the ${COUNT} files (program time, once per preview): ${ms(median(noop.parse)).trim()}`);
    console.log(`\nTarget: apply no slower than node-pg-migrate: ${e <= n ? "met" : "MISSED"} (${(e / n).toFixed(2)}x).`);
    console.log(`Peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

main()
    .then(stopServer)
    .catch(async (err) => {
        console.error(err);
        await stopServer();
        process.exit(1);
    });
