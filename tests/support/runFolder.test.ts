import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "../helpers";

const FIXTURE = join(__dirname, "fixtures", "interrupted.ts");

/** A mocha run of the fixture alone, as `npx mocha <file>` starts it. */
function run(env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/.bin/mocha"), FIXTURE], { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore" });
    return { child, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
    for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 100))) {
        const value = probe();
        if (value !== undefined) return value;
    }
    throw new Error(`${what}: not within ${ms / 1000} s`);
}

/** The fixture's report, once its server runs, and the server's process id. */
async function started(report: string) {
    const { runFolder, folder } = await until("the fixture's report", () => (existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined));
    const pgDir = readdirSync(runFolder).find((d) => d.startsWith("app-platform-pg-"))!;
    const postmaster = Number(readFileSync(join(runFolder, pgDir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    return { runFolder: runFolder as string, folder: folder as string, postmaster };
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe("an interrupted test run leaves nothing behind", function () {
    this.timeout(180_000);
    const scratch = () => mkdtempSync(join(tmpdir(), "interrupted-"));

    it("Ctrl-C (SIGINT) stops the run's PostgreSQL and removes every folder it made", async () => {
        const report = join(scratch(), "report.json");
        const { child, exited } = run({ REPORT: report });
        const { runFolder, folder, postmaster } = await started(report);
        assert.ok(existsSync(folder) && alive(postmaster), "the fixture holds its folder and its server");
        child.kill("SIGINT");
        assert.strictEqual(await exited, 130, "exits as interrupted");
        assert.ok(!existsSync(runFolder), `${runFolder} is gone`);
        await until("the server to stop", () => (alive(postmaster) ? undefined : true), 10_000);
    });

    it("a run killed outright (SIGKILL) is cleaned by the next run, its server stopped", async () => {
        const report = join(scratch(), "report.json");
        const { child, exited } = run({ REPORT: report });
        const { runFolder, postmaster } = await started(report);
        child.kill("SIGKILL");
        await exited;
        assert.ok(existsSync(runFolder) && alive(postmaster), "SIGKILL leaves the folder and the server");
        assert.strictEqual(await run({ QUICK: "1" }).exited, 0);
        assert.ok(!existsSync(runFolder), `the next run removed ${runFolder}`);
        await until("the abandoned server to stop", () => (alive(postmaster) ? undefined : true), 10_000);
    });
});
