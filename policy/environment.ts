// Which environment a stack is: policies differ between production and staging.
import type { StackValidationArgs } from "@pulumi/policy";
import { TYPES } from "./resources";

export type Environment = "production" | "staging";

/** The stack tag that names the environment when the stack's name does not. */
export const ENVIRONMENT_TAG = "app-platform:environment";

const WORDS: Record<Environment, string[]> = {
    production: ["production", "prod", "prd"],
    staging: ["staging", "stage", "stg"],
};

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → `<stack>`. */
export function stackOf(urn: string): string {
    return urn.split("::")[0].replace(/^urn:pulumi:/, "");
}

/**
 * The stack's environment: the `app-platform:environment` stack tag when set, else read off the
 * stack's name (`production`, `acme-prod`, `staging-eu`, …); undefined when neither says.
 */
export function environmentOf(urn: string, stackTags: ReadonlyMap<string, string>): Environment | undefined {
    const tag = stackTags.get(ENVIRONMENT_TAG);
    if (tag === "production" || tag === "staging") return tag;
    const words = stackOf(urn)
        .toLowerCase()
        .split(/[^a-z0-9]+/);
    return (Object.keys(WORDS) as Environment[]).find((env) => WORDS[env].some((w) => words.includes(w)));
}

export function unknownEnvironment(urn: string): string {
    return `stack "${stackOf(urn)}" is neither production nor staging by name; ` + `tag it: pulumi stack tag set ${ENVIRONMENT_TAG} production (or staging)`;
}

/**
 * A production-only stack policy's gate, read off the site's project: it returns in production, and
 * otherwise declares the policy not applicable (which ends it) with `otherwise` or why it cannot tell.
 */
export function requireProductionSite(args: StackValidationArgs, otherwise: string): void {
    const site = args.resources.find((r) => r.type === TYPES.vercelProject || r.type === TYPES.pagesProject);
    if (!site) args.notApplicable("the stack hosts no site");
    const env = environmentOf(site.urn, args.stackTags);
    if (!env) args.notApplicable(unknownEnvironment(site.urn));
    if (env !== "production") args.notApplicable(otherwise);
}
