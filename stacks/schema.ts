// The shape of one stack's configuration (the `app-platform:*` keys of Pulumi.<stack>.yaml).
// The platform's own areas each have a section in stacks/sections/, composed here; the vendor
// integrations (webhooks.*) bring theirs in their modules (stacks/integrations/), composed by stacks/config.ts.
import { z } from "zod";
import { atlas } from "./sections/atlas";
import { auditTrail } from "./sections/audit";
import { backups } from "./sections/backups";
import { slug } from "./sections/common";
import { cronJob, cronOverride, crons } from "./sections/crons";
import { database } from "./sections/database";
import { dns } from "./sections/dns";
import { email } from "./sections/email";
import { flags } from "./sections/flags";
import { github } from "./sections/github";
import { env } from "./sections/env";
import { hosting } from "./sections/hosting";
import { migrations } from "./sections/migrations";
import { monitoring } from "./sections/monitoring";
import { payments } from "./sections/payments";
import { postgres } from "./sections/postgres";
import { recovery } from "./sections/recovery";
import { redis } from "./sections/redis";
import { secrets } from "./sections/secrets";
import { services } from "./sections/services";

export { SECURITY_HEADERS, VERCEL_REGIONS } from "./sections/hosting";
export { CHECKLY_LOCATIONS } from "./sections/monitoring";
export { UPSTASH_REGIONS } from "./sections/redis";
export { CLOUD_RUN_DOMAIN_REGIONS } from "./sections/services";

/** The platform's own sections; config.ts adds `webhooks` from the integrations (stacks/integrations/index.ts). */
export const coreSchema = z.strictObject({
    name: slug,
    environment: z.enum(["staging", "production"]),
    domains: z.strictObject({
        primary: z.hostname("a hostname such as shop.example.com"),
        redirects: z.array(z.hostname("a hostname such as www.example.com")).default([]),
    }),
    hosting,
    env,
    secrets,
    payments,
    /** MongoDB Atlas (seed 004): project, cluster, backups, maintenance window, rotating users, access list. */
    atlas: atlas.optional(),
    email,
    redis,
    crons,
    backups,
    migrations,
    monitoring: monitoring.optional(),
    /** Backend services by name (e.g. api), each on a container platform: AWS ECS on Fargate or Google Cloud Run. */
    services,
    /** GitHub: the stack's environment, its branch rule and its Actions secrets and variables. */
    github,
    dns,
    /** The managed PostgreSQL project (Neon or Supabase): made or adopted, its URLs (and Supabase's keys) as env sources. */
    postgres,
    /** The app's least-privilege PostgreSQL role (seed 001): grants, no DDL, a connection limit, a rotating password. */
    database,
    /** Recovery objectives (RPO, RTO) checked against the data stores' real backups. */
    recovery,
    /** CloudTrail for the stack's AWS account (seed 004: audit logging), opt-in. */
    auditTrail,
    /** Feature flags and MAINTENANCE_MODE in an edge store the app reads per request (Vercel Edge Config, Cloudflare KV). */
    flags,
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
export type GithubConfig = NonNullable<CoreConfig["github"]>;
