// npm run bench:preview — times `pulumi preview` of each stack (a first preview: every resource
// planned) against an empty TypeScript program on the same CLI, backend and language server, in
// turn (A B A B …), and prints medians and the ratio. Measures; asserts nothing.
import { execFileSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ROOT } from "../tests/helpers";
import { createWorkspace, pulumiCli, Workspace } from "../tests/engine/workspace";
import { canaryFor, ENGINE_NOW, ENGINE_STACKS, toYaml } from "../tests/engine/stackFiles";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NOW = { APP_PLATFORM_NOW: ENGINE_NOW };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(ws: Workspace, stack: string): Promise<number> {
    const start = process.hrtime.bigint();
    await ws.ok(["preview", "--stack", stack], { env: NOW });
    return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main() {
    const empty = createWorkspace({}, {
        "Pulumi.yaml": "name: empty\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
        "index.ts": "export = async () => ({});\n",
    });
    await empty.ok(["stack", "init", "empty"]);
    const cli = execFileSync(join(pulumiCli(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
    console.log(`pulumi ${cli} preview, ${ROUNDS} rounds each in turn, median wall time (ms); ratio = median of per-round ratios`);
    console.log("stack                 program   empty   ratio");
    for (const [stack, file] of Object.entries(ENGINE_STACKS)) {
        const cfg = parse(readFileSync(join(ROOT, file), "utf8")).config;
        const ws = createWorkspace();
        writeFileSync(join(ws.project, `Pulumi.${stack}.yaml`), toYaml({ config: cfg }));
        await ws.ok(["stack", "init", stack]);
        const environment = cfg["app-platform:environment"];
        const dbSecret = cfg["app-platform:migrations"]?.databaseUrlSecret;
        for (const name of Object.keys(cfg["app-platform:secrets"]?.external ?? {})) {
            // Unreachable database: the migrations check lists pending files from disk, as in a PR preview.
            const value = name === dbSecret ? "postgresql://bench:bench@127.0.0.1:1/bench" : canaryFor(name, environment);
            await ws.ok(["config", "set", "--secret", `app-platform:${name}`, value, "--stack", stack]);
        }
        const a: number[] = [];
        const b: number[] = [];
        await timed(ws, stack); // warm-up
        for (let i = 0; i < ROUNDS; i++) {
            a.push(await timed(ws, stack));
            b.push(await timed(empty, "empty"));
        }
        const ratios = a.map((x, i) => x / b[i]);
        console.log(`${stack.padEnd(20)} ${median(a).toFixed(0).padStart(8)} ${median(b).toFixed(0).padStart(7)} ${median(ratios).toFixed(2).padStart(6)}x`);
        ws.dispose();
    }
    empty.dispose();
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
