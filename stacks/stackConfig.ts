// The config of one stack as every area sees it: the context its checks run in (where issues and
// warnings go) and the validated result the build reads.
import type { CronJob } from "../components/cronSchedules";
import type { DnsRecordSpec } from "../components/dns";
import type { ConfigIssue } from "./configIssue";
import type { CoreConfig, HostingConfig } from "./schema";
import type { SecretValue } from "./secretValue";

export const NAMESPACE = "app-platform";

/** Where an environment variable's value can come from, and whether that value is secret. */
export type Sources = Record<string, { secret: boolean; description: string }>;

export type ResolvedHosting = HostingConfig & { projectName: string; productionBranch: string; stagedReleases: boolean };

export interface ExternalKeyStatus {
    name: string;
    rotatedAt: string;
    rotationDays: number;
    dueAt: string;
    status: "ok" | "due" | "overdue";
}

/** The validated core config of one stack, with what the checks derived from it (config.ts adds the integrations' sections). */
export interface CoreStackConfig extends Omit<CoreConfig, "hosting"> {
    stack: string;
    hosting: ResolvedHosting;
    siteUrl: string;
    /** Values of the external secrets, keyed by their name under `secrets.external`. */
    externalValues: Record<string, SecretValue>;
    sources: Sources;
    externalKeys: ExternalKeyStatus[];
    cronJobs: CronJob[];
    dnsRecords: DnsRecordSpec[];
    /** Things to say in preview that do not stop the deployment. */
    warnings: string[];
    now: Date;
    /** Generated secrets held back by a pending manual step (a Dashboard paste): the clock they rotate by. */
    rotationClocks: Record<string, Date>;
}

export interface LoadOptions {
    stack: string;
    /** Full keys (`app-platform:x`) that Pulumi holds as secrets. */
    secretKeys: ReadonlySet<string>;
    now: Date;
    /** The stack file the config was read from, for messages (default `Pulumi.<stack>.yaml`). */
    file?: string;
}

export interface CheckContext {
    cfg: CoreConfig;
    opts: LoadOptions;
    issues: ConfigIssue[];
    /** The stack's secret entries (`app-platform:<name>`), by name. */
    secretEntries: Record<string, string>;
    /** Things to say in preview that do not stop the deployment. */
    warnings: string[];
    /** Generated secrets whose rotation waits on a manual step: the clock they rotate by. */
    rotationClocks: Record<string, Date>;
}

/** The domain the stack sends email from: dns.email.domain, else the domain of email.from. */
export function sendingDomain(cfg: Pick<CoreConfig, "dns" | "email">): string | undefined {
    return cfg.dns?.email?.domain ?? cfg.email?.from.split("@")[1];
}

/** The owner's direct URL, when a secret names it: database.adminUrlSecret, else the migrations' (else the managed project's owner). */
export function adminUrlSecret(cfg: Pick<CoreConfig, "database" | "migrations">): string | undefined {
    return cfg.database?.adminUrlSecret ?? cfg.migrations?.databaseUrlSecret;
}
