// Bad input to `npm run migrate`: every case exits non-zero with a message that says what and where,
// prints no stack trace and no password, never hangs, and leaves the database exactly as it was.
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Client } from "pg";
import { migrate } from "../../providers/migrations/engine";
import { readMigrations } from "../../providers/migrations/files";
import { lockKey } from "../../providers/migrations/lock";
import { freshDatabase, query, serverUrl } from "../support/postgres";
import { command } from "../../providers/migrations/cli";
import { migrationsDir } from "../providers/migrations/helpers";
import { assertRefused, fingerprint, pool, Run, runInProcess, runTool } from "./harness";

// The suite's login for every database case: its password is the canary no output may contain.
const CANARY_PASSWORD = "Cn@ry-pw/7Qx:bad";
const CANARY_ROLE = "bad_input_canary";

const V1 = "20260101000000";
const V2 = "20260102000000";
const V3 = "20260103000000";
const FILES: Record<string, string> = {
    [`${V1}_users.sql`]: "CREATE TABLE users (id int PRIMARY KEY);",
    [`${V2}_orders.sql`]: "CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));",
    [`${V3}_orders_user.sql`]: "CREATE INDEX orders_user ON orders (user_id);",
    [`${V1}_users.rollback.sql`]: "DROP TABLE users;",
    [`${V2}_orders.rollback.sql`]: "DROP TABLE orders;",
    [`${V3}_orders_user.rollback.sql`]: "DROP INDEX orders_user;",
};

/** The database a case starts from: fresh, with the three files applied, or with tables but no tracking. */
type DbState = "empty" | "applied" | "legacy";

interface Ctx {
    /** The case's database, through the canary login. */
    url: string;
    /** A migrations folder with FILES, plus the case's `files`. */
    dir: string;
    tmp: string;
}

interface Case {
    name: string;
    args: (c: Ctx) => string[];
    /** Extra files in the migrations folder (name → content; Buffer for raw bytes). */
    files?: Record<string, string | Buffer>;
    /** The folder holds only `files`, not FILES. */
    onlyFiles?: boolean;
    db?: DbState;
    /** DATABASE_URL for the run (default: the case's database); null leaves it unset. */
    databaseUrl?: (c: Ctx) => string | null;
    code: 1 | 2;
    names: RegExp | ((c: Ctx) => RegExp);
    /** Extra secrets the output must not contain. */
    canaries?: string[];
    /** Holds the case's migration lock from another session while it runs. */
    holdLock?: boolean;
    limitMs?: number;
    /** Runs as a child process (the others run in-process: runInProcess): it could block the process. */
    child?: true;
}

const unreachable = (userInfo: string, query = "") => `postgresql://${userInfo}@127.0.0.1:1/db${query}`;

