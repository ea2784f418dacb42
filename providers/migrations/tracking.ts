// The tracking table (one row per applied migration) and Supabase's own migration history.
import type { ClientBase } from "pg";

export interface AppliedRow {
    version: string;
    name: string;
    checksum: string;
    noTransaction: boolean;
    startedAt: Date;
    /** Null only for a no-transaction file whose run was interrupted. */
    finishedAt: Date | null;
    durationMs: number | null;
    appliedBy: string;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const trackingTable = (schema: string) => `${ident(schema)}."schema_migrations"`;

export async function trackingTableExists(db: ClientBase, schema: string): Promise<boolean> {
    const { rows } = await db.query("SELECT to_regclass($1) IS NOT NULL AS present", [`${ident(schema)}.schema_migrations`]);
    return rows[0].present;
}

export async function ensureTrackingTable(db: ClientBase, schema: string): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    await db.query(`
        CREATE TABLE IF NOT EXISTS ${trackingTable(schema)} (
            version        text PRIMARY KEY,
            name           text NOT NULL,
            checksum       text NOT NULL,
            no_transaction boolean NOT NULL DEFAULT false,
            started_at     timestamptz NOT NULL,
            finished_at    timestamptz,
            duration_ms    integer,
            applied_by     text NOT NULL,
            db_user        text NOT NULL DEFAULT current_user
        )`);
}

export async function readApplied(db: ClientBase, schema: string): Promise<AppliedRow[]> {
    const { rows } = await db.query(
        `SELECT version, name, checksum, no_transaction, started_at, finished_at, duration_ms, applied_by
           FROM ${trackingTable(schema)} ORDER BY version`,
    );
    return rows.map((r) => ({
        version: r.version,
        name: r.name,
        checksum: r.checksum,
        noTransaction: r.no_transaction,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        durationMs: r.duration_ms,
        appliedBy: r.applied_by,
    }));
}

/** Records a migration as started (finished_at null); `finishApplied` completes the row. */
export async function recordStarted(db: ClientBase, schema: string, m: { version: string; name: string; checksum: string; noTransaction: boolean }, appliedBy: string): Promise<void> {
    await db.query(
        `INSERT INTO ${trackingTable(schema)} (version, name, checksum, no_transaction, started_at, applied_by)
         VALUES ($1, $2, $3, $4, clock_timestamp(), $5)
         ON CONFLICT (version) DO UPDATE SET checksum = EXCLUDED.checksum, started_at = EXCLUDED.started_at, finished_at = NULL, applied_by = EXCLUDED.applied_by`,
        [m.version, m.name, m.checksum, m.noTransaction, appliedBy],
    );
}

export async function recordFinished(db: ClientBase, schema: string, version: string): Promise<void> {
    await db.query(
        `UPDATE ${trackingTable(schema)}
            SET finished_at = clock_timestamp(),
                duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::integer
          WHERE version = $1`,
        [version],
    );
}

export async function updateChecksum(db: ClientBase, schema: string, version: string, checksum: string): Promise<void> {
    await db.query(`UPDATE ${trackingTable(schema)} SET checksum = $2 WHERE version = $1`, [version, checksum]);
}

export async function deleteApplied(db: ClientBase, schema: string, version: string): Promise<void> {
    await db.query(`DELETE FROM ${trackingTable(schema)} WHERE version = $1`, [version]);
}

/** Tables outside system and platform-managed schemas: a database holding any is not empty. */
export async function userTableCount(db: ClientBase, ownSchema: string): Promise<number> {
    const managed = [
        "pg_catalog", "information_schema", "pg_toast", ownSchema,
        // Supabase's own schemas exist in every Supabase database.
        "auth", "storage", "extensions", "graphql", "graphql_public", "realtime", "_realtime", "supabase_functions",
        "supabase_migrations", "vault", "pgsodium", "pgsodium_masks", "net", "cron", "pgbouncer", "_analytics",
    ];
    const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE NOT (schemaname = ANY($1)) AND schemaname NOT LIKE 'pg_temp%'",
        [managed],
    );
    return rows[0].n;
}

/** Supabase CLI's history (`supabase db push`), when the database has it. */
export const supabase = {
    async exists(db: ClientBase): Promise<boolean> {
        const { rows } = await db.query("SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL AS present");
        return rows[0].present;
    },
    async versions(db: ClientBase): Promise<Set<string>> {
        const { rows } = await db.query("SELECT version FROM supabase_migrations.schema_migrations");
        return new Set(rows.map((r) => r.version));
    },
    async record(db: ClientBase, version: string, name: string, sql: string): Promise<void> {
        const { rows } = await db.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'supabase_migrations' AND table_name = 'schema_migrations'",
        );
        const cols = new Set(rows.map((r) => r.column_name));
        const names = ["version", ...(cols.has("name") ? ["name"] : []), ...(cols.has("statements") ? ["statements"] : [])];
        const values = [version, ...(cols.has("name") ? [name] : []), ...(cols.has("statements") ? [[sql]] : [])];
        await db.query(
            `INSERT INTO supabase_migrations.schema_migrations (${names.join(", ")}) VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")}) ON CONFLICT (version) DO NOTHING`,
            values,
        );
    },
    async remove(db: ClientBase, version: string): Promise<void> {
        await db.query("DELETE FROM supabase_migrations.schema_migrations WHERE version = $1", [version]);
    },
};
