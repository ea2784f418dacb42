import * as assert from "assert";
import { execFileSync } from "child_process";
import { readdirSync } from "fs";
import { join } from "path";
import { ROOT } from "../../helpers";
import { freshDatabase, query } from "../../support/postgres";
import { migrationsDir, runCli, supabaseAuthStub, tables, trackedVersions } from "./helpers";

const DIR = join(ROOT, "migrations");
const ROLLBACKS = join(ROOT, "migrations/rollbacks");

/** The schema as pg_dump prints it, without comments and without the engine's own tracking schema. */
function schemaOf(url: string): string {
    const dump = execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--exclude-schema=app_platform", url], { encoding: "utf8" });
    return dump
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("--") && !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
        .join("\n");
}

describe("npm run migrate (CLI)", function () {
    this.timeout(120_000);

    it("plan lists pending files, exits 0 and changes nothing", async () => {
        const url = await freshDatabase();
        const run = await runCli(["plan", "--dir", DIR], { DATABASE_URL: url });
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.stdout, /^4 pending:\n {2}.*20260115090000_initial_schema\.sql\n/);
        assert.match(run.stdout, /20260210080000_products_search_index\.sql \(no transaction\)/);
        const [t] = await query(url, "SELECT to_regclass('app_platform.schema_migrations') AS t");
        assert.strictEqual(t.t, null);
    });

    it("up leaves the same schema as psql applying the files in order; a second up applies nothing", async () => {
        const [ours, theirs] = [await freshDatabase(), await freshDatabase()];
        await supabaseAuthStub(ours);
        await supabaseAuthStub(theirs);

        const up = await runCli(["up", "--database-url", ours, "--dir", DIR]);
        assert.strictEqual(up.code, 0, up.stderr);
        const lines = up.stdout.trim().split("\n");
        assert.deepStrictEqual(
            lines.slice(0, 4).map((l) => l.replace(/ in \d+ ms$/, "").replace(DIR + "/", "")),
            [
                "applied 20260115090000_initial_schema.sql",
                "applied 20260120100000_email_queue.sql",
                "applied 20260203120000_add_user_preferences.sql",
                "applied 20260210080000_products_search_index.sql",
            ],
        );
        assert.deepStrictEqual(lines.slice(4), ["Applied 4 migration(s).", "Schema version: 20260210080000"]);

        for (const f of readdirSync(DIR)
            .filter((f) => f.endsWith(".sql"))
            .sort()) {
            execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", theirs, "-f", join(DIR, f)], { stdio: "pipe" });
        }
        assert.strictEqual(schemaOf(ours), schemaOf(theirs));

        const again = await runCli(["up", "--database-url", ours, "--dir", DIR]);
        assert.strictEqual(again.code, 0);
        assert.strictEqual(again.stdout, "Nothing to apply.\nSchema version: 20260210080000\n");
    });

    it("status shows each version's state, and rollback --to undoes the newer ones", async () => {
        const url = await freshDatabase();
        await supabaseAuthStub(url);
        await runCli(["up", "--dir", DIR], { DATABASE_URL: url });
        const back = await runCli(["rollback", "--to", "20260120100000", "--dir", DIR, "--rollback-dir", ROLLBACKS], { DATABASE_URL: url });
        assert.strictEqual(back.code, 0, back.stderr);
        assert.match(back.stdout, /Rolled back 2 migration\(s\)\.\nSchema version: 20260120100000/);
        const st = await runCli(["status", "--dir", DIR], { DATABASE_URL: url });
        assert.deepStrictEqual(
            st.stdout
                .trim()
                .split("\n")
                .map((l) => l.split(/\s+/).slice(0, 2).join(" ")),
            ["20260115090000 applied", "20260120100000 applied", "20260203120000 pending", "20260210080000 pending"],
        );
    });

    it("--baseline adopts a database that has the files' tables: plan shows what it records, up records them and runs the rest", async () => {
        const url = await freshDatabase();
        await query(url, "CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE gone (id int)");
        const dir = migrationsDir({
            "20260101000000_users.sql": "CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE tmp_import (id int);",
            "20260101100000_drop_tmp.SQL": "DROP TABLE tmp_import;", // upper-case extension: still a migration
            "20260102000000_orders.sql": "CREATE TABLE orders (id int PRIMARY KEY);",
            ".gitkeep": "",
            "archive/": "",
        });
        const planned = await runCli(["plan", "--dir", dir, "--baseline", "20260101100000"], { DATABASE_URL: url });
        assert.strictEqual(planned.code, 0, planned.stderr);
        assert.match(
            planned.stdout,
            /^baseline 20260101100000: would record 2 file\(s\) as applied without running them:\n {2}.*_users\.sql\n {2}.*_drop_tmp\.SQL\n1 pending:\n {2}.*_orders\.sql\n$/,
        );
        const up = await runCli(["up", "--dir", dir, "--baseline", "20260101100000"], { DATABASE_URL: url });
        assert.strictEqual(up.code, 0, up.stderr);
        assert.deepStrictEqual(await trackedVersions(url), ["20260101000000", "20260101100000", "20260102000000"]);
        assert.deepStrictEqual(await tables(url), ["gone", "orders", "users"]);
    });

    it("exits 1 with the engine's message (no stack trace, no password) on errors", async () => {
        const run = await runCli(["up", "--dir", DIR], { DATABASE_URL: "postgresql://postgres:hunter2@db.x.supabase.co:6543/postgres" });
        assert.strictEqual(run.code, 1);
        assert.match(run.stderr, /^error: the database URL postgresql:\/\/postgres@db\.x\.supabase\.co:6543\/postgres goes through a transaction-mode pooler/);
        assert.ok(!run.stderr.includes("hunter2") && !run.stderr.includes("    at "), run.stderr);
    });

    it("exits 2 with usage on a bad command line", async () => {
        const noUrl = await runCli(["up", "--dir", DIR]);
        assert.strictEqual(noUrl.code, 2);
        assert.match(noUrl.stderr, /^error: no connection string: set \$DATABASE_URL \(or pass --database-url-file FILE\)\nusage: npm run migrate/);
        const noTarget = await runCli(["rollback", "--dir", DIR], { DATABASE_URL: "postgresql://x@localhost/db" });
        assert.match(noTarget.stderr, /rollback needs --to <version>/);
        assert.strictEqual((await runCli(["migrate-all"])).code, 2);
        const help = await runCli(["--help"]);
        assert.strictEqual(help.code, 0);
        assert.match(help.stdout, /^usage: npm run migrate -- <plan\|up\|status\|rollback>[^]*--database-url-file FILE/);
    });
});
