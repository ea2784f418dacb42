// Composes one environment from its validated config: secrets → env vars → hosting project.
import * as pulumi from "@pulumi/pulumi";
import { HostingProject } from "../components/hostingProject";
import { RotatingSecret } from "../components/rotatingSecret";
import { previousName, StackConfig } from "./config";
import { envContract, SourceValue } from "./envContract";
import { PAYMENT_KEYS } from "./keyFormats";
import { StackOutputExports } from "./outputs";

export function buildStack(cfg: StackConfig): StackOutputExports {
    for (const warning of cfg.warnings) pulumi.log.warn(warning);
    const secret = (name: string) => pulumi.secret(cfg.externalValues[name].reveal());

    const generated = Object.entries(cfg.secrets.generated).map(
        ([name, g]) =>
            [name, new RotatingSecret(`${cfg.name}-${name}`, { ...g, anchor: g.anchor ?? cfg.secrets.anchor, now: cfg.now })] as const,
    );

    const values: Record<string, SourceValue> = { "site.url": { value: cfg.siteUrl } };
    if (cfg.email) values["email.from"] = { value: cfg.email.from };
    if (cfg.payments) {
        values["payments.publicKey"] = { value: cfg.payments.publicKey };
        values["payments.secretKey"] = { value: secret(PAYMENT_KEYS[cfg.payments.provider].secretName) };
    }
    for (const [name, s] of generated) values[`generated.${name}`] = { value: s.current, previous: s.previous };
    for (const name of Object.keys(cfg.secrets.external)) values[`external.${name}`] = { value: secret(name) };

    const environment = envContract(cfg, values);
    const hosting = new HostingProject(cfg.name, {
        hosting: cfg.hosting,
        primaryDomain: cfg.domains.primary,
        redirectDomains: cfg.domains.redirects,
        environment,
        protect: cfg.environment === "production",
    });

    return {
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
        envContract: environment.map(({ name, targets, secret, source }) => ({ name, targets: [...targets], secret, source })),
        generatedSecrets: generated.map(([name, s]) => ({
            name,
            envVars: Object.entries(cfg.env)
                .filter(([, v]) => v.from === `generated.${name}`)
                .flatMap(([n]) => [n, previousName(n)]),
            rotationDays: s.rotationDays,
            rotatedAt: s.rotatedAt,
            nextRotation: s.nextRotation,
        })),
        externalKeys: cfg.externalKeys,
    };
}
