// In production, resources that hold data or that others depend on cannot be deleted by a plan.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOf, unknownEnvironment } from "./environment";
import { kindOf } from "../providers/kinds";
import { S3, TYPES } from "./resources";

const STATEFUL_TYPES: Record<string, string> = {
    ...Object.fromEntries(S3.bucket.map((t) => [t, "the backup bucket"])),
    [TYPES.redis]: "the Redis database",
    [TYPES.dnsRecord]: "a DNS record",
    [TYPES.vercelProject]: "the Vercel project",
    [TYPES.vercelDomain]: "a Vercel domain",
    [TYPES.pagesProject]: "the Cloudflare Pages project",
    [TYPES.ecsService]: "the ECS service",
    [TYPES.loadBalancer]: "the service's load balancer",
    [TYPES.awsSecret]: "the service's Secrets Manager secret",
    [TYPES.cloudRunService]: "the Cloud Run service",
    [TYPES.domainMapping]: "the service's domain mapping",
    [TYPES.atlasProject]: "the Atlas project",
    [TYPES.atlasCluster]: "the Atlas cluster",
    [TYPES.atlasBackupSchedule]: "the Atlas backup schedule",
    [TYPES.atlasUser]: "an Atlas database user",
    // Deleting either lifts the approval gate or the branch rule in front of production.
    [TYPES.githubEnvironment]: "the GitHub environment (its required reviewers)",
    [TYPES.githubBranchRule]: "the production branch's rule",
};

export const statefulResourcesProtected: ResourceValidationPolicy = {
    name: "stateful-resources-protected",
    description:
        "In production, stateful resources (bucket, Redis, DNS, hosting project, services, Atlas, migrations, webhook endpoints, the GitHub environment and branch rule) are protected from deletion.",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const kind = kindOf(args.type, args.props);
        const what = kind ? kind.holds : STATEFUL_TYPES[args.type];
        if (!what) return args.notApplicable("not a stateful resource");
        const env = environmentOf(args.urn, args.stackTags);
        if (!env) return args.notApplicable(unknownEnvironment(args.urn));
        if (env !== "production") return args.notApplicable("staging may be torn down");
        if (args.opts.protect) return;
        reportViolation(
            `${what} (${args.name}) is not protected, so a plan could delete it with its data. Fix: declare it with ` +
                `{ protect: true, retainOnDelete: true } (the components do when app-platform:environment is production), ` +
                `or protect the existing resource: pulumi state protect '${args.urn}'.`,
        );
    },
};
