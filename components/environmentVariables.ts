import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

/** Where a variable applies: Vercel's deployment targets (Cloudflare Pages has no development). */
export const ENV_TARGETS = ["production", "preview", "development"] as const;
export type EnvTarget = (typeof ENV_TARGETS)[number];

/** One entry of a stack's environment-variable contract. */
export interface EnvVar {
    name: string;
    targets: readonly EnvTarget[];
    secret: boolean;
    /** Where the value comes from: `value` (a literal in the stack file) or a source such as `generated.cronSecret`. */
    source: string;
    /** Already `pulumi.secret` when `secret` is true. */
    value: pulumi.Input<string>;
    comment?: string;
}

export interface EnvironmentVariablesArgs {
    projectId: pulumi.Input<string>;
    variables: EnvVar[];
}

/**
 * The Vercel project's environment variables, one resource each. The project itself never
 * carries inline variables (the two would overwrite each other), every variable sets
 * `sensitive` explicitly, and a replacement deletes first (Vercel rejects a duplicate key).
 * Cloudflare Pages keeps variables inside the project: see `pagesEnvVars`.
 */
export class EnvironmentVariables extends pulumi.ComponentResource {
    /** Variable names per target: the contract, without values. */
    readonly names: Record<EnvTarget, string[]>;

    constructor(name: string, args: EnvironmentVariablesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:hosting:EnvironmentVariables", name, {}, opts);

        for (const v of args.variables) {
            new vercel.ProjectEnvironmentVariable(
                `${name}-${v.name}`,
                {
                    projectId: args.projectId,
                    key: v.name,
                    value: v.value,
                    targets: [...v.targets],
                    sensitive: v.secret,
                    comment: v.comment ?? `from ${v.source}`,
                },
                { parent: this, deleteBeforeReplace: true },
            );
        }
        this.names = namesByTarget(args.variables);
        this.registerOutputs({ names: this.names });
    }
}

export function namesByTarget(variables: EnvVar[]): Record<EnvTarget, string[]> {
    const names = (t: EnvTarget) =>
        variables
            .filter((v) => v.targets.includes(t))
            .map((v) => v.name)
            .sort();
    return { production: names("production"), preview: names("preview"), development: names("development") };
}

/** Cloudflare Pages' `envVars` block for one deployment environment. */
export function pagesEnvVars(variables: EnvVar[], target: "production" | "preview") {
    return Object.fromEntries(
        variables.filter((v) => v.targets.includes(target)).map((v) => [v.name, { type: v.secret ? "secret_text" : "plain_text", value: v.value }]),
    );
}
