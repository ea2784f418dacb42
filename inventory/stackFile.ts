// Reads a Pulumi.<stack>.yaml into the raw config map the program sees, filling every declared
// secret with a clearly marked placeholder (the real values stay encrypted, and unneeded offline).
import { readFileSync } from "fs";
import { parse } from "yaml";
import { NAMESPACE } from "../stacks/config";
import { modeOf, PAYMENT_KEYS, SECRET_PREFIXES } from "../stacks/keyFormats";

export const PLACEHOLDER = "PLACEHOLDER-offline-inventory-not-a-secret";
/** Never connected to: the inventory runs under mocks. */
export const PLACEHOLDER_DATABASE_URL = `postgresql://postgres:${PLACEHOLDER}@db.placeholder.invalid:5432/postgres`;

export interface StackFileConfig {
    raw: Record<string, string>;
    secretKeys: Set<string>;
    /** Secret keys that were given placeholders. */
    placeholders: string[];
}

/** A placeholder that passes the format and mode checks a real key of that name would face. */
export function placeholderFor(name: string, environment: "staging" | "production"): string {
    const payment = Object.values(PAYMENT_KEYS).find((p) => p.secretName === name);
    const prefix = payment?.secretPrefix?.[modeOf(environment)][0] ?? SECRET_PREFIXES[name]?.[0] ?? "";
    return `${prefix}${PLACEHOLDER}`;
}

export function readStackFile(path: string): StackFileConfig {
    const doc = (parse(readFileSync(path, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    return fromConfigMap(doc.config ?? {});
}

/** `config` is the stack file's `config:` mapping. */
export function fromConfigMap(config: Record<string, unknown>): StackFileConfig {
    const raw: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [k, v] of Object.entries(config)) {
        const key = k.includes(":") ? k : `${NAMESPACE}:${k}`;
        if (v && typeof v === "object" && "secure" in v) {
            raw[key] = PLACEHOLDER; // ciphertext: only the Pulumi CLI can decrypt it
            secretKeys.add(key);
        } else {
            raw[key] = typeof v === "object" ? JSON.stringify(v) : String(v);
        }
    }
    const placeholders: string[] = [];
    const environment = raw[`${NAMESPACE}:environment`] === "production" ? "production" : "staging";
    const databaseUrlSecret = section(raw[`${NAMESPACE}:migrations`]).databaseUrlSecret;
    for (const name of Object.keys(section(section(raw[`${NAMESPACE}:secrets`]).external))) {
        const key = `${NAMESPACE}:${name}`;
        if (key in raw && !secretKeys.has(key)) continue; // a plaintext value: leave it for validation to flag
        raw[key] = name === databaseUrlSecret ? PLACEHOLDER_DATABASE_URL : placeholderFor(name, environment);
        secretKeys.add(key);
        placeholders.push(key);
    }
    return { raw, secretKeys, placeholders };
}

/** A config section (JSON text, or an already parsed value) as an object, or {} when it is not one. */
function section(value: unknown): Record<string, any> {
    try {
        const v = typeof value === "string" ? JSON.parse(value) : value;
        return v && typeof v === "object" ? v : {};
    } catch {
        return {};
    }
}
