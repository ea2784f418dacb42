// Feature flags and the maintenance switch (seed 000: toggled in about a minute): values in an edge
// key-value store the app reads at request time, so a toggle is a `pulumi up`, not a build.
import { z } from "zod";

/** Edge Config keys and KV key names both take these (letters, digits, _ and -). */
const flagKey = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "a key of letters, digits, _ and - (e.g. MAINTENANCE_MODE, newCheckout)");
const flagValue = z.union([z.boolean(), z.number(), z.string().max(1024, "at most 1024 characters: flags are switches, not content")], {
    error: "true/false, a number or a short string",
});

/** Each flag by key; MAINTENANCE_MODE is always there (false unless set). */
export const flags = z
    .record(flagKey, flagValue)
    .transform((values) => ({ MAINTENANCE_MODE: false, ...values }))
    .optional();
