// Checks that several areas share, and their wording: a did-you-mean, the command that sets a secret,
// a secret the area needs is declared, a vendor's event names, a webhook's payment provider is the
// stack's, an env entry (the app's or a service's) names a known source or a harmless literal.
import { closest, distance } from "fastest-levenshtein";
import { formatDay } from "../components/rotation";
import type { ConfigIssue } from "./configIssue";
import { previousName } from "./envContract";
import { CheckContext, NAMESPACE, Sources } from "./stackConfig";
import { MODE_PREFIXES, modeOf, secretInValue } from "./keyFormats";
import type { PaymentsConfig } from "./schema";

/** An external secret the area needs (`why`) is declared under secrets.external. */
export function requireDeclared({ cfg, opts, issues }: CheckContext, secretName: string, why: string, rotationDays: number): void {
    if (!(secretName in cfg.secrets.external)) {
        issues.push({
            key: `${NAMESPACE}:secrets.external.${secretName}`,
            message: `${why} needs this key declared, e.g. { rotatedAt: ${formatDay(opts.now)}, rotationDays: ${rotationDays} }`,
        });
    }
}

/** A payment webhook registers with the provider's own keys: it needs payments.provider to be that provider. */
export function requirePaymentProvider({ cfg, issues }: CheckContext, provider: PaymentsConfig["provider"], section: string, what: string): void {
    if (cfg.payments?.provider !== provider) issues.push({ key: `${NAMESPACE}:${section}`, message: `needs payments.provider ${provider} (its ${what})` });
}

/** An env entry as either section (app-platform:env, services.<name>.env) declares it. */
export interface EnvEntry {
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

/** The command that sets a secret; without a value on its command line the CLI prompts for it (kept out of shell history). */
export function secretCommand(name: string, stack: string): string {
    return `pulumi config set --secret ${NAMESPACE}:${name} --stack ${stack}`;
}

export function didYouMean(word: string, candidates: string[], show: (c: string) => string = (c) => c): string {
    if (candidates.length === 0) return "";
    const best = closest(word, candidates);
    const similarity = 1 - distance(word, best) / Math.max(word.length, best.length);
    return similarity >= 0.5 ? `Did you mean ${show(best)}?` : "";
}

/** Each event a vendor does not know, with the nearest it does. */
export function checkEvents(issues: ConfigIssue[], key: string, events: string[], known: readonly string[], what: string): void {
    events.forEach((event, i) => {
        if (!known.includes(event))
            issues.push({ key: `${NAMESPACE}:${key}[${i}]`, message: `"${event}" is not ${what}. ${didYouMean(event, [...known])}`.trim() });
    });
}
