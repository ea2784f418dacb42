// The engine tests' code as plain JavaScript, transpiled once per workspace by ts-node's own service
// (tsconfig.json: swc) instead of in every process the engine starts. The output is byte for byte
// what ts-node gives `pulumi up`, so the dynamic providers' serialized code (an input of each of
// their resources) is the same either way; only the per-process cost goes: ts-node and TypeScript
// loading, transpiling again, and the source-map lookups of every stack trace the SDK takes at each
// registration (about 2 s of CPU per preview), and about 0.3 s for each stand-in plugin.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import { dirname, join, relative, resolve } from "path";
import { create } from "ts-node";

const js = (ts: string) => ts.replace(/\.ts$/, ".js");
const compiler = (tsconfig: string) => {
    const service = create({ project: tsconfig, transpileOnly: true });
    return (file: string) => service.compile(readFileSync(file, "utf8"), file);
};

/**
 * Writes X.js beside every X.ts of the program copy `project` (its node_modules and tests aside).
 * The policy pack's package.json then names its compiled main: the SDK's policy host registers
 * ts-node with type checking (cmd/run-policy-pack), about 5 s at each preview with the pack, for
 * what `tsc --noEmit` (npm test) checks once.
 */
export function compileProgram(project: string): void {
    const compile = compiler(join(project, "tsconfig.json"));
    const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, e.name);
            if (e.isDirectory() && e.name !== "node_modules" && e.name !== "tests") walk(path);
            else if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) writeFileSync(js(path), compile(path));
        }
    };
    walk(project);
    const pack = join(project, "policy", "package.json");
    if (existsSync(pack)) {
        const meta = JSON.parse(readFileSync(pack, "utf8"));
        if (typeof meta.main === "string") writeFileSync(pack, JSON.stringify({ ...meta, main: js(meta.main) }, null, 2));
    }
}

/**
 * Compiles `entry` of the checkout `root` and every module it imports by a relative path into
 * `into`, in the checkout's layout (so relative requires resolve) beside a link to its node_modules;
 * returns the compiled entry's path.
 */
export function compileEntry(root: string, entry: string, into: string): string {
    const compile = compiler(join(root, "tsconfig.json"));
    const pending = [join(root, entry)];
    const done = new Set<string>();
    while (pending.length > 0) {
        const source = pending.pop()!;
        if (done.has(source)) continue;
        done.add(source);
        const code = compile(source);
        const out = js(join(into, relative(root, source)));
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, code);
        for (const [, spec] of code.matchAll(/require\("(\.\.?\/[^"]+)"\)/g)) pending.push(`${resolve(dirname(source), spec)}.ts`);
    }
    if (!existsSync(join(into, "node_modules"))) symlinkSync(join(root, "node_modules"), join(into, "node_modules"), "dir");
    return js(join(into, entry));
}
