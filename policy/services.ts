// Backend services: reachable only through their load balancer (or Cloud Run's own front end),
// secrets only from the platform's secret store, and more than one instance in production.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { secretInValue } from "../stacks/keyFormats";
import { environmentOf, unknownEnvironment } from "./environment";
import { looksSecretByName } from "./envVars";
import { known, parseJson, TYPES } from "./resources";

const INTERNET = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];

interface Rule {
    fromPort?: number;
    toPort?: number;
    cidrBlocks?: string[];
    ipv6CidrBlocks?: string[];
}

export const servicesNotPublic: ResourceValidationPolicy = {
    name: "services-not-public",
    description:
        "A backend service is reached through its load balancer only: an ECS service sits behind one, and no security group admits the internet except on ports 80 and 443.",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.ecsService) {
            const balancers = known(() => args.props.loadBalancers as unknown[] | undefined);
            if (balancers !== undefined && balancers.length === 0) {
                reportViolation(
                    `ECS service ${args.name} has no load balancer, so nothing checks its health or terminates TLS before it. Fix: declare it under app-platform:services (platform aws-ecs), which puts it behind an Application Load Balancer.`,
                );
            }
            return;
        }
        if (args.type !== TYPES.securityGroup) return args.notApplicable("not a service or security group");
        const ingress = known(() => args.props.ingress as Rule[] | undefined) ?? [];
        for (const rule of ingress) {
            const open = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].filter((c) => INTERNET.includes(c));
            if (open.length === 0) continue;
            const ports = rule.fromPort === rule.toPort ? [rule.fromPort] : [rule.fromPort, rule.toPort];
            if (ports.every((p) => p !== undefined && WEB_PORTS.includes(p))) continue;
            reportViolation(
                `security group ${args.name} admits ${open.join(" and ")} on port ${ports.join("-")}, which bypasses the load balancer. ` +
                    `Fix: admit the load balancer's security group only (securityGroups), as app-platform:services does for its tasks.`,
            );
        }
    },
};

/** Plain (non-secret) variables of a task definition, a Cloud Run service or job. */
export function plainVars(type: string, props: Record<string, unknown>): { name: string; value: string }[] {
    if (type === TYPES.ecsTaskDefinition) {
        const text = known(() => props.containerDefinitions as string | undefined);
        const containers = text === undefined ? [] : parseJson<{ environment?: { name: string; value: string }[] }[]>(text, []);
        return containers.flatMap((c) => c.environment ?? []);
    }
    const containers =
        known(
            () =>
                (type === TYPES.cloudRunJob
                    ? (props.template as { template?: { containers?: unknown[] } } | undefined)?.template?.containers
                    : (props.template as { containers?: unknown[] } | undefined)?.containers) as { envs?: { name: string; value?: string }[] }[] | undefined,
        ) ?? [];
    return containers.flatMap((c) => (c.envs ?? []).filter((e) => e.value !== undefined).map((e) => ({ name: e.name, value: String(e.value) })));
}

export const serviceSecretsInStore: ResourceValidationPolicy = {
    name: "service-secrets-in-store",
    description:
        "A backend service reads its secrets from the platform's secret store (Secrets Manager, Secret Manager), never as plain environment in its task definition or revision.",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        if (![TYPES.ecsTaskDefinition, TYPES.cloudRunService, TYPES.cloudRunJob].includes(args.type as never))
            return args.notApplicable("not a service's definition");
        for (const v of plainVars(args.type, args.props)) {
            const leak = secretInValue(v.value);
            if (!leak && !looksSecretByName(v.name)) continue;
            reportViolation(
                `${v.name} of ${args.name} is plain environment but ${leak ? `holds ${leak}` : "is named like a secret"}, so anyone who can read the service's definition reads it. ` +
                    `Fix: map it from a secret source (from: external.<name> or generated.<name>) in app-platform:services.<name>.env; secret sources go through the secret store.`,
            );
        }
    },
};

export const productionServicesRedundant: ResourceValidationPolicy = {
    name: "production-services-redundant",
    description:
        "In production, a backend service keeps at least 2 instances (ECS tasks, Cloud Run minimum instances), so one failure or a deploy is no outage.",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const read = {
            [TYPES.ecsService]: () => args.props.desiredCount as number | undefined,
            [TYPES.scalingTarget]: () => (args.props.serviceNamespace === "ecs" ? (args.props.minCapacity as number | undefined) : undefined),
            [TYPES.cloudRunService]: () => (args.props.template as { scaling?: { minInstanceCount?: number } } | undefined)?.scaling?.minInstanceCount ?? 0,
        }[args.type];
        if (!read) return args.notApplicable("not a service's instance count");
        const env = environmentOf(args.urn, args.stackTags);
        if (!env) return args.notApplicable(unknownEnvironment(args.urn));
        if (env !== "production") return args.notApplicable("staging may run one instance");
        const count = known(read);
        if (count === undefined || count >= 2) return;
        reportViolation(
            `${args.name} keeps ${count} instance(s) in production, so one crash or deploy takes the API down. Fix: set app-platform:services.<name>.instances.min to 2 or more.`,
        );
    },
};
