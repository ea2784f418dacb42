// Database migrations: where they live, the connection secret and the engine's options.
import { z } from "zod";
import { migrationSettings } from "../../providers/migrations/settings";

export const migrations = z
    .strictObject({
        /** Forward migrations, relative to the project: <14-digit version>_<name>.sql. */
        dir: z.string().min(1).default("migrations"),
        /** Rollback scripts (<version>_<name>.rollback.sql); default `dir`. Never inside supabase/migrations. */
        rollbackDir: z.string().min(1).optional(),
        /** The external secret holding the direct (non-pooled) connection string; default: the managed project's (app-platform:postgres). */
        databaseUrlSecret: z
            .string()
            .regex(/^[a-z][A-Za-z0-9]*$/, "the camelCase name of an external secret")
            .optional(),
        /** pg_dump into the backup bucket before migrating (seed 000 does, in staging too); off: `false`. */
        backup: z.boolean().default(true),
        // The engine's options (schema, timeouts, lock wait, baseline, rollbackTo, ...): the CLI's too.
        ...migrationSettings.shape,
    })
    .optional();
