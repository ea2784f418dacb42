// What every capability's module (stacks/features/) shares: the config under check and the
// validated result, where issues go, and the helpers that word them.
import { closest, distance } from "fastest-levenshtein";
import type { CronJob } from "../components/cronSchedules";
import type { DnsRecordSpec } from "../components/dns";
import type { ConfigIssue } from "./configIssue";
import type { CoreConfig, HostingConfig } from "./schema";
import type { SecretValue } from "./secretValue";

export const NAMESPACE = "app-platform";

/** Where an environment variable's value can come from, and whether that value is secret. */
export type Sources = Record<string, { secret: boolean; description: string }>;

export type ResolvedHosting = HostingConfig & { projectName: string; productionBranch: string };

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

/** The one naming rule for what the vendors name (projects, databases, buckets): `<name>-<stack>[-<suffix>]`. */
export function physicalName(app: string, stack: string, suffix?: string): string {
    return [app, stack, suffix].filter(Boolean).join("-");
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

export function secretCommand(name: string, stack: string): string {
    return `pulumi config set --secret ${NAMESPACE}:${name} <value> --stack ${stack}`;
}

export function didYouMean(word: string, candidates: string[], show: (c: string) => string = (c) => c): string {
    if (candidates.length === 0) return "";
    const best = closest(word, candidates);
    const similarity = 1 - distance(word, best) / Math.max(word.length, best.length);
    return similarity >= 0.5 ? `Did you mean ${show(best)}?` : "";
}

/** Each event a vendor does not know, with the nearest it does. */
export function checkEvents(issues: ConfigIssue[], key: string, events: string[], known: readonly string[], what: string): void {
    events.forEach((event, i) => {
        if (!known.includes(event))
            issues.push({ key: `${NAMESPACE}:${key}[${i}]`, message: `"${event}" is not ${what}. ${didYouMean(event, [...known])}`.trim() });
    });
}
