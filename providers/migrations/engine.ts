// The migration engine: plain async functions over `pg`, no Pulumi types. Used by the dynamic
// provider, the local CLI and the tests alike.
import { hostname, userInfo } from "os";
import { Client, DatabaseError } from "pg";
import { BackupOptions, BackupResult, backupDatabase, prepareTarget } from "./backup";
import { missingRelations } from "./baseline";
import { checkDirectConnection, openClient, scrub } from "./connection";
import { DEFAULTS } from "./defaults";
import { isMigrationError, MigrationError } from "./errors";
import type { MigrationFile, MigrationSet, SqlScript } from "./files";
import { acquireLock } from "./lock";
import * as tracking from "./tracking";
import type { AppliedRow } from "./tracking";

export interface EngineOptions {
    databaseUrl: string;
    /** Schema of the tracking table `<schema>.schema_migrations`. */
    schema?: string;
    /** How long to wait for another run's lock, in ms. */
    lockWaitMs?: number;
    /** PostgreSQL `lock_timeout` for each migration, so stuck DDL cannot stall the app. */
    lockTimeout?: string;
    /** PostgreSQL `statement_timeout` for each migration. */
    statementTimeout?: string;
    /** Versions whose edited files are accepted (their stored checksum is updated). */
    acceptChecksums?: string[];
    /** Apply new files older than the latest applied one. */
    outOfOrder?: boolean;
    /** For a database that predates tracking: files up to this version count as applied. */
    baseline?: string;
    /** Roll back, newest first, every applied version above this one ("0" for all). */
    rollbackTo?: string;
    /** Dump the database before changing it; nothing runs if the dump fails. */
    backup?: BackupOptions;
    /** Mirror versions in Supabase's `supabase_migrations.schema_migrations` (default on). */
    supabaseInterop?: boolean;
    /** Recorded as who applied each migration. */
    appliedBy?: string;
    log?: (line: string) => void;
    /** Give up connecting after this long (previews use a short one). */
    connectTimeoutMs?: number;
}

export interface MigrationPlan {
    trackingTable: boolean;
    applied: AppliedRow[];
    /** Files to run, in order (including interrupted no-transaction files to re-run). */
    pending: MigrationFile[];
    /** Versions to roll back, newest first. */
    rollback: string[];
    /** Versions recorded by `supabase db push` that this engine will record as applied. */
    adopt: MigrationFile[];
    /** Files the baseline marks as applied without running them. */
    baseline: MigrationFile[];
    /** Versions whose changed checksum is accepted. */
    accept: MigrationFile[];
}

export interface MigrationResult {
    /** Every applied version after the run, ascending. */
    appliedVersions: string[];
    latestVersion: string | null;
    ran: { version: string; file: string; ms: number }[];
    rolledBack: string[];
    backup?: BackupResult;
}

/** The options with every default applied, once: the engine reads these, never a `?? default`. */
type Resolved = EngineOptions &
    Required<Pick<EngineOptions, "schema" | "lockWaitMs" | "lockTimeout" | "statementTimeout" | "supabaseInterop" | "appliedBy" | "log">>;

function resolve(opts: EngineOptions): Resolved {
    return {
        ...opts,
        schema: opts.schema ?? DEFAULTS.schema,
        lockWaitMs: opts.lockWaitMs ?? DEFAULTS.lockWaitSeconds * 1000,
        lockTimeout: opts.lockTimeout ?? DEFAULTS.lockTimeout,
        statementTimeout: opts.statementTimeout ?? DEFAULTS.statementTimeout,
        supabaseInterop: opts.supabaseInterop ?? DEFAULTS.supabaseInterop,
        appliedBy: opts.appliedBy ?? defaultAppliedBy(),
        log: opts.log ?? (() => undefined),
    };
}

function defaultAppliedBy(): string {
    try {
        return `${userInfo().username}@${hostname()}`;
    } catch {
        return hostname();
    }
}

interface DbState {
    trackingTable: boolean;
    applied: AppliedRow[];
    userTables: number;
    supabaseVersions: Set<string> | null;
}

