import * as assert from "assert";
import { execFileSync } from "child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Client } from "pg";
import { migrate, plan, status } from "../../../providers/migrations/engine";
import { readMigrations } from "../../../providers/migrations/files";
import { lockKey } from "../../../providers/migrations/lock";
import { ROOT } from "../../helpers";
import { startFakeS3 } from "../../support/fakeS3";
import { freshDatabase, query } from "../../support/postgres";
import { migrationsDir, supabaseAuthStub, tables, trackedVersions } from "./helpers";

const FLAGSHIP = join(ROOT, "migrations");
const FLAGSHIP_ROLLBACKS = join(ROOT, "migrations/rollbacks");
const V1 = "20260101000000";
const V2 = "20260102000000";
const V3 = "20260103000000";

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<string> {
    try {
        await promise;
    } catch (err) {
        assert.match((err as Error).message, pattern);
        return (err as Error).message;
    }
    assert.fail(`expected an error matching ${pattern}`);
}

describe("migration engine (real PostgreSQL)", function () {
    this.timeout(120_000);

    describe("applying", () => {
        it("applies the flagship folder from empty, logging each file, then a re-run applies nothing", async () => {
            const url = await freshDatabase();
            await supabaseAuthStub(url);
            const set = await readMigrations(FLAGSHIP, FLAGSHIP_ROLLBACKS);
            const lines: string[] = [];
            const first = await migrate(set, { databaseUrl: url, log: (l) => lines.push(l) });
            assert.deepStrictEqual(
                first.ran.map((r) => r.version),
                ["20260115090000", "20260120100000", "20260203120000", "20260210080000"],
            );
            assert.strictEqual(first.latestVersion, "20260210080000");
            assert.match(lines[0], /^applied .*20260115090000_initial_schema\.sql in \d+ ms$/);
            assert.deepStrictEqual(await tables(url), [
                "cart_items",
                "categories",
                "email_queue",
                "order_items",
                "orders",
                "products",
                "profiles",
                "user_preferences",
            ]);
            const [idx] = await query(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_products_search'::regclass");
            assert.strictEqual(idx.indisvalid, true);

            const second = await migrate(set, { databaseUrl: url });
            assert.deepStrictEqual(second.ran, []);
            assert.deepStrictEqual(second.appliedVersions, first.appliedVersions);
            assert.deepStrictEqual((await plan(set, { databaseUrl: url })).pending, []);
        });

        it("records version, name, checksum, times, duration and who applied it", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);\r\n" });
            await migrate(await readMigrations(dir), { databaseUrl: url, appliedBy: "tester@ci" });
            const [row] = await query(url, "SELECT * FROM app_platform.schema_migrations");
            assert.strictEqual(row.version, V1);
            assert.strictEqual(row.name, "one");
            assert.match(row.checksum, /^[0-9a-f]{64}$/);
            assert.ok(row.started_at <= row.finished_at);
            assert.ok(row.duration_ms >= 0);
            assert.strictEqual(row.applied_by, "tester@ci");
            assert.strictEqual(row.db_user, "postgres");
        });

        it("a failing file rolls back alone: earlier files stay applied, later ones never run, the error names file and line", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({
                [`${V1}_ok.sql`]: "CREATE TABLE ok (id int);",
                [`${V2}_broken.sql`]: "CREATE TABLE half (id int);\nINSERT INTO half VALUES (1);\nINSERT INTO missing_table VALUES (1);\n",
                [`${V3}_later.sql`]: "CREATE TABLE later (id int);",
            });
            const message = await rejects(
                migrate(await readMigrations(dir), { databaseUrl: url }),
                /_broken\.sql:3: relation "missing_table" does not exist \(SQLSTATE 42P01\)/,
            );
            assert.ok(message.includes(dir));
            assert.deepStrictEqual(await tables(url), ["ok"]);
            assert.deepStrictEqual(await trackedVersions(url), [V1]);
            const rows = await query(url, "SELECT count(*)::int AS n FROM app_platform.schema_migrations");
            assert.strictEqual(rows[0].n, 1, "no half-recorded row for the failed file");
        });

        it("a schema the database lacks (Supabase's auth on plain PostgreSQL): the file, the line that names it, and what to do", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({
                [`${V1}_profiles.sql`]: "-- Supabase users own profiles.\nCREATE TABLE profiles (\n  id uuid PRIMARY KEY REFERENCES auth.users(id)\n);\n",
            });
            await rejects(
                migrate(await readMigrations(dir), { databaseUrl: url }),
                /_profiles\.sql:3: schema "auth" does not exist \(SQLSTATE 3F000\)\. The file needs the schema "auth", which this database lacks: apply it to a database that has it/,
            );
            assert.deepStrictEqual(await tables(url), []);
        });

        it("runs a no-transaction file outside a transaction", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({
                [`${V1}_t.sql`]: "CREATE TABLE t (id int);",
                [`${V2}_idx.sql`]: "-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n",
            });
            await migrate(await readMigrations(dir), { databaseUrl: url });
            const [row] = await query(url, "SELECT no_transaction FROM app_platform.schema_migrations WHERE version = $1", [V2]);
            assert.strictEqual(row.no_transaction, true);
        });

        it("re-runs a no-transaction file whose earlier run was interrupted", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({
                [`${V1}_t.sql`]: "CREATE TABLE t (id int);",
                [`${V2}_idx.sql`]: "-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_id ON t (id);\n",
            });
            const set = await readMigrations(dir);
            await migrate(set, { databaseUrl: url });
            await query(url, "UPDATE app_platform.schema_migrations SET finished_at = NULL WHERE version = $1", [V2]);
            assert.deepStrictEqual(
                (await status(set, { databaseUrl: url })).map((r) => r.state),
                ["applied", "interrupted"],
            );
            const result = await migrate(set, { databaseUrl: url });
            assert.deepStrictEqual(
                result.ran.map((r) => r.version),
                [V2],
            );
            assert.deepStrictEqual(await trackedVersions(url), [V1, V2]);
        });

        it("applies lock_timeout, so DDL stuck behind another session's lock fails instead of stalling", async () => {
            const url = await freshDatabase();
            await query(url, "CREATE TABLE busy (id int)");
            const blocker = new Client({ connectionString: url });
            await blocker.connect();
            await blocker.query("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
            try {
                const dir = migrationsDir({ [`${V1}_alter.sql`]: "ALTER TABLE busy ADD COLUMN note text;" });
                await rejects(migrate(await readMigrations(dir), { databaseUrl: url, lockTimeout: "200ms", baseline: "0" }), /_alter\.sql.*lock timeout/);
            } finally {
                await blocker.query("ROLLBACK");
                await blocker.end();
            }
        });
    });

    describe("exclusive runs", () => {
        it("two processes migrating the same database at once apply every file exactly once", async () => {
            const url = await freshDatabase();
            await query(url, "CREATE TABLE runs (version text)");
            const files: Record<string, string> = {};
            for (let i = 1; i <= 12; i++) {
                const v = `202601010000${String(i).padStart(2, "0")}`;
                files[`${v}_step${i}.sql`] = `INSERT INTO runs VALUES ('${v}'); SELECT pg_sleep(0.03);`;
            }
            const dir = migrationsDir(files);
            const { runCli } = await import("./helpers");
            const [a, b] = await Promise.all([
                runCli(["up", "--dir", dir, "--baseline", "0"], { DATABASE_URL: url }),
                runCli(["up", "--dir", dir, "--baseline", "0"], { DATABASE_URL: url }),
            ]);
            assert.strictEqual(a.code, 0, a.stderr);
            assert.strictEqual(b.code, 0, b.stderr);
            const counts = await query(url, "SELECT version, count(*)::int AS n FROM runs GROUP BY version");
            assert.strictEqual(counts.length, 12);
            assert.ok(
                counts.every((c) => c.n === 1),
                JSON.stringify(counts),
            );
            assert.strictEqual((await trackedVersions(url)).length, 12);
            const applied = [a, b].map((r) => (r.stdout.match(/^applied /gm) ?? []).length);
            assert.strictEqual(applied[0] + applied[1], 12);
        });

        it("gives up after the lock wait when another run holds the lock", async () => {
            const url = await freshDatabase();
            const holder = new Client({ connectionString: url });
            await holder.connect();
            await holder.query("SELECT pg_advisory_lock($1::bigint)", [lockKey("app_platform")]);
            try {
                const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
                await rejects(
                    migrate(await readMigrations(dir), { databaseUrl: url, lockWaitMs: 300 }),
                    /another migration run holds the lock on schema app_platform/,
                );
                assert.deepStrictEqual(await tables(url), []);
            } finally {
                await holder.end();
            }
        });

        it("a run killed (SIGKILL) in the middle of a file leaves no partial file, and the next run finishes", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({
                [`${V1}_first.sql`]: "CREATE TABLE first (id int);",
                [`${V2}_slow.sql`]:
                    "CREATE TABLE partial (id int);\nINSERT INTO partial VALUES (1);\nSELECT pg_sleep(3);\nCREATE TABLE after_sleep (id int);\n",
            });
            const { startCli } = await import("./helpers");
            const run = startCli(["up", "--dir", dir], { DATABASE_URL: url });
            for (let i = 0; ; i++) {
                const rows = await query(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()");
                if (rows[0].n > 0) break;
                assert.ok(i < 300, "the slow migration never started");
                await new Promise((r) => setTimeout(r, 100));
            }
            run.child.kill("SIGKILL");
            await run.done;

            const next = await migrate(await readMigrations(dir), { databaseUrl: url, lockWaitMs: 30_000 });
            assert.deepStrictEqual(
                next.ran.map((r) => r.version),
                [V2],
            );
            assert.deepStrictEqual(await tables(url), ["after_sleep", "first", "partial"]);
            const rows = await query(url, "SELECT count(*)::int AS n FROM partial");
            assert.strictEqual(rows[0].n, 1, "the killed run's insert must not survive");
            assert.deepStrictEqual(await trackedVersions(url), [V1, V2]);
        });
    });

    describe("safety", () => {
        async function appliedDb(files: Record<string, string>) {
            const url = await freshDatabase();
            const dir = migrationsDir(files);
            await migrate(await readMigrations(dir), { databaseUrl: url });
            return { url, dir };
        }

        it("an applied file whose content changed fails naming the file and both checksums, unless accepted", async () => {
            const { url, dir } = await appliedDb({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
            writeFileSync(join(dir, `${V1}_one.sql`), "CREATE TABLE one (id bigint);");
            await rejects(
                migrate(await readMigrations(dir), { databaseUrl: url }),
                new RegExp(`${V1}_one\\.sql changed after it was applied \\(applied checksum [0-9a-f]{12}…, file checksum [0-9a-f]{12}…\\)`),
            );
            const result = await migrate(await readMigrations(dir), { databaseUrl: url, acceptChecksums: [V1] });
            assert.deepStrictEqual(result.ran, []);
            await migrate(await readMigrations(dir), { databaseUrl: url }); // accepted for good
        });

        it("line endings and a BOM do not change the checksum", async () => {
            const { url, dir } = await appliedDb({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);\nSELECT 1;\n" });
            writeFileSync(join(dir, `${V1}_one.sql`), "\uFEFFCREATE TABLE one (id int);\r\nSELECT 1;\r\n");
            assert.deepStrictEqual((await migrate(await readMigrations(dir), { databaseUrl: url })).ran, []);
        });

        it("an applied version missing from disk fails, unless rolling back past it", async () => {
            const { url, dir } = await appliedDb({
                [`${V1}_one.sql`]: "CREATE TABLE one (id int);",
                [`${V2}_two.sql`]: "CREATE TABLE two (id int);",
                [`${V2}_two.rollback.sql`]: "DROP TABLE two;",
            });
            execFileSync("rm", [join(dir, `${V2}_two.sql`)]);
            await rejects(migrate(await readMigrations(dir), { databaseUrl: url }), new RegExp(`version ${V2} \\(two\\) is applied but its file is missing`));
            const result = await migrate(await readMigrations(dir), { databaseUrl: url, rollbackTo: V1 });
            assert.deepStrictEqual(result.rolledBack, [V2]);
            assert.deepStrictEqual(await tables(url), ["one"]);
        });

        it("a new file older than the latest applied fails, unless out-of-order is enabled", async () => {
            const { url, dir } = await appliedDb({ [`${V2}_two.sql`]: "CREATE TABLE two (id int);" });
            writeFileSync(join(dir, `${V1}_one.sql`), "CREATE TABLE one (id int);");
            await rejects(
                migrate(await readMigrations(dir), { databaseUrl: url }),
                new RegExp(`${V1}_one\\.sql is older than the latest applied version ${V2}`),
            );
            assert.deepStrictEqual(
                (await migrate(await readMigrations(dir), { databaseUrl: url, outOfOrder: true })).ran.map((r) => r.version),
                [V1],
            );
        });

        it("a non-empty database without the tracking table is refused unless a baseline is given", async () => {
            const url = await freshDatabase();
            await query(url, "CREATE TABLE legacy (id int)");
            const dir = migrationsDir({
                [`${V1}_legacy.sql`]: "CREATE TABLE legacy (id int);",
                [`${V2}_new.sql`]: "CREATE TABLE fresh (id int);",
            });
            await rejects(
                migrate(await readMigrations(dir), { databaseUrl: url }),
                /already has 1 table\(s\) but no tracking table app_platform\.schema_migrations; .*baseline/,
            );
            assert.strictEqual((await query(url, "SELECT to_regclass('app_platform.schema_migrations') AS t"))[0].t, null, "a refused run creates nothing");
            const result = await migrate(await readMigrations(dir), { databaseUrl: url, baseline: V1 });
            assert.deepStrictEqual(
                result.ran.map((r) => r.version),
                [V2],
            );
            assert.deepStrictEqual(await trackedVersions(url), [V1, V2]);
            const [row] = await query(url, "SELECT applied_by FROM app_platform.schema_migrations WHERE version = $1", [V1]);
            assert.strictEqual(row.applied_by, `baseline ${V1}`);
        });

        it("refuses a transaction-mode pooler URL before connecting", async () => {
            const set = { files: [], rollbacks: {} };
            await rejects(
                migrate(set, { databaseUrl: "postgresql://postgres:hunter2@db.abc.supabase.co:6543/postgres" }),
                /transaction-mode pooler .*direct connection string/,
            );
            const message = await rejects(plan(set, { databaseUrl: "postgresql://postgres:hunter2@host:5432/db?pgbouncer=true" }), /pooler/);
            assert.ok(!message.includes("hunter2"), "the password must not be printed");
        });

        it("names the database without its password when it cannot connect", async () => {
            const message = await rejects(
                plan({ files: [], rollbacks: {} }, { databaseUrl: "postgresql://app:s3cr3t@127.0.0.1:1/db" }),
                /cannot connect to postgresql:\/\/app@127\.0\.0\.1:1\/db/,
            );
            assert.ok(!message.includes("s3cr3t"));
        });
    });

    describe("rollback", () => {
        it("runs rollback files newest-first down to the target, each in its transaction", async () => {
            const url = await freshDatabase();
            await supabaseAuthStub(url);
            const set = await readMigrations(FLAGSHIP, FLAGSHIP_ROLLBACKS);
            await migrate(set, { databaseUrl: url });
            const result = await migrate(set, { databaseUrl: url, rollbackTo: "20260120100000" });
            assert.deepStrictEqual(result.rolledBack, ["20260210080000", "20260203120000"]);
            assert.strictEqual(result.latestVersion, "20260120100000");
            assert.ok(!(await tables(url)).includes("user_preferences"));
            const all = await migrate(set, { databaseUrl: url, rollbackTo: "0" });
            assert.deepStrictEqual(all.rolledBack, ["20260120100000", "20260115090000"]);
            assert.deepStrictEqual(await tables(url), []);
        });

        it("a missing rollback file fails before anything runs", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({
                [`${V1}_one.sql`]: "CREATE TABLE one (id int);",
                [`${V1}_one.rollback.sql`]: "DROP TABLE one;",
                [`${V2}_two.sql`]: "CREATE TABLE two (id int);",
            });
            await migrate(await readMigrations(dir), { databaseUrl: url });
            await rejects(migrate(await readMigrations(dir), { databaseUrl: url, rollbackTo: "0" }), new RegExp(`version ${V2} has no rollback file`));
            assert.deepStrictEqual(await tables(url), ["one", "two"]);
        });
    });

    describe("pre-migration backup", () => {
        it("dumps the database before applying, into pre-migration/<stack>/<timestamp>_<version>", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int); INSERT INTO one VALUES (42);" });
            await migrate(await readMigrations(dir), { databaseUrl: url });
            writeFileSync(join(dir, `${V2}_two.sql`), "DROP TABLE one;");
            const out = mkdtempSync(join(tmpdir(), "backups-"));
            const result = await migrate(await readMigrations(dir), {
                databaseUrl: url,
                backup: { target: { kind: "dir", path: out }, stack: "staging", format: "custom" },
            });
            assert.match(result.backup!.location, new RegExp(`${out}/pre-migration/staging/\\d{14}_${V1}\\.dump$`));
            const listing = execFileSync("pg_restore", ["--list", result.backup!.location], { encoding: "utf8" });
            assert.match(listing, /TABLE DATA public one/);
        });

        it("writes gzipped plain SQL when asked", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
            const out = mkdtempSync(join(tmpdir(), "backups-"));
            const result = await migrate(await readMigrations(dir), {
                databaseUrl: url,
                backup: { target: { kind: "dir", path: out }, stack: "local", format: "plain-gz" },
            });
            const sql = execFileSync("gunzip", ["-c", result.backup!.location], { encoding: "utf8" });
            assert.match(sql, /PostgreSQL database dump/);
        });

        it("fails closed: when the dump fails nothing is migrated and no partial backup is left", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
            const out = mkdtempSync(join(tmpdir(), "backups-"));
            const failing = join(mkdtempSync(join(tmpdir(), "bin-")), "pg_dump");
            writeFileSync(
                failing,
                "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 15.18'; exit 0; fi\necho partial; echo 'pg_dump: error: connection lost' >&2; exit 1\n",
            );
            chmodSync(failing, 0o755);
            const backup = { target: { kind: "dir" as const, path: out }, stack: "staging", format: "custom" as const };
            await rejects(
                migrate(await readMigrations(dir), { databaseUrl: url, backup: { ...backup, pgDump: failing } }),
                /pre-migration backup failed, so nothing was migrated: pg_dump exited with 1: pg_dump: error: connection lost/,
            );
            assert.deepStrictEqual(await tables(url), []);
            assert.ok(!existsSync(join(out, "pre-migration")) || readdirSync(join(out, "pre-migration/staging")).length === 0);
            await rejects(
                migrate(await readMigrations(dir), { databaseUrl: url, backup: { ...backup, pgDump: "/nonexistent/pg_dump" } }),
                /pg_dump is not installed/,
            );
        });

        it("uploads the dump to the backup bucket (S3 API) with server-side encryption", async () => {
            const s3 = await startFakeS3("ecoo-staging-backups");
            const saved = { ...process.env };
            Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "test-secret" });
            try {
                const url = await freshDatabase();
                const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
                const target = { kind: "s3" as const, bucket: "ecoo-staging-backups", region: "us-east-1", endpoint: s3.endpoint };
                const result = await migrate(await readMigrations(dir), { databaseUrl: url, backup: { target, stack: "staging", format: "custom" } });
                assert.deepStrictEqual(s3.rejected, []);
                const [object] = [...s3.objects.values()];
                assert.match(object.key, /^pre-migration\/staging\/\d{14}_0\.dump$/);
                assert.strictEqual(result.backup!.location, `s3://ecoo-staging-backups/${object.key}`);
                assert.strictEqual(object.body.subarray(0, 5).toString(), "PGDMP");
                assert.strictEqual(object.headers["x-amz-server-side-encryption"], "AES256");

                s3.failWith = 500;
                writeFileSync(join(dir, `${V2}_two.sql`), "CREATE TABLE two (id int);");
                await rejects(
                    migrate(await readMigrations(dir), { databaseUrl: url, backup: { target, stack: "staging", format: "custom" } }),
                    /pre-migration backup failed, so nothing was migrated/,
                );
                assert.deepStrictEqual(await tables(url), ["one"]);
            } finally {
                process.env = saved;
                await s3.close();
            }
        });

        it("refuses a pg_dump older than the server", async () => {
            const url = await freshDatabase();
            const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
            const old = join(mkdtempSync(join(tmpdir(), "bin-")), "pg_dump");
            writeFileSync(old, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.9'\n");
            chmodSync(old, 0o755);
            await rejects(
                migrate(await readMigrations(dir), {
                    databaseUrl: url,
                    backup: { target: { kind: "dir", path: tmpdir() }, stack: "s", format: "custom", pgDump: old },
                }),
                /pg_dump is version 13 but the server runs PostgreSQL 15; install postgresql-client-15/,
            );
            assert.deepStrictEqual(await tables(url), []);
        });
    });

    describe("Supabase interop", () => {
        it("adopts versions supabase db push applied, and records its own there", async () => {
            const url = await freshDatabase();
            await query(
                url,
                `
                CREATE SCHEMA supabase_migrations;
                CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text);
                CREATE TABLE one (id int);
                INSERT INTO supabase_migrations.schema_migrations (version, name) VALUES ('${V1}', 'one');`,
            );
            const dir = migrationsDir({
                [`${V1}_one.sql`]: "CREATE TABLE one (id int);",
                [`${V2}_two.sql`]: "CREATE TABLE two (id int);",
            });
            const result = await migrate(await readMigrations(dir), { databaseUrl: url });
            assert.deepStrictEqual(
                result.ran.map((r) => r.version),
                [V2],
                "the adopted version is not re-run",
            );
            assert.deepStrictEqual(result.appliedVersions, [V1, V2]);
            const history = await query(url, "SELECT version, name, statements FROM supabase_migrations.schema_migrations ORDER BY version");
            assert.deepStrictEqual(
                history.map((h) => [h.version, h.name]),
                [
                    [V1, "one"],
                    [V2, "two"],
                ],
            );
            assert.deepStrictEqual(history[1].statements, ["CREATE TABLE two (id int);"]);
        });
    });
});

