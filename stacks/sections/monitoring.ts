// Monitoring: Checkly's frequencies and locations, alerts, uptime, Sentry, job and backup checks.
import { z } from "zod";
import { branchName, ownerRepo } from "../fieldRules";
import { probe } from "./probe";
import { externalSecretRef, slug } from "./common";

// Checkly's run frequencies (minutes) and data-center locations (checkly_check docs).
const CHECKLY_FREQUENCIES = [1, 5, 10, 15, 30, 60, 720, 1440] as const;
export const CHECKLY_LOCATIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "me-south-1",
    "af-south-1",
    "ap-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
] as const;
const frequency = z.literal(CHECKLY_FREQUENCIES, { error: `one of Checkly's frequencies: ${CHECKLY_FREQUENCIES.join(", ")} (minutes)` });

/** Checkly API checks on the site (seed 000: / and /api/health every 5 minutes); its defaults are also what a release smoke-tests without monitoring. */
export const uptime = z
    .strictObject({
        enabled: z.boolean().default(true),
        /** Each path answers 200 (or the status given), with the JSON fields given, within its own targets if it has them. */
        paths: z
            .array(probe)
            .min(1)
            .default([
                { path: "/", status: 200, json: {} },
                { path: "/api/health", status: 200, json: {} },
            ]),
        frequencyMinutes: frequency.default(5),
        locations: z.array(z.enum(CHECKLY_LOCATIONS)).min(1).default(["us-east-1", "eu-west-1"]),
        /** Slower than this is degraded (Sentry's response-time rule: 3 s). */
        degradedMs: z.int().min(0).max(30000).default(3000),
        /** Slower than this fails (seed 001: 5 s). */
        failMs: z.int().min(0).max(30000).default(5000),
    })
    .prefault({});

const percent = z.int().min(1).max(100);

/**
 * Alarms on each backend service's and data store's metrics, on the platform's own monitoring
 * (CloudWatch for ECS and its load balancer, Cloud Monitoring for Cloud Run, Atlas's alerts), sent
 * by the platform to alerts.email. Defaults are the seeds' targets.
 */
export const alarms = z
    .strictObject({
        /** Seed 003: server CPU under 70 %. */
        cpuPercent: percent.default(70),
        /** Seed 003: server memory under 80 %. */
        memoryPercent: percent.default(80),
        /** The share of a service's answers that are 5xx (seed 002: error rate over 1 %). */
        errorRatePercent: z.number().gt(0).max(100).default(1),
        /** How long a threshold stays crossed before its alarm fires. */
        forMinutes: z.literal([5, 10, 15, 30, 60], { error: "one of 5, 10, 15, 30, 60 (minutes)" }).default(5),
        /**
         * Atlas clusters (seed 004 asks for connection limits and replication lag; seeds 002 and 003 for
         * database CPU and memory), and the PostgreSQL database check (monitoring.database: connections,
         * disk; on Supabase the server's CPU and memory too).
         */
        database: z
            .strictObject({
                /** Seed 003: connection pool usage under 80 %. */
                connectionsPercent: percent.default(80),
                /** Seeds 002 and 003: database CPU under 70 %. */
                cpuPercent: percent.default(70),
                /** Seeds 002 and 003: database memory under 80 %. */
                memoryPercent: percent.default(80),
                /** Seed 004: disk usage normal. */
                diskPercent: percent.default(80),
                /** Seed 004: replication lag. */
                replicationLagSeconds: z.int().min(1).max(3600).default(60),
            })
            .prefault({}),
    })
    .prefault({});

/**
 * The stack's availability objective (seed 002: alert when uptime is under 99.9 %): each service
 * alarms when an hour's share of non-5xx answers falls under it; the site's uptime checks carry it
 * (a Checkly tag) and must alert well inside the month's error budget.
 */
export const availability = z
    .strictObject({
        objectivePercent: z.number().min(90).max(99.999).default(99.9),
    })
    .prefault({});

/** CloudWatch Logs' retention settings (PutRetentionPolicy), in days. */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * How long each backend service's logs are kept: its CloudWatch log group (ECS), or, past Cloud
 * Logging's own 30 days, a log bucket of its own that a sink fills (Cloud Run).
 */
export const logs = z
    .strictObject({
        retentionDays: z
            .literal(CLOUDWATCH_RETENTION_DAYS, { error: `one of CloudWatch's retention settings: ${CLOUDWATCH_RETENTION_DAYS.join(", ")} (days)` })
            .default(30),
    })
    .prefault({});

