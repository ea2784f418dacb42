// The app's least-privilege PostgreSQL roles (seed 001, "Database Security").
import { z } from "zod";
import { externalSecretRef, pgName, secretName } from "./common";

export const database = z
    .strictObject({
        /** The migrating (owner) role's direct connection string: it makes and grants the app's roles. Default: migrations.databaseUrlSecret. */
        adminUrlSecret: externalSecretRef.optional(),
        /**
         * The role the app connects as: read-write on every table and sequence of `schemas`, no DDL,
         * at most `connectionLimit` connections, over SSL. Two logins (`<name>_a`, `<name>_b`) take
         * the rotating password in turn; `database.appUrl` names the current one.
         */
        appRole: z.strictObject({
            name: pgName,
            /** Seed 001: ALTER USER app_user CONNECTION LIMIT 20. */
            connectionLimit: z.int().min(1).max(10000).default(20),
            schemas: z.array(pgName).min(1).default(["public"]),
            /**
             * Take CONNECT on the database from PUBLIC (seed 001: "Revoke public access"), after giving every
             * role that signs in now a grant of its own. Off by default: on Supabase, its own roles connect.
             */
            revokePublicConnect: z.boolean().default(false),
            /** The generated secret the logins' password rotates from (alphanumeric: it sits in a URL). */
            password: secretName.default("databaseAppPassword"),
        }),
    })
    .optional();
