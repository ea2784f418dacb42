// Reads a stack's raw Pulumi config, validates all of it at once and returns the typed StackConfig.
import * as pulumi from "@pulumi/pulumi";
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import type { CronJob } from "../components/cronSchedules";
import type { DnsRecordSpec } from "../components/dns";
import type { EnvTarget } from "../components/environmentVariables";
import { addDays, daysBetween, formatDay, parseDay } from "../components/rotation";
import { connectionProblem } from "../providers/migrations/connection";
import { RAZORPAY_EVENTS } from "../providers/webhooks/razorpay";
import { RESEND_EVENTS } from "../providers/webhooks/resend";
import { STRIPE_EVENTS } from "../providers/webhooks/stripe";
import type { ConfigIssue } from "./configIssue";
import { resolveCronJobs } from "./crons";
import { planDnsRecords } from "./dnsRecords";
import { EMAIL_KEYS, isPublicName, MODE_PREFIXES, modeOf, PAYMENT_KEYS, PUBLIC_PREFIXES, SECRET_PREFIXES, secretInValue } from "./keyFormats";
import { configSchema, HostingConfig, RawStackConfig, SECTIONS } from "./schema";
import { SecretValue } from "./secretValue";

export const NAMESPACE = "app-platform";

/** A user error: printed without a stack trace, never with a secret's value. */
export class ConfigError extends pulumi.RunError {
    /** `source` names where the config came from (default: the stack's file). */
    constructor(readonly stack: string, readonly issues: ConfigIssue[], source = `Pulumi.${stack}.yaml and its secrets`) {
        super(
            `Stack "${stack}" has ${issues.length} configuration ${issues.length === 1 ? "error" : "errors"} ` +
                `(${source}):\n` +
                issues.map((i) => `  - ${i.key}: ${i.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** Where an environment variable's value can come from, and whether that value is secret. */
export type Sources = Record<string, { secret: boolean; description: string }>;

export type ResolvedHosting = HostingConfig & { projectName: string; productionBranch: string };

export interface ExternalKeyStatus {
    name: string;
    rotatedAt: string;
    rotationDays: number;
    dueAt: string;
    status: "ok" | "due" | "overdue";
}

export interface StackConfig extends Omit<RawStackConfig, "hosting"> {
    stack: string;
    hosting: ResolvedHosting;
    siteUrl: string;
    /** Values of the external secrets, keyed by their name under `secrets.external`. */
    externalValues: Record<string, SecretValue>;
    sources: Sources;
    externalKeys: ExternalKeyStatus[];
    cronJobs: CronJob[];
    dnsRecords: DnsRecordSpec[];
    /** Things to say in preview that do not stop the deployment. */
    warnings: string[];
    now: Date;
}

export interface LoadOptions {
    stack: string;
    /** Full keys (`app-platform:x`) that Pulumi holds as secrets. */
    secretKeys: ReadonlySet<string>;
    now: Date;
    /** Where the config came from, for the error header (default `Pulumi.<stack>.yaml`). */
    source?: string;
}

/** Config namespaces of the providers this program uses, besides its own; any other is a typo. */
export const PROVIDER_NAMESPACES = ["aws", "cloudflare", "vercel", "upstash", "random", "pulumi"];

const PLAIN_SECTIONS = new Set<string>(["name", "environment"]);

export function secretCommand(name: string, stack: string): string {
    return `pulumi config set --secret ${NAMESPACE}:${name} <value> --stack ${stack}`;
}

/** Validates `raw` (as from `pulumi.runtime.allConfig()`); throws ConfigError listing every problem. */
export function loadStackConfig(raw: Record<string, string>, opts: LoadOptions): StackConfig {
    const issues: ConfigIssue[] = [];
    const sections: Record<string, unknown> = {};
    const secretEntries: Record<string, string> = {};

    for (const [fullKey, value] of Object.entries(raw)) {
        const [ns, key] = splitKey(fullKey);
        if (ns !== NAMESPACE) {
            // Provider config (vercel:apiToken, aws:region, ...) is the providers' business; a
            // misspelt namespace would silently drop a whole section.
            if (!PROVIDER_NAMESPACES.includes(ns)) {
                issues.push({
                    key: fullKey,
                    message: [
                        `unknown namespace "${ns}" (this project's keys are ${NAMESPACE}:<key>; providers' are ${PROVIDER_NAMESPACES.map((p) => `${p}:`).join(", ")}).`,
                        didYouMean(ns, [NAMESPACE, ...PROVIDER_NAMESPACES], (c) => `${c}:${key}`),
                    ].filter(Boolean).join(" "),
                });
            }
            continue;
        }
        if ((SECTIONS as string[]).includes(key)) {
            const parsed = PLAIN_SECTIONS.has(key) ? value : parseJson(value);
            if (parsed === undefined) issues.push({ key: fullKey, message: "expected an object (YAML mapping)" });
            else sections[key] = parsed;
        } else {
            secretEntries[key] = value;
        }
    }

    const parsed = configSchema.safeParse(sections);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) issues.push(...fromZodIssue(issue, sections));
    }
    const declared = parsed.success
        ? parsed.data.secrets.external
        : (sectionsSecretNames(sections) as Record<string, unknown>);
    for (const key of Object.keys(secretEntries)) {
        if (key in declared) continue;
        const candidates = [...SECTIONS, ...Object.keys(declared)];
        issues.push({
            key: `${NAMESPACE}:${key}`,
            message: [
                "unknown config key.",
                didYouMean(key, candidates, (c) => `${NAMESPACE}:${c}`),
                PAYMENT_OR_EMAIL_SECRETS.has(key) ? `To use it, declare it under ${NAMESPACE}:secrets.external.${key}.` : "",
            ].filter(Boolean).join(" "),
        });
    }
    if (!parsed.success) throw new ConfigError(opts.stack, issues, opts.source);

    const cfg = parsed.data;
    if (cfg.backups) {
        // The bucket's region configures the explicit AWS provider that manages it.
        cfg.backups.region ??= raw["aws:region"];
        if (!cfg.backups.region) {
            issues.push({ key: `${NAMESPACE}:backups.region`, message: "the bucket's AWS region is not set: add backups.region (e.g. us-east-1), or aws:region to the stack file" });
        }
    }
    const ctx: CheckContext = { cfg, opts, issues, secretEntries };
    const hosting = resolveHosting(cfg, opts.stack);
    const externalValues = checkExternalSecrets(ctx);
    checkPayments(ctx, externalValues);
    checkEmail(ctx);
    const sources = availableSources(cfg);
    checkEnv(ctx, sources, hosting);
    checkDomains(ctx);
    checkProjectName(ctx, hosting);
    checkRedis(ctx);
    checkBackups(ctx);
    checkMigrations(ctx, externalValues);
    checkWebhooks(ctx);
    const cronJobs = resolveCronJobs(cfg, issues);
    const dnsRecords = planDnsRecords(cfg, hosting, issues);
    const { statuses, warnings } = checkRotation(ctx);
    const enabled = cronJobs.filter((j) => j.enabled).length;
    if (cfg.crons && enabled > cfg.crons.scheduleQuota) {
        warnings.push(
            `${NAMESPACE}:crons: ${enabled} enabled jobs exceed the ${cfg.crons.scheduleQuota} active schedules of the QStash plan ` +
            `(scheduleQuota; the Free plan allows 10): creating the rest will fail. Set crons.scheduleQuota to your plan's limit, or disable jobs.`,
        );
    }

    if (issues.length > 0) throw new ConfigError(opts.stack, issues, opts.source);
    return {
        ...cfg,
        stack: opts.stack,
        hosting,
        siteUrl: `https://${cfg.domains.primary}`,
        externalValues,
        sources,
        externalKeys: statuses,
        cronJobs,
        dnsRecords,
        warnings,
        now: opts.now,
    };
}

interface CheckContext {
    cfg: RawStackConfig;
    opts: LoadOptions;
    issues: ConfigIssue[];
    secretEntries: Record<string, string>;
}

const PAYMENT_OR_EMAIL_SECRETS = new Set([
    ...Object.values(PAYMENT_KEYS).map((k) => k.secretName),
    ...Object.values(EMAIL_KEYS).map((k) => k.secretName),
]);

function splitKey(fullKey: string): [string, string] {
    const i = fullKey.indexOf(":");
    return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

function parseJson(value: string): unknown {
    try {
        const v = JSON.parse(value);
        return typeof v === "object" && v !== null ? v : undefined;
    } catch {
        return undefined;
    }
}

function sectionsSecretNames(sections: Record<string, unknown>): object {
    const external = (sections.secrets as { external?: unknown } | undefined)?.external;
    return typeof external === "object" && external !== null ? external : {};
}

function didYouMean(word: string, candidates: string[], show: (c: string) => string = (c) => c): string {
    if (candidates.length === 0) return "";
    const best = closest(word, candidates);
    const similarity = 1 - distance(word, best) / Math.max(word.length, best.length);
    return similarity >= 0.5 ? `Did you mean ${show(best)}?` : "";
}

function pathKey(path: PropertyKey[]): string {
    const [section, ...rest] = path.map(String);
    return `${NAMESPACE}:${section ?? ""}${rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("")}`;
}

/** Allowed keys of the object schema found at `path` of the data, for did-you-mean hints. */
function allowedKeys(path: PropertyKey[], data: unknown): string[] {
    let schema: z.ZodType = configSchema;
    let value: unknown = data;
    for (const step of [...path, undefined]) {
        // Unwrap optional/default/prefault/pipe wrappers and pick a union member by its discriminator.
        for (;;) {
            const def = (schema as unknown as { def: Record<string, unknown> }).def;
            if (def.innerType) schema = def.innerType as z.ZodType;
            else if (def.type === "pipe") schema = def.in as z.ZodType;
            else if (def.type === "union") {
                const disc = def.discriminator as string | undefined;
                const tag = disc && typeof value === "object" && value ? (value as Record<string, unknown>)[disc] : undefined;
                const options = def.options as z.ZodType[];
                schema = options.find((o) => (o as z.ZodObject).shape?.[disc ?? ""]?.def?.values?.includes(tag)) ?? options[0];
            } else break;
        }
        if (step === undefined) break;
        const def = (schema as unknown as { def: Record<string, unknown> }).def;
        if (def.type === "object") schema = (def.shape as Record<string, z.ZodType>)[String(step)];
        else if (def.type === "record") schema = def.valueType as z.ZodType;
        else if (def.type === "array") schema = def.element as z.ZodType;
        else return [];
        if (!schema) return [];
        value = typeof value === "object" && value ? (value as Record<string, unknown>)[String(step)] : undefined;
    }
    const def = (schema as unknown as { def: Record<string, unknown> }).def;
    return def.type === "object" ? Object.keys(def.shape as object) : [];
}

function fromZodIssue(issue: z.core.$ZodIssue, data: unknown): ConfigIssue[] {
    if (issue.code === "unrecognized_keys") {
        const allowed = allowedKeys(issue.path, data);
        return issue.keys.map((k) => ({
            key: pathKey([...issue.path, k]),
            message: ["unknown key.", didYouMean(k, allowed), `Allowed here: ${allowed.join(", ")}.`].filter(Boolean).join(" "),
        }));
    }
    if (issue.code === "invalid_key") {
        // A record key (an env var or secret name) that breaks its rule: the rule's own words.
        return [{ key: pathKey(issue.path), message: `bad name: ${issue.issues.map((i) => i.message).join("; ")}` }];
    }
    if (issue.code === "invalid_type") {
        const given = valueAt(data, issue.path);
        if (given === undefined) return [{ key: pathKey(issue.path), message: `required (expected ${issue.expected})` }];
        const hint = issue.message.startsWith("Invalid input") ? "" : ` (${issue.message})`;
        return [{ key: pathKey(issue.path), message: `expected ${issue.expected}${hint}, got ${describeValue(given)}` }];
    }
    return [{ key: pathKey(issue.path), message: issue.message }];
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
    return path.reduce<unknown>((v, step) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[step] : undefined), data);
}

/** A value's kind for messages; never the value itself, which may be a misplaced secret. */
function describeValue(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    return typeof v === "object" ? "a mapping" : `a ${typeof v}`;
}

function resolveHosting(cfg: RawStackConfig, stack: string): ResolvedHosting {
    return {
        ...cfg.hosting,
        projectName: cfg.hosting.projectName ?? `${cfg.name}-${stack}`,
        productionBranch: cfg.hosting.productionBranch ?? (cfg.environment === "production" ? "main" : "staging"),
    };
}

function checkExternalSecrets({ cfg, opts, issues, secretEntries }: CheckContext): Record<string, SecretValue> {
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
                message: `is stored in plaintext. Remove it from Pulumi.${opts.stack}.yaml and run: ${secretCommand(name, opts.stack)}`,
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

function requireDeclared({ cfg, opts, issues }: CheckContext, secretName: string, why: string, rotationDays: number): void {
    if (!(secretName in cfg.secrets.external)) {
        issues.push({
            key: `${NAMESPACE}:secrets.external.${secretName}`,
            message: `${why} needs this key declared, e.g. { rotatedAt: ${formatDay(opts.now)}, rotationDays: ${rotationDays} }`,
        });
    }
}

function checkPayments(ctx: CheckContext, values: Record<string, SecretValue>): void {
    const { cfg, issues } = ctx;
    if (!cfg.payments) return;
    const spec = PAYMENT_KEYS[cfg.payments.provider];
    const mode = modeOf(cfg.environment);
    const other = mode === "live" ? "test" : "live";
    requireDeclared(ctx, spec.secretName, `payments.provider ${cfg.payments.provider}`, spec.rotationDays);
    const pub = cfg.payments.publicKey;
    if (!spec.publicPrefix[mode].some((p) => pub.startsWith(p))) {
        const holds = spec.publicPrefix[other].some((p) => pub.startsWith(p)) ? `holds a ${other}-mode key` : "is not a recognised key";
        issues.push({
            key: `${NAMESPACE}:payments.publicKey`,
            message: `${holds}; the ${cfg.environment} stack needs a ${mode}-mode key starting with ${spec.publicPrefix[mode].join(" or ")}`,
        });
    }
    const secret = values[spec.secretName];
    if (secret && spec.secretPrefix && !secret.startsWith(spec.secretPrefix[mode])) {
        const holds = secret.startsWith(spec.secretPrefix[other]) ? `holds a ${other}-mode key` : "is not a recognised key";
        issues.push({
            key: `${NAMESPACE}:${spec.secretName}`,
            message: `${holds}; the ${cfg.environment} stack needs a ${mode}-mode key starting with ` +
                `${spec.secretPrefix[mode].join(" or ")} (the value is not shown). Run: ${secretCommand(spec.secretName, ctx.opts.stack)}`,
        });
    }
}

function checkEmail(ctx: CheckContext): void {
    const email = ctx.cfg.email;
    if (!email) return;
    const spec = EMAIL_KEYS[email.provider];
    requireDeclared(ctx, spec.secretName, `email.provider ${email.provider}`, spec.rotationDays);
}

/** Every `from:` an env var may name, given the sections this stack configures. */
export function availableSources(cfg: RawStackConfig): Sources {
    const sources: Sources = { "site.url": { secret: false, description: "https:// + domains.primary" } };
    if (cfg.email) sources["email.from"] = { secret: false, description: "email.from" };
    if (cfg.payments) {
        sources["payments.publicKey"] = { secret: false, description: `${cfg.payments.provider} public key` };
        sources["payments.secretKey"] = { secret: true, description: `${cfg.payments.provider} secret key` };
    }
    if (cfg.redis) {
        sources["redis.url"] = { secret: true, description: "rediss://default:<password>@<endpoint>:<port>" };
        sources["redis.restUrl"] = { secret: false, description: "Upstash REST endpoint" };
        sources["redis.restToken"] = { secret: true, description: "Upstash REST token" };
        sources["redis.readOnlyRestToken"] = { secret: true, description: "Upstash read-only REST token" };
    }
    if (cfg.webhooks?.resend?.webhook) sources["webhooks.resend.secret"] = { secret: true, description: "the Resend webhook's signing secret" };
    if (cfg.webhooks?.stripe) sources["webhooks.stripe.secret"] = { secret: true, description: "the Stripe endpoint's signing secret (whsec_)" };
    for (const name of Object.keys(cfg.secrets.generated)) {
        sources[`generated.${name}`] = { secret: true, description: `generated, rotates every ${cfg.secrets.generated[name].rotationDays} days` };
    }
    for (const name of Object.keys(cfg.secrets.external)) {
        sources[`external.${name}`] = { secret: true, description: `stack secret ${NAMESPACE}:${name}` };
    }
    return sources;
}

/** The generated companion variable that holds a rotating secret's previous value. */
export function previousName(name: string): string {
    return `${name}_PREVIOUS`;
}

function checkEnv({ cfg, issues }: CheckContext, sources: Sources, hosting: ResolvedHosting): void {
    const mode = modeOf(cfg.environment);
    const wrongMode = MODE_PREFIXES[mode === "live" ? "test" : "live"];
    for (const [name, v] of Object.entries(cfg.env)) {
        const key = `${NAMESPACE}:env.${name}`;
        const targets: readonly EnvTarget[] = v.targets ?? hosting.envTargets;
        let secret = false;
        if (v.from !== undefined) {
            const source = sources[v.from];
            if (!source) {
                issues.push({ key: `${key}.from`, message: `unknown source "${v.from}". ${didYouMean(v.from, Object.keys(sources))} Available: ${Object.keys(sources).join(", ")}.` });
                continue;
            }
            secret = source.secret;
            if (v.from.startsWith("generated.") && previousName(name) in cfg.env) {
                issues.push({ key: `${NAMESPACE}:env.${previousName(name)}`, message: `is set automatically to the previous value of ${name}; remove it` });
            }
        } else {
            const literal = v.value ?? "";
            const leak = secretInValue(literal);
            if (leak) {
                issues.push({
                    key: `${key}.value`,
                    message: `looks like ${leak} in plaintext (the value is not shown). Store it with ` +
                        `pulumi config set --secret, declare it under secrets.external and use from: external.<name>`,
                });
            } else if (wrongMode.some((p) => literal.includes(p))) {
                issues.push({ key: `${key}.value`, message: `holds a ${mode === "live" ? "test" : "live"}-mode payment key; the ${cfg.environment} stack needs ${mode}-mode keys` });
            }
        }
        if (secret && isPublicName(name)) {
            issues.push({
                key: `${key}.from`,
                message: `${name} is public (bundled into client code) but ${v.from} is a secret; ` +
                    `rename the variable without ${PUBLIC_PREFIXES.find((p) => name.startsWith(p))} or use a public source`,
            });
        }
        if (secret && targets.includes("development")) {
            issues.push({ key: `${key}.targets`, message: `a secret cannot target development (Vercel keeps sensitive variables out of it); use production and/or preview` });
        }
        if (hosting.provider === "cloudflare-pages" && targets.includes("development")) {
            issues.push({ key: `${key}.targets`, message: `Cloudflare Pages has only production and preview environments` });
        }
    }
}

/** The Vercel provider's rule for project names (52 characters, lowercase letters, digits, dashes). */
const VERCEL_PROJECT_NAME = /^[a-z0-9-]{1,52}$/;

function checkProjectName({ cfg, issues }: CheckContext, hosting: ResolvedHosting): void {
    if (hosting.provider !== "vercel" || VERCEL_PROJECT_NAME.test(hosting.projectName)) return;
    const derived = cfg.hosting.projectName === undefined;
    issues.push({
        key: `${NAMESPACE}:${derived ? "name" : "hosting.projectName"}`,
        message: `the Vercel project name "${hosting.projectName}"${derived ? " (<name>-<stack>)" : ""} must be 1-52 lowercase letters, digits or dashes; ` +
            (derived ? "shorten app-platform:name or set app-platform:hosting.projectName" : "choose a shorter name"),
    });
}

function checkDomains({ cfg, issues }: CheckContext): void {
    const { primary, redirects } = cfg.domains;
    redirects.forEach((host, i) => {
        if (host === primary) issues.push({ key: `${NAMESPACE}:domains.redirects[${i}]`, message: `is the primary domain; it cannot redirect to itself` });
        if (redirects.indexOf(host) !== i) issues.push({ key: `${NAMESPACE}:domains.redirects[${i}]`, message: `repeats ${host}` });
    });
    if (cfg.hosting.provider === "cloudflare-pages" && redirects.length > 0 && !cfg.dns) {
        // Pages cannot redirect a custom domain itself: the redirect is a rule in the zone.
        issues.push({ key: `${NAMESPACE}:domains.redirects`, message: `on Cloudflare Pages a redirect is a Cloudflare redirect rule in the zone: configure app-platform:dns (zoneId, zone), or remove the redirects` });
    }
}

function checkRedis({ cfg, issues }: CheckContext): void {
    const redis = cfg.redis;
    if (!redis) return;
    redis.readRegions.forEach((region, i) => {
        if (region === redis.primaryRegion) issues.push({ key: `${NAMESPACE}:redis.readRegions[${i}]`, message: `${region} is the primary region; read regions are the others` });
        else if (redis.readRegions.indexOf(region) !== i) issues.push({ key: `${NAMESPACE}:redis.readRegions[${i}]`, message: `repeats ${region}` });
    });
}

function checkBackups({ cfg, issues }: CheckContext): void {
    const retention = cfg.backups?.retention;
    if (!retention) return;
    // A dump is current for expireDays - noncurrentVersionDays, then a prior version for the rest.
    const nc = cfg.backups!.noncurrentVersionDays;
    for (const [prefix, rule] of Object.entries(retention)) {
        const current = rule.expireDays - nc;
        const key = `${NAMESPACE}:backups.retention.${prefix}.expireDays`;
        if (current < 1) {
            issues.push({ key, message: `keeps backups ${rule.expireDays} days in all, but the last ${nc} (noncurrentVersionDays) are as a prior version: keep them longer than ${nc} days, or lower backups.noncurrentVersionDays` });
        } else if (rule.transitionDays !== undefined && current <= rule.transitionDays) {
            issues.push({
                key,
                message: `keeps backups ${rule.expireDays} days (${current} current + ${nc} as a prior version), so they expire before the ${rule.transitionDays}-day transition to STANDARD_IA; keep them longer or drop transitionDays`,
            });
        }
    }
}

function checkMigrations({ cfg, issues }: CheckContext, values: Record<string, SecretValue>): void {
    const m = cfg.migrations;
    if (!m) return;
    const key = `${NAMESPACE}:migrations`;
    if (!(m.databaseUrlSecret in cfg.secrets.external)) {
        issues.push({ key: `${key}.databaseUrlSecret`, message: `"${m.databaseUrlSecret}" is not declared under ${NAMESPACE}:secrets.external; declare it and set the direct connection string with pulumi config set --secret` });
    }
    const url = values[m.databaseUrlSecret];
    if (url) {
        const problem = connectionProblem(url.reveal());
        if (problem) issues.push({ key: `${NAMESPACE}:${m.databaseUrlSecret}`, message: `${problem} (the value is not shown)` });
    }
    if (m.backup && !cfg.backups) {
        issues.push({ key: `${key}.backup`, message: `pre-migration backups need ${NAMESPACE}:backups (the bucket they go to); configure it, or set backup: false` });
    }
    if (m.rollbackDir && /(^|\/)supabase\/migrations\/?$/.test(m.rollbackDir)) {
        issues.push({ key: `${key}.rollbackDir`, message: "the Supabase CLI would take rollback files there for migrations; keep them in another folder" });
    }
}

function checkWebhooks({ cfg, issues }: CheckContext): void {
    const razorpay = cfg.webhooks?.razorpay;
    if (razorpay) {
        if (cfg.payments?.provider !== "razorpay") {
            issues.push({ key: `${NAMESPACE}:webhooks.razorpay`, message: "needs payments.provider razorpay (its key id and secret register the webhook)" });
        }
        checkEvents(issues, "webhooks.razorpay.events", razorpay.events, RAZORPAY_EVENTS, "a Razorpay webhook event");
        if (razorpay.mode === "partner" && !(razorpay.oauthTokenSecret && razorpay.oauthTokenSecret in cfg.secrets.external)) {
            issues.push({
                key: `${NAMESPACE}:webhooks.razorpay.oauthTokenSecret`,
                message: `partner mode writes webhooks with the Partner API's OAuth access token: name an external secret that holds it (declared under ${NAMESPACE}:secrets.external, set with pulumi config set --secret), or use mode dashboard`,
            });
        }
        if (razorpay.mode === "dashboard" && razorpay.oauthTokenSecret) {
            issues.push({ key: `${NAMESPACE}:webhooks.razorpay.oauthTokenSecret`, message: "only partner mode uses an OAuth token; remove it, or set mode: partner" });
        }
        if (!(razorpay.secret in cfg.secrets.generated)) {
            issues.push({ key: `${NAMESPACE}:webhooks.razorpay.secret`, message: `"${razorpay.secret}" is not declared under ${NAMESPACE}:secrets.generated (the webhook secret rotates, e.g. every 90 days)` });
        }
    }
    const resend = cfg.webhooks?.resend;
    if (resend) {
        if (cfg.email?.provider !== "resend") issues.push({ key: `${NAMESPACE}:webhooks.resend`, message: "needs email.provider resend (its API key registers the domain and webhook)" });
        if (resend.webhook) checkEvents(issues, "webhooks.resend.webhook.events", resend.webhook.events, RESEND_EVENTS, "a Resend webhook event");
        if (resend.domain && cfg.dns?.email?.dkim.some((d) => d.name === "resend._domainkey")) {
            issues.push({ key: `${NAMESPACE}:dns.email.dkim`, message: "resend._domainkey comes from Resend (webhooks.resend.domain); remove it here" });
        }
    }
    const twilio = cfg.webhooks?.twilio;
    if (twilio && !(twilio.authTokenSecret in cfg.secrets.external)) {
        issues.push({ key: `${NAMESPACE}:webhooks.twilio.authTokenSecret`, message: `"${twilio.authTokenSecret}" is not declared under ${NAMESPACE}:secrets.external; declare it and set the auth token with pulumi config set --secret` });
    }
    const stripe = cfg.webhooks?.stripe;
    if (!stripe) return;
    if (cfg.payments?.provider !== "stripe") {
        issues.push({ key: `${NAMESPACE}:webhooks.stripe`, message: "needs payments.provider stripe (its secret key registers the endpoint)" });
    }
    checkEvents(issues, "webhooks.stripe.events", stripe.events, STRIPE_EVENTS, "a Stripe event name");
}

/** Each event a vendor does not know, with the nearest it does. */
function checkEvents(issues: ConfigIssue[], key: string, events: string[], known: readonly string[], what: string): void {
    events.forEach((event, i) => {
        if (!known.includes(event)) issues.push({ key: `${NAMESPACE}:${key}[${i}]`, message: `"${event}" is not ${what}. ${didYouMean(event, [...known])}`.trim() });
    });
}

function checkRotation({ cfg, opts, issues }: CheckContext): { statuses: ExternalKeyStatus[]; warnings: string[] } {
    const warnings: string[] = [];
    const statuses: ExternalKeyStatus[] = [];
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
