// Reads a Pulumi.<stack>.yaml into the raw config map the program sees, filling every declared
// secret with a clearly marked placeholder (the real values stay encrypted, and unneeded offline).
import { readFileSync } from "fs";
import { LineCounter, parseDocument } from "yaml";
import { NAMESPACE } from "../stacks/feature";
import { modeOf, PAYMENT_KEYS, SECRET_PREFIXES, secretInValue } from "../stacks/keyFormats";

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

/** A stack file that cannot be read or is not valid YAML: reported as file:line:column, without a trace. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/** A source line fit to print: a value that looks like a secret (or ciphertext) is not shown. */
function printable(line: string): string {
    const tokens = line.split(/[\s,[\]{}"']+/);
    if (!/secure:/.test(line) && !tokens.some((t) => t && secretInValue(t))) return line;
    const colon = line.indexOf(": ");
    return `${colon >= 0 ? line.slice(0, colon + 2) : ""}<value not shown>`;
}

export function readStackFile(path: string): StackFileConfig {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new StackFileError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
    const [error] = doc.errors;
    if (error) {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        // The parser often notices a mistake a line late (an unclosed [) or early (a bad indent
        // below): show the lines either side, numbered, with a caret at the position.
        const lines = text.split(/\r?\n/);
        const shown: string[] = [];
        for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line + 1); n++) {
            if (n !== line && lines[n - 1].trim() === "") continue;
            shown.push(`${String(n).padStart(5)} | ${printable(lines[n - 1])}`);
            if (n === line) shown.push(`${" ".repeat(5)} | ${" ".repeat(Math.max(col - 1, 0))}^`);
        }
        throw new StackFileError(`${path}:${line}:${col}: ${error.message}\n${shown.join("\n")}`);
    }
    const value = (doc.toJS() ?? {}) as unknown;
    const config = typeof value === "object" && !Array.isArray(value) ? (value as { config?: unknown }).config ?? {} : undefined;
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new StackFileError(`${path}: ${config === undefined ? "the file" : "its config:"} must be a YAML mapping of keys (config:\n  ${NAMESPACE}:name: ...)`);
    }
    return fromConfigMap(config as Record<string, unknown>);
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
