// The shape of one stack's configuration (the `app-platform:*` keys of Pulumi.<stack>.yaml).
// The platform's own areas each have a section here; the vendor integrations (webhooks.*) bring
// theirs in their modules (stacks/features/), composed by stacks/config.ts.
import { z } from "zod";
import { ENV_TARGETS } from "../components/environmentVariables";
import { migrationSettings } from "../providers/migrations/settings";
import { DARAJA_BLOCKED_WORDS } from "../providers/webhooks/daraja";
import { branchName, dmarcRua, headerMap, ownerRepo, txtContent, urlPath, vendorUrl } from "./fieldRules";

const slug = z.string().regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, "use lowercase letters, digits and dashes (2-40 chars), starting with a letter");
const isoDate = z.iso.date("use a date like 2026-01-31");
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "environment variable names are UPPER_SNAKE_CASE");

const envTargets = z
    .array(z.enum(ENV_TARGETS))
    .min(1)
    .refine((t) => new Set(t).size === t.length, "targets must not repeat");

// Vercel's function regions (https://vercel.com/docs/edge-network/regions).
export const VERCEL_REGIONS = [
    "arn1",
    "bom1",
    "cdg1",
    "cle1",
    "cpt1",
    "dub1",
    "dxb1",
    "fra1",
    "gru1",
    "hkg1",
    "hnd1",
    "iad1",
    "icn1",
    "kix1",
    "lhr1",
    "pdx1",
    "sfo1",
    "sin1",
    "syd1",
] as const;

const repository = z.strictObject({
    type: z.enum(["github", "gitlab", "bitbucket"]),
    repo: ownerRepo,
});

/** Response headers for every page (seed 000's vercel.json and seed 001's list); HSTS without `preload`, which is a commitment to opt into. */
export const SECURITY_HEADERS: Record<string, string> = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
};

const commonHosting = {
    projectName: slug.optional(),
    repository,
    productionBranch: branchName.optional(),
    rootDirectory: z.string().min(1).optional(),
    buildCommand: z.string().min(1).optional(),
    outputDirectory: z.string().min(1).optional(),
    envTargets: envTargets.default(["production"]),
    /**
     * Security headers on every response: set at Cloudflare's edge for Pages (with app-platform:dns);
     * on Vercel they live in the app's vercel.json, and the uptime check of `/` asserts them.
     */
    securityHeaders: headerMap.default(SECURITY_HEADERS),
};

/**
 * Vercel and Pages apply env vars to new deployments only: after any change to them, the up deploys
 * production again and waits until it is live; signers of rotated secrets switch after.
 */
const redeploy = (apiBaseUrl: ReturnType<typeof vendorUrl>) =>
    z
        .strictObject({
            enabled: z.boolean().default(true),
            timeoutMinutes: z.int().min(1).max(120).default(15),
            /** How often the up asks whether the new deployment is live. */
            pollSeconds: z.int().min(1).max(60).default(5),
            apiBaseUrl,
        })
        .prefault({});

const vercelHosting = z.strictObject({
    provider: z.literal("vercel"),
    ...commonHosting,
    framework: z.string().regex(/^[a-z0-9-]+$/, "a Vercel framework slug such as nextjs or astro"),
    installCommand: z.string().min(1).optional(),
    nodeVersion: z.enum(["20.x", "22.x", "24.x"]).optional(),
    regions: z.array(z.enum(VERCEL_REGIONS)).min(1).default(["iad1"]),
    redeploy: redeploy(vendorUrl("Vercel", ["api.vercel.com"], "https://api.vercel.com")),
});

const pagesHosting = z.strictObject({
    provider: z.literal("cloudflare-pages"),
    ...commonHosting,
    accountId: z.string().regex(/^[0-9a-f]{32}$/, "the 32-hex-digit Cloudflare account id"),
    repository: repository.extend({ type: z.enum(["github", "gitlab"]) }),
    compatibilityDate: isoDate.optional(),
    envTargets: z
        .array(z.enum(["production", "preview"]))
        .min(1)
        .default(["production"]),
    redeploy: redeploy(vendorUrl("Cloudflare", ["api.cloudflare.com"], "https://api.cloudflare.com/client/v4")),
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

const rotation = { rotationDays: z.number().int().min(1).max(3650), anchor: isoDate.optional() };
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

// Upstash's regions for a global database's primary and read replicas (provider docs).
export const UPSTASH_REGIONS = ["us-east-1", "us-west-1", "us-west-2", "eu-central-1", "eu-west-1", "sa-east-1", "ap-southeast-1", "ap-southeast-2"] as const;

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
        repository: ownerRepo,
        branches: z.array(z.string().min(1)).min(1).default(["main"]),
        /** GitHub's OIDC provider exists once per AWS account: create it in one stack only. */
        createOidcProvider: z.boolean().default(false),
    }),
    z.strictObject({ kind: z.literal("iam-user") }),
]);

