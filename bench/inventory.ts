// npm run bench:inventory [-- --rounds N] — times the offline inventory of each stack (`--json`)
// and every CLI's `--help`, each as the process npm starts, in turn with its floor: loading the
// Pulumi SDK under the same TypeScript loader (what any evaluation of the program must pay), and an
// empty file under that loader. npm's own start-up, added to every `npm run`, is printed apart.
// Prints medians and ratios; measures, asserts nothing.
import { execFileSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { CliCommand, parseCommandLine, runCli, UsageError } from "../shared/cli";
import { ENGINE_STACKS } from "../tests/engine/stackFiles";
import { ROOT } from "../tests/helpers";
import { median, parseRounds } from "./stats";

const USAGE = `usage: npm run bench:inventory [-- options]

  --rounds N        timed rounds per command (default 5)
  -h, --help        this text
  --version         the program's version`;

const LOADER = ["-r", "ts-node/register/transpile-only"];
const CLIS = {
    inventory: "inventory/cli.ts",
    rotation: "inventory/rotation.ts",
    migrate: "providers/migrations/cli.ts",
    "mongo-backup": "providers/backups/cli.ts",
    init: "init/cli.ts",
    doctor: "doctor/cli.ts",
    drift: "drift/cli.ts",
    release: "release/cli.ts",
    health: "health/cli.ts",
    schema: "scripts/stack-schema.ts",
};

function time(cmd: string, args: string[]): number {
    const start = process.hrtime.bigint();
    execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, APP_PLATFORM_NOW: "2026-11-23" } });
    return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Medians of `a` and its floor `b`, timed in turn, and the median of the per-round ratios. */
function pair(rounds: number, a: () => number, b: () => number): { a: number; b: number; ratio: number } {
    const ta: number[] = [];
    const tb: number[] = [];
    for (let i = 0; i < rounds; i++) {
        ta.push(a());
        tb.push(b());
    }
    return { a: median(ta), b: median(tb), ratio: median(ta.map((x, i) => x / tb[i])) };
}

const row = (name: string, r: { a: number; b: number; ratio: number }, target: number) =>
    `${name.padEnd(30)} ${r.a.toFixed(0).padStart(7)} ${r.b.toFixed(0).padStart(7)} ${r.ratio.toFixed(2).padStart(6)}x   ${r.a <= target ? "met" : "MISSED"} (< ${target} ms)`;

async function main(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, { rounds: { type: "string", default: "5" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --)`);
    const rounds = parseRounds(values.rounds);
    const emptyFile = join(mkdtempSync(join(tmpdir(), "bench-inventory-")), "empty.ts");
    writeFileSync(emptyFile, "export {};\n");
    const node = process.execPath;
    const sdkFloor = () => time(node, [...LOADER, "-e", "require('@pulumi/pulumi')"]);
    const loaderFloor = () => time(node, [...LOADER, emptyFile]);

    console.log(`${rounds} rounds each in turn with its floor, median wall time (ms); ratio = median of per-round ratios`);
    console.log("offline inventory (--json)       program   floor  ratio   target   [floor: node + ts-node + @pulumi/pulumi]");
    for (const [stack, file] of Object.entries(ENGINE_STACKS)) {
        const args = [...LOADER, CLIS.inventory, "--stack", stack, "--json", ...(file.startsWith("tests/") ? ["--file", file] : [])];
        console.log(
            row(
                stack,
                pair(rounds, () => time(node, args), sdkFloor),
                2000,
            ),
        );
    }
    console.log("\n--help                              cli   floor  ratio   target   [floor: node + ts-node, an empty file]");
    for (const [name, file] of Object.entries(CLIS))
        console.log(
            row(
                name,
                pair(rounds, () => time(node, [...LOADER, file, "--help"]), loaderFloor),
                500,
            ),
        );
    const npm = median(Array.from({ length: rounds }, () => time("npm", ["run", "-s", "env"])));
    console.log(`\nnpm's own start-up (npm run -s), added to each of these when run through npm: ${npm.toFixed(0)} ms`);
    return 0;
}

export const command: CliCommand = {
    main: main,
    usage: USAGE,
    script: "bench:inventory",
    isUserError: () => false,
};
runCli(command, module);