const CASES: Case[] = [
    // --- the command line (exit 2, nothing touched) ---
    { name: "no command", args: (c) => ["--dir", c.dir], code: 2, names: /missing command: plan, up, status or rollback/ },
    { name: "unknown command", args: (c) => ["migrate-all", "--dir", c.dir], code: 2, names: /unknown command "migrate-all"/ },
    { name: "a stray argument", args: (c) => ["up", "now", "--dir", c.dir], code: 2, names: /unexpected argument "now"/ },
    {
        name: "a misspelt flag",
        args: (c) => ["up", "--dir", c.dir, "--lock-wiat", "5"],
        code: 2,
        names: /unknown option --lock-wiat; did you mean --lock-wait\?/,
    },
    {
        name: "non-numeric --lock-wait (waited forever before)",
        args: (c) => ["up", "--dir", c.dir, "--lock-wait", "abc"],
        code: 2,
        names: /--lock-wait "abc": expected a whole number of seconds/,
    },
    {
        name: "fractional --lock-wait",
        args: (c) => ["up", "--dir", c.dir, "--lock-wait", "1.5"],
        code: 2,
        names: /--lock-wait "1\.5": expected a whole number of seconds/,
    },
    { name: "--lock-wait 0", args: (c) => ["up", "--dir", c.dir, "--lock-wait", "0"], code: 2, names: /--lock-wait "0": expected/ },
    { name: "--lock-wait above an hour", args: (c) => ["up", "--dir", c.dir, "--lock-wait", "86400"], code: 2, names: /--lock-wait "86400": expected/ },
    {
        name: "--lock-timeout 0 (no timeout)",
        args: (c) => ["up", "--dir", c.dir, "--lock-timeout", "0"],
        code: 2,
        names: /--lock-timeout "0": expected a PostgreSQL duration above zero/,
    },
    {
        name: "--statement-timeout beyond PostgreSQL's range (blamed on the first file before)",
        args: (c) => ["up", "--dir", c.dir, "--statement-timeout", "99999999h"],
        code: 2,
        names: /--statement-timeout "99999999h": expected a PostgreSQL duration/,
    },
    {
        name: "--statement-timeout in words",
        args: (c) => ["up", "--dir", c.dir, "--statement-timeout", "ten minutes"],
        code: 2,
        names: /--statement-timeout "ten minutes": expected/,
    },
    {
        name: "--schema with capitals and a dash",
        args: (c) => ["up", "--dir", c.dir, "--schema", "Bad-Schema"],
        code: 2,
        names: /--schema "Bad-Schema": expected a lowercase schema name/,
    },
    { name: "--backup-format zip", args: (c) => ["up", "--dir", c.dir, "--backup-format", "zip"], code: 2, names: /--backup-format "zip": expected/ },
    {
        name: "a 13-digit --to (rolled back everything before)",
        args: (c) => ["rollback", "--dir", c.dir, "--to", "2026010200000"],
        db: "applied",
        code: 2,
        names: /--to "2026010200000": expected a 14-digit migration version, or "0"/,
    },
    { name: "--to latest", args: (c) => ["rollback", "--dir", c.dir, "--to", "latest"], db: "applied", code: 2, names: /--to "latest": expected a 14-digit/ },
    { name: "--to on up", args: (c) => ["up", "--dir", c.dir, "--to", V1], db: "applied", code: 2, names: /--to is for rollback; up does not take it/ },
    { name: "rollback without --to", args: (c) => ["rollback", "--dir", c.dir], db: "applied", code: 2, names: /rollback needs --to <version>/ },
    {
        name: "--baseline latest (recorded every file before)",
        args: (c) => ["up", "--dir", c.dir, "--baseline", "latest"],
        code: 2,
        names: /--baseline "latest": expected the 14-digit version of the last file/,
    },
    { name: "--baseline on status", args: (c) => ["status", "--dir", c.dir, "--baseline", V1], code: 2, names: /--baseline is for up/ },
    {
        name: "--accept-checksum that is not a version",
        args: (c) => ["up", "--dir", c.dir, "--accept-checksum", V1, "--accept-checksum", "abc"],
        code: 2,
        names: /--accept-checksum "abc": expected a 14-digit/,
    },
    { name: "--dir that does not exist", args: (c) => ["up", "--dir", join(c.tmp, "nope")], code: 2, names: /--dir .*nope: no such folder/ },
    { name: "--dir that is a file", args: (c) => ["up", "--dir", join(c.dir, `${V1}_users.sql`)], code: 2, names: /--dir .*_users\.sql: is a file/ },
    {
        name: "--rollback-dir that does not exist",
        args: (c) => ["rollback", "--dir", c.dir, "--rollback-dir", join(c.tmp, "gone"), "--to", V1],
        db: "applied",
        code: 2,
        names: /--rollback-dir .*gone: no such folder/,
    },
    {
        name: "--backup-dir and --backup-s3 together",
        args: (c) => ["up", "--dir", c.dir, "--backup-dir", c.tmp, "--backup-s3", "bucket"],
        code: 2,
        names: /--backup-dir or --backup-s3, not both/,
    },
    {
        name: "--backup-region without --backup-s3",
        args: (c) => ["up", "--dir", c.dir, "--backup-region", "us-east-1"],
        code: 2,
        names: /--backup-region goes with --backup-s3/,
    },
    {
        name: "--stack that climbs out of the backup folder",
        args: (c) => ["up", "--dir", c.dir, "--backup-dir", c.tmp, "--stack", "../.."],
        code: 2,
        names: /--stack "\.\.\/\.\.": a stack name is/,
    },
    {
        name: "no connection string at all",
        args: (c) => ["up", "--dir", c.dir],
        databaseUrl: () => null,
        code: 2,
        names: /no connection string: set \$DATABASE_URL/,
    },
    {
        name: "--database-url-file that does not exist",
        args: (c) => ["up", "--dir", c.dir, "--database-url-file", join(c.tmp, "missing")],
        databaseUrl: () => null,
        code: 2,
        names: /--database-url-file .*missing: cannot be read \(ENOENT\)/,
    },
    {
        name: "an empty --database-url-file",
        args: (c) => ["up", "--dir", c.dir, "--database-url-file", join(c.tmp, "empty-url")],
        databaseUrl: () => null,
        code: 2,
        names: /--database-url-file .*empty-url: is empty/,
    },
    {
        name: "--database-url and --database-url-file together",
        args: (c) => ["up", "--dir", c.dir, "--database-url", c.url, "--database-url-file", join(c.tmp, "url")],
        code: 2,
        names: /--database-url or --database-url-file, not both/,
    },

    // --- versions that do not exist (exit 1, database unchanged) ---
    {
        name: "rollback --to a version above the latest",
        args: (c) => ["rollback", "--dir", c.dir, "--to", "20991231000000"],
        db: "applied",
        code: 1,
        names: new RegExp(`rollbackTo 20991231000000 is not an applied version \\(nearest applied: ${V3}\\)`),
    },
    {
        name: "rollback --to a version between applied ones",
        args: (c) => ["rollback", "--dir", c.dir, "--to", "20260101120000"],
        db: "applied",
        code: 1,
        names: new RegExp(`not an applied version \\(nearest applied: ${V1} and ${V2}\\)`),
    },
    {
        name: "rollback --to on a database with nothing applied",
        args: (c) => ["rollback", "--dir", c.dir, "--to", V1],
        code: 1,
        names: /rollbackTo 20260101000000 is not an applied version \(no version is applied\)/,
    },
    {
        name: "--baseline naming no file",
        args: (c) => ["up", "--dir", c.dir, "--baseline", "20260101500000"],
        db: "legacy",
        code: 1,
        names: new RegExp(`baseline 20260101500000 is not the version of a migration file \\(nearest in the folder: ${V1} and ${V2}\\)`),
    },
    {
        name: "--baseline over a database that lacks the files' tables",
        args: (c) => ["up", "--dir", c.dir, "--baseline", V3],
        db: "legacy",
        code: 1,
        names: /baseline 20260103000000 would record 3 file\(s\) as applied, but the database lacks[^]*_orders\.sql: orders[^]*_orders_user\.sql: orders_user/,
    },
    {
        name: "--baseline on an empty database",
        args: (c) => ["up", "--dir", c.dir, "--baseline", V2],
        code: 1,
        names: /_users\.sql: users[^]*pick an earlier baseline/,
    },

    // --- files (exit 1, nothing applied) ---
    {
        name: "a file that is not UTF-8",
        files: { "20260104000000_latin1.sql": Buffer.from("-- caf\xe9\nSELECT 1;", "latin1") },
        args: (c) => ["up", "--dir", c.dir],
        code: 1,
        names: /20260104000000_latin1\.sql:1: is not UTF-8 \(invalid byte 0xe9 at byte offset 6\)/,
    },
    {
        name: "a stray file in the folder",
        files: { "notes.txt": "todo" },
        args: (c) => ["up", "--dir", c.dir],
        code: 1,
        names: /notes\.txt: is not a migration/,
    },
    {
        name: "an upper-case .SQL file with a bad name",
        files: { "AddUsers.SQL": "SELECT 1;" },
        args: (c) => ["up", "--dir", c.dir],
        code: 1,
        names: /AddUsers\.SQL: name must be <14-digit version>_<name>\.sql/,
    },
    {
        name: "a rollback script in the forward folder when rollbacks live elsewhere",
        args: (c) => ["rollback", "--dir", c.dir, "--rollback-dir", c.tmp, "--to", V1],
        db: "applied",
        code: 1,
        names: /_users\.rollback\.sql: is a rollback script, but rollbacks are read from/,
    },
    {
        name: "a syntax error",
        files: { "20260104000000_typo.sql": "SELECT 1;\nCREATE TABEL t (id int);" },
        args: (c) => ["up", "--dir", c.dir],
        code: 1,
        names: /20260104000000_typo\.sql:2: syntax error at or near "TABEL"/,
    },
    {
        name: "CREATE INDEX CONCURRENTLY inside a transaction",
        files: { "20260104000000_idx.sql": "SELECT 1;\nCREATE INDEX CONCURRENTLY u_id ON users (id);" },
        args: (c) => ["up", "--dir", c.dir],
        db: "applied",
        code: 1,
        names: /20260104000000_idx\.sql:2: CREATE INDEX CONCURRENTLY cannot run inside a transaction/,
    },
    {
        name: "an applied file edited since",
        files: { [`${V2}_orders.sql`]: "CREATE TABLE orders (id bigint PRIMARY KEY);" },
        args: (c) => ["up", "--dir", c.dir],
        db: "applied",
        code: 1,
        names: /_orders\.sql changed after it was applied[^]*acceptChecksums: \[20260102000000\]/,
    },
    {
        name: "a new file older than the latest applied",
        files: { "20260101500000_late.sql": "SELECT 1;" },
        args: (c) => ["up", "--dir", c.dir],
        db: "applied",
        code: 1,
        names: /20260101500000_late\.sql is older than the latest applied version 20260103000000/,
    },
    {
        name: "a first migration that fails (left an empty tracking table before)",
        files: { "20260104000000_boom.sql": "SELECT 1/0;" },
        onlyFiles: true,
        args: (c) => ["up", "--dir", c.dir],
        code: 1,
        names: /20260104000000_boom\.sql: division by zero \(SQLSTATE 22012\)/,
    },
    {
        name: "tables but no tracking and no baseline",
        args: (c) => ["up", "--dir", c.dir],
        db: "legacy",
        code: 1,
        names: /already has 1 table\(s\) but no tracking table[^]*baseline=/,
    },

    // --- backups that cannot be taken (exit 1, fast, nothing migrated) ---
    {
        name: "--backup-dir under /proc (spun at 100% CPU holding the lock before)",
        files: { "20260104000000_more.sql": "CREATE TABLE more (id int);" },
        args: (c) => ["up", "--dir", c.dir, "--backup-dir", "/proc/app-platform-backups"],
        db: "applied",
        code: 1,
        names: /backup folder \/proc\/app-platform-backups cannot take the backup/,
        limitMs: 30_000,
        child: true,
    },
    {
        name: "--backup-dir that is a file",
        files: { "20260104000000_more.sql": "CREATE TABLE more (id int);" },
        args: (c) => ["up", "--dir", c.dir, "--backup-dir", join(c.dir, `${V1}_users.sql`)],
        db: "applied",
        code: 1,
        names: /backup folder .*_users\.sql cannot take the backup \((ENOTDIR|EEXIST)/,
    },

    // --- a held lock: bounded wait ---
    {
        name: "another run holds the lock",
        files: { "20260104000000_more.sql": "CREATE TABLE more (id int);" },
        args: (c) => ["up", "--dir", c.dir, "--lock-wait", "1"],
        db: "applied",
        holdLock: true,
        code: 1,
        names: /another migration run holds the lock on schema app_platform \(waited 1 s\)/,
        limitMs: 30_000,
    },

    // --- connection strings: no shape leaks its password (exit 1) ---
    {
        name: "a wrong password for a real server",
        args: (c) => ["status", "--dir", c.dir],
        databaseUrl: (c) => c.url.replace(encodeURIComponent(CANARY_PASSWORD), "Wrong-Canary-1"),
        canaries: ["Wrong-Canary-1"],
        code: 1,
        names: /cannot connect to postgresql:\/\/bad_input_canary@127\.0\.0\.1:\d+\/\w+: password authentication failed/,
    },
    {
        name: "a transaction-mode pooler",
        args: (c) => ["up", "--dir", c.dir],
        databaseUrl: () => "postgresql://postgres:Pooler-Canary-2@db.x.supabase.co:6543/postgres",
        canaries: ["Pooler-Canary-2"],
        code: 1,
        names: /the database URL postgresql:\/\/postgres@db\.x\.supabase\.co:6543\/postgres goes through a transaction-mode pooler/,
    },
    {
        name: "a password in ?password=",
        args: (c) => ["status", "--dir", c.dir],
        databaseUrl: () => unreachable("app", "?password=Query-Canary-3"),
        canaries: ["Query-Canary-3"],
        code: 1,
        names: /cannot connect to postgresql:\/\/app@127\.0\.0\.1:1\/db/,
    },
    {
        name: "an empty user with a password",
        args: (c) => ["status", "--dir", c.dir],
        databaseUrl: () => unreachable(":Empty-User-Canary-4"),
        canaries: ["Empty-User-Canary-4"],
        code: 1,
        names: /cannot connect to postgresql:\/\/127\.0\.0\.1:1\/db/,
    },
    {
        name: "an unencoded @ in the password",
        args: (c) => ["status", "--dir", c.dir],
        databaseUrl: () => unreachable("app:At@Canary-5"),
        canaries: ["At@Canary-5", "Canary-5", "At%40Canary-5"],
        code: 1,
        names: /cannot connect to postgresql:\/\/app@127\.0\.0\.1:1\/db/,
    },
    {
        name: "an sslpassword parameter",
        args: (c) => ["status", "--dir", c.dir],
        databaseUrl: () => unreachable("app:Ssl-Canary-6a", "?sslpassword=Ssl-Canary-6b"),
        canaries: ["Ssl-Canary-6a", "Ssl-Canary-6b"],
        code: 1,
        names: /cannot connect to postgresql:\/\/app@127\.0\.0\.1:1\/db/,
    },
    {
        name: "not a postgresql:// URL",
        args: (c) => ["status", "--dir", c.dir],
        databaseUrl: () => "mysql://root:Mysql-Canary-7@db/app",
        canaries: ["Mysql-Canary-7"],
        code: 1,
        names: /the database URL is not a postgresql:\/\/ connection string/,
    },
    {
        name: "the URL on the command line warns about ps",
        args: (c) => ["status", "--dir", c.dir, "--database-url", unreachable("app:Argv-Canary-8")],
        databaseUrl: () => null,
        canaries: ["Argv-Canary-8"],
        code: 1,
        names: /warning: --database-url shows the password[^]*cannot connect to postgresql:\/\/app@127\.0\.0\.1:1\/db/,
    },
];

async function canaryUrl(): Promise<(database: string) => string> {
    const admin = await serverUrl();
    await query(
        admin,
        `DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${CANARY_ROLE}') THEN
            CREATE ROLE ${CANARY_ROLE} LOGIN SUPERUSER PASSWORD '${CANARY_PASSWORD.replace(/'/g, "''")}';
        END IF; END $$`,
    );
    const { port } = new URL(admin);
    return (database) => `postgresql://${CANARY_ROLE}:${encodeURIComponent(CANARY_PASSWORD)}@127.0.0.1:${port}/${database}`;
}

async function prepare(c: Case, urlFor: (db: string) => string): Promise<Ctx> {
    const url = urlFor(new URL(await freshDatabase("bad")).pathname.slice(1));
    const dir = migrationsDir({});
    for (const [name, content] of Object.entries({ ...(c.onlyFiles ? {} : FILES), ...c.files })) writeFileSync(join(dir, name), content);
    const tmp = mkdtempSync(join(tmpdir(), "bad-input-"));
    writeFileSync(join(tmp, "empty-url"), "\n");
    writeFileSync(join(tmp, "url"), url);
    if (c.db === "applied") {
        const base = await readMigrations(migrationsDir(FILES));
        await migrate(base, { databaseUrl: url, supabaseInterop: false });
    }
    if (c.db === "legacy") await query(url, "CREATE TABLE users (id int PRIMARY KEY)");
    return { url, dir, tmp };
}

async function runCase(c: Case, ctx: Ctx): Promise<{ run: Run; before: string; after: string }> {
    const before = fingerprint(ctx.url);
    let holder: Client | undefined;
    if (c.holdLock) {
        holder = new Client({ connectionString: ctx.url });
        await holder.connect();
        await holder.query("SELECT pg_advisory_lock($1::bigint)", [lockKey("app_platform")]);
    }
    try {
        const databaseUrl = c.databaseUrl ? c.databaseUrl(ctx) : ctx.url;
        const env = { DATABASE_URL: databaseUrl ?? "" };
        const run = await (c.child ? runTool("providers/migrations/cli.ts", c.args(ctx), env, c.limitMs) : runInProcess(command, c.args(ctx), env, c.limitMs));
        return { run, before, after: fingerprint(ctx.url) };
    } finally {
        await holder?.end();
    }
}

describe("bad input: npm run migrate", function () {
    this.timeout(600_000);
    const results = new Map<string, { run: Run; before: string; after: string; ctx: Ctx }>();

    before(async () => {
        const urlFor = await canaryUrl();
        await pool(
            CASES.map((c) => async () => {
                const ctx = await prepare(c, urlFor);
                results.set(c.name, { ...(await runCase(c, ctx)), ctx });
            }),
        );
    });

    for (const c of CASES) {
        it(c.name, () => {
            const r = results.get(c.name)!;
            const names = typeof c.names === "function" ? c.names(r.ctx) : c.names;
            assertRefused(r.run, { code: c.code, names, canaries: [CANARY_PASSWORD, encodeURIComponent(CANARY_PASSWORD), ...(c.canaries ?? [])] });
            assert.strictEqual(r.after, r.before, "the database changed");
        });
    }
});