const dnsRecordName = z.string().regex(/^(@|[a-z0-9_*]([a-z0-9_.-]*[a-z0-9_])?)$/i, "a record name relative to the domain, e.g. resend._domainkey");

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
const externalSecretRef = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "the camelCase name of an external secret (secrets.external)");

const monitoring = z.strictObject({
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
    uptime: z
        .strictObject({
            enabled: z.boolean().default(true),
            /** A path answers 200, or the status given (a webhook endpoint answers GET with 405). */
            paths: z
                .array(
                    z
                        .union([urlPath, z.strictObject({ path: urlPath, status: z.int().min(100).max(599) })])
                        .transform((p) => (typeof p === "string" ? { path: p, status: 200 } : p)),
                )
                .min(1)
                .default([
                    { path: "/", status: 200 },
                    { path: "/api/health", status: 200 },
                ]),
            frequencyMinutes: frequency.default(5),
            locations: z.array(z.enum(CHECKLY_LOCATIONS)).min(1).default(["us-east-1", "eu-west-1"]),
            /** Slower than this is degraded (Sentry's response-time rule: 3 s). */
            degradedMs: z.int().min(0).max(30000).default(3000),
            /** Slower than this fails (seed 001: 5 s). */
            failMs: z.int().min(0).max(30000).default(5000),
        })
        .prefault({}),
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
});

// Backend services: a container image run behind its own host (seeds 003 and 004).
const serviceName = z.string().regex(/^[a-z][a-z0-9]{0,9}$/, "a short lowercase name such as api (up to 10 letters and digits)");
/** A registry host, a repository and a tag or digest: the program deploys images, it does not build them. */
const imageRef = z
    .string()
    .regex(
        /^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?\/[a-z0-9._/-]+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/,
        "an image with its registry and a tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2 or europe-docker.pkg.dev/acme/api/api@sha256:<64 hex digits>",
    );
const serviceEnvVar = z
    .strictObject({ value: z.string().optional(), from: z.string().optional(), comment: z.string().optional() })
    .refine((v) => (v.value === undefined) !== (v.from === undefined), {
        message: "set exactly one of `value` (a literal) or `from` (a source such as generated.jwtSecret)",
    });
const commonService = {
    image: imageRef,
    /** The port the container listens on (seed 003: 8000; seed 004: 3000). */
    port: z.int().min(1).max(65535),
    /** The API's own host (api.<domain>), in the stack's DNS zone: certificate and record come with it. */
    host: z.hostname("a hostname such as api.example.com"),
    /** What the platform's health check (load balancer target group, or startup and liveness probes) requests. */
    healthPath: urlPath.default("/health"),
    /** Further paths the uptime checks watch (seed 003: payments, database and Redis health). */
    monitorPaths: z.array(urlPath).default([]),
    /** The container's command, when not the image's own. */
    command: z.array(z.string().min(1)).min(1).optional(),
    env: z.record(envName, serviceEnvVar).default({}),
    /** A one-off run of the new image before it takes traffic (seed 003: alembic upgrade head); a failure fails the up. */
    preStart: z.strictObject({ command: z.array(z.string().min(1)).min(1), timeoutMinutes: z.int().min(1).max(60).default(10) }).optional(),
    /** Instances (ECS tasks, Cloud Run instances): the autoscaler keeps between min and max. */
    instances: z.strictObject({ min: z.int().min(0).max(100), max: z.int().min(1).max(1000) }),
};
/** A list whose entries must not repeat (the vendor refuses the repeat, or it means a typo). */
const unique = <T extends z.ZodArray<z.ZodType<string>>>(list: T) =>
    list.superRefine((items, ctx) =>
        items.forEach((item, i) => {
            if (items.indexOf(item) < i) ctx.addIssue({ code: "custom", path: [i], message: `${item} is listed twice` });
        }),
    );
