// Turns the `env` section into the stack's environment-variable contract, with values as Outputs.
import * as pulumi from "@pulumi/pulumi";
import type { EnvVar } from "../components/environmentVariables";
import type { CoreStackConfig } from "./stackConfig";
import type { EnvVarConfig } from "./schema";

/** The generated companion variable that holds a rotating secret's previous value. */
export function previousName(name: string): string {
    return `${name}_PREVIOUS`;
}

export interface SourceValue {
    value: pulumi.Input<string>;
    /** For rotating secrets: the previous value, published as `<NAME>_PREVIOUS`. */
    previous?: pulumi.Input<string>;
}

/**
 * `values` holds one entry per source in `cfg.sources` (config validation guarantees the names).
 * `env` is the app's (`app-platform:env`) or a service's (`services.<name>.env`, no targets).
 */
export function envContract(
    cfg: CoreStackConfig,
    values: Record<string, SourceValue>,
    env: Record<string, Omit<EnvVarConfig, "targets"> & { targets?: EnvVarConfig["targets"] }> = cfg.env,
): EnvVar[] {
    const vars: EnvVar[] = [];
    for (const [name, v] of Object.entries(env)) {
        const targets = v.targets ?? cfg.hosting.envTargets;
        if (v.from === undefined) {
            vars.push({ name, targets, secret: false, source: "value", value: v.value ?? "", comment: v.comment });
            continue;
        }
        const source = values[v.from];
        if (!source) throw new Error(`no value wired for env source ${v.from}`); // a bug, not a user error
        const secret = cfg.sources[v.from].secret;
        const wrap = (x: pulumi.Input<string>) => (secret ? pulumi.secret(x) : x);
        vars.push({ name, targets, secret, source: v.from, value: wrap(source.value), comment: v.comment });
        if (source.previous !== undefined) {
            vars.push({
                name: previousName(name),
                targets,
                secret,
                source: `${v.from} (previous)`,
                value: wrap(source.previous),
                comment: `previous value of ${name}, valid until its next rotation`,
            });
        }
    }
    return vars.sort((a, b) => a.name.localeCompare(b.name));
}
