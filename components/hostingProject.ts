import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { createHash } from "crypto";
import { PagesRedeployResource } from "../providers/deployments/pagesProvider";
import { VercelRedeployResource } from "../providers/deployments/vercelProvider";
import { EnvironmentVariables, EnvTarget, EnvVar, namesByTarget, pagesEnvVars } from "./environmentVariables";

interface CommonHosting {
    projectName: string;
    repository: { type: "github" | "gitlab" | "bitbucket"; repo: string };
    /** The branch whose pushes deploy to production. */
    productionBranch: string;
    rootDirectory?: string;
    buildCommand?: string;
    outputDirectory?: string;
    envTargets: readonly EnvTarget[];
}

export interface VercelHosting extends CommonHosting {
    provider: "vercel";
    framework: string;
    installCommand?: string;
    nodeVersion?: string;
    regions: string[];
}

export interface PagesHosting extends CommonHosting {
    provider: "cloudflare-pages";
    accountId: string;
    repository: { type: "github" | "gitlab"; repo: string };
    compatibilityDate?: string;
}

/** The project to create, per platform. */
export type Hosting = VercelHosting | PagesHosting;

export interface HostingProjectArgs {
    hosting: Hosting;
    /** Served host; the site is https://<primaryDomain>. */
    primaryDomain: string;
    /** Hosts that redirect (308) to the primary domain, e.g. www. */
    redirectDomains: string[];
    /** Cloudflare Pages: the zone whose redirect rule sends `redirectDomains` to the primary domain. */
    zoneId?: string;
    environment: EnvVar[];
    /** Production: guard the project and its domains against deletion. */
    protect: boolean;
    /** Deploy production again after any env change, and wait until it is live. */
    redeploy?: {
        /** The platform's token; absent, the provider reads VERCEL_API_TOKEN or CLOUDFLARE_API_TOKEN when it runs. */
        apiToken?: pulumi.Input<string>;
        apiBaseUrl: string;
        /** Vercel: the team id (`vercel:team`) of a team project. */
        teamId?: string;
        timeoutMinutes: number;
        pollSeconds: number;
    };
}

/** A digest of the variables (names, targets, values): a change means the running app is out of date. */
function envDigest(environment: EnvVar[]): pulumi.Output<string> {
    return pulumi
        .all(environment.map((v) => pulumi.all([v.name, v.targets, v.value])))
        .apply((vars) => createHash("sha256").update(JSON.stringify(vars)).digest("hex"));
}

/** What both platforms' redeploys take: the token, the API, the trigger and the wait. */
function redeployArgs(redeploy: NonNullable<HostingProjectArgs["redeploy"]>, environment: EnvVar[]) {
    return {
        apiToken: redeploy.apiToken ? pulumi.secret(redeploy.apiToken) : null,
        apiBaseUrl: redeploy.apiBaseUrl,
        trigger: pulumi.secret(envDigest(environment)),
        timeoutMinutes: redeploy.timeoutMinutes,
        pollSeconds: redeploy.pollSeconds,
    };
}

/** The app's hosting project (Vercel or Cloudflare Pages), its custom domains and its environment variables. */
export class HostingProject extends pulumi.ComponentResource {
    readonly provider: Hosting["provider"];
    readonly projectId: pulumi.Output<string>;
    readonly projectName: pulumi.Output<string>;
    readonly productionBranch: string;
    /** The platform's own host, e.g. ecoo-staging.vercel.app or mystic.pages.dev. */
    readonly defaultHost: pulumi.Output<string>;
    readonly domains: string[];
    readonly envVarNames: Record<EnvTarget, string[]>;
    /** What runs the app with the current env vars: a signer of a rotated secret waits for it. */
    readonly live: pulumi.Resource[];

