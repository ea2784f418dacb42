// AWS WAF in front of an ECS service's Application Load Balancer (seed 004: DDoS protection, WAF
// rules, rate limiting). Per-module imports, as in ecsFargate.ts.
import * as wafv2 from "@pulumi/aws/wafv2";
import * as pulumi from "@pulumi/pulumi";

export interface EcsWaf {
    /** Requests one IP may make in 5 minutes before WAF blocks it (a rate-based rule). */
    requestsPer5Minutes: number;
}

/** AWS's managed rule groups every web ACL of ours carries: common exploits and known-bad inputs. */
const MANAGED = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"];
/**
 * Rules of those groups that only count: bodies over 8 KB and requests without a User-Agent are an
 * API's ordinary traffic (uploads, payment callbacks from servers), not attacks.
 */
const COUNTED: Record<string, { name: string; actionToUse: { count: object } }[] | undefined> = {
    AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY", "NoUserAgent_HEADER"].map((rule) => ({ name: rule, actionToUse: { count: {} } })),
};
const seen = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * A regional web ACL on the load balancer: AWS's managed rules for common exploits and known-bad
 * inputs (rule groups take `overrideAction: none`, not an action; two rules only count, above) and a per-IP rate rule, each
 * counted in CloudWatch. The association is replaced by deleting it first: deleting the old one
 * disassociates whatever ACL the load balancer has (DisassociateWebACL takes the load balancer only).
 */
export function ecsWaf(parent: pulumi.Resource, name: string, physical: string, loadBalancerArn: pulumi.Input<string>, waf: EcsWaf): void {
    const metric = (suffix: string) => `${physical}-${suffix}`.replace(/[^0-9A-Za-z_-]/g, "-").slice(0, 128);
    const acl = new wafv2.WebAcl(
        `${name}-waf`,
        {
            name: physical,
            scope: "REGIONAL",
            description: `Managed rules and a per-IP rate limit for ${physical} (app-platform)`,
            defaultAction: { allow: {} },
            visibilityConfig: seen(metric("waf")),
            rules: [
                ...MANAGED.map((group, priority) => ({
                    name: group,
                    priority,
                    overrideAction: { none: {} },
                    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group, ruleActionOverrides: COUNTED[group] } },
                    visibilityConfig: seen(metric(group)),
                })),
                {
                    name: "rate-per-ip",
                    priority: MANAGED.length,
                    action: { block: {} },
                    statement: { rateBasedStatement: { limit: waf.requestsPer5Minutes, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
                    visibilityConfig: seen(metric("rate-per-ip")),
                },
            ],
        },
        { parent },
    );
    new wafv2.WebAclAssociation(`${name}-waf`, { resourceArn: loadBalancerArn, webAclArn: acl.arn }, { parent, deleteBeforeReplace: true });
}
