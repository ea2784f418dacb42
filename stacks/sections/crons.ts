// Scheduled jobs run by QStash: the jobs, presets, per-job overrides and the schedule quota.
import { z } from "zod";
import { urlPath } from "../fieldRules";

const jobName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "job names are kebab-case, e.g. retry-emails");
const cronJobFields = {
    /** 5-field cron expression, evaluated in UTC by QStash. */
    schedule: z.string(),
    /** Defaults to /api/cron/execute/<job>. */
    path: urlPath.optional(),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
    retries: z.number().int().min(0).max(5).optional(),
    enabled: z.boolean().optional(),
    description: z.string().optional(),
};
export const cronJob = z.strictObject({ name: jobName, ...cronJobFields });
export const cronOverride = z.strictObject({ ...cronJobFields, schedule: cronJobFields.schedule.optional() });

export const crons = z
    .strictObject({
        /** The generated secret sent as `Authorization: Bearer <secret>` (the app's CRON_SECRET). */
        secret: z.string().default("cronSecret"),
        /** Seed job lists to include by name (stacks/areas/cronPresets.ts). */
        presets: z.array(z.string()).default([]),
        jobs: z.array(cronJob).default([]),
        /** Per-job changes, e.g. a slower schedule or `enabled: false` in staging. */
        overrides: z.record(jobName, cronOverride).default({}),
        /** Active schedules the QStash plan allows (Free: 10); more enabled jobs warn in preview. */
        scheduleQuota: z.number().int().min(1).default(10),
    })
    .optional();