export const monitoring = z.strictObject({
    /** Where every alert goes (Checkly alert channels; Sentry routes to the same email and Slack). */
    alerts: z.strictObject({
        email: z.array(z.email("an address such as oncall@example.com")).default([]),
        slack: z
            .strictObject({
                channel: z.string().regex(/^#[\w-]+$/, "a channel such as #alerts"),
                /** The external secret holding the Slack incoming-webhook URL. */
                webhookUrlSecret: externalSecretRef,
            })
            .optional(),
        sms: z
            .array(z.strictObject({ name: z.string().min(1), number: z.string().regex(/^\+[1-9]\d{6,14}$/, "an E.164 number such as +15551234567") }))
            .default([]),
        /** Alert once a check has failed this long (seed 001: down for 5 minutes). */
        afterMinutes: z.literal([5, 10, 15, 30], { error: "one of Checkly's escalation thresholds: 5, 10, 15, 30 (minutes)" }).default(5),
        /** Escalation: remind while it is still failing (production). */
        /** Checkly's API takes 0-5 reminders or 100000 (until resolved), every 5, 10, 15 or 30 minutes. */
        reminders: z
            .strictObject({
                times: z.literal([1, 2, 3, 4, 5, 100000], { error: "Checkly reminds 1 to 5 times, or 100000 (until resolved)" }),
                everyMinutes: z.literal([5, 10, 15, 30], { error: "one of Checkly's reminder intervals: 5, 10, 15, 30 (minutes)" }),
            })
            .optional(),
    }),
    /** Checkly API checks on the site (seed 000: / and /api/health every 5 minutes). */
    uptime,
    alarms,
    availability,
    logs,
    /** Sentry: a project per app and environment, its DSN as `sentry.dsn`, alert rules. */
    sentry: z
        .strictObject({
            organization: slug,
            /** The team that owns the project; its members get the email alerts. */
            team: slug,
            /** Refused with the reason (checkMonitoring): the pinned provider cannot create a project with one. */
            platform: z.unknown().optional(),
            /**
             * Where the performance alerts (p95 response time, failure rate) read: Sentry refuses new
             * transaction-based alerts where transactions are deprecated and asks for spans
             * (events_analytics_platform); `transactions` is for Sentry servers that still offer it.
             */
            performanceDataset: z.enum(["events_analytics_platform", "transactions"]).default("events_analytics_platform"),
            /** Sentry's Slack integration (Settings → Integrations → Slack: its id) and the channel. */
            slack: z.strictObject({ integrationId: z.int().positive(), channel: z.string().regex(/^#[\w-]+$/, "a channel such as #alerts") }).optional(),
            /** Seed 001: more than 10 errors in 5 minutes, p95 response time over 3 s, error rate over 1%. */
            errorsPer5Minutes: z.int().min(1).default(10),
            responseTimeMs: z.int().min(1).default(3000),
            errorRatePercent: z.number().gt(0).max(100).default(1),
        })
        .optional(),
    /** Scheduled jobs that fail after their retries land in QStash's dead-letter queue: a check per job watches it. */
    jobs: z
        .strictObject({
            /** The external secret holding the QStash token (read-only use: GET /v2/dlq). */
            qstashTokenSecret: externalSecretRef,
            frequencyMinutes: frequency.default(30),
        })
        .optional(),
    /** The nightly backup and restore check (a GitHub Actions workflow): its last success must be recent. */
    backups: z
        .strictObject({
            /** Default: backups.writer.repository. */
            repository: ownerRepo.optional(),
            workflow: z
                .string()
                .regex(/^[\w.-]+\.ya?ml$/, "the workflow file, e.g. backup.yml")
                .default("backup.yml"),
            branch: branchName.default("main"),
            maxAgeHours: z
                .int()
                .min(1)
                .max(24 * 14)
                .default(26),
            /** The external secret holding a GitHub token that can read the repository's Actions (private repositories). */
            tokenSecret: externalSecretRef.optional(),
            frequencyMinutes: frequency.default(60),
        })
        .optional(),
    /**
     * The scheduled check of the stack's PostgreSQL (a GitHub Actions workflow, `npm run health`):
     * connections against alarms.database.connectionsPercent, long-running queries, and the
     * database's size against storageLimitGb × alarms.database.diskPercent. A Checkly check reads
     * the workflow's last run for this stack: a failed run or none within maxAgeMinutes alerts.
     */
    database: z
        .strictObject({
            /** Default: backups.writer.repository. */
            repository: ownerRepo.optional(),
            workflow: z
                .string()
                .regex(/^[\w.-]+\.ya?ml$/, "the workflow file, e.g. database.yml")
                .default("database.yml"),
            branch: branchName.default("main"),
            /** GitHub runs schedules late at busy times: a quarter-hourly check is stale only after an hour (two periods at least). */
            maxAgeMinutes: z.int().min(30).max(1440).default(60),
            /** A query or transaction running longer than this (seed 003's statement timeout is 30 s; reports run longer). */
            longQueryMinutes: z.int().min(1).max(1440).default(5),
            /** The plan's storage (Neon's or Supabase's, GB): the database's size alerts at alarms.database.diskPercent of it. */
            storageLimitGb: z.number().gt(0).max(65536).optional(),
            /** The external secret holding a GitHub token that can read the repository's Actions (private repositories). */
            tokenSecret: externalSecretRef.optional(),
            frequencyMinutes: frequency.default(15),
        })
        .optional(),
});
