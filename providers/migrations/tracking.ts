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

/**
 * Creates the tracking table (and its schema) when missing. Returns how to undo exactly that, for a
 * first run that fails before recording anything; undefined when nothing was created.
 */
export async function ensureTrackingTable(db: ClientBase, schema: string): Promise<(() => Promise<void>) | undefined> {
    if (await trackingTableExists(db, schema)) return undefined;
    const { rows } = await db.query("SELECT to_regnamespace($1) IS NOT NULL AS present", [ident(schema)]);
    const schemaExisted: boolean = rows[0].present;
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
    return async () => {
        const { rows: left } = await db.query(`SELECT count(*)::int AS n FROM ${trackingTable(schema)}`);
        if (left[0].n > 0) return;
        await db.query(`DROP TABLE ${trackingTable(schema)}`);
        if (!schemaExisted) await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} RESTRICT`);
    };
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

/** Quotes a value as an SQL literal (the connection's own escaping). */
export type Literal = (value: string) => string;

// Bookkeeping statements are built as text so each travels in the same round trip as the
// transaction control around a migration: three round trips per file in all.

/** Records a migration as started (finished_at null until `finishedSql`). */
export function startedSql(
    schema: string,
    m: { version: string; name: string; checksum: string; noTransaction: boolean },
    appliedBy: string,
    lit: Literal,
): string {
    return `INSERT INTO ${trackingTable(schema)} (version, name, checksum, no_transaction, started_at, applied_by)
        VALUES (${lit(m.version)}, ${lit(m.name)}, ${lit(m.checksum)}, ${m.noTransaction}, clock_timestamp(), ${lit(appliedBy)})
        ON CONFLICT (version) DO UPDATE SET checksum = EXCLUDED.checksum, started_at = EXCLUDED.started_at, finished_at = NULL, applied_by = EXCLUDED.applied_by`;
}

export function finishedSql(schema: string, version: string, lit: Literal): string {
    return `UPDATE ${trackingTable(schema)}
        SET finished_at = clock_timestamp(), duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::integer
        WHERE version = ${lit(version)}`;
}

export function checksumSql(schema: string, version: string, checksum: string, lit: Literal): string {
    return `UPDATE ${trackingTable(schema)} SET checksum = ${lit(checksum)} WHERE version = ${lit(version)}`;
}

export function deleteSql(schema: string, version: string, lit: Literal): string {
    return `DELETE FROM ${trackingTable(schema)} WHERE version = ${lit(version)}`;
}

/** Tables outside system and platform-managed schemas: a database holding any is not empty. */
export async function userTableCount(db: ClientBase, ownSchema: string): Promise<number> {
    const managed = [
        "pg_catalog",
        "information_schema",
        "pg_toast",
        ownSchema,
        // Supabase's own schemas exist in every Supabase database.
        "auth",
        "storage",
        "extensions",
        "graphql",
        "graphql_public",
        "realtime",
        "_realtime",
        "supabase_functions",
        "supabase_migrations",
        "vault",
        "pgsodium",
        "pgsodium_masks",
        "net",
        "cron",
        "pgbouncer",
        "_analytics",
    ];
    const { rows } = await db.query("SELECT count(*)::int AS n FROM pg_tables WHERE NOT (schemaname = ANY($1)) AND schemaname NOT LIKE 'pg_temp%'", [managed]);
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
    /** Its columns vary with the CLI version (`name` and `statements` came later). */
    async columns(db: ClientBase): Promise<Set<string>> {
        const { rows } = await db.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'supabase_migrations' AND table_name = 'schema_migrations'",
        );
        return new Set(rows.map((r) => r.column_name));
    },
    recordSql(columns: Set<string>, version: string, name: string, sql: string, lit: Literal): string {
        const values: [string, string][] = [["version", lit(version)]];
        if (columns.has("name")) values.push(["name", lit(name)]);
        if (columns.has("statements")) values.push(["statements", `ARRAY[${lit(sql)}]`]);
        return `INSERT INTO supabase_migrations.schema_migrations (${values.map(([c]) => c).join(", ")})
            VALUES (${values.map(([, v]) => v).join(", ")}) ON CONFLICT (version) DO NOTHING`;
    },
    removeSql(version: string, lit: Literal): string {
        return `DELETE FROM supabase_migrations.schema_migrations WHERE version = ${lit(version)}`;
    },
};
