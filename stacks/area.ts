// One capability's contract (stacks/areas/index.ts lists them in order): its env sources and checks (the
// config), its resources in three phases (the build) and its outputs. Areas never import each other:
// what one needs from another passes through the typed fields of these contexts.
import type * as pulumi from "@pulumi/pulumi";
import type { AtlasCluster } from "../components/atlasCluster";
import type { CronJob, CronSchedules } from "../components/cronSchedules";
import type { Dns, DnsRecordSpec } from "../components/dns";
import type { EnvVar } from "../components/environmentVariables";
import type { BackupBucket } from "../components/backupBucket";
import type { ErrorTracking } from "../components/errorTracking";
import type { FeatureFlags } from "../components/featureFlags";
import type { HostingProject } from "../components/hostingProject";
import type { ManagedPostgres } from "../components/managedPostgres";
import type { Migrations } from "../components/migrations";
import type { Redis } from "../components/redis";
import type { RotatingSecret } from "../components/rotatingSecret";
import type { MigrationSet } from "../providers/migrations/files";
import type { BuildContext } from "./buildContext";
import type { SourceValue } from "./envContract";
import type { CheckContext, CoreStackConfig, ExternalKeyStatus, ResolvedHosting, Sources } from "./stackConfig";
import type { IntegrationOutputs, ServiceEntry, StackOutputExports } from "./outputs";
import type { SecretValue } from "./secretValue";

/** The config under check, with the vendor integrations' sections. */
export interface ConfigContext extends CheckContext {
    /** `app-platform:webhooks`, one section per integration (stacks/integrations/index.ts parses them). */
    webhooks?: Record<string, unknown>;
}

/** What the checks read that an area resolved first. */
export interface Resolved {
    /** hosting: the project's name and branch, defaults applied. */
    hosting: ResolvedHosting;
    /** secrets: the values of the stack's external secrets. */
    externalValues: Record<string, SecretValue>;
    /** email: the provider's records for the sending domain's DNS plan (with email.domain). */
    mail(domain: string): MailRecords | undefined;
    /** services: each host's records in the zone, and where its certificates come from (for the CAA). */
    serviceDns: { host: string; key: string; records: DnsRecordSpec[]; certificateAuthorities: string[] }[];
}

export interface AreaCheckContext extends ConfigContext, Resolved {
    /** Every env source the stack's sections provide. */
    sources: Sources;
}

/** What an area plans once every check ran: the config's derived parts. */
export interface Planned {
    cronJobs: CronJob[];
    externalKeys: ExternalKeyStatus[];
    dnsRecords: DnsRecordSpec[];
    /** Said before the checks' warnings. */
    warnings: string[];
}

/** The build so far: each phase's areas add their fields, in registry order. */
export interface BuildState extends BuildContext {
    cfg: CoreStackConfig & { webhooks?: Record<string, unknown> };
    migrationFiles?: MigrationSet;
    /** secrets: the generated secrets, in config order. */
    generated: [string, RotatingSecret][];
    redis?: Redis;
    /** postgres: the managed project (its owner's direct and pooled URLs). */
    postgres?: ManagedPostgres;
    /** database: the app role's env source (its current login's URL). */
    databaseValues?: Record<string, SourceValue>;
    /** flags: the edge store of the feature flags (its Pages namespace is bound to the project). */
    flags?: FeatureFlags;
    backups?: BackupBucket;
    atlas?: BuiltAtlas;
    errorTracking?: ErrorTracking;
    /** Their own env sources' values (Sentry's DSN…), from what `before` made. */
    errorTrackingValues?: Record<string, SourceValue>;
    /** Every env source's value (after `before`). */
    values: Record<string, SourceValue>;
    /** The app's env-var contract (after `before`). */
    environment: EnvVar[];
    hosting: HostingProject;
    dns?: Dns;
    services?: BuiltServices;
    /** What runs the app with the current env vars: signers of rotated secrets wait for all of it. */
    live: pulumi.Resource[];
    schedules?: CronSchedules;
    /** payments: what the vendor registered once the app was live (M-Pesa's C2B URLs), and its status. */
    paymentRegistration?: { status: pulumi.Output<string> };
    /** email: the sending domain's status at the provider, once its DKIM records are published. */
    emailDomainStatus?: pulumi.Output<string>;
    migrations?: Migrations;
    monitoring?: Monitoring;
    /** The vendor integrations' outputs, as they build and publish. */
    integrationOutputs: IntegrationOutputs[];
    /** The vendor integrations' env sources' values, from what they built. */
    integrationValues?: Record<string, SourceValue>;
}

type Added = Partial<Omit<BuildState, keyof BuildContext>>;

export interface Area {
    /** The env sources (`from: <name>`) its section provides. */
    sources?(ctx: ConfigContext): Sources;
    /** Before the checks: what they read of it. */
    resolve?(ctx: ConfigContext, raw: Record<string, string>): Partial<Resolved>;
    check?(ctx: AreaCheckContext): void;
    /** After every check. */
    plan?(ctx: AreaCheckContext): Partial<Planned>;
    /** Before the app, whose env may read its sources. */
    before?(state: BuildState): Added | void;
    /** Its env sources' values, once `before` ran. */
    values?(state: BuildState): Record<string, SourceValue>;
    /** The app itself, and what runs it. */
    app?(state: BuildState): Added | void;
    /** After the app and its DNS: what points at the running app. */
    after?(state: BuildState): Added | void;
    /** Its stack outputs (null where the stack does not declare it). */
    outputs?(state: BuildState): Partial<StackOutputExports>;
}

// What one area built that another reads.

/** atlas: the cluster, its env sources' values, and the dump each service deploy waits for. */
export interface BuiltAtlas {
    values: Record<string, SourceValue>;
    cluster: AtlasCluster;
    /** The pre-change dump a service's deploy waits for (with a backup bucket). */
    beforeDeploy?: (service: string, deploy: pulumi.Output<string>, parent: pulumi.Resource) => pulumi.Resource;
}

/** services: what runs them, and their output. */
export interface BuiltServices {
    /** What signers of rotated secrets wait for: each service running its current revision. */
    live: pulumi.Resource[];
    /** The `services` output: per service, where it answers, what runs, its env contract and secret store. */
    outputs: pulumi.Output<Record<string, ServiceEntry>>;
}

/** monitoring: its output. */
export interface Monitoring {
    checks: { name: string; url: pulumi.Input<string>; checkId: pulumi.Output<string> }[];
    alertChannels: string[];
    /** `org/slug` of the Sentry project, when there is one. */
    sentryProject: pulumi.Output<string> | null;
}

/** The records a sending domain needs from the email provider, for the DNS plan. */
export interface MailRecords {
    /** The bounce MX host, when the provider decides it. */
    mx?: string;
    /** Records the provider's own resource publishes (through the DNS adapter), listed in the plan. */
    published: DnsRecordSpec[];
}

/** A generated secret of `secrets.generated`, by name (the config checked the names). */
export function generatedSecret(generated: BuildState["generated"], name: string): RotatingSecret {
    return generated.find(([n]) => n === name)![1];
}
