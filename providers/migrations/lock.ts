// One migration run per database at a time: a session advisory lock on its own connection.
import { createHash } from "crypto";
import { Client } from "pg";
import { MigrationError } from "./errors";

/** A stable 64-bit lock key per tracking schema. */
export function lockKey(schema: string): string {
    return createHash("sha256").update(`app-platform:migrations:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * Takes the lock, polling with jitter until `waitMs` has passed. Returns the release function;
 * the lock also dies with the connection, so a killed process never leaves it held.
 */
export async function acquireLock(connect: () => Promise<Client>, schema: string, waitMs: number): Promise<() => Promise<void>> {
    const key = lockKey(schema);
    const conn = await connect();
    const deadline = Date.now() + waitMs;
    try {
        for (;;) {
            const { rows } = await conn.query("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]);
            if (rows[0].locked) break;
            if (Date.now() >= deadline) {
                throw new MigrationError(
                    `another migration run holds the lock on schema ${schema} (waited ${Math.round(waitMs / 1000)} s); retry when it finishes`,
                );
            }
            await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
        }
    } catch (err) {
        await conn.end().catch(() => undefined);
        throw err;
    }
    return async () => {
        try {
            await conn.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
        } finally {
            await conn.end().catch(() => undefined);
        }
    };
}