/** Decides what a run would do, or throws MigrationError listing every reason it must not run. */
export function decide(set: MigrationSet, state: DbState, opts: EngineOptions): MigrationPlan {
    const problems: string[] = [];
    const files = new Map(set.files.map((f) => [f.version, f]));
    const applied = state.applied;
    const appliedVersions = new Set(applied.map((a) => a.version));
    const accept = new Set(opts.acceptChecksums ?? []);
    const rollingBack = opts.rollbackTo !== undefined;

    if (rollingBack && opts.rollbackTo !== "0" && !appliedVersions.has(opts.rollbackTo!)) {
        problems.push(
            `rollbackTo ${opts.rollbackTo} is not an applied version (${nearest(opts.rollbackTo!, [...appliedVersions], "applied")}); name the version to keep, or "0" to roll back everything`,
        );
    }
    if (opts.baseline !== undefined && opts.baseline !== "0" && applied.length === 0 && !files.has(opts.baseline)) {
        problems.push(
            `baseline ${opts.baseline} is not the version of a migration file (${nearest(opts.baseline, [...files.keys()], "in the folder")}); name the last file the database already matches`,
        );
    }
    const adopt =
        state.supabaseVersions && (opts.supabaseInterop ?? DEFAULTS.supabaseInterop)
            ? set.files.filter((f) => state.supabaseVersions!.has(f.version) && !appliedVersions.has(f.version))
            : [];
    const baseline = opts.baseline !== undefined && applied.length === 0 ? set.files.filter((f) => f.version <= opts.baseline! && !adopt.includes(f)) : [];
    if (!state.trackingTable && state.userTables > 0 && opts.baseline === undefined && adopt.length === 0) {
        problems.push(
            `the database already has ${state.userTables} table(s) but no tracking table ${opts.schema ?? DEFAULTS.schema}.schema_migrations; ` +
                "if its schema already matches some migrations, pass baseline=<the latest of them> to record them as applied without running them",
        );
    }

    const acceptList: MigrationFile[] = [];
    const rerun: MigrationFile[] = [];
    for (const row of applied) {
        const file = files.get(row.version);
        if (!file) {
            if (!(rollingBack && row.version > opts.rollbackTo!)) {
                problems.push(
                    `version ${row.version} (${row.name}) is applied but its file is missing from the migrations folder; restore it, or roll back past it with rollbackTo`,
                );
            }
            continue;
        }
        if (file.checksum !== row.checksum) {
            if (accept.has(row.version)) acceptList.push(file);
            else {
                problems.push(
                    `${file.file} changed after it was applied (applied checksum ${row.checksum.slice(0, 12)}…, file checksum ${file.checksum.slice(0, 12)}…); ` +
                        `restore the original, or accept the edit with acceptChecksums: [${row.version}]`,
                );
            }
        }
        if (row.finishedAt === null) rerun.push(file);
    }

    const done = new Set([...appliedVersions, ...adopt.map((f) => f.version), ...baseline.map((f) => f.version)]);
    const latest = [...done].sort().pop();
    const fresh = set.files.filter((f) => !done.has(f.version));
    if (!rollingBack && !opts.outOfOrder && latest !== undefined) {
        for (const f of fresh) {
            if (f.version < latest)
                problems.push(`${f.file} is older than the latest applied version ${latest}; rename it with a newer version, or allow outOfOrder`);
        }
    }

    let rollback: string[] = [];
    if (rollingBack) {
        rollback = [...appliedVersions]
            .filter((v) => v > opts.rollbackTo!)
            .sort()
            .reverse();
        for (const v of rollback) {
            if (!set.rollbacks[v]) problems.push(`version ${v} has no rollback file (<version>_<name>.rollback.sql); nothing was rolled back`);
        }
    }

    if (problems.length > 0) throw new MigrationError(problems.join("\n"));
    return {
        trackingTable: state.trackingTable,
        applied,
        pending: rollingBack ? [] : [...rerun, ...fresh].sort((a, b) => a.version.localeCompare(b.version)),
        rollback,
        adopt,
        baseline,
        accept: acceptList,
    };
}

/** The versions either side of `version`, for a message about a version that does not exist. */
function nearest(version: string, versions: string[], where: string): string {
    const sorted = [...versions].sort();
    if (sorted.length === 0) return `no version is ${where}`;
    const below = sorted.filter((v) => v < version).pop();
    const above = sorted.find((v) => v > version);
    return `nearest ${where}: ${[below, above].filter(Boolean).join(" and ")}`;
}

async function connect(url: string, timeoutMs = 30_000): Promise<Client> {
    try {
        return await openClient(url, "app-platform-migrate", timeoutMs);
    } catch (err) {
        throw new MigrationError((err as Error).message);
    }
}