describe("migration files", () => {
    async function readError(files: Record<string, string>): Promise<string> {
        const dir = migrationsDir(files);
        return rejects(readMigrations(dir), /./);
    }

    it("rejects a transactional file holding a statement that cannot run in a transaction, naming file, line and statement", async () => {
        const message = await readError({ [`${V1}_idx.sql`]: "CREATE TABLE t (id int);\n\n-- build it\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n" });
        assert.match(
            message,
            new RegExp(
                `${V1}_idx\\.sql:4: CREATE INDEX CONCURRENTLY cannot run inside a transaction \\("CREATE INDEX CONCURRENTLY t_id ON t \\(id\\)"\\); move it alone into its own file that starts with "-- migrate:no-transaction"`,
            ),
        );
        assert.match(await readError({ [`${V1}_v.sql`]: "VACUUM ANALYZE;" }), /VACUUM cannot run inside a transaction/);
    });

    it("requires exactly one statement in a no-transaction file", async () => {
        assert.match(
            await readError({ [`${V1}_two.sql`]: "-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY a ON t (a);\nCREATE INDEX CONCURRENTLY b ON t (b);" }),
            /must hold exactly one statement \(it has 2\)/,
        );
    });

    it("reports a syntax error with its file and line before anything runs", async () => {
        assert.match(
            await readError({ [`${V1}_bad.sql`]: "CREATE TABLE ok (id int);\nCREATE TABEL oops (id int);\n" }),
            new RegExp(`${V1}_bad\\.sql:2: syntax error at or near "TABEL"`),
        );
    });

    it("rejects empty and comment-only files, unreadable files, duplicate versions and bad names, all at once", async () => {
        const message = await readError({
            [`${V1}_empty.sql`]: "",
            [`${V2}_comments.sql`]: "-- nothing here\n/* still nothing */\n",
            [`${V3}_unreadable.sql/`]: "",
            "20260104000000_a.sql": "SELECT 1;",
            "20260104000000_b.sql": "SELECT 2;",
            "add_users.sql": "SELECT 3;",
        });
        assert.match(message, new RegExp(`${V1}_empty\\.sql: has no SQL statements`));
        assert.match(message, new RegExp(`${V2}_comments\\.sql: has no SQL statements`));
        assert.match(message, new RegExp(`${V3}_unreadable\\.sql: cannot be read \\(EISDIR\\)`));
        assert.match(message, /20260104000000_b\.sql: version 20260104000000 is also used by .*20260104000000_a\.sql/);
        assert.match(message, /add_users\.sql: name must be <14-digit version>_<name>\.sql/);
    });

    it("rejects transaction control other than one outer BEGIN/COMMIT", async () => {
        assert.match(
            await readError({ [`${V1}_tx.sql`]: "CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);" }),
            /:2: transaction control \("COMMIT"\) is not allowed/,
        );
        const dir = migrationsDir({ [`${V1}_wrapped.sql`]: "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n" });
        const { files } = await readMigrations(dir);
        assert.strictEqual(files[0].sql.trim(), "CREATE TABLE a (id int);");
        assert.strictEqual(files[0].statements, 1);
    });

    it("pairs rollback files from a separate folder", async () => {
        const set = await readMigrations(FLAGSHIP, FLAGSHIP_ROLLBACKS);
        assert.deepStrictEqual(
            Object.keys(set.rollbacks).sort(),
            set.files.map((f) => f.version),
        );
        assert.strictEqual(set.rollbacks["20260210080000"].noTransaction, true);
        assert.ok(
            readdirSync(FLAGSHIP).every((f) => !f.endsWith(".rollback.sql")),
            "no rollback file sits among the forward migrations",
        );
    });
});
