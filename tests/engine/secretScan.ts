// The proof that secrets stay secret: every plaintext secret the stack knows (config canaries and
// every value the state holds as a secret) is looked for in everything the engine wrote.
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { join } from "path";

/**
 * Plaintext values of every secret in a `stack export --show-secrets` deployment, less values the
 * state also holds in the clear (a provider may mark a whole field secret, e.g. every Vercel env
 * var's `value`, including public ones) and values the stack file holds in the clear.
 */
export function secretValues(deployment: unknown, plainText = ""): string[] {
    const found = new Set<string>();
    const plain = new Set<string>();
    const collect = (v: unknown): void => {
        if (typeof v === "string") found.add(v);
        else if (Array.isArray(v)) v.forEach(collect);
        // A secret inside a secret (a whole object marked secret around a secret field): its content,
        // not the envelope's signature, which is Pulumi's constant.
        else if (v && typeof v === "object" && specialSigKey in v) collect((v as Record<string, unknown>).plaintext ?? (v as Record<string, unknown>).value);
        else if (v && typeof v === "object") Object.values(v).forEach(collect);
    };
    const walk = (v: unknown) => {
        if (typeof v === "string") plain.add(v);
        if (Array.isArray(v)) return v.forEach(walk);
        if (!v || typeof v !== "object") return;
        const o = v as Record<string, unknown>;
        if (specialSigKey in o) {
            const plaintext = o.plaintext ?? o.value;
            // Export shows a secret as {sig, plaintext: "<JSON>"}: a string, or an object/array in JSON.
            if (typeof plaintext === "string") {
                try {
                    collect(JSON.parse(plaintext));
                } catch {
                    collect(plaintext);
                }
            } else collect(plaintext);
            return;
        }
        Object.values(o).forEach(walk);
    };
    walk(deployment);
    return [...found].filter((v) => !plain.has(v) && !plainText.includes(v));
}

/**
 * An event log split in two places: the SDK's debug diagnostics and everything else. The Node SDK
 * logs each RegisterResource response at debug level with its secret values in the clear; the CLI
 * shows debug events only with --debug and sends them to Pulumi Cloud only then, but writes them
 * to --event-log (what the Automation API streams). They are kept apart so a test can tell that
 * known upstream behaviour from a leak of this program's.
 */
export function eventLog(path: string): { path: string; text: string }[] {
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, "utf8").split("\n").filter(Boolean);
    const isDebug = (line: string) => (JSON.parse(line) as { diagnosticEvent?: { severity?: string } }).diagnosticEvent?.severity === "debug";
    return [
        { path: `${path} (SDK debug diagnostics)`, text: lines.filter(isDebug).join("\n") },
        { path, text: lines.filter((l) => !isDebug(l)).join("\n") },
    ];
}

/** Every file below `dir`, as text. */
export function filesBelow(dir: string): { path: string; text: string }[] {
    return readdirSync(dir, { recursive: true, encoding: "utf8" })
        .map((f) => join(dir, f))
        .filter((p) => statSync(p).isFile())
        .map((path) => ({ path, text: readFileSync(path, "latin1") }));
}

export interface Leak {
    /** Which secret (by label, never its value). */
    secret: string;
    where: string;
}

/**
 * Looks for each value (and its base64 form) in each place. Values shorter than 8 characters are
 * skipped: they are not distinctive enough to find (and no secret here is that short).
 */
export function scan(secrets: Record<string, string>, places: { path: string; text: string }[]): Leak[] {
    const leaks: Leak[] = [];
    for (const [label, value] of Object.entries(secrets)) {
        if (value.length < 8) continue;
        const forms = [value, Buffer.from(value).toString("base64"), JSON.stringify(value).slice(1, -1)];
        for (const place of places) {
            if (forms.some((f) => place.text.includes(f))) leaks.push({ secret: label, where: place.path });
        }
    }
    return leaks;
}
