// Reads a stack's raw Pulumi config, validates all of it at once and returns the typed StackConfig.
// Parsing and issue wording live here; each area's checks and env sources in its module (stacks/areas/index.ts).
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ConfigIssue } from "./configIssue";
import type { ConfigContext, Planned, Resolved } from "./area";
import { AREAS } from "./areas";
import { CoreStackConfig, LoadOptions, NAMESPACE, Sources } from "./stackConfig";
import { didYouMean } from "./checks";
import { WebhooksConfig, webhooksSchema } from "./integrations";
import { EMAIL_KEYS, PAYMENT_SECRETS } from "./keyFormats";
import { visible } from "../shared/text";
import { coreSchema } from "./schema";
import { applyMovedKeys, asWritten } from "./movedKeys";

// `webhooks` keeps its place before `dns`: zod reports issues in the order of the sections.
const { dns, ...beforeDns } = coreSchema.shape;
export const configSchema = z.strictObject({ ...beforeDns, webhooks: webhooksSchema.optional(), dns });

/** The config as parsed: the core sections and the integrations' (`webhooks.*`). */
export type RawStackConfig = z.infer<typeof configSchema>;

/** The validated config, as loadStackConfig returns it. */
export type StackConfig = CoreStackConfig & { webhooks?: WebhooksConfig };

/** The top-level sections: each is one `app-platform:<section>` config key. */
export const SECTIONS = Object.keys(configSchema.shape) as (keyof RawStackConfig)[];

/** A user error: printed without a stack trace, never with a secret's value. */
export class ConfigError extends pulumi.RunError {
    /** `file` is the stack file the config was read from. */
    constructor(
        readonly stack: string,
        readonly issues: ConfigIssue[],
        file = `Pulumi.${stack}.yaml`,
    ) {
        super(
            `Stack "${stack}" has ${issues.length} configuration ${issues.length === 1 ? "error" : "errors"} ` +
                `(${file} and its secrets):\n` +
                // A key with a zero-width space or a tab looks like a valid one: show what it holds.
                issues.map((i) => `  - ${visible(i.key)}: ${i.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/**
 * Config namespaces of the providers this program uses, besides its own; any other is a typo.
 * A test holds it to the provider packages in package.json and to the docs (docs/inventory.md).
 */
export const PROVIDER_NAMESPACES = ["aws", "cloudflare", "vercel", "upstash", "random", "checkly", "sentry", "gcp", "mongodbatlas", "github", "pulumi"];

const PLAIN_SECTIONS = new Set<string>(["name", "environment"]);

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
                    ]
                        .filter(Boolean)
                        .join(" "),
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

    const moved = applyMovedKeys(sections, issues);
    const parsed = configSchema.safeParse(sections);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) issues.push(...fromZodIssue(issue, sections));
    }
    const declared = parsed.success ? parsed.data.secrets.external : (sectionsSecretNames(sections) as Record<string, unknown>);
    for (const key of Object.keys(secretEntries)) {
        if (key in declared) continue;
        const candidates = [...SECTIONS, ...Object.keys(declared)];
        issues.push({
            key: `${NAMESPACE}:${key}`,
            message: [
                "unknown config key.",
                didYouMean(key, candidates, (c) => `${NAMESPACE}:${c}`),
                PAYMENT_OR_EMAIL_SECRETS.has(key) ? `To use it, declare it under ${NAMESPACE}:secrets.external.${key}.` : "",
            ]
                .filter(Boolean)
                .join(" "),
        });
    }
    if (!parsed.success) throw new ConfigError(opts.stack, asWritten(issues, moved), opts.file);

    const cfg = parsed.data;
    const ctx: ConfigContext = { cfg, opts, issues, secretEntries, warnings: [], rotationClocks: {}, webhooks: cfg.webhooks };
    const resolved = Object.assign({}, ...AREAS.map((area) => area.resolve?.(ctx, raw))) as Resolved;
    const sources: Sources = Object.assign({}, ...AREAS.map((area) => area.sources?.(ctx)));
    const checking = { ...ctx, ...resolved, sources };
    for (const area of AREAS) area.check?.(checking);
    const planned = AREAS.map((area) => area.plan?.(checking) ?? {});
    const { cronJobs, dnsRecords, externalKeys } = Object.assign({}, ...planned) as Planned;
    const warnings = [...moved.warnings, ...planned.flatMap((p) => p.warnings ?? [])];
    warnings.push(...ctx.warnings);
    if (issues.length > 0) throw new ConfigError(opts.stack, asWritten(issues, moved), opts.file);
    return {
        ...cfg,
        stack: opts.stack,
        hosting: resolved.hosting,
        siteUrl: `https://${cfg.domains.primary}`,
        externalValues: resolved.externalValues,
        sources,
        externalKeys,
        cronJobs,
        dnsRecords,
        warnings,
        now: opts.now,
        rotationClocks: ctx.rotationClocks,
    };
}

const PAYMENT_OR_EMAIL_SECRETS = new Set([
    ...Object.values(PAYMENT_SECRETS)
        .flat()
        .map((k) => k.secretName),
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
        // YAML reads unquoted 1.10 as the number 1.1 and yes as true: the fix is quotes, not another value.
        const quote =
            issue.expected === "string" && (typeof given === "number" || typeof given === "boolean")
                ? `; YAML read it as a ${typeof given}: write it in quotes, e.g. key: "1.10"`
                : "";
        return [{ key: pathKey(issue.path), message: `expected ${issue.expected}${hint}, got ${describeValue(given)}${quote}` }];
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
