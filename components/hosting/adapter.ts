// The contract every hosting platform's adapter meets (vercel.ts, pages.ts): the project and what hangs
// off it, and the platform's facts the config and the zone need. Nothing outside an adapter names a
// platform: a third one is its adapter and a line in ../hostingProject.ts's table.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import type { DnsRecordSpec } from "../dns";
import type { EnvTarget, EnvVar } from "../environmentVariables";

/** A per-client request limit at the platform's edge. */
export interface RateLimit {
    enabled: boolean;
    requests: number;
    windowSeconds: number;
}

/** What every platform's project is made from. */
export interface CommonHosting {
    projectName: string;
    repository: { type: "github" | "gitlab" | "bitbucket"; repo: string };
    /** The branch whose pushes deploy to production. */
    productionBranch: string;
    rootDirectory?: string;
    buildCommand?: string;
    outputDirectory?: string;
    envTargets: readonly EnvTarget[];
    securityHeaders: Record<string, string>;
    /** Requests per client (IP) and window before it is refused. */
    rateLimit: RateLimit;
    /** Production builds wait for a release to promote them, instead of going live on push. */
    stagedReleases: boolean;
}

/** Deploy production again after any env change, and wait until it is live. */
export interface RedeployArgs {
    /** The platform's token; absent, the provider reads the platform's token variable when it runs. */
    apiToken?: pulumi.Input<string>;
    apiBaseUrl: string;
    /** Vercel: the team id (`vercel:team`) of a team project. */
    teamId?: string;
    timeoutMinutes: number;
    pollSeconds: number;
}

export interface ProjectArgs<H> {
    hosting: H;
    /** Served host; the site is https://<primaryDomain>. */
    primaryDomain: string;
    /** Hosts that redirect (308) to the primary domain, e.g. www. */
    redirectDomains: string[];
    /** The stack's Cloudflare zone, when it manages one. */
    zoneId?: string;
    environment: EnvVar[];
    redeploy?: RedeployArgs;
    /** Pages: KV namespaces the Functions read, by binding name (the feature flags' FLAGS). */
    kvBindings?: Record<string, pulumi.Input<string>>;
}

/** What an adapter built under the HostingProject component. */
export interface BuiltProject {
    projectId: pulumi.Output<string>;
    projectName: pulumi.Output<string>;
    /** The platform's own host, e.g. ecoo-staging.vercel.app or mystic.pages.dev. */
    defaultHost: pulumi.Output<string>;
    /** What runs the app with the current env vars: a signer of a rotated secret waits for it. */
    live: pulumi.Resource[];
    /** Values its DNS records take once the project exists (`DnsRecordSpec.contentFrom`), by key. */
    dnsContent?: Record<string, pulumi.Output<string>>;
}

/** The stack's hosting config as an adapter's checks see it. */
export interface HostingCheckInput<H> {
    hosting: H;
    /** The project name was derived (<name>-<stack>), not set. */
    derivedName: boolean;
    redirects: string[];
    /** The stack manages a Cloudflare zone (app-platform:dns). */
    zone: boolean;
}

/** A problem with the config: `key` below the program's namespace (e.g. `hosting.projectName`). */
export interface HostingIssue {
    key: string;
    message: string;
}

export interface HostingAdapter<H extends CommonHosting & { provider: string }> {
    /** The platform's name in messages. */
    title: string;
    /** The Pulumi config namespace of the platform provider's credentials (`<ns>:apiToken`). */
    credentials: string;
    /** Vercel: the team (`vercel:team`) a team project's redeploy names. */
    teamId?: (config: pulumi.Config) => string | undefined;
    /** The deployment environments the platform has. */
    envTargets: readonly EnvTarget[];
    /** Those that take sensitive (secret) variables. */
    secretTargets: readonly EnvTarget[];
    /** The certificate authorities of the platform's certificates for custom domains (CAA `issue`). */
    certificateAuthorities: string[];
    /** The record that points `host` at the project (`apex`: the zone's own name). */
    domainRecord(host: string, apex: boolean, hosting: H): DnsRecordSpec;
    /** The config problems only this platform has, and its warnings. */
    check(input: HostingCheckInput<H>): { issues: HostingIssue[]; warnings: string[] };
    /** The project, its domains, env vars and redeploy, under `parent`; `opts` guard them in production. */
    create(name: string, args: ProjectArgs<H>, opts: { parent: pulumi.Resource; protect: boolean }): BuiltProject;
    /** What the platform serves from the zone itself (Pages: the security headers at the edge); top level. */
    edge?(name: string, args: { zoneId: string; host: string; redirects: string[]; headers: Record<string, string>; rateLimit: RateLimit }): void;
}

/** A digest of the variables (names, targets, values): a change means the running app is out of date. */
function envDigest(environment: EnvVar[]): pulumi.Output<string> {
    return pulumi
        .all(environment.map((v) => pulumi.all([v.name, v.targets, v.value])))
        .apply((vars) => createHash("sha256").update(JSON.stringify(vars)).digest("hex"));
}

/** What every platform's redeploy takes: the token, the API, the trigger and the wait. */
export function redeployArgs(redeploy: RedeployArgs, environment: EnvVar[]) {
    return {
        apiToken: redeploy.apiToken ? pulumi.secret(redeploy.apiToken) : null,
        apiBaseUrl: redeploy.apiBaseUrl,
        trigger: pulumi.secret(envDigest(environment)),
        timeoutMinutes: redeploy.timeoutMinutes,
        pollSeconds: redeploy.pollSeconds,
    };
}
