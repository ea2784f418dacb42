// The stand-in plugin as plain JavaScript. The engine starts one plugin process per bridged
// provider a run uses (up to nine per preview or up); started through ts-node, each loaded ts-node
// and TypeScript and transpiled its sources again (about 0.6 s); compiled once here with swc, the
// transpiler ts-node itself uses (tsconfig.json), each starts in about 0.33 s.
import { transformFileSync } from "@swc/core";
import { mkdirSync, symlinkSync, writeFileSync } from "fs";
import { dirname, join, relative, resolve } from "path";
import { ROOT } from "../../helpers";

const PLUGIN = join(ROOT, "tests/engine/standins/plugin.ts");

/**
 * Compiles the plugin and every module it imports by a relative path into `into`, in the
 * repository's layout (so relative requires resolve) beside a link to its node_modules; returns
 * the compiled plugin's path.
 */
export function compilePlugin(into: string): string {
    const pending = [PLUGIN];
    const done = new Set<string>();
    while (pending.length > 0) {
        const source = pending.pop()!;
        if (done.has(source)) continue;
        done.add(source);
        const { code } = transformFileSync(source, {
            jsc: { parser: { syntax: "typescript" }, target: "es2022" },
            module: { type: "commonjs" },
            sourceMaps: false,
        });
        const out = join(into, relative(ROOT, source)).replace(/\.ts$/, ".js");
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, code);
        for (const [, spec] of code.matchAll(/require\("(\.\.?\/[^"]+)"\)/g)) pending.push(`${resolve(dirname(source), spec)}.ts`);
    }
    symlinkSync(join(ROOT, "node_modules"), join(into, "node_modules"));
    return join(into, relative(ROOT, PLUGIN)).replace(/\.ts$/, ".js");
}
