// Environment variables: each names a known source or holds a literal that is no secret; public
// names never carry secrets; targets fit the platform.
import type { EnvTarget } from "../../components/environmentVariables";
import { hostingAdapter } from "../../components/hostingProject";
import { CheckContext, didYouMean, NAMESPACE, ResolvedHosting, Sources } from "../feature";
import { isPublicName, MODE_PREFIXES, modeOf, PUBLIC_PREFIXES, secretInValue } from "../keyFormats";
import type { Area } from "../area";
import { previousName } from "../envContract";

/** An env entry as either section (app-platform:env, services.<name>.env) declares it. */
interface EnvEntry {
    value?: string;
    from?: string;
}

/**
 * One variable of `section` (a config key such as app-platform:env): its source or literal: a known source, no secret in plaintext, the stack's payment-key
 * mode. Returns whether its value is secret, or undefined when the source is unknown.
 */
export function checkEnvEntry(
    { cfg, issues }: CheckContext,
    sources: Sources,
    section: string,
    name: string,
    v: EnvEntry,
    env: Record<string, unknown>,
): boolean | undefined {
    const key = `${section}.${name}`;
    if (v.from !== undefined) {
        const source = sources[v.from];
        if (!source) {
            issues.push({
                key: `${key}.from`,
                message: `unknown source "${v.from}". ${didYouMean(v.from, Object.keys(sources))} Available: ${Object.keys(sources).join(", ")}.`,
            });
            return undefined;
        }
        if (v.from.startsWith("generated.") && previousName(name) in env) {
            issues.push({ key: `${section}.${previousName(name)}`, message: `is set automatically to the previous value of ${name}; remove it` });
        }
        return source.secret;
    }
    if (v.value === "") {
        // ECS drops an empty variable (and its provider then replaces the task definition on every up):
        // an unset variable and an empty one read the same in the app, so one way for every platform.
        issues.push({ key: `${key}.value`, message: "is empty: remove the variable (the app reads it as unset either way), or give it a value" });
        return false;
    }
    const mode = modeOf(cfg.environment);
    const wrongMode = MODE_PREFIXES[mode === "live" ? "test" : "live"];
    const literal = v.value ?? "";
    const leak = secretInValue(literal);
    if (leak) {
        issues.push({
            key: `${key}.value`,
            message:
                `looks like ${leak} in plaintext (the value is not shown). Store it with ` +
                `pulumi config set --secret, declare it under secrets.external and use from: external.<name>`,
        });
    } else if (wrongMode.some((p) => literal.includes(p))) {
        issues.push({
            key: `${key}.value`,
            message: `holds a ${mode === "live" ? "test" : "live"}-mode payment key; the ${cfg.environment} stack needs ${mode}-mode keys`,
        });
    }
    return false;
}

export function checkEnv(ctx: CheckContext, sources: Sources, hosting: ResolvedHosting): void {
    const { cfg, issues } = ctx;
    for (const [name, v] of Object.entries(cfg.env)) {
        const key = `${NAMESPACE}:env.${name}`;
        const targets: readonly EnvTarget[] = v.targets ?? hosting.envTargets;
        const secret = checkEnvEntry(ctx, sources, `${NAMESPACE}:env`, name, v, cfg.env);
        if (secret === undefined) continue;
        if (secret && isPublicName(name)) {
            issues.push({
                key: `${key}.from`,
                message:
                    `${name} is public (bundled into client code) but ${v.from} is a secret; ` +
                    `rename the variable without ${PUBLIC_PREFIXES.find((p) => name.startsWith(p))} or use a public source`,
            });
        }
        if (secret && targets.includes("development")) {
            issues.push({
                key: `${key}.targets`,
                message: `a secret cannot target development (Vercel keeps sensitive variables out of it); use production and/or preview`,
            });
        }
        const platform = hostingAdapter(hosting);
        if (targets.some((t) => !platform.envTargets.includes(t))) {
            issues.push({ key: `${key}.targets`, message: `${platform.title} has only ${platform.envTargets.join(" and ")} environments` });
        }
    }
}

export const envArea: Area = {
    check: (ctx) => checkEnv(ctx, ctx.sources, ctx.hosting),
    outputs: ({ environment }) => ({
        envContract: environment.map(({ name, targets, secret, source }) => ({ name, targets: [...targets], secret, source })),
    }),
};
