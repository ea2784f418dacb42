// The migration engine's options, defined once: the stack config's `migrations` section and the
// CLI's flags both validate through this schema and take its defaults.
import { z } from "zod";
import { DEFAULTS } from "./defaults";

/** PostgreSQL keeps timeouts in milliseconds as a 32-bit integer. */
const PG_MAX_MS = 2_147_483_647;
const UNIT_MS = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|min|h|d)$/;

/** Milliseconds of a PostgreSQL duration such as `10s`, or undefined when it is not one. */
function durationMs(text: string): number | undefined {
    const m = DURATION.exec(text);
    return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

// Zero disables a PostgreSQL timeout: refused, so no migration can wait forever.
const pgDuration = z.string().refine((t) => {
    const ms = durationMs(t);
    return ms !== undefined && ms > 0 && ms <= PG_MAX_MS;
}, "a PostgreSQL duration above zero and at most 24 days, such as 500ms, 10s, 15min or 2h");

const migrationVersion = z.string().regex(/^\d{14}$/, "a 14-digit migration version, e.g. 20260203120000");

export const migrationSettings = z.strictObject({
    /** Schema of the tracking table `<schema>.schema_migrations`. */
    schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lowercase schema name such as app_platform")
        .default(DEFAULTS.schema),
    /** PostgreSQL `lock_timeout` for each migration, so stuck DDL cannot stall the app. */
    lockTimeout: pgDuration.default(DEFAULTS.lockTimeout),
    /** PostgreSQL `statement_timeout` for each migration. */
    statementTimeout: pgDuration.default(DEFAULTS.statementTimeout),
    /** How long to wait for another run's lock. */
    lockWaitSeconds: z
        .number({ error: "a whole number of seconds, e.g. 60" })
        .int("a whole number of seconds, e.g. 60")
        .min(1)
        .max(3600)
        .default(DEFAULTS.lockWaitSeconds),
    backupFormat: z.enum(["custom", "plain-gz"]).default(DEFAULTS.backupFormat),
    /** Mirror versions in Supabase's `supabase_migrations.schema_migrations`. */
    supabaseInterop: z.boolean().default(DEFAULTS.supabaseInterop),
    /** Versions whose edited files are accepted (their stored checksum is updated). */
    acceptChecksums: z.array(migrationVersion).default([]),
    /** Apply new files older than the latest applied one. */
    outOfOrder: z.boolean().default(DEFAULTS.outOfOrder),
    /** For a database that predates tracking: files up to this version count as applied ("0": none do). */
    baseline: z
        .string()
        .regex(/^(\d{14}|0)$/, 'the 14-digit version of the last file the database already matches, or "0" when it matches none')
        .optional(),
    /** Roll back, newest first, every applied version above this one ("0" for all). */
    rollbackTo: z
        .string()
        .regex(/^(\d{14}|0)$/, 'a 14-digit migration version, or "0" to roll back everything')
        .optional(),
});

export type MigrationSettings = z.infer<typeof migrationSettings>;
