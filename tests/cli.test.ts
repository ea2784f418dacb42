// Every CLI (the npm scripts and the benchmarks) shares one parser and runner (shared/cli.ts): the
// same --help and --version, the same usage error with a did-you-mean, exit codes 0 and 2.
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { pool, runTool } from "./badInput/harness";
import { ROOT } from "./helpers";

const CLIS = {
    inventory: "inventory/cli.ts",
    rotation: "inventory/rotation.ts",
    migrate: "providers/migrations/cli.ts",
    "mongo-backup": "providers/backups/cli.ts",
    "bench:preview": "bench/preview.ts",
    "bench:inventory": "bench/inventory.ts",
    schema: "scripts/stack-schema.ts",
    init: "init/cli.ts",
    doctor: "doctor/cli.ts",
    drift: "drift/cli.ts",
    health: "health/cli.ts",
};

describe("every CLI's command line (shared/cli.ts)", function () {
    // 33 Node starts: 61 and 74 s at the last two clean-clone runs on 2 loaded cores; the bound only catches a hang.
    this.timeout(300_000);
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;

    it("is an npm script", () => {
        const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
        for (const [script, file] of Object.entries(CLIS)) assert.match(scripts[script] ?? "", new RegExp(` ${file.replace(/\./g, "\\.")}$`), script);
    });

    it("answers --version and --help with exit 0, and a misspelt --version with exit 2 and the right flag", async () => {
        const runs = await pool(
            Object.entries(CLIS).flatMap(([script, file]) => [
                async () => ({ script, what: "--version", run: await runTool(file, ["--version"]) }),
                async () => ({ script, what: "--help", run: await runTool(file, ["--help"]) }),
                async () => ({ script, what: "--verison", run: await runTool(file, ["--verison"]) }),
            ]),
        );
        for (const { script, what, run } of runs) {
            const out = `${script} ${what}\n${run.stdout}${run.stderr}`;
            if (what === "--version") assert.deepStrictEqual([run.code, run.stdout], [0, `app-platform ${version}\n`], out);
            if (what === "--help") {
                assert.strictEqual(run.code, 0, out);
                assert.match(run.stdout, new RegExp(`^usage: npm run ${script}[^]*\\n {2}-h, --help +this text\\n {2}--version +the program's version`), out);
            }
            if (what === "--verison") {
                assert.strictEqual(run.code, 2, out);
                assert.match(run.stderr, /^error: unknown option --verison; did you mean --version\?\nusage: /, out);
            }
        }
    });
});
