// pulumi.dynamic.Resource with its provider's code serialized once per version of the code instead
// of at every run. The SDK serializes a provider by walking its closure (an inspector session and a
// TypeScript parse per captured function): about 1.2 s of the 2.8 s of CPU a staging preview's
// program uses, for text that only changes when the code does. The text is the SDK's own, made the
// way pulumi.dynamic.Resource makes it, and kept under node_modules/.cache keyed by everything it
// can depend on; a key that cannot be proved (a provider that is not a module's export, a closure
// that holds a secret) is serialized at every run, as the SDK does.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { dirname, join, relative, sep } from "path";

interface Serialized {
    text: string;
    containsSecrets: boolean;
}

/** The program's root (this file is in providers/): the provider's identity is its path below it. */
const ROOT = dirname(__dirname);
const NODE_MODULES = `${sep}node_modules${sep}`;
const CACHE = join(ROOT, "node_modules", ".cache", "app-platform", "dynamic-providers");

/**
 * The serializer's own parser and package-tree reader: the SDK's runtime loads them as it loads, but a
 * process may load them only at their first use (the engine tests' tests/engine/lazySdk.ts), so their
 * versions are part of every key whether loaded yet or not.
 */
const SERIALIZER_PACKAGES = ["typescript", "@npmcli/arborist"].flatMap((name) => {
    try {
        return [dirname(require.resolve(`${name}/package.json`, { paths: [dirname(require.resolve("@pulumi/pulumi/package.json"))] }))];
    } catch {
        return []; // the SDK's vendored TypeScript: its version is the SDK's
    }
});

const fileHashes = new Map<string, string>();
const hashOf = (file: string) => {
    let h = fileHashes.get(file);
    if (h === undefined) {
        try {
            h = createHash("sha256").update(readFileSync(file)).digest("hex");
        } catch {
            h = "absent"; // no tsconfig.json, a package without package.json
        }
        fileHashes.set(file, h);
    }
    return h;
};

/** The module exporting `provider` and the export's name, when exactly one does. */
function definition(provider: object): string | undefined {
    const found: string[] = [];
    for (const [file, mod] of Object.entries(require.cache)) {
        if (!mod || file.includes(NODE_MODULES) || typeof mod.exports !== "object" || mod.exports === null) continue;
        for (const [name, value] of Object.entries(mod.exports)) if (value === provider) found.push(`${relative(ROOT, file)}#${name}`);
    }
    return found.length === 1 ? found[0] : undefined;
}

/**
 * What the serialized text can depend on: the provider's definition, the code of every module the
 * process has loaded (the closure captures only loaded code), the version of every package loaded
 * (the serializer, the transpiler, what the closure requires), tsconfig.json (how the code was
 * transpiled) and Node.js's version.
 */
export function cacheKey(provider: object): string | undefined {
    const defined = definition(provider);
    if (!defined) return undefined;
    const modules: string[] = [];
    const packages = new Set<string>(SERIALIZER_PACKAGES);
    for (const file of Object.keys(require.cache)) {
        const at = file.lastIndexOf(NODE_MODULES);
        if (at < 0) modules.push(`${relative(ROOT, file)} ${hashOf(file)}`);
        else {
            const rest = file.slice(at + NODE_MODULES.length).split(sep);
            packages.add(file.slice(0, at + NODE_MODULES.length) + rest.slice(0, rest[0].startsWith("@") ? 2 : 1).join(sep));
        }
    }
    const versions = [...packages].map((dir) => `${relative(ROOT, dir)} ${hashOf(join(dir, "package.json"))}`);
    const parts = [defined, process.version, hashOf(join(ROOT, "tsconfig.json")), ...modules.sort(), ...versions.sort()];
    return createHash("sha256").update(parts.join("\n")).digest("hex");
}

function readCache(cache: string, key: string): Serialized | undefined {
    try {
        const entry = JSON.parse(readFileSync(join(cache, `${key}.json`), "utf8"));
        return typeof entry.text === "string" ? { text: entry.text, containsSecrets: false } : undefined;
    } catch {
        return undefined;
    }
}

/** Written whole or not at all (concurrent runs share the folder); a closure holding a secret never. */
function writeCache(cache: string, key: string, s: Serialized): void {
    if (s.containsSecrets) return;
    try {
        mkdirSync(cache, { recursive: true });
        const tmp = join(cache, `${key}.${process.pid}.tmp`);
        writeFileSync(tmp, JSON.stringify({ text: s.text }));
        renameSync(tmp, join(cache, `${key}.json`));
    } catch {
        // A read-only node_modules: the next run serializes again.
    }
}

/** The provider's serialized code and whether it holds a secret: from `cache` when its key is there. */
export async function serialize(provider: pulumi.dynamic.ResourceProvider, cache = CACHE): Promise<Serialized> {
    const key = cacheKey(provider);
    const cached = key === undefined ? undefined : readCache(cache, key);
    if (cached) return cached;
    // The call pulumi.dynamic.Resource makes (dynamic/index.js), down to its function's text: the
    // text is part of the code, and a transpiler prints an arrow its own way ("()=>provider").
    const sf = await pulumi.runtime.serializeFunction(eval("() => provider"), { allowSecrets: true });
    const s = { text: sf.text, containsSecrets: sf.containsSecrets };
    if (key !== undefined) writeCache(cache, key, s);
    return s;
}

const perProcess = new WeakMap<object, pulumi.Output<string>>();

/** The provider's code as the `__provider` input: secret when its closure holds a secret. */
export function serializedProvider(provider: pulumi.dynamic.ResourceProvider): pulumi.Output<string> {
    let code = perProcess.get(provider);
    if (!code) {
        code = pulumi.output(serialize(provider)).apply((s) => (s.containsSecrets ? pulumi.secret(s.text) : pulumi.output(s.text)));
        perProcess.set(provider, code);
    }
    return code;
}

/** pulumi.dynamic.Resource (type `pulumi-nodejs:dynamic/<module>:<type>`), its provider's code from serializedProvider. */
export abstract class DynamicResource extends pulumi.CustomResource {
    constructor(
        provider: pulumi.dynamic.ResourceProvider,
        name: string,
        props: pulumi.Inputs,
        opts: pulumi.CustomResourceOptions | undefined,
        module: string,
        type: string,
    ) {
        if (props.__provider) throw new Error("A dynamic resource must not define the __provider key");
        super(`pulumi-nodejs:dynamic/${module}:${type}`, name, { ...props, __provider: serializedProvider(provider) }, opts);
    }
}
