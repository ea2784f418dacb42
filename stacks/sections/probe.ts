// A path a check requests and what a healthy answer is (the seeds' health bodies, seed 003's
// per-endpoint targets): its status, the JSON fields the body reports, and how fast. The uptime
// paths and each service's monitored paths take it; Checkly asserts it, and so does a release's
// smoke test (stacks/siteChecks.ts).
import { z } from "zod";
import { urlPath } from "../fieldRules";

/** A JSONPath of object keys and list indexes ($.database, $.services.redis, $.checks[0].status): what Checkly's JSON_BODY takes, and nothing a script could run. */
export const jsonPath = z.string().regex(/^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])+$/, "a JSONPath such as $.status or $.services.database");

const ms = z.int().min(0).max(30000);

const probeObject = z.strictObject({
    path: urlPath,
    /** 200, or the status the path answers when up (a webhook endpoint answers GET with 405). */
    status: z.int().min(100).max(599).default(200),
    /** The fields the JSON body must report, by JSONPath, e.g. { "$.database": "connected" }. */
    json: z.record(jsonPath, z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** This path's own targets (seed 003: payment initiation < 2 s, health < 100 ms); else the section's. */
    degradedMs: ms.optional(),
    failMs: ms.optional(),
});

/** A path alone (`/api/health`: 200, nothing more asked), or the object; one schema, so a bad field is named where it is. */
export const probe = z.preprocess((p, ctx) => {
    if (typeof p !== "string") return p;
    // A bad path written alone is reported at the item itself, where the file has it.
    const path = urlPath.safeParse(p);
    if (path.success) return { path: p };
    for (const issue of path.error.issues) ctx.addIssue({ code: "custom", message: issue.message, input: p });
    return z.NEVER;
}, probeObject);

export type Probe = z.output<typeof probe>;
