// A throwaway place to run the real Pulumi CLI on this program: a temp copy of the project (never
// the working tree: `stack init` writes an encryption salt into the stack file), its own
// PULUMI_HOME with stand-in plugins for the bridged providers only, a file:// backend, and the
// environment that keeps the CLI offline and deterministic.
import { execFile, execFileSync, spawn } from "child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "../helpers";
import { compileEntry, compileProgram } from "./compile";

/** Packages of the bridged providers: the only plugins replaced by stand-ins. */
const BRIDGED = [
    "@pulumiverse/vercel",
    "@pulumi/cloudflare",
    "@pulumi/aws",
    "@upstash/pulumi",
    "@pulumi/random",
    "@checkly/pulumi",
    "@pulumiverse/sentry",
    "@pulumi/gcp",
    "@pulumi/mongodbatlas",
    "@pulumi/github",
];
/** Plugin names of packages whose package.json does not give one (the engine takes it from the type tokens). */
const PLUGIN_NAMES: Record<string, string> = { "@checkly/pulumi": "checkly" };

/** What the project needs at run time (everything else stays out of the copy). */
const PROJECT_FILES = [
    "Pulumi.yaml",
    "index.ts",
    "package.json",
    "tsconfig.json",
    "stacks",
    "components",
    "providers",
    "shared",
    "migrations",
    "policy",
    "tests/fixtures",
];

/**
 * A checkout of an earlier commit whose program brings the engine stacks up, so the lifecycle can
 * prove a refactor: this tree's program must then preview no changes over that state.
 */
export const PROOF_BASE = "APP_PLATFORM_PROOF_BASE";

/** Copies the program's files from the checkout `source` into `project`, replacing what was there. */
function copyProgram(source: string, project: string): void {
    for (const f of PROJECT_FILES) {
        rmSync(join(project, f), { recursive: true, force: true });
        // An earlier commit (a proof's base) may not have every folder yet.
        if (existsSync(join(source, f))) cpSync(join(source, f), join(project, f), { recursive: true });
    }
}

let cliDir: string | undefined;
/** The pinned CLI's folder: found on PATH or built once from Go modules (scripts/pulumi-cli.sh). */
export function pulumiCli(): string {
    cliDir ??= execFileSync("bash", [join(ROOT, "scripts/pulumi-cli.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    return cliDir;
}

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface RunOptions {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
}

const ENGINE_OPS = new Set(["preview", "up", "refresh", "destroy"]);

/**
 * How the language server loads the program: `compiled` (the default: transpiled once per workspace
 * by ts-node's own service, the same output; compile.ts) or `ts-node`, at every run, as `pulumi up` does.
 */
export type Loader = "compiled" | "ts-node";

/** Starts the language server (`server`, compiled) for one CLI run (its env is the run's env: the program reads it). */
function serveProgram(project: string, server: string, loader: Loader, env: NodeJS.ProcessEnv): Promise<{ port: number; stop(): void; output(): string }> {
    const args = loader === "compiled" ? [server, "index.js"] : ["-r", require.resolve("ts-node/register/transpile-only"), server, "index.ts"];
    const child = spawn(process.execPath, args, {
        cwd: project,
        env: { ...env, TS_NODE_PROJECT: join(project, "tsconfig.json") },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stderr.on("data", (d) => (out += d));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`language server did not start in 60 s: ${out}`)), 60_000);
        child.stdout.once("data", (d) => {
            clearTimeout(timer);
            resolve({ port: Number(String(d).trim()), stop: () => child.kill("SIGKILL"), output: () => out });
        });
        child.once("exit", (code) => reject(new Error(`language server exited ${code}: ${out}`)));
    });
}

export interface Workspace {
    root: string;
    project: string;
    backend: string;
    /** The stand-ins' world and call log. */
    standins: string;
    env: NodeJS.ProcessEnv;
    /**
     * Runs `pulumi <args>` in the project copy; never throws on a non-zero exit. Engine operations
     * (preview, up, refresh, destroy) get the program served on `--client` with the same env.
     */
    pulumi(args: string[], opts?: RunOptions): Promise<RunResult>;
    /** Puts the program of the checkout `source` in place of the project copy's (compiled as the workspace's loader needs). */
    replaceProgram(source: string): void;
    /** Like `pulumi`, but fails with the CLI's own output when it exits non-zero. */
    ok(args: string[], opts?: RunOptions): Promise<RunResult>;
    /** Sets the stack's config values in one CLI run (`config set-all`): secrets encrypted, the rest plain. */
    setConfig(stack: string, values: { secret?: Record<string, string>; plain?: Record<string, string> }): Promise<void>;
    dispose(): void;
}