const awsId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `an id such as ${prefix}-0123456789abcdef0`);
const ecsService = z.strictObject({
    platform: z.literal("aws-ecs"),
    ...commonService,
    /** Fargate CPU units and memory (MiB): one of Fargate's combinations. */
    cpu: z.literal([256, 512, 1024, 2048, 4096], { error: "one of Fargate's CPU sizes: 256, 512, 1024, 2048, 4096 (units)" }).default(256),
    memoryMiB: z.int().min(512).max(30720).default(512),
    network: z.strictObject({
        vpcId: awsId("vpc"),
        /** The load balancer's subnets: at least two Availability Zones (an ALB needs them). */
        publicSubnetIds: unique(z.array(awsId("subnet")).min(2, "an Application Load Balancer needs subnets in at least two Availability Zones")),
        /** The tasks' subnets (with a NAT route for image pulls). Without them tasks run in the public subnets with public IPs. */
        privateSubnetIds: unique(z.array(awsId("subnet")).min(1)).optional(),
    }),
    /** Target average CPU (percent) the autoscaler holds between instances.min and max. */
    cpuTargetPercent: z.int().min(10).max(90).default(60),
    /** A client's requests stay on one task (a load-balancer cookie): Socket.IO's long-polling needs it with more than one task. */
    stickySessions: z.boolean().default(false),
});
// Regions where Cloud Run maps custom domains (cloud.google.com/run/docs/mapping-custom-domains, limitations).
export const CLOUD_RUN_DOMAIN_REGIONS = [
    "asia-east1",
    "asia-northeast1",
    "asia-southeast1",
    "europe-north1",
    "europe-west1",
    "europe-west4",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-west1",
] as const;
const cloudRunService = z.strictObject({
    platform: z.literal("cloud-run"),
    ...commonService,
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a Google Cloud project id such as acme-prod"),
    region: z.enum(CLOUD_RUN_DOMAIN_REGIONS, { error: `a Cloud Run region with domain mappings: ${CLOUD_RUN_DOMAIN_REGIONS.join(", ")}` }),
    cpu: z.enum(["1", "2", "4", "6", "8"]).default("1"),
    memory: z
        .string()
        .regex(/^\d+(Mi|Gi)$/, "a size such as 512Mi or 2Gi")
        .default("512Mi"),
    /** Requests one instance serves at once. */
    concurrency: z.int().min(1).max(1000).default(80),
    /** Vertex AI (seed 003): the API enabled and the service's account granted roles/aiplatform.user (no key files). */
    vertexAi: z.boolean().default(false),
});

const secretName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "secret names are camelCase, e.g. cronSecret");

const cardPayments = z.strictObject({
    provider: z.enum(["razorpay", "stripe"]),
    publicKey: z.string().min(1),
});
const mpesaPath = urlPath.refine(
    (p) => !DARAJA_BLOCKED_WORDS.test(p),
    "Daraja blocks URLs containing M-Pesa, Safaricom, exe, exec, cmd, sql or query: choose another path",
);
/** M-Pesa through Safaricom's Daraja API (seed 004). Credentials are external secrets (keyFormats.ts). */
const mpesaPayments = z.strictObject({
    provider: z.literal("mpesa"),
    /** Daraja's environment: the app's MPESA_ENV; sandbox in staging, production in production. */
    environment: z.enum(["sandbox", "production"]),
    /** The paybill or till number (the app's MPESA_SHORTCODE); 174379 and 600xxx are Safaricom's sandbox test codes. */
    shortcode: z.string().regex(/^\d{5,7}$/, "a paybill or till number of 5 to 7 digits, e.g. 174379"),
    /** Where Daraja posts STK push results (the app's MPESA_CALLBACK_URL); default https://api.<domains.primary>/payments/callback. */
    callbackUrl: z.url({ protocol: /^https$/, error: "an https URL such as https://api.example.com/payments/callback" }).optional(),
    /** The Daraja host; only a local test server may stand in for the environment's own. */
    apiBaseUrl: z.url().optional(),
    /** C2B: register the confirmation and validation URLs for the shortcode (Daraja's registerurl). */
    c2b: z
        .strictObject({
            confirmationPath: mpesaPath.default("/payments/c2b/confirmation"),
            validationPath: mpesaPath.default("/payments/c2b/validation"),
            /** What M-Pesa does when the validation URL does not answer. */
            responseType: z.enum(["Completed", "Cancelled"]).default("Completed"),
        })
        .optional(),
});
/** PhonePe Payment Gateway, Standard Checkout v2 (seed 003). The client secret is an external secret. */
const phonepePayments = z.strictObject({
    provider: z.literal("phonepe"),
    /** PhonePe's environments: UAT (the SDK's SANDBOX) in staging, production in production. */
    environment: z.enum(["uat", "production"]),
    merchantId: z.string().regex(/^[A-Z0-9]{6,38}$/, "the merchant id PhonePe issued, e.g. M22ABCDEF1234"),
    clientId: z.string().min(1),
    clientVersion: z.int().min(1),
    /** The PG host; only a local test server may stand in for the environment's own. */
    apiBaseUrl: z.url().optional(),
    /** The S2S webhook PhonePe calls, authenticated with a username and a generated password set in its Dashboard. */
    webhook: z
        .strictObject({
            url: z.url({ protocol: /^https$/, error: "an https URL such as https://api.example.com/payments/phonepe/webhook (PhonePe calls only https)" }),
            /** 5-20 letters, digits or underscores (PhonePe's rule). */
            username: z.string().regex(/^\w{5,20}$/, "5 to 20 letters, digits or underscores (PhonePe's rule)"),
            /** The generated secret (alphanumeric, at most 20 characters) that is the webhook password. */
            password: secretName.default("phonepeWebhookPassword"),
            /** The rotatedAt of the password last set in the Dashboard; rotation waits for it (as for Razorpay's dashboard webhooks). */
            pasted: isoDate.optional(),
        })
        .optional(),
});

