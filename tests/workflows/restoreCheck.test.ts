// backup.yml's restore check, run as written against a real dump of the flagship schema.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { ROOT } from "../helpers";
import { supabaseAuthStub } from "../providers/migrations/helpers";
import { freshDatabase, query } from "../support/postgres";

const workflow = parse(readFileSync(join(ROOT, ".github/workflows/backup.yml"), "utf8"));
const job = workflow.jobs.postgres;
const restoreStep = job.steps.find((s: { id?: string }) => s.id === "restore").run as string;

/** Runs the step's script as the runner would (bash -e), in `dir` holding backup.sql.gz. */
function runRestoreCheck(dir: string, scratchUrl: string) {
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "");
    const run = spawnSync("bash", ["-e", "-c", restoreStep], {
        cwd: dir,
        env: { ...process.env, SCRATCH_URL: scratchUrl, KEY_TABLES: job.env.KEY_TABLES, GITHUB_STEP_SUMMARY: summary },
        encoding: "utf8",
    });
    return { code: run.status, stdout: run.stdout, summary: readFileSync(summary, "utf8") };
}

/** `pg_dump … | gzip -9 > backup.sql.gz`, as the dump step does. */
function dump(url: string, dir: string) {
    execFileSync("bash", ["-o", "pipefail", "-c", `pg_dump --no-owner --no-privileges --dbname "$URL" | gzip -9 > backup.sql.gz`], {
        cwd: dir,
        env: { ...process.env, URL: url },
    });
}

describe("backup.yml restore check (run against a real dump)", function () {
    this.timeout(120_000);

    it("restores the flagship database into a scratch one and reports the key tables' row counts", async () => {
        const source = await freshDatabase("src");
        await supabaseAuthStub(source);
        for (const file of readdirSync(join(ROOT, "migrations"))
            .filter((f) => f.endsWith(".sql"))
            .sort()) {
            execFileSync("psql", ["-q", "-v", "ON_ERROR_STOP=1", "-f", join(ROOT, "migrations", file), source], { stdio: "pipe" });
        }
        await query(
            source,
            `
            INSERT INTO auth.users (id) VALUES ('00000000-0000-0000-0000-000000000001'), ('00000000-0000-0000-0000-000000000002');
            INSERT INTO profiles (id, full_name) SELECT id, 'customer' FROM auth.users;
            INSERT INTO products (name, slug, price_paise) VALUES ('Bamboo brush', 'bamboo-brush', 14900), ('Steel bottle', 'steel-bottle', 59900), ('Jute bag', 'jute-bag', 19900);
            INSERT INTO orders (user_id, total_paise) VALUES ('00000000-0000-0000-0000-000000000001', 14900);`,
        );
        const dir = mkdtempSync(join(tmpdir(), "restore-check-"));
        dump(source, dir);

        const run = runRestoreCheck(dir, await freshDatabase("scratch"));
        assert.strictEqual(run.code, 0, run.stdout);
        assert.match(run.summary, /\| public\.products \| 3 \|/);
        assert.match(run.summary, /\| public\.orders \| 1 \|/);
        assert.match(run.summary, /\| public\.profiles \| 2 \|/);
        assert.doesNotMatch(run.stdout, /::warning::/, "the flagship dump restores without errors");
    });

    it("fails, naming the table, when a key table is missing from the dump", async () => {
        const dir = mkdtempSync(join(tmpdir(), "restore-check-"));
        dump(await freshDatabase("empty"), dir);
        const run = runRestoreCheck(dir, await freshDatabase("scratch"));
        assert.notStrictEqual(run.code, 0);
        assert.match(run.stdout, /::error::restore check: public\.products is missing from the restored dump/);
    });
});
