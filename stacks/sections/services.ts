// Backend services: a container image run behind its own host (seeds 003 and 004).
import { z } from "zod";
import { probe } from "./probe";
import { headerMap, urlPath } from "../fieldRules";
import { SECURITY_HEADERS } from "./hosting";
import { envName, unique } from "./common";

export const serviceName = z.string().regex(/^[a-z][a-z0-9]{0,9}$/, "a short lowercase name such as api (up to 10 letters and digits)");
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
    monitorPaths: z.array(probe).default([]),
    /** The container's command, when not the image's own. */
    command: z.array(z.string().min(1)).min(1).optional(),
    env: z.record(envName, serviceEnvVar).default({}),
    /**
     * A one-off run of the new image before it takes traffic (seed 003: alembic upgrade head); a failure fails the up.
     * The up asks for its state every `pollSeconds` (the platform's default when unset: ECS 6, Cloud Run 5).
     */
    preStart: z
        .strictObject({
            command: z.array(z.string().min(1)).min(1),
            timeoutMinutes: z.int().min(1).max(60).default(10),
            pollSeconds: z.int().min(1).max(60).optional(),
        })
        .optional(),
    /** Instances (ECS tasks, Cloud Run instances): the autoscaler keeps between min and max. */
    instances: z.strictObject({ min: z.int().min(0).max(100), max: z.int().min(1).max(1000) }),
};
const awsId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `an id such as ${prefix}-0123456789abcdef0`);
/** The default security headers (seed 000's list) an Application Load Balancer can set on every answer (listener attributes). */
export const ECS_HEADERS: Record<string, string> = Object.fromEntries(
    ["X-Frame-Options", "X-Content-Type-Options"].map((name) => [name, SECURITY_HEADERS[name]]),
);
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
    /**
     * AWS WAF on the load balancer (seed 004: DDoS protection, WAF rules, rate limiting): AWS's managed
     * rules for common exploits and known-bad inputs, and a per-IP limit over 5 minutes.
     */
    waf: z.strictObject({ enabled: z.boolean().default(true), requestsPer5Minutes: z.int().min(10).max(2_000_000_000).default(2000) }).prefault({}),
    /**
     * Headers every answer of the API carries, asserted by its uptime checks: the load balancer sets
     * the ones it can (X-Frame-Options, X-Content-Type-Options, Strict-Transport-Security,
     * Content-Security-Policy); the app must send any other.
     */
    securityHeaders: headerMap.default(ECS_HEADERS),
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
    /** Headers the app sends on every answer (Cloud Run adds none): its uptime checks assert them. */
    securityHeaders: headerMap.default({}),
    /** Vertex AI (seed 003): the API enabled and the service's account granted roles/aiplatform.user (no key files). */
    vertexAi: z.boolean().default(false),
});

export const services = z.record(serviceName, z.discriminatedUnion("platform", [ecsService, cloudRunService])).default({});
