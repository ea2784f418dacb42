// Environment variables: each names a known source or holds a literal that is no secret; public
// names never carry secrets; targets fit the platform.
import type { EnvTarget } from "../../components/environmentVariables";
import { hostingAdapter } from "../../components/hostingProject";
import { checkEnvEntry } from "../checks";
import { CheckContext, NAMESPACE, ResolvedHosting, Sources } from "../stackConfig";
import { isPublicName, PUBLIC_PREFIXES } from "../keyFormats";
import type { Area } from "../area";

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
        const platform = hostingAdapter(hosting);
        for (const target of secret ? targets.filter((t) => platform.envTargets.includes(t) && !platform.secretTargets.includes(t)) : []) {
            issues.push({
                key: `${key}.targets`,
                message: `a secret cannot target ${target} (${platform.title} keeps sensitive variables out of it); use ${platform.secretTargets.join(" and/or ")}`,
            });
        }
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
