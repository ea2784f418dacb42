// The shape of one stack's configuration (the `app-platform:*` keys of Pulumi.<stack>.yaml).
// The platform's own areas each have a section here; the vendor integrations (webhooks.*) bring
// theirs in their modules (stacks/features/), composed by stacks/config.ts.
import { z } from "zod";
import { ENV_TARGETS } from "../components/environmentVariables";
import { migrationSettings } from "../providers/migrations/settings";

const slug = z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, "use lowercase letters, digits and dashes (2-40 chars), starting with a letter");
const isoDate = z.iso.date("use a date like 2026-01-31");
const envName = z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "environment variable names are UPPER_SNAKE_CASE");

const envTargets = z.array(z.enum(ENV_TARGETS)).min(1).refine((t) => new Set(t).size === t.length, "targets must not repeat");

// Vercel's function regions (https://vercel.com/docs/edge-network/regions).
export const VERCEL_REGIONS = [
    "arn1", "bom1", "cdg1", "cle1", "cpt1", "dub1", "dxb1", "fra1", "gru1", "hkg1",
    "hnd1", "iad1", "icn1", "kix1", "lhr1", "pdx1", "sfo1", "sin1", "syd1",
] as const;

const repository = z.strictObject({
    type: z.enum(["github", "gitlab", "bitbucket"]),
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "use owner/name, e.g. acme/shop"),
});

const commonHosting = {
    projectName: slug.optional(),
    repository,
    productionBranch: z.string().min(1).optional(),
    rootDirectory: z.string().min(1).optional(),
    buildCommand: z.string().min(1).optional(),
    outputDirectory: z.string().min(1).optional(),
    envTargets: envTargets.default(["production"]),
};

/**
 * Vercel and Pages apply env vars to new deployments only: after any change to them, the up deploys
 * production again and waits until it is live; signers of rotated secrets switch after.
 */
const redeploy = (apiBaseUrl: string) =>
    z
        .strictObject({
            enabled: z.boolean().default(true),
            timeoutMinutes: z.int().min(1).max(120).default(15),
            /** How often the up asks whether the new deployment is live. */
            pollSeconds: z.int().min(1).max(60).default(5),
            apiBaseUrl: z.url().default(apiBaseUrl),
        })
        .prefault({});

const vercelHosting = z.strictObject({
    provider: z.literal("vercel"),
    ...commonHosting,
    framework: z.string().regex(/^[a-z0-9-]+$/, "a Vercel framework slug such as nextjs or astro"),
    installCommand: z.string().min(1).optional(),
    nodeVersion: z.enum(["20.x", "22.x", "24.x"]).optional(),
    regions: z.array(z.enum(VERCEL_REGIONS)).min(1).default(["iad1"]),
    redeploy: redeploy("https://api.vercel.com"),
});

const pagesHosting = z.strictObject({
    provider: z.literal("cloudflare-pages"),
    ...commonHosting,
    accountId: z.string().regex(/^[0-9a-f]{32}$/, "the 32-hex-digit Cloudflare account id"),
    repository: repository.extend({ type: z.enum(["github", "gitlab"]) }),
    compatibilityDate: isoDate.optional(),
    envTargets: z.array(z.enum(["production", "preview"])).min(1).default(["production"]),
    redeploy: redeploy("https://api.cloudflare.com/client/v4"),
});

const envVar = z
    .strictObject({
        value: z.string().optional(),
        from: z.string().optional(),
        targets: envTargets.optional(),
        comment: z.string().optional(),
    })
    .refine((v) => (v.value === undefined) !== (v.from === undefined), {
        message: "set exactly one of `value` (a literal) or `from` (a source such as generated.cronSecret)",
    });

const generatedSecret = z.strictObject({
    bytes: z.number().int().min(16, "use at least 16 random bytes").max(512),
    encoding: z.enum(["hex", "base64"]),
    rotationDays: z.number().int().min(1).max(3650),
    anchor: isoDate.optional(),
});

const externalSecret = z.strictObject({
    rotatedAt: isoDate,
    rotationDays: z.number().int().min(1).max(3650),
});

// Upstash's regions for a global database's primary and read replicas (provider docs).
export const UPSTASH_REGIONS = [
    "us-east-1", "us-west-1", "us-west-2", "eu-central-1", "eu-west-1", "sa-east-1", "ap-southeast-1", "ap-southeast-2",
] as const;

const jobName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "job names are kebab-case, e.g. retry-emails");
const cronJobFields = {
    /** 5-field cron expression, evaluated in UTC by QStash. */
    schedule: z.string(),
    /** Defaults to /api/cron/execute/<job>. */
    path: z.string().optional(),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
    retries: z.number().int().min(0).max(5).optional(),
    enabled: z.boolean().optional(),
    description: z.string().optional(),
};
const cronJob = z.strictObject({ name: jobName, ...cronJobFields });
const cronOverride = z.strictObject({ ...cronJobFields, schedule: cronJobFields.schedule.optional() });

const retention = z.strictObject({
    expireDays: z.number().int().min(1),
    // S3 moves objects to STANDARD_IA no sooner than 30 days after creation.
    transitionDays: z.number().int().min(30, "S3 allows STANDARD_IA transitions from 30 days").optional(),
});

const backupWriter = z.discriminatedUnion("kind", [
    z.strictObject({
        kind: z.literal("github-oidc"),
        repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "use owner/name, e.g. acme/shop"),
        branches: z.array(z.string().min(1)).min(1).default(["main"]),
        /** GitHub's OIDC provider exists once per AWS account: create it in one stack only. */
        createOidcProvider: z.boolean().default(false),
    }),
    z.strictObject({ kind: z.literal("iam-user") }),
]);

