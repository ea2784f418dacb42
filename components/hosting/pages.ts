// Cloudflare Pages: the project (its env vars live in its deployment configs), its custom domain, a
// zone redirect rule for the other hosts (Pages cannot redirect a custom domain itself), the
// redeploy, and the security headers set at Cloudflare's edge. Its records are proxied CNAMEs.
import * as cloudflare from "@pulumi/cloudflare";
import { visible } from "../../shared/text";
import { PagesRedeployResource } from "../../providers/deployments/pagesProvider";
import { EdgeSecurity } from "../edgeSecurity";
import { pagesEnvVars } from "../environmentVariables";
import { CommonHosting, HostingAdapter, HostingIssue, redeployArgs } from "./adapter";

export interface PagesHosting extends CommonHosting {
    provider: "cloudflare-pages";
    accountId: string;
    repository: { type: "github" | "gitlab"; repo: string };
    compatibilityDate?: string;
}

// The project's `*.pages.dev` host, which the zone's CNAMEs take once the project exists.
const SUBDOMAIN = "pages-subdomain";

export const pagesAdapter: HostingAdapter<PagesHosting> = {
    title: "Cloudflare Pages",
    credentials: "cloudflare",
    envTargets: ["production", "preview"],
    secretTargets: ["production", "preview"],
    // Cloudflare's edge certificates come from these CAs.
    certificateAuthorities: ["letsencrypt.org", "pki.goog", "ssl.com"],

    // Cloudflare may suffix the subdomain when the name is taken: the project's own output decides.
    domainRecord: (host, _apex, hosting) => ({
        name: host,
        type: "CNAME",
        content: `${hosting.projectName}.pages.dev`,
        contentFrom: SUBDOMAIN,
        proxied: true,
        purpose: "host → Cloudflare Pages",
    }),

    check({ hosting, redirects, zone }) {
        const issues: HostingIssue[] = [];
        const warnings: string[] = [];
        if (redirects.length > 0 && !zone) {
            // Pages cannot redirect a custom domain itself: the redirect is a rule in the zone.
            issues.push({
                key: "domains.redirects",
                message: `on Cloudflare Pages a redirect is a Cloudflare redirect rule in the zone: configure app-platform:dns (zoneId, zone), or remove the redirects`,
            });
        }
        if (hosting.stagedReleases) {
            issues.push({
                key: "hosting.stagedReleases",
                message:
                    "Cloudflare Pages has no staged production builds (every push to the production branch goes live): remove it; npm run release smoke-tests the published build and rolls back on failure",
            });
        }
        // What a response-header transform rule may set (developers.cloudflare.com/rules/transform/
        // response-header-modification/: no cf- or x-cf- headers, nor Server; values of printable
        // ASCII): the rest would fail the up.
        for (const [name, value] of Object.entries(hosting.securityHeaders)) {
            const key = `hosting.securityHeaders.${name}`;
            if (/^(x-)?cf-|^server$/i.test(name))
                issues.push({ key, message: "Cloudflare's transform rules cannot set this header (cf-, x-cf- and Server are Cloudflare's): remove it" });
            else if (!/^[\x20-\x7e]*$/.test(value))
                issues.push({
                    key,
                    message: `"${visible(value)}" holds characters outside printable ASCII, which Cloudflare's transform rules refuse: write them with ASCII (e.g. percent-encoded)`,
                });
        }
        if (!zone) {
            warnings.push(
                `app-platform:hosting.securityHeaders: Cloudflare sets them at the edge only in a zone this stack manages (app-platform:dns); without it, set them in the app's _headers file (an uptime check of / asserts them).`,
            );
        }
        return { issues, warnings };
    },

    create(name, args, { parent, protect }) {
        const { hosting } = args;
        const childOpts = { parent, protect };
        const [owner, repoName] = hosting.repository.repo.split("/");
        const kvNamespaces = args.kvBindings && Object.fromEntries(Object.entries(args.kvBindings).map(([binding, namespaceId]) => [binding, { namespaceId }]));
        const deployment = (target: "production" | "preview") => ({
            envVars: pagesEnvVars(args.environment, target),
            compatibilityDate: hosting.compatibilityDate,
            ...(kvNamespaces ? { kvNamespaces } : {}),
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
            // One dynamic redirect rule in the zone sends every redirect host to the primary, path and query kept.
            const hosts = args.redirectDomains.map((h) => `"${h}"`).join(" ");
            new cloudflare.Ruleset(
                `${name}-redirects`,
                {
                    zoneId: args.zoneId!,
                    name: `${hosting.projectName}: redirect to ${args.primaryDomain}`,
                    kind: "zone",
                    phase: "http_request_dynamic_redirect",
                    rules: [
                        {
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
                        },
                    ],
                },
                // The zone's one entry point of its phase: replaced by deleting it first.
                { ...childOpts, deleteBeforeReplace: true },
            );
        }
        const redeploy = args.redeploy;
        return {
            projectId: project.id,
            projectName: project.name,
            defaultHost: project.subdomain,
            dnsContent: { [SUBDOMAIN]: project.subdomain },
            live: redeploy
                ? [
                      new PagesRedeployResource(
                          `${name}-redeploy`,
                          {
                              ...redeployArgs(redeploy, args.environment),
                              accountId: hosting.accountId,
                              projectName: project.name,
                              branch: hosting.productionBranch,
                          },
                          // The env vars live in the project's deployment configs.
                          { parent, dependsOn: [project] },
                      ),
                  ]
                : [project],
        };
    },

    edge(name, args) {
        new EdgeSecurity(name, args);
    },
};
