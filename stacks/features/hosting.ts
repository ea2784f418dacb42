// Hosting and domains: the project's resolved name and branch, Vercel's naming rule, the redirects,
// and the redeploy that brings env changes to the running app.
import * as pulumi from "@pulumi/pulumi";
import type { EnvVar } from "../../components/environmentVariables";
import { EdgeSecurity } from "../../components/edgeSecurity";
import { HostingProject } from "../../components/hostingProject";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, physicalName, ResolvedHosting, Sources } from "../feature";
import { visible } from "../fieldRules";
import type { CoreConfig } from "../schema";

export function hostingSources(): Sources {
    return { "site.url": { secret: false, description: "https:// + domains.primary" } };
}

export function resolveHosting(cfg: CoreConfig, stack: string): ResolvedHosting {
    return {
        ...cfg.hosting,
        projectName: cfg.hosting.projectName ?? physicalName(cfg.name, stack),
        productionBranch: cfg.hosting.productionBranch ?? (cfg.environment === "production" ? "main" : "staging"),
    };
}

/** The Vercel provider's rule for project names (52 characters, lowercase letters, digits, dashes). */
const VERCEL_PROJECT_NAME = /^[a-z0-9-]{1,52}$/;

export function checkProjectName({ cfg, issues }: CheckContext, hosting: ResolvedHosting): void {
    if (hosting.provider !== "vercel" || VERCEL_PROJECT_NAME.test(hosting.projectName)) return;
    const derived = cfg.hosting.projectName === undefined;
    issues.push({
        key: `${NAMESPACE}:${derived ? "name" : "hosting.projectName"}`,
        message: `the Vercel project name "${hosting.projectName}"${derived ? " (<name>-<stack>)" : ""} must be 1-52 lowercase letters, digits or dashes; ` +
            (derived ? "shorten app-platform:name or set app-platform:hosting.projectName" : "choose a shorter name"),
    });
}

/**
 * What a Cloudflare response-header transform rule may set (developers.cloudflare.com/rules/
 * transform/response-header-modification/: no cf- or x-cf- headers, nor Server; values of
 * printable ASCII): the rest would fail the Pages stack's up.
 */
function checkEdgeHeaders({ cfg, issues }: CheckContext): void {
    for (const [name, value] of Object.entries(cfg.hosting.securityHeaders)) {
        const key = `${NAMESPACE}:hosting.securityHeaders.${name}`;
        if (/^(x-)?cf-|^server$/i.test(name)) issues.push({ key, message: "Cloudflare's transform rules cannot set this header (cf-, x-cf- and Server are Cloudflare's): remove it" });
        else if (!/^[\x20-\x7e]*$/.test(value)) issues.push({ key, message: `"${visible(value)}" holds characters outside printable ASCII, which Cloudflare's transform rules refuse: write them with ASCII (e.g. percent-encoded)` });
    }
}

export function checkDomains(ctx: CheckContext): void {
    const { cfg, issues, warnings } = ctx;
    const { primary, redirects } = cfg.domains;
    redirects.forEach((host, i) => {
        if (host === primary) issues.push({ key: `${NAMESPACE}:domains.redirects[${i}]`, message: `is the primary domain; it cannot redirect to itself` });
        if (redirects.indexOf(host) !== i) issues.push({ key: `${NAMESPACE}:domains.redirects[${i}]`, message: `repeats ${host}` });
    });
    if (cfg.hosting.provider === "cloudflare-pages" && redirects.length > 0 && !cfg.dns) {
        // Pages cannot redirect a custom domain itself: the redirect is a rule in the zone.
        issues.push({ key: `${NAMESPACE}:domains.redirects`, message: `on Cloudflare Pages a redirect is a Cloudflare redirect rule in the zone: configure app-platform:dns (zoneId, zone), or remove the redirects` });
    }
    if (cfg.hosting.provider === "cloudflare-pages") checkEdgeHeaders(ctx);
    if (cfg.hosting.provider === "cloudflare-pages" && !cfg.dns) {
        warnings.push(`${NAMESPACE}:hosting.securityHeaders: Cloudflare sets them at the edge only in a zone this stack manages (app-platform:dns); without it, set them in the app's _headers file (an uptime check of / asserts them).`);
    }
}

export function hostingValues({ cfg }: BuildContext): Record<string, SourceValue> {
    return { "site.url": { value: cfg.siteUrl } };
}

export function buildHosting({ cfg, protect }: BuildContext, environment: EnvVar[]): HostingProject {
    // The platform provider's own credentials (`vercel:apiToken`/`vercel:team`, `cloudflare:apiToken`),
    // else its token variable (VERCEL_API_TOKEN, CLOUDFLARE_API_TOKEN), read when the redeploy runs.
    const platform = new pulumi.Config(cfg.hosting.provider === "vercel" ? "vercel" : "cloudflare");
    const redeploy = cfg.hosting.redeploy.enabled
        ? { ...cfg.hosting.redeploy, apiToken: platform.getSecret("apiToken"), teamId: cfg.hosting.provider === "vercel" ? platform.get("team") : undefined }
        : undefined;
    const project = new HostingProject(cfg.name, {
        redeploy,
        hosting: cfg.hosting,
        primaryDomain: cfg.domains.primary,
        redirectDomains: cfg.domains.redirects,
        zoneId: cfg.dns?.zoneId,
        environment,
        protect,
    });
    // Vercel serves the headers of the app's vercel.json (its records are not proxied); Pages gets them at Cloudflare's edge.
    if (cfg.hosting.provider === "cloudflare-pages" && cfg.dns) {
        new EdgeSecurity(`${cfg.name}-edge`, { zoneId: cfg.dns.zoneId, host: cfg.domains.primary, headers: cfg.hosting.securityHeaders });
    }
    return project;
}
