// Vercel: the project linked to its repository, its domains (redirects are Vercel's own 308s), one
// resource per env var, and the redeploy that brings env changes live. Its domains are never proxied:
// Vercel must see the client to issue their certificates.
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { VercelRedeployResource } from "../../providers/deployments/vercelProvider";
import { EnvironmentVariables } from "../environmentVariables";
import { CommonHosting, HostingAdapter, HostingIssue, redeployArgs } from "./adapter";

export interface VercelHosting extends CommonHosting {
    provider: "vercel";
    framework: string;
    installCommand?: string;
    nodeVersion?: string;
    regions: string[];
}

// Vercel's documented targets for custom domains (vercel.com/docs/domains).
const VERCEL_APEX_A = "76.76.21.21";
const VERCEL_CNAME = "cname.vercel-dns.com";
/** The Vercel provider's rule for project names (52 characters, lowercase letters, digits, dashes). */
const PROJECT_NAME = /^[a-z0-9-]{1,52}$/;

export const vercelAdapter: HostingAdapter<VercelHosting> = {
    title: "Vercel",
    credentials: "vercel",
    teamId: (config) => config.get("team"),
    envTargets: ["production", "preview", "development"],
    // Vercel keeps sensitive variables out of development.
    secretTargets: ["production", "preview"],
    certificateAuthorities: ["letsencrypt.org"],

    domainRecord: (host, apex) =>
        apex
            ? { name: host, type: "A", content: VERCEL_APEX_A, proxied: false, purpose: "apex → Vercel" }
            : { name: host, type: "CNAME", content: VERCEL_CNAME, proxied: false, purpose: "host → Vercel" },

    check({ hosting, derivedName }) {
        const issues: HostingIssue[] = [];
        if (!PROJECT_NAME.test(hosting.projectName)) {
            issues.push({
                key: derivedName ? "name" : "hosting.projectName",
                message:
                    `the Vercel project name "${hosting.projectName}"${derivedName ? " (<name>-<stack>)" : ""} must be 1-52 lowercase letters, digits or dashes; ` +
                    (derivedName ? "shorten app-platform:name or set app-platform:hosting.projectName" : "choose a shorter name"),
            });
        }
        // Vercel serves the headers of the app's vercel.json; the uptime check of / asserts them.
        return { issues, warnings: [] };
    },

    create(name, args, { parent, protect }) {
        const { hosting } = args;
        const childOpts = { parent, protect };
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
                // Staged: Vercel builds every push to the production branch but leaves production's
                // domains alone until a release promotes the build. Unset is the provider's default (true).
                autoAssignCustomDomains: hosting.stagedReleases ? false : undefined,
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
        if (hosting.rateLimit.enabled) {
            const { requests, windowSeconds } = hosting.rateLimit;
            // The project's whole firewall config (one per project: PUT /v1/security/firewall/config
            // replaces it); destroying it turns the firewall off. `active` set: left out, it reads back null.
            new vercel.FirewallConfig(
                `${name}-firewall`,
                {
                    projectId: project.id,
                    enabled: true,
                    rules: {
                        rules: [
                            {
                                name: "rate limit per client",
                                description: `more than ${requests} requests in ${windowSeconds} s from one IP are answered 429`,
                                active: true,
                                conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/" }] }],
                                action: {
                                    action: "rate_limit",
                                    rateLimit: { algo: "fixed_window", window: windowSeconds, limit: requests, keys: ["ip"], action: "rate_limit" },
                                },
                            },
                        ],
                    },
                },
                { parent },
            );
        }
        const env = new EnvironmentVariables(`${name}-env`, { projectId: project.id, variables: args.environment }, { parent });
        const redeploy = args.redeploy;
        return {
            projectId: project.id,
            projectName: project.name,
            defaultHost: pulumi.interpolate`${project.name}.vercel.app`,
            live: redeploy
                ? [
                      new VercelRedeployResource(
                          `${name}-redeploy`,
                          {
                              ...redeployArgs(redeploy, args.environment),
                              projectId: project.id,
                              teamId: redeploy.teamId ?? null,
                              productionDomain: args.primaryDomain,
                              promote: hosting.stagedReleases || undefined,
                          },
                          { parent, dependsOn: [env] },
                      ),
                  ]
                : [env],
        };
    },
};
