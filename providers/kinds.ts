// Every dynamic resource this program registers, described once: the policy pack and the offline
// inventory read this table instead of keeping lists of their own, so a new provider adds one
// entry here. It imports no provider code: the policy pack loads it.
import * as pulumi from "@pulumi/pulumi";

export interface ResourceKind {
    /** The last part of the type token `pulumi-nodejs:dynamic/app-platform:<kind>`. */
    kind: string;
    /** Properties only this kind has: how one registered under the SDK's shared token is told apart. */
    shape: string[];
    /** What deleting it in production would lose (the protection policy); absent for a stateless one. */
    holds?: string;
    /** Properties holding URLs the vendor delivers to (the https policy). */
    deliversTo?: string[];
    /** A property holding a payment key (the payment-mode policy). */
    paymentKey?: { prop: string; what: string };
    /** Deterministic outputs for the offline inventory; `fake(what)` is a stable hex string per resource. */
    mockOutputs(inputs: Record<string, any>, fake: (what: string) => string): Record<string, unknown>;
}

/** DKIM records shaped as Resend gives them: one `resend._domainkey` TXT key, or Easy DKIM CNAMEs. */
const mockDkim = (count: number, fake: (what: string) => string) =>
    Array.from({ length: count }, (_, i) => {
        const token = fake(`dkim${i}`).slice(0, 32);
        return count === 1
            ? { record: "DKIM", name: "resend._domainkey", type: "TXT", value: `p=MIGf${token}` }
            : { record: "DKIM", name: `${token}._domainkey`, type: "CNAME", value: `${token}.dkim.amazonses.com.` };
    });

