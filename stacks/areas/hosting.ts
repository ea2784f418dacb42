// Hosting and domains: the project's resolved name and branch, the redirects, the platform's own
// checks (its adapter's), and the project with the redeploy that brings env changes to the running app.
import * as pulumi from "@pulumi/pulumi";
import type { EnvVar } from "../../components/environmentVariables";
import { type FeatureFlags, KV_BINDING } from "../../components/featureFlags";
import { hostingAdapter, HostingProject } from "../../components/hostingProject";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, ResolvedHosting, Sources } from "../stackConfig";
import { physicalName } from "../../shared/naming";
import type { CoreConfig } from "../schema";
import type { Area } from "../area";

export function hostingSources(): Sources {
    return { "site.url": { secret: false, description: "https:// + domains.primary" } };
}

export function resolveHosting(cfg: CoreConfig, stack: string): ResolvedHosting {
    return {
        ...cfg.hosting,
        projectName: cfg.hosting.projectName ?? physicalName(cfg.name, stack),
        productionBranch: cfg.hosting.productionBranch ?? (cfg.environment === "production" ? "main" : "staging"),
        // Only Vercel can stage a production build; a Pages stack that asks is told so (its adapter's check).
        stagedReleases: cfg.hosting.stagedReleases ?? (cfg.hosting.provider === "vercel" && cfg.environment === "production"),
    };
}

export function checkDomains({ cfg, issues }: CheckContext): void {
    const { primary, redirects } = cfg.domains;
    redirects.forEach((host, i) => {
        if (host === primary) issues.push({ key: `${NAMESPACE}:domains.redirects[${i}]`, message: `is the primary domain; it cannot redirect to itself` });
        if (redirects.indexOf(host) !== i) issues.push({ key: `${NAMESPACE}:domains.redirects[${i}]`, message: `repeats ${host}` });
    });
}

/** What only the stack's hosting platform asks of its config (its adapter's checks). */
export function checkPlatform({ cfg, issues, warnings }: CheckContext, hosting: ResolvedHosting): void {
    const found = hostingAdapter(hosting).check({
        hosting,
        derivedName: cfg.hosting.projectName === undefined,
        redirects: cfg.domains.redirects,
        zone: cfg.dns !== undefined,
    });
    issues.push(...found.issues.map(({ key, message }) => ({ key: `${NAMESPACE}:${key}`, message })));
    warnings.push(...found.warnings);
}

export function hostingValues({ cfg }: BuildContext): Record<string, SourceValue> {
    return { "site.url": { value: cfg.siteUrl } };
}

export function buildHosting({ cfg, protect }: BuildContext, environment: EnvVar[], flags?: FeatureFlags): HostingProject {
    const adapter = hostingAdapter(cfg.hosting);
    // The platform provider's own credentials (`vercel:apiToken`/`vercel:team`, `cloudflare:apiToken`),
    // else its token variable (VERCEL_API_TOKEN, CLOUDFLARE_API_TOKEN), read when the redeploy runs.
    const platform = new pulumi.Config(adapter.credentials);
    const redeploy = cfg.hosting.redeploy.enabled
        ? { ...cfg.hosting.redeploy, apiToken: platform.getSecret("apiToken"), teamId: adapter.teamId?.(platform) }
        : undefined;
    const project = new HostingProject(cfg.name, {
        redeploy,
        hosting: cfg.hosting,
        primaryDomain: cfg.domains.primary,
        redirectDomains: cfg.domains.redirects,
        zoneId: cfg.dns?.zoneId,
        environment,
        kvBindings: flags?.namespaceId && { [KV_BINDING]: flags.namespaceId },
        protect,
    });
    if (cfg.dns)
        adapter.edge?.(`${cfg.name}-edge`, {
            zoneId: cfg.dns.zoneId,
            host: cfg.domains.primary,
            redirects: cfg.domains.redirects,
            headers: cfg.hosting.securityHeaders,
            rateLimit: cfg.hosting.rateLimit,
        });
    return project;
}

export const hostingArea: Area = {
    sources: hostingSources,
    resolve: ({ cfg, opts }) => ({ hosting: resolveHosting(cfg, opts.stack) }),
    check(ctx) {
        checkDomains(ctx);
        checkPlatform(ctx, ctx.hosting);
    },
    values: hostingValues,
    app(state) {
        const hosting = buildHosting(state, state.environment, state.flags);
        return { hosting, live: hosting.live };
    },
    outputs: ({ cfg, hosting }) => ({
        environment: cfg.environment,
        siteUrl: cfg.siteUrl,
        hosting: pulumi.output({
            provider: hosting.provider,
            projectId: hosting.projectId,
            projectName: hosting.projectName,
            productionBranch: hosting.productionBranch,
            defaultHost: hosting.defaultHost,
        }),
        domains: hosting.domains,
        envVars: hosting.envVarNames,
    }),
};
