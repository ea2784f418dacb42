// Reads a Pulumi.<stack>.yaml into the raw config map the program sees, filling every declared
// secret with a clearly marked placeholder (the real values stay encrypted, and unneeded offline).
import { readFileSync } from "fs";
import { CST, Document, isMap, isScalar, isSeq, LineCounter, parseDocument, Parser, visit } from "yaml";
import { ConfigError } from "../stacks/config";
import { NAMESPACE } from "../stacks/stackConfig";
import { modeOf, PAYMENT_KEYS, SECRET_PREFIXES, secretInValue } from "../stacks/keyFormats";

export const PLACEHOLDER = "PLACEHOLDER-offline-inventory-not-a-secret";
/** Never connected to: the inventory runs under mocks. */
export const PLACEHOLDER_DATABASE_URL = `postgresql://postgres:${PLACEHOLDER}@db.placeholder.invalid:5432/postgres`;

export interface StackFileConfig {
    raw: Record<string, string>;
    secretKeys: Set<string>;
    /** Secret keys that were given placeholders. */
    placeholders: string[];
    /** Where each config value sits in the file read (readStackFile only): for messages. */
    scalars?: Map<string, ScalarSource>;
}

/** A config value as written: the key path as config issues name it (`app-platform:atlas.mongoVersion`). */
export interface ScalarSource {
    line: number;
    col: number;
    /** What YAML read the value as, and its text in the file when not a string (never a string value: it may be a secret). */
    text: string;
    type: "string" | "number" | "boolean" | "null";
    /** The invisible characters in the value as read (escaped, e.g. `\u00a0`): the value itself is never kept. */
    hidden: string[];
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

// Characters a terminal does not show (or shows as a plain space) that still make a key or value
// differ: control characters, non-breaking and other odd spaces, zero-width ones, a BOM.
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00a0\u00ad\u061c\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;

/** `text` with every invisible character written as an escape (`\u200b`, `\t`); newlines kept unless `oneLine`. */
function visible(text: string, oneLine = false): string {
    const escaped = text.replace(INVISIBLE, (c) => (c === "\t" ? "\\t" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
    return oneLine ? escaped.replace(/\n/g, "\\n") : escaped;
}

/** "\u00a0 at column 21" for each invisible character of a line. */
function invisibleAt(line: string): string[] {
    return [...line.matchAll(INVISIBLE)].map((m) => `${visible(m[0])} at column ${1 + m.index}`);
}

/** A source line fit to print: a value that looks like a secret (or ciphertext) is not shown. */
function printable(line: string): string {
    const tokens = line.split(/[\s,[\]{}"']+/);
    if (!/secure:/.test(line) && !tokens.some((t) => t && secretInValue(t))) return line;
    const colon = line.search(/:[ \t]/);
    return `${colon >= 0 ? line.slice(0, colon + 2) : ""}<value not shown>`;
}

/** Lines `from`..`to` of the file, numbered, invisible characters escaped, a caret under `at`. */
function excerpt(lines: string[], from: number, to: number, at: { line: number; col: number }): string {
    const shown: string[] = [];
    for (let n = Math.max(1, from); n <= Math.min(lines.length, to); n++) {
        if (n !== at.line && lines[n - 1].trim() === "") continue;
        const line = printable(lines[n - 1]);
        shown.push(`${String(n).padStart(5)} | ${visible(line)}`);
        // The caret moves with the escapes before it.
        if (n === at.line) shown.push(`${" ".repeat(5)} | ${" ".repeat(visible(line.slice(0, Math.max(at.col - 1, 0))).length)}^`);
    }
    return shown.join("\n");
}

/** The flow collection ([ or {) whose closing bracket is missing (or is the other kind), innermost last opened. */
function unclosedFlow(text: string): { offset: number; open: string } | undefined {
    let found: { offset: number; open: string } | undefined;
    for (const token of new Parser().parse(text)) {
        if (token.type !== "document") continue;
        CST.visit(token, (item) => {
            for (const t of [item.key, item.value]) {
                if (t?.type !== "flow-collection") continue;
                const close = t.start.source === "[" ? "flow-seq-end" : "flow-map-end";
                if (t.end[0]?.type !== close && (!found || t.start.offset > found.offset)) found = { offset: t.start.offset, open: t.start.source };
            }
        });
    }
    return found;
}

const STACK_FILE_SHAPE = `A stack file (Pulumi.<stack>.yaml) looks like:\n  config:\n    ${NAMESPACE}:name: shop\n    ${NAMESPACE}:environment: staging\n    ...`;

export function readStackFile(path: string): StackFileConfig {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new StackFileError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const lines = text.split(/\r?\n/);
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
    const [error] = doc.errors;
    if (error) {
        const at = lineCounter.linePos(error.pos[0]);
        // The parser notices an unclosed [ or { only where the block resumes, lines later: point at
        // where it opened instead, and say where the parser stopped.
        const flow = unclosedFlow(text);
        if (flow) {
            const open = lineCounter.linePos(flow.offset);
            const close = flow.open === "[" ? "]" : "}";
            throw new StackFileError(
                `${path}:${open.line}:${open.col}: the ${flow.open} opened on line ${open.line} is never closed; close it with ${close} (or quote the value if the ${flow.open} is text)\n` +
                    `${excerpt(lines, open.line - 1, open.line + 1, open)}\n` +
                    `(the YAML parser stopped at line ${at.line}, column ${at.col}: ${error.message})`,
            );
        }
        // The parser often notices a mistake a line late or early: show the lines either side.
        const hidden = invisibleAt(lines[at.line - 1] ?? "");
        const hint =
            hidden.length > 0 ? `\nLine ${at.line} holds invisible characters (${hidden.join(", ")}): retype them as plain spaces or remove them.` : "";
        throw new StackFileError(`${path}:${at.line}:${at.col}: ${visible(error.message)}\n${excerpt(lines, at.line - 1, at.line + 1, at)}${hint}`);
    }
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
        const message = (err as Error).message;
        if (!/alias/i.test(message)) throw new StackFileError(`${path}: ${message}`);
        // An alias bomb ("billion laughs"): the yaml library stops expanding it and says so.
        const alias = firstAlias(doc);
        const at = alias === undefined ? undefined : lineCounter.linePos(alias);
        throw new StackFileError(
            `${path}${at ? `:${at.line}:${at.col}` : ""}: its aliases (*name) expand into too much data (${message}); ` +
                `a stack file needs no aliases: write the values out`,
        );
    }
    if (value === null || value === undefined) throw new StackFileError(`${path}: this is not a stack file: it is empty. ${STACK_FILE_SHAPE}`);
    if (typeof value !== "object" || Array.isArray(value))
        throw new StackFileError(`${path}: the file must be a YAML mapping of keys (config:\n  ${NAMESPACE}:name: ...)`);
    const top = value as Record<string, unknown>;
    // A config key that lost its indentation (or gained an invisible character before it) lands at the top.
    const stray = Object.keys(top).find((k) => k.includes(":"));
    if (stray !== undefined) {
        const at = lineCounter.linePos(keyOffset(doc, stray) ?? 0);
        throw new StackFileError(
            `${path}:${at.line}:${at.col}: "${visible(stray, true)}" is at the top level of the file; config keys go under config:, indented by two spaces\n` +
                excerpt(lines, at.line, at.line, at),
        );
    }
    if (!("config" in top)) {
        const project = "runtime" in top && "name" in top;
        throw new StackFileError(
            `${path}: this is not a stack file: ${project ? "it is a project file (name: and runtime:, no config:)" : "it has no config: key"}. ${STACK_FILE_SHAPE}`,
        );
    }
    const config = top.config ?? {};
    if (typeof config !== "object" || Array.isArray(config)) {
        throw new StackFileError(`${path}: its config: must be a YAML mapping of keys (config:\n  ${NAMESPACE}:name: ...)`);
    }
    return { ...fromConfigMap(config as Record<string, unknown>), scalars: scalarSources(doc, lineCounter, text) };
}

/** Where the first alias of the document is. */
function firstAlias(doc: Document): number | undefined {
    let offset: number | undefined;
    visit(doc, { Alias: (_, node) => void (offset ??= node.range?.[0]) });
    return offset;
}

/** Where a top-level key is. */
function keyOffset(doc: Document, key: string): number | undefined {
    const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
    return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

/** Every scalar under config:, by the key path config issues use (`app-platform:atlas.mongoVersion`, `...events[1]`). */
function scalarSources(doc: Document, lineCounter: LineCounter, text: string): Map<string, ScalarSource> {
    const found = new Map<string, ScalarSource>();
    const walk = (node: unknown, path: string) => {
        if (isScalar(node) && node.range) {
            const v = node.value;
            const type = v === null ? "null" : typeof v === "number" || typeof v === "bigint" ? "number" : typeof v === "boolean" ? "boolean" : "string";
            const hidden = typeof v === "string" ? [...new Set([...v.matchAll(INVISIBLE)].map((m) => visible(m[0])))] : [];
            found.set(path, { ...lineCounter.linePos(node.range[0]), text: type === "string" ? "" : text.slice(node.range[0], node.range[1]), type, hidden });
        } else if (isMap(node)) {
            for (const p of node.items)
                if (isScalar(p.key)) walk(p.value, `${path}${/^\d+$/.test(String(p.key.value)) ? `[${p.key.value}]` : `.${p.key.value}`}`);
        } else if (isSeq(node)) {
            node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
        }
    };
    const config = isMap(doc.contents) ? doc.contents.get("config", true) : undefined;
    if (isMap(config)) {
        for (const p of config.items) {
            if (!isScalar(p.key)) continue;
            const k = String(p.key.value);
            walk(p.value, k.includes(":") ? k : `${NAMESPACE}:${k}`);
        }
    }
    return found;
}

/**
 * A config error told in terms of the file read (`named`, when not the stack's own): invisible
 * characters in messages escaped and pointed at; and where YAML read a number or boolean the config
 * wants as text, the line and the text to quote (unquoted 8.0 is the number 8).
 */
export function explainConfigError(err: ConfigError, file: StackFileConfig, named?: string): ConfigError {
    const issues = err.issues.map(({ key, message }) => {
        let text = message;
        const at = file.scalars?.get(key);
        if (at && (at.type === "number" || at.type === "boolean") && /expected string|expected one of "/.test(text)) {
            // The file's own text beats a generic example (config.ts's hint for a wrong type says "1.10").
            const example = / write it in quotes, e\.g\. key: "[^"]*"/;
            text = example.test(text)
                ? text.replace(example, ` write it in quotes: "${at.text}" (line ${at.line})`)
                : `${text} (line ${at.line} reads ${at.text} as a ${at.type}: write it in quotes: "${at.text}")`;
        }
        if (at && at.hidden.length > 0) text += ` (line ${at.line}: the value holds invisible characters, ${at.hidden.join(" ")}: retype it)`;
        // Keys are ConfigError's to print (it makes them visible); messages quote keys and values too.
        return { key, message: visible(text) };
    });
    return new ConfigError(err.stack, issues, named);
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
    // The owner's connection strings (the migrations', the app role's maker) get a placeholder URL.
    const databaseUrlSecrets = [section(raw[`${NAMESPACE}:migrations`]).databaseUrlSecret, section(raw[`${NAMESPACE}:database`]).adminUrlSecret];
    for (const name of Object.keys(section(section(raw[`${NAMESPACE}:secrets`]).external))) {
        const key = `${NAMESPACE}:${name}`;
        if (key in raw && !secretKeys.has(key)) continue; // a plaintext value: leave it for validation to flag
        raw[key] = databaseUrlSecrets.includes(name) ? PLACEHOLDER_DATABASE_URL : placeholderFor(name, environment);
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
