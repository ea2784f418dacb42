// The stack outputs other teams read through `pulumi.StackReference`: a typed, versioned contract.
// Values are names, URLs, ids and dates; the one secret (the Redis REST token) is a secret output.
import * as pulumi from "@pulumi/pulumi";
import type { ExternalKeyStatus } from "./stackConfig";
import type { EnvTarget } from "../components/environmentVariables";
import type { Hosting } from "../components/hostingProject";

export interface EnvContractEntry {
    name: string;
    targets: EnvTarget[];
    secret: boolean;
    source: string;
}

export interface GeneratedSecretSchedule {
    name: string;
    /** The env vars carrying it: NAME and NAME_PREVIOUS. */
    envVars: string[];
    rotationDays: number;
    rotatedAt: string;
    nextRotation: string;
}

export interface CronScheduleEntry {
    job: string;
    cron: string;
    url: string;
    method: string;
    enabled: boolean;
    /** Next three runs, ISO timestamps in UTC (QStash's time zone). */
    nextRuns: string[];
}

export interface ServiceEntry {
    platform: "aws-ecs" | "cloud-run";
    /** `https://<host>`: what the frontend reads as services.<name>.url. */
    url: string;
    /** The load balancer's DNS name (ECS) or Cloud Run's own URL. */
    endpoint: string;
    image: string;
    instances: { min: number; max: number };
    healthPath: string;
    env: { name: string; secret: boolean; source: string }[];
    /** The Secrets Manager secret's ARN, or the Secret Manager secrets (projects/<p>/secrets/<id>). */
    secretStore: string[];
}

export interface AtlasEntry {
    projectId: string;
    clusterName: string;
    /** mongodb+srv://<host>, without credentials (MONGODB_URI is an env var, never an output). */
    srvHost: string;
    /** The database user MONGODB_URI names now (the users alternate with the password's rotation). */
    currentUser: string;
    tier: string;
    region: string;
    /** The recovery point the backup configuration really gives. */
    rpo: string;
}

export interface PaymentsEntry {
    provider: "stripe" | "razorpay" | "mpesa" | "phonepe";
    /** The provider's environment: live/test keys (card), sandbox/production (M-Pesa), uat/production (PhonePe). */
    mode: string;
    /** Where the provider calls the app: M-Pesa's STK callback and C2B URLs, PhonePe's webhook. */
    urls: Record<string, string>;
    /** M-Pesa: the C2B registration's status (registered, adopted); null otherwise. */
    c2bStatus: string | null;
}

export interface StackOutputs {
    environment: "staging" | "production";
    siteUrl: string;
    hosting: {
        provider: Hosting["provider"];
        projectId: string;
        projectName: string;
        productionBranch: string;
        defaultHost: string;
    };
    /** Primary domain first, then the hosts that redirect to it. */
    domains: string[];
    /** Env-var names per deployment target, never values. */
    envVars: Record<EnvTarget, string[]>;
    envContract: EnvContractEntry[];
    generatedSecrets: GeneratedSecretSchedule[];
    externalKeys: ExternalKeyStatus[];
    /** Upstash Redis. Null when the stack has no Redis. */
    redis: { restUrl: string; databaseId: string } | null;
    /** The Redis REST token: a secret output (encrypted in state, `[secret]` when displayed). */
    redisRestToken: string | null;
    /** The scheduled-job table; empty when the stack has no crons. */
    crons: CronScheduleEntry[];
    /** Null when the stack has no backup bucket. */
    backups: { bucketName: string; bucketArn: string; region: string; writerRoleArn: string | null; writerUserName: string | null } | null;
    /** The Cloudflare records the stack declares; empty without `dns`. */
    dnsRecords: { name: string; type: string; content: string }[];
    /** Latest applied migration version (e.g. "20260210080000"); null without migrations. */
    schemaVersion: string | null;
    /**
     * Checkly checks (site paths, scheduled jobs, the backup workflow), where their alerts go
     * (`email:…`, `slack:#…`, `sms:<name>`) and the Sentry project (`org/slug`); null without `monitoring`.
     */
    monitoring: { checks: { name: string; url: string; checkId: string }[]; alertChannels: string[]; sentryProject: string | null } | null;
    /**
     * Backend services by name (`services.<name>`): where they answer, what runs, their env contract
     * (names and sources, never values) and where their secrets live. Empty without services.
     */
    services: Record<string, ServiceEntry>;
    /** MongoDB Atlas: the project and cluster, the current user and the real RPO; null without `atlas`. */
    atlas: AtlasEntry | null;
    /** The payment provider, its mode and the URLs it calls; null without `payments`. */
    payments: PaymentsEntry | null;
    /** PhonePe: the webhook password to set in its Dashboard (a secret output); null otherwise. */
    phonepeWebhookPassword: string | null;
    /** Ids of the webhook registrations; null where the stack has none. */
    webhooks: { stripeEndpointId: string | null; razorpayWebhookId: string | null; twilioNumberSid: string | null; resendWebhookId: string | null };
    /**
     * Dashboard-mode Razorpay: the webhook secret to paste into the Dashboard (a secret output; null
     * otherwise). The printed steps name the command that shows it.
     */
    razorpayWebhookSecret: string | null;
    /** The sending domain's status at Resend (not_started, pending, verified, failed; email.domain); null without one. */
    emailDomainStatus: string | null;
    /** The recovery objectives and each data store's real recovery point and restore steps; null without `recovery`. */
    recovery: RecoveryEntry | null;
    /** The managed PostgreSQL project and the env sources of its URLs; null without `postgres`. */
    postgres: PostgresEntry | null;
    /**
     * The owner's direct PostgreSQL URL (a secret output), which the nightly backup (backup.yml) and
     * the database check (database.yml) sign in with: the named secret's, else the managed project's;
     * null without PostgreSQL.
     */
    databaseAdminUrl: string | null;
}

