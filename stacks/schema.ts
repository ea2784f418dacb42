// The shape of one stack's configuration (the `app-platform:*` keys of Pulumi.<stack>.yaml).
// Each later area (redis, crons, backups, dns, migrations, webhooks) adds one section here.
import { z } from "zod";

const slug = z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, "use lowercase letters, digits and dashes (2-40 chars), starting with a letter");
const isoDate = z.iso.date("use a date like 2026-01-31");
const envName = z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "environment variable names are UPPER_SNAKE_CASE");

export const ENV_TARGETS = ["production", "preview", "development"] as const;
export type EnvTarget = (typeof ENV_TARGETS)[number];
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

const vercelHosting = z.strictObject({
    provider: z.literal("vercel"),
    ...commonHosting,
    framework: z.string().regex(/^[a-z0-9-]+$/, "a Vercel framework slug such as nextjs or astro"),
    installCommand: z.string().min(1).optional(),
    nodeVersion: z.enum(["20.x", "22.x", "24.x"]).optional(),
    regions: z.array(z.enum(VERCEL_REGIONS)).min(1).default(["iad1"]),
});

const pagesHosting = z.strictObject({
    provider: z.literal("cloudflare-pages"),
    ...commonHosting,
    accountId: z.string().regex(/^[0-9a-f]{32}$/, "the 32-hex-digit Cloudflare account id"),
    repository: repository.extend({ type: z.enum(["github", "gitlab"]) }),
    compatibilityDate: isoDate.optional(),
    envTargets: z.array(z.enum(["production", "preview"])).min(1).default(["production"]),
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

const secretName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "secret names are camelCase, e.g. cronSecret");

export const configSchema = z.strictObject({
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
});

export type RawStackConfig = z.infer<typeof configSchema>;
export type HostingConfig = RawStackConfig["hosting"];
export type EnvVarConfig = RawStackConfig["env"][string];
export type GeneratedSecretConfig = RawStackConfig["secrets"]["generated"][string];
export type ExternalSecretConfig = RawStackConfig["secrets"]["external"][string];

/** The top-level sections: each is one `app-platform:<section>` config key. */
export const SECTIONS = Object.keys(configSchema.shape) as (keyof RawStackConfig)[];