const atlasRegion = z.string().regex(/^[A-Z][A-Z0-9_]+$/, "an Atlas region name such as AF_SOUTH_1 or EU_WEST_1");
const atlas = z.strictObject({
    /** The Atlas organization (24 hex digits) the project is made in. */
    orgId: z.string().regex(/^[0-9a-f]{24}$/, "the 24-hex-digit Atlas organization id"),
    cloud: z.enum(["AWS", "GCP", "AZURE"]).default("AWS"),
    region: atlasRegion,
    /** A dedicated tier (M10 and up): shared and Flex tiers have no backup schedule or point-in-time restore. */
    tier: z.string().regex(/^M(10|20|30|40|50|60|80|140|200|300|400|700)$/, "a dedicated tier M10 to M700 (shared tiers have no cloud backup schedule)"),
    /** Electable members of the replica set (seed 004: replication). */
    nodes: z.literal([3, 5, 7], { error: "a replica set of 3, 5 or 7 electable nodes" }).default(3),
    mongoVersion: z.enum(["7.0", "8.0"]).default("8.0"),
    /** The app's database (the path of MONGODB_URI). */
    database: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, "a database name such as smartduka"),
    backup: z
        .strictObject({
            /** Continuous cloud backup: restore to any second of the window (the RPO). */
            pointInTime: z.boolean().default(true),
            restoreWindowDays: z.int().min(1).max(35).default(7),
            dailyDays: z.int().min(1).max(364).default(7),
            weeklyWeeks: z.int().min(1).max(52).default(4),
            monthlyMonths: z.int().min(1).max(36).default(12),
            /** Hour (UTC) of the daily snapshot. */
            hourUtc: z.int().min(0).max(23).default(1),
        })
        .prefault({}),
    /**
     * The project's weekly maintenance window: seed 004's 02:00-04:00. Atlas reads the hour in the
     * project's time zone (Project Settings; the provider's docs: "Uses the project's configured
     * timezone"), not UTC, and only its UI changes that zone.
     */
    maintenance: z
        .strictObject({
            day: z.enum(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]).default("sunday"),
            hour: z.int().min(0).max(23).default(2),
        })
        .prefault({}),
    /** The generated secret the two database users' passwords rotate from (alphanumeric: it sits in MONGODB_URI). */
    password: secretName.default("mongodbPassword"),
    /** Who may connect: the egress (NAT gateway) of services in AWS, and further addresses in CIDR form. */
    accessList: z
        .array(
            z.union([
                z.strictObject({ service: serviceName }),
                z.strictObject({ cidr: z.cidrv4("an IPv4 range such as 203.0.113.10/32"), comment: z.string().min(1).max(80) }),
            ]),
        )
        .min(1),
});

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
    payments: z.discriminatedUnion("provider", [cardPayments, mpesaPayments, phonepePayments]).optional(),
    /** MongoDB Atlas (seed 004): project, cluster, backups, maintenance window, rotating users, access list. */
    atlas: atlas.optional(),
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
            bucketName: z
                .string()
                .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name: 3-63 lowercase letters, digits, dots, dashes")
                .optional(),
            region: z
                .string()
                .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as us-east-1")
                .optional(),
            kmsKeyArn: z
                .string()
                .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, "a KMS key ARN")
                .optional(),
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
    monitoring: monitoring.optional(),
    /** Backend services by name (e.g. api), each on a container platform: AWS ECS on Fargate or Google Cloud Run. */
    services: z.record(serviceName, z.discriminatedUnion("platform", [ecsService, cloudRunService])).default({}),
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
                    spf: txtContent("v=spf1 ").default("v=spf1 include:amazonses.com ~all"),
                    mx: z.hostname().default("feedback-smtp.us-east-1.amazonses.com"),
                    dkim: z.array(z.strictObject({ name: dnsRecordName, type: z.enum(["TXT", "CNAME"]), content: txtContent() })).default([]),
                    dmarc: z.strictObject({
                        policy: z.enum(["none", "quarantine", "reject"]),
                        rua: dmarcRua.optional(),
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
export type MonitoringConfig = NonNullable<CoreConfig["monitoring"]>;
export type ServiceConfig = CoreConfig["services"][string];
export type PaymentsConfig = NonNullable<CoreConfig["payments"]>;
export type AtlasConfig = NonNullable<CoreConfig["atlas"]>;
