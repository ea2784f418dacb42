// npm run bench:preview [-- --rounds N] — times `pulumi preview` of each stack (a first preview:
// every resource planned) against two programs on the same CLI, backend and language server, in
// turn (A B C A B C …): an empty TypeScript program, and the floor, a program that declares as many
// plain resources (random.RandomBytes through the same stand-in plugins) as the stack does. Prints
// medians and ratios; measures, asserts nothing. Where the time goes: docs/testing.md, "Speed".
import { execFileSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { CliCommand, parseCommandLine, runCli, UsageError } from "../shared/cli";
import { ROOT } from "../tests/helpers";
import { createWorkspace, pulumiCli, Workspace } from "../tests/engine/workspace";
import { canaryFor, ENGINE_NOW, ENGINE_STACKS, toYaml } from "../tests/engine/stackFiles";
import { median, parseRounds } from "./stats";

const USAGE = `usage: npm run bench:preview [-- options]

  --rounds N        timed rounds per stack, after one warm-up (default 5)
  --stack NAME      only this stack (repeatable; default every engine stack)
  -h, --help        this text
  --version         the program's version`;

const NOW = { APP_PLATFORM_NOW: ENGINE_NOW };
const PROGRAM_FILES = (index: string) => ({ "Pulumi.yaml": "name: floor\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n", "index.ts": index });

async function timed(ws: Workspace, stack: string): Promise<number> {
    const start = process.hrtime.bigint();
    await ws.ok(["preview", "--stack", stack], { env: NOW });
    return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A workspace holding a one-file program, its stack initialized. */
async function program(name: string, index: string): Promise<Workspace> {
    const ws = createWorkspace({}, PROGRAM_FILES(index), "user");
    await ws.ok(["stack", "init", name]);
    return ws;
}

/** The stack's own workspace; returns it with the number of resources its preview plans. */
async function stackWorkspace(stack: keyof typeof ENGINE_STACKS): Promise<{ ws: Workspace; resources: number }> {
    const cfg = parse(readFileSync(join(ROOT, ENGINE_STACKS[stack]), "utf8")).config;
    const ws = createWorkspace({}, undefined, "user");
    writeFileSync(join(ws.project, `Pulumi.${stack}.yaml`), toYaml({ config: cfg }));
    await ws.ok(["stack", "init", stack]);
    const environment = cfg["app-platform:environment"];
    const dbSecret = cfg["app-platform:migrations"]?.databaseUrlSecret;
    // Unreachable database: the migrations check lists pending files from disk, as in a PR preview.
    const value = (name: string) => (name === dbSecret ? "postgresql://bench:bench@127.0.0.1:1/bench" : canaryFor(name, environment));
    const external = Object.keys(cfg["app-platform:secrets"]?.external ?? {});
    await ws.setConfig(stack, { secret: Object.fromEntries(external.map((name) => [`app-platform:${name}`, value(name)])) });
    // The warm-up, and the count: every step the engine plans but the stack itself.
    const steps = JSON.parse((await ws.ok(["preview", "--json", "--stack", stack], { env: NOW })).stdout).steps as { urn: string }[];
    return { ws, resources: steps.filter((s) => !s.urn.includes("::pulumi:pulumi:Stack::")).length };
}

async function main(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, { rounds: { type: "string", default: "5" }, stack: { type: "string", multiple: true } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --)`);
    const rounds = parseRounds(values.rounds);
    const stacks = (values.stack ?? Object.keys(ENGINE_STACKS)) as (keyof typeof ENGINE_STACKS)[];
    for (const s of stacks)
        if (!(s in ENGINE_STACKS)) throw new UsageError(`--stack ${s}: not an engine stack; use one of ${Object.keys(ENGINE_STACKS).join(", ")}`);

    const empty = await program("empty", "export = async () => ({});\n");
    const cli = execFileSync(join(pulumiCli(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
    console.log(`pulumi ${cli} preview, ${rounds} rounds each in turn, median wall time (ms); ratios = medians of per-round ratios`);
    console.log("floor = the same number of plain resources (random.RandomBytes); empty = a program that declares nothing");
    console.log("stack                  resources  program    floor    empty  ×floor  ×empty");
    for (const stack of stacks) {
        const { ws, resources } = await stackWorkspace(stack);
        const floor = await program(
            "floor",
            `import { RandomBytes } from "@pulumi/random";\nexport = async () => {\n    for (let i = 0; i < ${resources}; i++) new RandomBytes(\`r\${i}\`, { length: 8 });\n    return {};\n};\n`,
        );
        await timed(floor, "floor"); // warm-up
        const t = { program: [] as number[], floor: [] as number[], empty: [] as number[] };
        for (let i = 0; i < rounds; i++) {
            t.program.push(await timed(ws, stack));
            t.floor.push(await timed(floor, "floor"));
            t.empty.push(await timed(empty, "empty"));
        }
        const ratio = (of: number[]) => median(t.program.map((x, i) => x / of[i])).toFixed(2);
        const col = (xs: number[]) => median(xs).toFixed(0).padStart(8);
        console.log(
            `${stack.padEnd(22)} ${String(resources).padStart(9)} ${col(t.program)} ${col(t.floor)} ${col(t.empty)} ${ratio(t.floor).padStart(6)}x ${ratio(t.empty).padStart(6)}x`,
        );
        ws.dispose();
        floor.dispose();
    }
    empty.dispose();
    return 0;
}

export const command: CliCommand = {
    main: main,
    usage: USAGE,
    script: "bench:preview",
    isUserError: () => false,
};
runCli(command, module);