const dnsRecordName = z.string().regex(/^(@|[a-z0-9_*]([a-z0-9_.-]*[a-z0-9_])?)$/i, "a record name relative to the domain, e.g. resend._domainkey");


const secretName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "secret names are camelCase, e.g. cronSecret");

/** The platform's own sections; config.ts adds `webhooks` from the integrations (stacks/integrations.ts). */
export const coreSchema = z.strictObject({
    name: slug,
    environment: z.enum(["staging", "production"]),
    domains: z.strictObject({
        primary: z.hostname("a hostname such as shop.example.com"),
        redirects: z.array(z.hostname("a hostname such as www.example.com")).default([]),
    }),
    hosting: z.discriminatedUnion("provider", [vercelHosting, pagesHosting]),
    env: z.record(envName, envVar).default({}),
    secrets: z
        .strictObject({
            anchor: isoDate.default("2026-01-01"),
            graceDays: z.number().int().min(0).default(14),
            generated: z.record(secretName, generatedSecret).default({}),
            external: z.record(secretName, externalSecret).default({}),
        })
        .prefault({}),
    payments: z
        .strictObject({
            provider: z.enum(["razorpay", "stripe"]),
            publicKey: z.string().min(1),
        })
        .optional(),
    email: z
        .strictObject({
            provider: z.enum(["resend", "sendgrid"]),
            from: z.email("an address such as noreply@example.com"),
        })
        .optional(),
    redis: z
        .strictObject({
            primaryRegion: z.enum(UPSTASH_REGIONS),
            readRegions: z.array(z.enum(UPSTASH_REGIONS)).default([]),
            eviction: z.boolean().default(false),
        })
        .optional(),
    crons: z
        .strictObject({
            /** The generated secret sent as `Authorization: Bearer <secret>` (the app's CRON_SECRET). */
            secret: z.string().default("cronSecret"),
            /** Seed job lists to include by name (stacks/features/cronPresets.ts). */
            presets: z.array(z.string()).default([]),
            jobs: z.array(cronJob).default([]),
            /** Per-job changes, e.g. a slower schedule or `enabled: false` in staging. */
            overrides: z.record(jobName, cronOverride).default({}),
            /** Active schedules the QStash plan allows (Free: 10); more enabled jobs warn in preview. */
            scheduleQuota: z.number().int().min(1).default(10),
        })
        .optional(),
    backups: z
        .strictObject({
            bucketName: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name: 3-63 lowercase letters, digits, dots, dashes").optional(),
            region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as us-east-1").optional(),
            kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, "a KMS key ARN").optional(),
            retention: z
                .strictObject({
                    daily: retention.default({ expireDays: 30 }),
                    preMigration: retention.default({ expireDays: 90, transitionDays: 30 }),
                })
                .prefault({}),
            /** Days an overwritten or expired dump stays recoverable as a prior version; part of each prefix's retention. */
            noncurrentVersionDays: z.number().int().min(1).default(7),
            abortIncompleteUploadDays: z.number().int().min(1).default(7),
            writer: backupWriter,
        })
        .optional(),
    migrations: z
        .strictObject({
            /** Forward migrations, relative to the project: <14-digit version>_<name>.sql. */
            dir: z.string().min(1).default("migrations"),
            /** Rollback scripts (<version>_<name>.rollback.sql); default `dir`. Never inside supabase/migrations. */
            rollbackDir: z.string().min(1).optional(),
            /** The external secret holding the direct (non-pooled) connection string. */
            databaseUrlSecret: z.string().regex(/^[a-z][A-Za-z0-9]*$/, "the camelCase name of an external secret"),
            /** pg_dump into the backup bucket before migrating (seed 000 does, in staging too); off: `false`. */
            backup: z.boolean().default(true),
            // The engine's options (schema, timeouts, lock wait, baseline, rollbackTo, ...): the CLI's too.
            ...migrationSettings.shape,
        })
        .optional(),
    dns: z
        .strictObject({
            zoneId: z.string().regex(/^[0-9a-f]{32}$/, "the 32-hex-digit Cloudflare zone id (dashboard → zone → Overview)"),
            zone: z.hostname("the zone's domain, e.g. example.com"),
            /** Certificate authorities allowed to issue for the zone (CAA `issue`). */
            caa: z.array(z.hostname()).min(1).optional(),
            email: z
                .strictObject({
                    /** Sending domain; defaults to the domain of email.from. */
                    domain: z.hostname().optional(),
                    /** Subdomain carrying the bounce MX and SPF (Resend uses `send`). */
                    returnPath: dnsRecordName.default("send"),
                    spf: z.string().startsWith("v=spf1 ", "an SPF record starts with v=spf1").default("v=spf1 include:amazonses.com ~all"),
                    mx: z.hostname().default("feedback-smtp.us-east-1.amazonses.com"),
                    dkim: z.array(z.strictObject({ name: dnsRecordName, type: z.enum(["TXT", "CNAME"]), content: z.string().min(1) })).default([]),
                    dmarc: z.strictObject({
                        policy: z.enum(["none", "quarantine", "reject"]),
                        rua: z.string().startsWith("mailto:", "use mailto:address").optional(),
                    }),
                })
                .optional(),
        })
        .optional(),
});

/** The core sections as parsed (the whole config, integrations aside). */
export type CoreConfig = z.infer<typeof coreSchema>;
export type HostingConfig = CoreConfig["hosting"];
export type EnvVarConfig = CoreConfig["env"][string];
export type GeneratedSecretConfig = CoreConfig["secrets"]["generated"][string];
export type ExternalSecretConfig = CoreConfig["secrets"]["external"][string];
export type CronJobConfig = z.infer<typeof cronJob>;
export type CronOverrideConfig = z.infer<typeof cronOverride>;
export type DnsConfig = NonNullable<CoreConfig["dns"]>;