async function readState(db: Client, { schema, supabaseInterop }: Resolved): Promise<DbState> {
    const trackingTable = await tracking.trackingTableExists(db, schema);
    return {
        trackingTable,
        applied: trackingTable ? await tracking.readApplied(db, schema) : [],
        userTables: trackingTable ? 0 : await tracking.userTableCount(db, schema),
        supabaseVersions: supabaseInterop && (await tracking.supabase.exists(db)) ? await tracking.supabase.versions(db) : null,
    };
}

/**
 * Runs `work` on a connection of its own, always closed after; a failure comes back as a
 * MigrationError with the connection's secrets scrubbed.
 */
async function withClient<T>(opts: EngineOptions, work: (db: Client) => Promise<T>): Promise<T> {
    checkDirectConnection(opts.databaseUrl);
    const db = await connect(opts.databaseUrl, opts.connectTimeoutMs);
    try {
        return await work(db);
    } catch (err) {
        throw asMigrationError(err, opts.databaseUrl);
    } finally {
        await db.end().catch(() => undefined);
    }
}

/** What `migrate` would do, read-only: no lock, no tracking table created, no SQL from the files run. */
export async function plan(set: MigrationSet, opts: EngineOptions): Promise<MigrationPlan> {
    const resolved = resolve(opts);
    return withClient(resolved, async (db) => {
        const p = decide(set, await readState(db, resolved), resolved);
        await checkBaseline(db, p, resolved);
        return p;
    });
}

/** Refuses a baseline that would record files whose tables, views, indexes or sequences are not there. */
async function checkBaseline(db: Client, p: MigrationPlan, opts: EngineOptions): Promise<void> {
    if (p.baseline.length === 0) return;
    const missing = await missingRelations(db, p.baseline);
    if (missing.length === 0) return;
    const shown =
        missing
            .slice(0, 10)
            .map((m) => `  ${m}`)
            .join("\n") + (missing.length > 10 ? `\n  ... and ${missing.length - 10} more` : "");
    throw new MigrationError(
        `baseline ${opts.baseline} would record ${p.baseline.length} file(s) as applied, but the database lacks what they create:\n${shown}\n` +
            "so those files have not been applied here; pick an earlier baseline (the last file the database matches), or run them without a baseline",
    );
}

/** Any failure as a MigrationError whose message carries no part of the connection string's secrets. */
function asMigrationError(err: unknown, url: string): MigrationError {
    const message = isMigrationError(err) ? err.message : `migration failed: ${(err as Error).message}`;
    return new MigrationError(scrub(message, url));
}

/**
 * Turns a server error inside a script into `file:line: message`. `offset` is how many characters
 * of bookkeeping SQL preceded the script in the query that failed.
 */
function scriptError(script: SqlScript, err: unknown, offset = 0): MigrationError {
    const e = err as DatabaseError;
    const position = Number(e.position) - offset;
    const inScript = position > 0 && position <= script.sql.length + 1;
    // PostgreSQL gives no position for a missing schema (3F000): the line is the first that names it.
    const schema = e.code === "3F000" ? /schema "([^"]+)" does not exist/.exec(e.message)?.[1] : undefined;
    const line = inScript
        ? script.firstLine + (script.sql.slice(0, position - 1).match(/\n/g)?.length ?? 0)
        : schema !== undefined
          ? lineNaming(script, schema)
          : undefined;
    const needs =
        schema !== undefined &&
        `The file needs the schema "${schema}", which this database lacks: apply it to a database that has it (Supabase's own schemas, such as auth, exist only there), or create the schema and what the file uses from it first`;
    const detail = [e.detail, e.hint, needs].filter(Boolean).join(" ");
    return new MigrationError(`${script.file}${line ? `:${line}` : ""}: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ""}${detail ? `. ${detail}` : ""}`);
}

/** The script's first line that names `schema` as a qualifier (`auth.users`, `"auth".uid()`). */
function lineNaming(script: SqlScript, schema: string): number | undefined {
    const name = schema.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const at = script.sql.split("\n").findIndex((l) => new RegExp(`(^|[^\\w."])("${name}"|${name})\\s*\\.`, "i").test(l));
    return at < 0 ? undefined : script.firstLine + at;
}

const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
const statements = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(";\n");

/**
 * Runs a script with bookkeeping SQL before and after it. A transactional script travels in one
 * round trip: BEGIN, timeouts and `before` on one line, the script, then `after` and COMMIT (a
 * failure stops the batch, and ROLLBACK follows). A no-transaction script runs alone, between
 * autocommit bookkeeping steps, under session timeouts.
 */