function installStandins(home: string, code: string) {
    const plugin = compileEntry(ROOT, "tests/engine/standins/plugin.ts", code);
    for (const pkg of BRIDGED) {
        const meta = JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8"));
        const name: string = meta.pulumi?.name ?? PLUGIN_NAMES[pkg] ?? pkg.split("/").pop();
        const version: string = meta.pulumi?.version ?? meta.version;
        const dir = join(home, "plugins", `resource-${name}-v${version}`);
        mkdirSync(dir, { recursive: true });
        const exe = join(dir, `pulumi-resource-${name}`);
        writeFileSync(exe, ["#!/bin/sh", `exec node '${plugin}' ${name} ${version} "$@"`, ""].join("\n"));
        chmodSync(exe, 0o755);
    }
    // Without a Node.js language host beside the CLI, the engine starts a policy pack through the
    // `pulumi-analyzer-policy-nodejs` plugin: the SDK's own policy-pack host, as Pulumi's release shipped it.
    const sdk = JSON.parse(readFileSync(join(ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")).version;
    const dir = join(home, "plugins", `analyzer-policy-nodejs-v${sdk}`);
    mkdirSync(dir, { recursive: true });
    const exe = join(dir, "pulumi-analyzer-policy-nodejs");
    writeFileSync(exe, `#!/bin/sh\nexec node '${join(ROOT, "node_modules/@pulumi/pulumi/cmd/run-policy-pack")}' "$@"\n`);
    chmodSync(exe, 0o755);
}

/**
 * `extraEnv` is added to every run; `files` replaces the project copy with these files (beside the
 * project's package.json and tsconfig.json), e.g. an empty program for a baseline.
 */
export function createWorkspace(extraEnv: NodeJS.ProcessEnv = {}, files?: Record<string, string>, loader: Loader = "compiled"): Workspace {
    const cli = pulumiCli();
    const root = mkdtempSync(join(tmpdir(), "app-platform-engine-"));
    const [home, backend, project, standins] = ["home", "state", "project", "standins"].map((d) => join(root, d));
    for (const d of [home, backend, project, standins]) mkdirSync(d, { recursive: true });
    if (files) {
        for (const f of ["package.json", "tsconfig.json"]) cpSync(join(ROOT, f), join(project, f));
        for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
    } else {
        copyProgram(process.env[PROOF_BASE] ?? ROOT, project);
    }
    symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"));
    const code = join(root, "code");
    installStandins(home, code);
    const server = compileEntry(ROOT, "tests/engine/languageServer.ts", code);
    if (loader === "compiled") compileProgram(project);

    const env: NodeJS.ProcessEnv = {
        PATH: `${cli}:${process.env.PATH}`,
        HOME: process.env.HOME,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        PULUMI_DEBUG_COMMANDS: "true", // enables --event-log (what the Automation API reads)
        APP_PLATFORM_STANDIN_DIR: standins,
        ...extraEnv,
    };

    const pulumi: Workspace["pulumi"] = async (args, opts = {}) => {
        const runEnv = { ...env, ...opts.env };
        const served = ENGINE_OPS.has(args[0]) ? await serveProgram(project, server, loader, runEnv) : undefined;
        try {
            return await new Promise<RunResult>((done) => {
                execFile(
                    join(cli, "pulumi"),
                    [...args, "--non-interactive", ...(served ? [`--client=127.0.0.1:${served.port}`] : [])],
                    { cwd: project, env: runEnv, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 256 * 1024 * 1024 },
                    (err, stdout, stderr) =>
                        done({
                            code: err ? (typeof err.code === "number" ? err.code : 1) : 0,
                            stdout,
                            stderr: stderr + (served?.output() ?? ""),
                        }),
                );
            });
        } finally {
            served?.stop();
        }
    };
    return {
        root,
        project,
        backend,
        standins,
        env,
        pulumi,
        replaceProgram(source) {
            copyProgram(source, project);
            if (loader === "compiled") compileProgram(project);
        },
        async ok(args, opts) {
            const r = await pulumi(args, opts);
            if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n${r.stdout.slice(-6000)}\n${r.stderr.slice(-4000)}`);
            return r;
        },
        async setConfig(stack, { secret = {}, plain = {} }) {
            const pairs = (flag: string, kv: Record<string, string>) => Object.entries(kv).flatMap(([k, v]) => [flag, `${k}=${v}`]);
            const args = [...pairs("--secret", secret), ...pairs("--plaintext", plain)];
            if (args.length > 0) await this.ok(["config", "set-all", ...args, "--stack", stack]);
        },
        dispose() {
            if (existsSync(root) && !process.env.APP_PLATFORM_KEEP_WORKSPACE) rmSync(root, { recursive: true, force: true });
        },
    };
}
