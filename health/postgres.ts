// The database check of a stack's PostgreSQL (Neon, Supabase or any other): connections against the
// limit, queries and transactions running too long, and the database's size against the plan's
// storage. Neither Neon's API nor Supabase's Management API reports these, so the check asks the
// database itself, read-only, as the owner; a session whose state the owner cannot read (without
// pg_read_all_stats) is a finding, not a pass.
import type { Client } from "pg";
import { openClient, scrub } from "../providers/migrations/connection";

export interface HealthLimits {
    /** Alert when client connections pass this share of those a non-superuser may open. */
    connectionsPercent: number;
    /** A query (or an open transaction) running longer than this. */
    longQuerySeconds: number;
    /** The plan's storage in GiB; without it the size is reported, not judged. */
    storageLimitGb?: number;
    /** Alert when the database's size passes this share of the storage. */
    storagePercent: number;
}

export interface HealthReport {
    /** One line per measure, for the run's log. */
    lines: string[];
    /** What crossed a limit: the check fails with these. */
    findings: string[];
}

interface Usage {
    max: number;
    reserved: number;
    used: number;
    hidden: number;
    bytes: string;
    user: string;
}

interface LongRunning {
    pid: number;
    usename: string | null;
    application_name: string | null;
    state: string;
    /** The transaction's age (the statement's, outside one). */
    seconds: number;
    /** Its current statement alone runs past the limit. */
    longQuery: boolean;
}

const GIB = 1024 ** 3;

// Superusers keep superuser_reserved_connections, and roles with pg_use_reserved_connections keep
// reserved_connections (PostgreSQL 16; missing before it): what is left is what the app can open.
// Another role's session shows this role only its database, user and pid (backend_type and state are
// NULL without pg_read_all_stats: pgstatfuncs.c, pg_stat_get_activity): counted as a client, and apart.
const USAGE = `
WITH sessions AS (
  SELECT backend_type = 'client backend' AS client,
         backend_type IS NULL AND datid IS NOT NULL AND usesysid IS NOT NULL AS hidden
    FROM pg_stat_activity)
SELECT current_setting('max_connections')::int AS max,
       current_setting('superuser_reserved_connections')::int + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved,
       (SELECT count(*) FROM sessions WHERE client OR hidden)::int AS used,
       (SELECT count(*) FROM sessions WHERE hidden)::int AS hidden,
       pg_database_size(current_database())::text AS bytes,
       current_user AS "user"`;

// A transaction open too long holds its locks and snapshot however short its current statement: the
// transaction's age is judged (the statement's, outside one). The query's text is never read: it may
// hold customers' data or a secret.
const LONG_RUNNING = `
SELECT pid, usename, application_name, state,
       extract(epoch FROM now() - coalesce(xact_start, query_start))::int AS seconds,
       state = 'active' AND query_start < now() - make_interval(secs => $1) AS "longQuery"
  FROM pg_stat_activity
 WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
   AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')
   AND coalesce(xact_start, query_start) < now() - make_interval(secs => $1)
 ORDER BY seconds DESC
 LIMIT 10`;

const duration = (seconds: number) =>
    seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : seconds >= 60 ? `${Math.floor(seconds / 60)} min` : `${seconds} s`;
/** An application name is the client's to set: shown without control characters, and short. */
const shown = (text: string | null) => JSON.stringify((text ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").slice(0, 60));
const percent = (part: number, whole: number) => Math.round((100 * part) / whole);

/** Judges what the database reports against the limits. */
export function judge(usage: Usage, long: LongRunning[], limits: HealthLimits): HealthReport {
    const lines: string[] = [];
    const findings: string[] = [];
    const open = Math.max(usage.max - usage.reserved, 1);
    const connections = `${usage.used} of ${open} client connections (${percent(usage.used, open)} %; max_connections ${usage.max}, ${usage.reserved} reserved), alert at ${limits.connectionsPercent} %`;
    lines.push(`connections   ${connections}`);
    // Judged on the exact share; the percentage shown is rounded.
    if (usage.used * 100 >= limits.connectionsPercent * open)
        findings.push(`connections: ${connections}. Move the app to the pooled URL, lower its pool size, or raise the compute`);
    // A session whose age this role cannot read could be the longest: unseen is not healthy.
    if (usage.hidden > 0)
        findings.push(
            `long queries: ${usage.hidden} session(s) of other roles are hidden from ${usage.user}, so their age is unknown: GRANT pg_read_all_stats TO ${usage.user} (as a superuser or the role's admin)`,
        );
    const over = `over ${duration(limits.longQuerySeconds)}`;
    if (long.length === 0 && usage.hidden === 0) lines.push(`long queries  none ${over}`);
    for (const q of long) {
        const what = q.longQuery ? "query" : `transaction (${q.state})`;
        const line = `${what} running ${duration(q.seconds)}: pid ${q.pid}, role ${q.usename ?? "?"}, application ${shown(q.application_name)}`;
        lines.push(`long queries  ${line}`);
        findings.push(`long queries: a ${line} (${over}). pg_cancel_backend(${q.pid}) stops the query, pg_terminate_backend(${q.pid}) the session`);
    }
    const bytes = Number(usage.bytes);
    const size = `${(bytes / GIB).toFixed(2)} GiB`;
    if (limits.storageLimitGb === undefined) {
        lines.push(`storage       ${size} (no storageLimitGb: not judged)`);
    } else {
        const share = percent(bytes, limits.storageLimitGb * GIB);
        const storage = `${size} of ${limits.storageLimitGb} GiB (${share} %), alert at ${limits.storagePercent} %`;
        lines.push(`storage       ${storage}`);
        if (share >= limits.storagePercent)
            findings.push(`storage: ${storage}. Delete or archive old rows, or raise the plan's storage (then monitoring.database.storageLimitGb)`);
    }
    return { lines, findings };
}

/** Reads the database once (two read-only queries on one connection) and judges it. */
export async function checkHealth(url: string, limits: HealthLimits, timeoutMs: number): Promise<HealthReport> {
    let client: Client | undefined;
    try {
        client = await openClient(url, "app-platform-health", timeoutMs);
        await client.query(`SET statement_timeout = ${Math.max(1000, Math.floor(timeoutMs))}`);
        const usage = (await client.query<Usage>(USAGE)).rows[0];
        const long = (await client.query<LongRunning>(LONG_RUNNING, [limits.longQuerySeconds])).rows;
        return judge(usage, long, limits);
    } catch (err) {
        throw new Error(scrub((err as Error).message, url));
    } finally {
        await client?.end().catch(() => undefined);
    }
}