async function runScript(db: Client, script: SqlScript, opts: Resolved, before: string, after: string): Promise<number> {
    const started = Date.now();
    const timeouts = (scope: "LOCAL" | "SESSION") =>
        `SET ${scope} lock_timeout = ${literal(opts.lockTimeout)}; ` + `SET ${scope} statement_timeout = ${literal(opts.statementTimeout)}`;
    if (!script.noTransaction) {
        const head = `BEGIN; ${timeouts("LOCAL")}; ${oneLine(before)};`.replace(/; ;$/, ";");
        try {
            await db.query(`${head}${script.sql}\n;${statements(after, "COMMIT")}`);
        } catch (err) {
            await db.query("ROLLBACK").catch(() => undefined);
            throw scriptError(script, err, head.length);
        }
    } else {
        try {
            await db.query(statements(timeouts("SESSION"), before));
            await db.query(script.sql).catch((err) => Promise.reject(scriptError(script, err)));
            if (after) await db.query(after);
        } finally {
            await db.query("RESET lock_timeout; RESET statement_timeout").catch(() => undefined);
        }
    }
    return Date.now() - started;
}

/** Bookkeeping SQL folded onto one line, so the script's lines keep their numbers. */
const oneLine = (sql: string) => sql.replace(/\s*\n\s*/g, " ");

/**
 * Applies pending migrations (or rolls back to `rollbackTo`) under an exclusive lock. Each file
 * runs in its own transaction with its tracking row; a failing file rolls back alone and earlier
 * files stay applied.
 */
export async function migrate(set: MigrationSet, options: EngineOptions): Promise<MigrationResult> {
    const opts = resolve(options);
    checkDirectConnection(opts.databaseUrl);
    // A backup folder that cannot take the dump fails now, before the lock and before any change.
    if (opts.backup) prepareTarget(opts.backup.target);
    const release = await acquireLock(() => connect(opts.databaseUrl), opts.schema, opts.lockWaitMs);
    try {
        return await withClient(opts, async (db) => {
            let undoTracking: (() => Promise<void>) | undefined;
            try {
                const serverMajor = await prepareSession(db);
                const state = await readState(db, opts);
                const p = decide(set, state, opts);
                await checkBaseline(db, p, opts);
                const changesSchema = p.pending.length > 0 || p.rollback.length > 0;
                const backup = changesSchema && opts.backup ? await backUp(opts, serverMajor, state) : undefined;
                if (changesSchema || p.adopt.length || p.baseline.length || p.accept.length) {
                    undoTracking = await tracking.ensureTrackingTable(db, opts.schema);
                }
                const book = bookkeeping(db, opts, state.supabaseVersions !== null ? await tracking.supabase.columns(db) : null);
                await recordWithoutRunning(db, p, opts, book);
                const ran = await applyPending(db, p.pending, opts, book);
                const rolledBack = await rollBack(db, p.rollback, set, opts, book);
                return { ...(await appliedAfter(db, opts.schema)), ran, rolledBack, ...(backup ? { backup } : {}) };
            } catch (err) {
                // A first run that fails before recording anything leaves no empty tracking table behind.
                await undoTracking?.().catch(() => undefined);
                throw err;
            }
        });
    } finally {
        await release().catch(() => undefined);
    }
}

/** PostgreSQL 14+: notice a vanished client within a second, so a killed run's open transaction aborts (and releases its locks) instead of running on. Returns the server's major version. */
async function prepareSession(db: Client): Promise<number> {
    const { rows } = await db.query("SELECT current_setting('server_version_num')::int / 10000 AS major");
    const serverMajor: number = rows[0].major;
    if (serverMajor >= 14) await db.query("SET client_connection_check_interval = '1s'");
    return serverMajor;
}

async function backUp(opts: Resolved, serverMajor: number, state: DbState): Promise<BackupResult> {
    const latest =
        state.applied
            .map((a) => a.version)
            .sort()
            .pop() ?? "0";
    const backup = await backupDatabase(opts.databaseUrl, serverMajor, latest, opts.backup!);
    opts.log(`backed up the database to ${backup.location} (${backup.bytes} bytes)`);
    return backup;
}