/** Order matters only for matching by shape: the first kind whose properties all appear wins. */
export const KINDS: ResourceKind[] = [
    {
        kind: "Migrations",
        shape: ["files", "databaseUrl", "schema"],
        holds: "the applied migrations",
        mockOutputs: (inputs) => {
            // As if every file had been applied.
            const versions = (inputs.files as { version: string }[]).map((f) => f.version);
            return { pending: [], appliedVersions: versions, latestVersion: versions[versions.length - 1] ?? null, appliedCount: versions.length };
        },
    },
    {
        kind: "StripeWebhook",
        shape: ["enabledEvents", "identity", "url"],
        holds: "the Stripe webhook endpoint",
        deliversTo: ["url"],
        paymentKey: { prop: "apiKey", what: "the Stripe webhook's API key" },
        mockOutputs: (_, fake) => ({
            endpointId: `we_${fake("id").slice(0, 16)}`,
            secret: pulumi.secret(`whsec_${fake("secret").slice(0, 32)}`),
            status: "enabled",
        }),
    },
    {
        kind: "RazorpayWebhook",
        shape: ["accountId", "keyId", "url"],
        holds: "the Razorpay webhook",
        deliversTo: ["url"],
        paymentKey: { prop: "keyId", what: "the Razorpay webhook's key id" },
        mockOutputs: (_, fake) => ({ webhookId: fake("id").slice(0, 14).toUpperCase(), adopted: false, status: "active" }),
    },
    {
        kind: "ResendDomainVerification",
        shape: ["domainId", "recordsDigest"],
        mockOutputs: () => ({ status: "verified" }),
    },
    {
        kind: "ResendWebhook",
        shape: ["endpoint", "events", "apiKey"],
        holds: "the Resend webhook",
        deliversTo: ["endpoint"],
        mockOutputs: (_, fake) => ({ webhookId: fake("id").slice(0, 32), secret: pulumi.secret(`whsec_${fake("secret").slice(0, 32)}`), status: "enabled" }),
    },
    {
        kind: "ResendDomain",
        shape: ["name", "region", "apiKey"],
        holds: "the Resend sending domain",
        mockOutputs: (inputs, fake) => ({
            domainId: fake("id").slice(0, 32),
            status: "not_started",
            records: mockDkim(inputs.dkimRecords, fake),
            adopted: false,
        }),
    },
    {
        kind: "VercelRedeploy",
        shape: ["trigger", "projectId", "timeoutMinutes"],
        mockOutputs: (_, fake) => ({ deploymentId: `dpl_${fake("deployment").slice(0, 28)}`, status: "ready" }),
    },
    {
        kind: "PagesRedeploy",
        shape: ["trigger", "projectName", "branch", "timeoutMinutes"],
        mockOutputs: (_, fake) => ({ deploymentId: fake("deployment").slice(0, 36), status: "deployed" }),
    },
    {
        kind: "EcsRun",
        shape: ["taskDefinition", "cluster", "command", "subnets"],
        mockOutputs: (inputs, fake) => ({
            taskArn: `${String(inputs.cluster).replace(":cluster/", ":task/")}/${fake("task").slice(0, 32)}`,
            exitCode: 0,
            stoppedAt: "2026-11-22T00:00:00.000Z",
            status: "succeeded",
        }),
    },
    {
        kind: "MpesaC2bUrls",
        shape: ["shortCode", "confirmationUrl", "validationUrl"],
        holds: "the shortcode's registered C2B URLs (production registers them once)",
        deliversTo: ["confirmationUrl", "validationUrl"],
        mockOutputs: (_, fake) => ({ conversationId: `AG_${fake("conversation").slice(0, 20)}`, status: "registered" }),
    },
    {
        kind: "MongoDump",
        shape: ["database", "bucket", "trigger"],
        mockOutputs: (inputs) => ({ location: `s3://${inputs.bucket}/pre-migration/${inputs.stack}/mock.tar.gz`, collections: 0, documents: 0 }),
    },
    {
        kind: "NeonProject",
        shape: ["pgVersion", "historyRetentionSeconds", "owner"],
        holds: "the Neon project (its databases and their history)",
        mockOutputs: (inputs, fake) => {
            const host = `ep-mock-${fake("endpoint").slice(0, 8)}.${String(inputs.region).replace(/^aws-/, "")}.aws.neon.tech`;
            const url = (h: string) =>
                `postgresql://${inputs.owner}:npg_${fake("password").slice(0, 12)}@${h}/${inputs.database}?sslmode=require&channel_binding=require`;
            return {
                projectId: inputs.adoptId ?? `mock-project-${fake("project").slice(0, 6)}`,
                branchId: `br-mock-${fake("branch").slice(0, 8)}`,
                host,
                directUrl: pulumi.secret(url(host)),
                pooledUrl: pulumi.secret(url(host.replace(/^([^.]+)/, "$1-pooler"))),
                adopted: Boolean(inputs.adoptId),
            };
        },
    },
    {
        kind: "SupabaseProject",
        shape: ["organization", "instanceSize", "pointInTimeDays"],
        holds: "the Supabase project (its database, auth users and storage)",
        mockOutputs: (inputs, fake) => {
            // A ref is 20 lowercase letters.
            const ref =
                inputs.adoptRef ??
                fake("ref")
                    .slice(0, 20)
                    .replace(/\d/g, (d) => "abcdefghij"[Number(d)]);
            const jwt = (role: string) =>
                `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ iss: "supabase", ref, role })).toString("base64url")}.mock`;
            const url = (port: number) =>
                `postgresql://postgres.${ref}:${fake("password").slice(0, 24)}@aws-0-${inputs.region}.pooler.supabase.com:${port}/postgres?sslmode=require`;
            return {
                ref,
                url: `https://${ref}.supabase.co`,
                anonKey: jwt("anon"),
                serviceRoleKey: pulumi.secret(jwt("service_role")),
                dbUrl: pulumi.secret(url(5432)),
                pooledUrl: pulumi.secret(url(6543)),
                version: "15.8.1.085",
                pitrEnabled: inputs.pointInTimeDays > 0,
                adopted: Boolean(inputs.adoptRef),
                projectStatus: "ACTIVE_HEALTHY",
            };
        },
    },
    {
        kind: "TwilioWebhook",
        shape: ["accountSid", "phoneNumber", "smsUrl"],
        holds: "the Twilio number's webhook",
        deliversTo: ["smsUrl", "smsFallbackUrl", "statusCallback"],
        mockOutputs: (_, fake) => ({ numberSid: `PN${fake("sid").slice(0, 32)}`, previous: {}, current: {} }),
    },
];

const TOKEN = /^pulumi-nodejs:dynamic\/app-platform:(\w+)$/;
const GENERIC_TOKEN = "pulumi-nodejs:dynamic:Resource";

/**
 * Which of this program's dynamic resources `type`/`props` is, if any. Ours register under
 * `pulumi-nodejs:dynamic/app-platform:<Kind>`; one under the SDK's shared token is matched by shape.
 */
export function kindOf(type: string, props: Record<string, unknown>): ResourceKind | undefined {
    const token = TOKEN.exec(type);
    if (token) return KINDS.find((k) => k.kind === token[1]);
    if (type !== GENERIC_TOKEN) return undefined;
    return KINDS.find((k) => k.shape.every((p) => p in props));
}