export interface PostgresEntry {
    provider: "neon" | "supabase";
    /** The project's name and its provider's id. */
    project: string;
    projectId: string;
    region: string;
    /** PostgreSQL's version as the provider reports it (Neon: the major, Supabase: the engine's release). */
    version: string;
    /** The project's host (Neon: its compute's; Supabase: its API's). */
    host: string;
    /** How far back a point-in-time restore reaches. */
    pointInTimeDays: number;
    /** The env sources to read: `direct` for migrations and one-process jobs, `pooled` for apps. */
    sources: { direct: string; pooled: string };
}

/** One data store's recovery point (minutes; null: no backup), what gives it, and how a restore runs. */
export interface RecoveryStore {
    store: "atlas" | "postgres";
    recoveryPointMinutes: number | null;
    backups: string;
    restore: string;
}

export interface RecoveryEntry {
    rpoMinutes: number;
    rtoMinutes: number;
    stores: RecoveryStore[];
}

/** What index.ts exports: every key of the contract, as Outputs. */
export type StackOutputExports = { [K in keyof StackOutputs]: pulumi.Input<StackOutputs[K]> };

/** The outputs the vendor integrations set (stacks/integrations/); a stack without one gets these nulls, in this order. */
export const INTEGRATION_OUTPUTS = {
    webhooks: { stripeEndpointId: null, razorpayWebhookId: null, twilioNumberSid: null, resendWebhookId: null },
    razorpayWebhookSecret: null,
} satisfies Partial<StackOutputs>;

type WebhookIds = { [K in keyof StackOutputs["webhooks"]]: pulumi.Input<StackOutputs["webhooks"][K]> };

/** All the integrations' outputs of a stack. */
export type IntegrationExports = Omit<Pick<StackOutputExports, keyof typeof INTEGRATION_OUTPUTS>, "webhooks"> & { webhooks: WebhookIds };

/** What one integration sets: some of the integrations' outputs. */
export type IntegrationOutputs = Partial<Omit<IntegrationExports, "webhooks">> & { webhooks?: Partial<WebhookIds> };

/** The pinned set of output keys; tests fail when the contract changes without this list. */
export const OUTPUT_KEYS = [
    "environment",
    "siteUrl",
    "hosting",
    "domains",
    "envVars",
    "envContract",
    "generatedSecrets",
    "externalKeys",
    "redis",
    "redisRestToken",
    "crons",
    "backups",
    "dnsRecords",
    "schemaVersion",
    "monitoring",
    "services",
    "atlas",
    "payments",
    "phonepeWebhookPassword",
    "webhooks",
    "razorpayWebhookSecret",
    "emailDomainStatus",
    "recovery",
    "postgres",
    "databaseAdminUrl",
] as const satisfies readonly (keyof StackOutputs)[];
