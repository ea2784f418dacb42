// Secrets: external keys set as stack secrets (present, encrypted, well-formed, rotated on time)
// and generated ones; both are env sources.
import { RotatingSecret } from "../../components/rotatingSecret";
import { addDays, daysBetween, formatDay, parseDay } from "../../components/rotation";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, ExternalKeyStatus, NAMESPACE, Sources } from "../stackConfig";
import { secretCommand } from "../checks";
import { SECRET_PREFIXES } from "../keyFormats";
import type { CoreConfig } from "../schema";
import { SecretValue } from "../secretValue";
import type { Area } from "../area";
import { previousName } from "../envContract";

export function secretSources(cfg: CoreConfig): Sources {
    const sources: Sources = {};
    for (const name of Object.keys(cfg.secrets.generated)) {
        sources[`generated.${name}`] = { secret: true, description: `generated, rotates every ${cfg.secrets.generated[name].rotationDays} days` };
    }
    for (const name of Object.keys(cfg.secrets.external)) {
        sources[`external.${name}`] = { secret: true, description: `stack secret ${NAMESPACE}:${name}` };
    }
    return sources;
}

export function checkExternalSecrets({ cfg, opts, issues, secretEntries }: CheckContext): Record<string, SecretValue> {
    const values: Record<string, SecretValue> = {};
    for (const name of Object.keys(cfg.secrets.external)) {
        const key = `${NAMESPACE}:${name}`;
        const value = secretEntries[name];
        if (value === undefined || value === "") {
            issues.push({ key, message: `required secret is not set. Run: ${secretCommand(name, opts.stack)}` });
            continue;
        }
        if (!opts.secretKeys.has(key)) {
            issues.push({
                key,
                message: `is stored in plaintext. Remove it from ${opts.file ?? `Pulumi.${opts.stack}.yaml`} and run: ${secretCommand(name, opts.stack)}`,
            });
        }
        const secret = new SecretValue(value);
        const prefixes = SECRET_PREFIXES[name];
        if (prefixes && !secret.startsWith(prefixes)) {
            issues.push({ key, message: `does not look like a ${name} (it should start with ${prefixes.join(" or ")}); the value is not shown` });
        }
        values[name] = secret;
    }
    return values;
}

/** A capability that needs an external key: it must be declared under secrets.external. */
export function checkRotation({ cfg, opts, issues }: CheckContext): { statuses: ExternalKeyStatus[]; warnings: string[] } {
    const warnings: string[] = [];
    const statuses: ExternalKeyStatus[] = [];
    // An anchor after today counts periods backwards from the deployed ones: every value would be generated anew.
    const anchors: [string, string | undefined][] = [
        ["secrets.anchor", cfg.secrets.anchor],
        ...Object.entries(cfg.secrets.generated).map(([n, g]): [string, string | undefined] => [`secrets.generated.${n}.anchor`, g.anchor]),
    ];
    for (const [path, anchor] of anchors) {
        if (anchor && daysBetween(parseDay(anchor), opts.now) < 0) {
            issues.push({
                key: `${NAMESPACE}:${path}`,
                message: `${anchor} is in the future (today is ${formatDay(opts.now)}); an anchor is the first rotation day, which has passed: keep the one the stack was deployed with`,
            });
        }
    }
    for (const [name, ext] of Object.entries(cfg.secrets.external)) {
        const key = `${NAMESPACE}:secrets.external.${name}.rotatedAt`;
        const rotatedAt = parseDay(ext.rotatedAt);
        const age = daysBetween(rotatedAt, opts.now);
        const dueAt = formatDay(addDays(rotatedAt, ext.rotationDays));
        if (age < 0) {
            issues.push({ key, message: `${ext.rotatedAt} is in the future; set the day the key was last rotated` });
            continue;
        }
        const late = age - ext.rotationDays;
        const status = late <= 0 ? "ok" : late <= cfg.secrets.graceDays ? "due" : "overdue";
        statuses.push({ name, rotatedAt: ext.rotatedAt, rotationDays: ext.rotationDays, dueAt, status });
        if (status === "ok") continue;
        const advice = `rotate ${name} (${secretCommand(name, opts.stack)}), then set ${key} to the day you did`;
        if (status === "overdue" && cfg.environment === "production") {
            issues.push({ key, message: `${name} was due for rotation on ${dueAt} and is past the ${cfg.secrets.graceDays}-day grace: ${advice}` });
        } else {
            warnings.push(`${key}: ${name} was due for rotation on ${dueAt} (${late} days ago); ${advice}`);
        }
    }
    return { statuses, warnings };
}

/** The generated secrets, in config order, each a rotating pair of values. */
export function buildGeneratedSecrets({ cfg }: BuildContext): [string, RotatingSecret][] {
    return Object.entries(cfg.secrets.generated).map(([name, g]) => [
        name,
        new RotatingSecret(`${cfg.name}-${name}`, { ...g, anchor: g.anchor ?? cfg.secrets.anchor, now: cfg.rotationClocks[name] ?? cfg.now }),
    ]);
}

export function secretValues({ cfg, secret }: BuildContext, generated: [string, RotatingSecret][]): Record<string, SourceValue> {
    const values: Record<string, SourceValue> = {};
    for (const [name, s] of generated) values[`generated.${name}`] = { value: s.current, previous: s.previous };
    for (const name of Object.keys(cfg.secrets.external)) values[`external.${name}`] = { value: secret(name) };
    return values;
}

export const secretsArea: Area = {
    sources: ({ cfg }) => secretSources(cfg),
    resolve: (ctx) => ({ externalValues: checkExternalSecrets(ctx) }),
    plan(ctx) {
        const { statuses, warnings } = checkRotation(ctx);
        return { externalKeys: statuses, warnings };
    },
    before: (state) => ({ generated: buildGeneratedSecrets(state) }),
    values: (state) => secretValues(state, state.generated),
    outputs: ({ cfg, generated }) => ({
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
    }),
};
