// The bad-input suite's runner: each case runs a CLI the way a user would (a child process with a
// time limit), and every case is held to the same bar: the exit code it names, a message that names
// the key, flag, file or line, no stack trace, no canary secret, and, for database cases, the same
// schema and tracking rows before and after.
import * as assert from "assert";
import { execFileSync, spawn } from "child_process";
import { join } from "path";
import { CliCommand, execute } from "../../shared/cli";
import { ROOT } from "../helpers";

export interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
    /** The child outlived its time limit and was killed. */
    hung: boolean;
    ms: number;
}

/** What a case starts without, whatever the shell running the suite has set: a database, Pulumi's config. */
const QUIET_ENV = { DATABASE_URL: "", PULUMI_CONFIG: "", PULUMI_CONFIG_SECRET_KEYS: "" };

/** A run of `ts-node <script> <args>` in the project, killed after `limitMs`. */
export function runTool(script: string, args: string[], env: NodeJS.ProcessEnv = {}, limitMs = 60_000): Promise<Run> {
    const started = Date.now();
    const child = spawn(process.execPath, [join(ROOT, "node_modules/.bin/ts-node"), "--transpile-only", join(ROOT, script), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...QUIET_ENV, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let hung = false;
    const timer = setTimeout(() => {
        hung = true;
        child.kill("SIGKILL");
    }, limitMs);
    return new Promise((resolve) => {
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, hung, ms: Date.now() - started });
        });
    });
}

let queue: Promise<unknown> = Promise.resolve();
/** A case that hung keeps running in this process: the cases after it would share its output and state. */
let hungCase: string | undefined;

/**
 * A run of `command` in this process, as `runCli` runs it (same messages, same exit code), with
 * `env` set and its output captured; one at a time (they share process.env and the streams). For
 * cases whose point is the message, not the process: each saves a child's start-up, ts-node and the
 * program's loading (about 1 s of CPU). A case that could block the process (a FIFO) runs in a child.
 */
export function runInProcess(command: CliCommand, args: string[], env: NodeJS.ProcessEnv = {}, limitMs = 60_000): Promise<Run> {
    const run = async (): Promise<Run> => {
        const started = Date.now();
        if (hungCase) return { code: null, stdout: "", stderr: `not run: an earlier in-process case (${hungCase}) hung and still runs`, hung: true, ms: 0 };
        const out = { stdout: "", stderr: "" };
        const streams = { stdout: process.stdout.write, stderr: process.stderr.write };
        const capture = (name: "stdout" | "stderr") =>
            ((chunk: string | Uint8Array, ...rest: unknown[]) => {
                out[name] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
                const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
                done?.();
                return true;
            }) as typeof process.stdout.write;
        const vars = { ...QUIET_ENV, ...env };
        const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
        Object.assign(process.env, vars);
        process.stdout.write = capture("stdout");
        process.stderr.write = capture("stderr");
        let timer: NodeJS.Timeout | undefined;
        try {
            const hang = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), limitMs)));
            const code = await Promise.race([execute(command, args), hang]);
            if (code === "hung") hungCase = `${command.script} ${args.join(" ")}`;
            return { code: code === "hung" ? null : code, ...out, hung: code === "hung", ms: Date.now() - started };
        } finally {
            clearTimeout(timer);
            process.stdout.write = streams.stdout;
            process.stderr.write = streams.stderr;
            for (const [k, v] of Object.entries(saved))
                if (v === undefined) delete process.env[k];
                else process.env[k] = v;
        }
    };
    const result = queue.then(run, run);
    queue = result;
    return result;
}

/** Runs `jobs` at most `width` at a time (the CLIs are CPU-bound while ts-node starts). */
export async function pool<T>(jobs: (() => Promise<T>)[], width = 3): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
    return results;
}

/** What every bad input must satisfy. `names` is what the message must point at. */
export function assertRefused(run: Run, expected: { code: number; names: RegExp; canaries: string[] }): void {
    const output = `${run.stdout}\n${run.stderr}`;
    assert.ok(!run.hung, `hung: killed after ${run.ms} ms\n${output}`);
    assert.strictEqual(run.code, expected.code, `exit code\n${output}`);
    assert.match(run.stderr, expected.names);
    assert.ok(!/^\s+at .+[(:]\d+/m.test(output), `stack trace:\n${output}`);
    for (const canary of expected.canaries) assert.ok(!output.includes(canary), `printed the canary ${canary}:\n${output}`);
}

/**
 * Everything a run could change in a database: its whole schema and data as pg_dump prints them
 * (the tracking table's rows included), minus comments and pg_dump's per-run restrict key.
 */
export function fingerprint(url: string): string {
    const dump = execFileSync("pg_dump", ["--no-owner", "--no-privileges", url], { encoding: "utf8" });
    return dump
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("--") && !/^\\(un)?restrict /.test(l))
        .join("\n");
}
