// Secrets: generated ones the platform rotates and external ones it tracks the rotation of.
import { z } from "zod";
import { isoDate, rotation, secretName } from "./common";

/**
 * Random bytes, hex- or base64-encoded; or `alphanumeric` characters (letters and digits, at least
 * one of each) for consumers that limit a value's length and alphabet (PhonePe's webhook password,
 * a password inside a connection string).
 */
const generatedSecret = z.discriminatedUnion("encoding", [
    z.strictObject({ encoding: z.enum(["hex", "base64"]), bytes: z.number().int().min(16, "use at least 16 random bytes").max(512), ...rotation }),
    z.strictObject({ encoding: z.literal("alphanumeric"), length: z.number().int().min(16, "use at least 16 characters").max(128), ...rotation }),
]);

const externalSecret = z.strictObject({
    rotatedAt: isoDate,
    rotationDays: z.number().int().min(1).max(3650),
});

export const secrets = z
    .strictObject({
        anchor: isoDate.default("2026-01-01"),
        graceDays: z.number().int().min(0).default(14),
        generated: z.record(secretName, generatedSecret).default({}),
        external: z.record(secretName, externalSecret).default({}),
    })
    .prefault({});
