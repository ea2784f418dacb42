// Production's public front doors limit what one client may ask: every proxied host has a Cloudflare
// rate-limiting rule, every Vercel project a rate-limit rule in its firewall, every load balancer a WAF.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { VERCEL_TARGET } from "./dns";
import { requireProductionSite } from "./environment";
import { known, TYPES } from "./resources";

type Rule = { expression?: string; action?: string | { action?: string }; ratelimit?: unknown };
const rulesOf = (r: PolicyResource) => known(() => r.props.rules as Rule[] | { rules?: Rule[] } | undefined);

export const productionEdgeProtected: StackValidationPolicy = {
    name: "production-edge-protected",
    description:
        "In production, every host proxied through Cloudflare has a rate-limiting rule, every Vercel project a rate-limit rule in its firewall, and every load balancer a WAF web ACL.",
    severity: "high",
    validateStack: (args, reportViolation) => {
        requireProductionSite(args, "edge protection is required in production only");
        const of = (type: string) => args.resources.filter((r) => r.type === type);

        const limits = of(TYPES.ruleset)
            .filter((r) => known(() => r.props.phase) === "http_ratelimit")
            .flatMap((r) => (rulesOf(r) as Rule[] | undefined) ?? [])
            .map((rule) => rule.expression ?? "");
        for (const record of of(TYPES.dnsRecord)) {
            if (known(() => record.props.proxied) !== true) continue;
            // A proxied record to Vercel is wrong in itself: vercel-records-not-proxied says how to fix it.
            if (VERCEL_TARGET.test(known(() => record.props.content as string | undefined) ?? "")) continue;
            const host = known(() => record.props.name as string | undefined);
            if (host === undefined || limits.some((e) => e.includes(`"${host}"`))) continue;
            reportViolation(
                `${host} is proxied through Cloudflare without a rate-limiting rule, so one client can exhaust it. Fix: keep app-platform:hosting.rateLimit enabled (the default) on a stack with app-platform:dns, or add an http_ratelimit rule for the host.`,
                record.urn,
            );
        }
        const firewalls = of(TYPES.vercelFirewall);
        for (const project of of(TYPES.vercelProject)) {
            const limited = firewalls.some((f) =>
                ((rulesOf(f) as { rules?: Rule[] } | undefined)?.rules ?? []).some(
                    (rule) => (rule.action as { action?: string } | undefined)?.action === "rate_limit",
                ),
            );
            if (!limited)
                reportViolation(
                    `Vercel project ${project.name} has no rate-limit rule in its firewall, so one client can exhaust its functions. Fix: keep app-platform:hosting.rateLimit enabled (the default).`,
                    project.urn,
                );
        }
        const associations = of(TYPES.webAclAssociation);
        const balancers = of(TYPES.loadBalancer);
        for (const lb of balancers) {
            const arn = known(() => lb.props.arn as string | undefined);
            const covered = associations.some((a) => {
                const target = known(() => a.props.resourceArn as string | undefined);
                // A new load balancer's ARN is unknown in preview: then any association may be its own.
                return target === undefined || arn === undefined || target === arn;
            });
            if (!covered || associations.length < balancers.length)
                reportViolation(
                    `load balancer ${lb.name} has no WAF web ACL, so exploits and floods reach the service unfiltered. Fix: keep app-platform:services.<name>.waf enabled (the default).`,
                    lb.urn,
                );
        }
    },
};