    constructor(name: string, args: HostingProjectArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:hosting:HostingProject", name, {}, opts);
        const { hosting } = args;
        this.provider = hosting.provider;
        this.productionBranch = hosting.productionBranch;
        this.domains = [args.primaryDomain, ...args.redirectDomains];
        this.envVarNames = namesByTarget(args.environment);
        const childOpts = { parent: this, protect: args.protect };

        if (hosting.provider === "vercel") {
            const project = new vercel.Project(
                name,
                {
                    name: hosting.projectName,
                    framework: hosting.framework,
                    gitRepository: { type: hosting.repository.type, repo: hosting.repository.repo, productionBranch: hosting.productionBranch },
                    installCommand: hosting.installCommand,
                    buildCommand: hosting.buildCommand,
                    outputDirectory: hosting.outputDirectory,
                    rootDirectory: hosting.rootDirectory,
                    nodeVersion: hosting.nodeVersion,
                    resourceConfig: { functionDefaultRegions: hosting.regions },
                },
                childOpts,
            );
            const primary = new vercel.ProjectDomain(`${name}-${args.primaryDomain}`, { projectId: project.id, domain: args.primaryDomain }, childOpts);
            for (const host of args.redirectDomains) {
                new vercel.ProjectDomain(
                    `${name}-${host}`,
                    { projectId: project.id, domain: host, redirect: args.primaryDomain, redirectStatusCode: 308 },
                    { ...childOpts, dependsOn: [primary] },
                );
            }
            const env = new EnvironmentVariables(`${name}-env`, { projectId: project.id, variables: args.environment }, { parent: this });
            const redeploy = args.redeploy;
            this.live = redeploy
                ? [new VercelRedeployResource(
                    `${name}-redeploy`,
                    { ...redeployArgs(redeploy, args.environment), projectId: project.id, teamId: redeploy.teamId ?? null, productionDomain: args.primaryDomain },
                    { parent: this, dependsOn: [env] },
                )]
                : [env];
            this.projectId = project.id;
            this.projectName = project.name;
            this.defaultHost = pulumi.interpolate`${project.name}.vercel.app`;
        } else {
            const [owner, repoName] = hosting.repository.repo.split("/");
            const deployment = (target: "production" | "preview") => ({
                envVars: pagesEnvVars(args.environment, target),
                compatibilityDate: hosting.compatibilityDate,
            });
            const project = new cloudflare.PagesProject(
                name,
                {
                    accountId: hosting.accountId,
                    name: hosting.projectName,
                    productionBranch: hosting.productionBranch,
                    buildConfig: {
                        buildCommand: hosting.buildCommand,
                        destinationDir: hosting.outputDirectory,
                        rootDir: hosting.rootDirectory,
                    },
                    source: {
                        type: hosting.repository.type,
                        config: { owner, repoName, productionBranch: hosting.productionBranch, productionDeploymentsEnabled: true },
                    },
                    deploymentConfigs: { production: deployment("production"), preview: deployment("preview") },
                },
                childOpts,
            );
            new cloudflare.PagesDomain(
                `${name}-${args.primaryDomain}`,
                { accountId: hosting.accountId, projectName: project.name, name: args.primaryDomain },
                childOpts,
            );
            if (args.redirectDomains.length > 0) {
                // Pages serves custom domains but cannot redirect one: a single dynamic redirect
                // rule in the zone sends every redirect host to the primary, path and query kept.
                const hosts = args.redirectDomains.map((h) => `"${h}"`).join(" ");
                new cloudflare.Ruleset(
                    `${name}-redirects`,
                    {
                        zoneId: args.zoneId!,
                        name: `${hosting.projectName}: redirect to ${args.primaryDomain}`,
                        kind: "zone",
                        phase: "http_request_dynamic_redirect",
                        rules: [{
                            description: `${args.redirectDomains.join(", ")} → ${args.primaryDomain} (308)`,
                            expression: `(http.host in {${hosts}})`,
                            action: "redirect",
                            actionParameters: {
                                fromValue: {
                                    statusCode: 308,
                                    targetUrl: { expression: `concat("https://${args.primaryDomain}", http.request.uri.path)` },
                                    preserveQueryString: true,
                                },
                            },
                            enabled: true,
                        }],
                    },
                    childOpts,
                );
            }
            this.projectId = project.id;
            this.projectName = project.name;
            this.defaultHost = project.subdomain;
            const redeploy = args.redeploy;
            this.live = redeploy
                ? [new PagesRedeployResource(
                    `${name}-redeploy`,
                    { ...redeployArgs(redeploy, args.environment), accountId: hosting.accountId, projectName: project.name, branch: hosting.productionBranch },
                    // The env vars live in the project's deployment configs.
                    { parent: this, dependsOn: [project] },
                )]
                : [project];
        }

        this.registerOutputs({
            projectId: this.projectId,
            projectName: this.projectName,
            defaultHost: this.defaultHost,
            domains: this.domains,
            envVarNames: this.envVarNames,
        });
    }
}