/** The tracking SQL of one run: our table, and Supabase's when it mirrors the versions. */
function bookkeeping(db: Client, opts: Resolved, supabaseColumns: Set<string> | null) {
    const lit: tracking.Literal = (v) => db.escapeLiteral(v);
    const recordSupabase = (f: MigrationFile) => supabaseColumns !== null && tracking.supabase.recordSql(supabaseColumns, f.version, f.name, f.sql, lit);
    return {
        lit,
        recordSupabase,
        recordApplied: (f: MigrationFile, by: string) =>
            statements(tracking.startedSql(opts.schema, f, by, lit), tracking.finishedSql(opts.schema, f.version, lit)),
        removeSupabase: (version: string) => supabaseColumns !== null && tracking.supabase.removeSql(version, lit),
    };
}
type Bookkeeping = ReturnType<typeof bookkeeping>;

/** Adopted, baselined and accepted versions: recorded in one transaction, no file run. */
async function recordWithoutRunning(db: Client, p: MigrationPlan, opts: Resolved, book: Bookkeeping): Promise<void> {
    if (!p.adopt.length && !p.baseline.length && !p.accept.length) return;
    await db.query(
        statements(
            "BEGIN",
            ...p.adopt.map((f) => book.recordApplied(f, "supabase db push (adopted)")),
            ...p.baseline.flatMap((f) => [book.recordApplied(f, `baseline ${opts.baseline}`), book.recordSupabase(f)]),
            ...p.accept.map((f) => tracking.checksumSql(opts.schema, f.version, f.checksum, book.lit)),
            "COMMIT",
        ),
    );
    if (p.adopt.length) opts.log(`recorded ${p.adopt.length} version(s) already applied by supabase db push`);
    if (p.baseline.length) opts.log(`baseline ${opts.baseline}: recorded ${p.baseline.length} file(s) as applied without running them`);
    for (const f of p.accept) opts.log(`accepted the edited checksum of ${f.file}`);
}

async function applyPending(db: Client, pending: MigrationFile[], opts: Resolved, book: Bookkeeping): Promise<MigrationResult["ran"]> {
    const ran: MigrationResult["ran"] = [];
    for (const file of pending) {
        // A no-transaction file is marked started first, so an interrupted run shows (finished_at
        // stays null) and the file is re-run next time.
        const ms = await runScript(
            db,
            file,
            opts,
            tracking.startedSql(opts.schema, file, opts.appliedBy, book.lit),
            statements(tracking.finishedSql(opts.schema, file.version, book.lit), book.recordSupabase(file)),
        );
        ran.push({ version: file.version, file: file.file, ms });
        opts.log(`applied ${file.file} in ${ms} ms`);
    }
    return ran;
}

async function rollBack(db: Client, versions: string[], set: MigrationSet, opts: Resolved, book: Bookkeeping): Promise<string[]> {
    for (const version of versions) {
        const script = set.rollbacks[version];
        const ms = await runScript(db, script, opts, "", statements(tracking.deleteSql(opts.schema, version, book.lit), book.removeSupabase(version)));
        opts.log(`rolled back ${script.file} in ${ms} ms`);
    }
    return versions;
}

async function appliedAfter(db: Client, schema: string): Promise<Pick<MigrationResult, "appliedVersions" | "latestVersion">> {
    const applied = (await tracking.trackingTableExists(db, schema)) ? await tracking.readApplied(db, schema) : [];
    const appliedVersions = applied.filter((a) => a.finishedAt !== null).map((a) => a.version);
    return { appliedVersions, latestVersion: appliedVersions[appliedVersions.length - 1] ?? null };
}

export type FileState = "applied" | "pending" | "changed" | "missing" | "interrupted";

/** Every version on disk or in the database, with its state. Read-only; never refuses. */
export async function status(set: MigrationSet, opts: EngineOptions): Promise<{ version: string; name: string; state: FileState; appliedAt?: Date }[]> {
    return withClient(opts, async (db) => {
        const { applied } = await readState(db, resolve(opts));
        const rows = new Map<string, { version: string; name: string; state: FileState; appliedAt?: Date }>();
        for (const f of set.files) rows.set(f.version, { version: f.version, name: f.name, state: "pending" });
        for (const a of applied) {
            const f = set.files.find((x) => x.version === a.version);
            const state: FileState = !f ? "missing" : a.finishedAt === null ? "interrupted" : f.checksum !== a.checksum ? "changed" : "applied";
            rows.set(a.version, { version: a.version, name: a.name, state, appliedAt: a.finishedAt ?? a.startedAt });
        }
        return [...rows.values()].sort((a, b) => a.version.localeCompare(b.version));
    });
}
