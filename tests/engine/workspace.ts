// A throwaway place to run the real Pulumi CLI on this program: a temp copy of the project (never
// the working tree: `stack init` writes an encryption salt into the stack file), its own
// PULUMI_HOME with stand-in plugins for the bridged providers only, a file:// backend, and the
// environment that keeps the CLI offline and deterministic.
import { ChildProcess, execFile, execFileSync, spawn } from "child_process";
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
/** Set for a stand-in the harness serves itself: it exits when its stdin closes (its parent is gone). */
const SERVED = "APP_PLATFORM_STANDIN_SERVED";

/**
 * How a workspace runs the engine's Node processes. `test` (the default) takes the suite's shortcuts,
 * each the same code run more cheaply: the program transpiled once per workspace (compile.ts), not by
 * ts-node at every run; the stand-ins started once and attached to every run (serveStandins); the
 * SDK's closure serializer loaded at its first use (lazySdk.ts). `user` runs as `pulumi up` does for
 * a user: the program under ts-node, every plugin started by the engine at each run, the SDK loaded
 * whole (the benchmarks, and the init test's proof of the user's path).
 */
export type Harness = "test" | "user";

/** Starts the language server (`server`, compiled) for one CLI run (its env is the run's env: the program reads it). */
function serveProgram(project: string, server: string, harness: Harness, env: NodeJS.ProcessEnv): Promise<{ port: number; stop(): void; output(): string }> {
    const args = harness === "test" ? [server, "index.js"] : ["-r", require.resolve("ts-node/register/transpile-only"), server, "index.ts"];
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
    /** Puts the program of the checkout `source` in place of the project copy's (compiled when the harness is the suite's). */
    replaceProgram(source: string): void;
    /** Like `pulumi`, but fails with the CLI's own output when it exits non-zero. */
    ok(args: string[], opts?: RunOptions): Promise<RunResult>;
    /** Sets the stack's config values in one CLI run (`config set-all`): secrets encrypted, the rest plain. */
    setConfig(stack: string, values: { secret?: Record<string, string>; plain?: Record<string, string> }): Promise<void>;
    dispose(): void;
}

/** The stand-ins' plugin names and versions: the bridged packages' own. */
function standinPlugins(): { name: string; version: string }[] {
    return BRIDGED.map((pkg) => {
        const meta = JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8"));
        return { name: meta.pulumi?.name ?? PLUGIN_NAMES[pkg] ?? pkg.split("/").pop(), version: meta.pulumi?.version ?? meta.version };
    });
}

/** Installs the stand-ins as the bridged providers' plugins in `home`; returns the compiled stand-in. */
function installStandins(home: string, code: string): string {
    const plugin = compileEntry(ROOT, "tests/engine/standins/plugin.ts", code);
    for (const { name, version } of standinPlugins()) {
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
    return plugin;
}

interface ServedStandins {
    /** PULUMI_DEBUG_PROVIDERS once every stand-in listens: `name:port,…` */
    attach: Promise<string>;
    /** What the stand-ins wrote to stderr so far (and any that exited). */
    output(): string;
    stop(): void;
}

/**
 * Serves every stand-in once, for all of a workspace's engine runs, which attach to them with
 * PULUMI_DEBUG_PROVIDERS: the engine's own way to use a provider already running (pulumi/pulumi
 * sdk/go/common/resource/plugin/provider_plugin.go, NewProvider: GetProviderAttachPort, then the
 * handshake and Attach with the engine's address instead of starting the plugin). A stand-in holds
 * its world on disk and between calls only the engine's autonaming seeds, by URN, which every run's
 * Check sets again; the SDK's provider host keeps nothing per Configure (provider/server.js). So a
 * run sees what a fresh plugin would show it; what goes is a Node start per provider per engine run
 * (up to ten per run, about 19 runs per lifecycle). A stand-in that exits stops them all (`exited`:
 * the next run serves them anew); one whose parent dies sees its stdin close and exits (plugin.ts).
 */
function serveStandins(plugin: string, env: NodeJS.ProcessEnv, exited: () => void): ServedStandins {
    let out = "";
    let stopping = false;
    const children: ChildProcess[] = [];
    const stop = () => {
        stopping = true;
        process.off("exit", stop);
        children.forEach((c) => c.kill("SIGKILL"));
    };
    process.on("exit", stop);
    const serve = ({ name, version }: { name: string; version: string }) =>
        new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [plugin, name, version], { env: { ...env, [SERVED]: "1" }, stdio: ["pipe", "pipe", "pipe"] });
            children.push(child);
            child.stderr.on("data", (d) => (out += d));
            let first = "";
            const onData = (d: Buffer) => {
                first += d;
                if (!first.includes("\n")) return;
                child.stdout.off("data", onData).resume();
                resolve(`${name}:${Number(first.split("\n")[0])}`);
            };
            child.stdout.on("data", onData);
            child.once("exit", (code, signal) => {
                const why = `the ${name} stand-in exited ${code ?? signal}`;
                reject(new Error(`${why}: ${out}`));
                if (stopping) return;
                out += `${why}\n`;
                stop();
                exited();
            });
        });
    // A stand-in that fails to start exits, which stops the others and calls `exited`.
    const attach = Promise.all(standinPlugins().map(serve)).then((ports) => ports.join(","));
    return { attach, output: () => out, stop };
}

/**
 * `extraEnv` is added to every run; `files` replaces the project copy with these files (beside the
 * project's package.json and tsconfig.json), e.g. an empty program for a baseline.
 */
export function createWorkspace(extraEnv: NodeJS.ProcessEnv = {}, files?: Record<string, string>, harness: Harness = "test"): Workspace {
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
    const plugin = installStandins(home, code);
    const server = compileEntry(ROOT, "tests/engine/languageServer.ts", code);
    if (harness === "test") compileProgram(project);
    const lazySdk = harness === "test" ? `--require "${compileEntry(ROOT, "tests/engine/lazySdk.ts", code)}"` : undefined;

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
    /** The env of the processes the engine starts: the workspace's, with the harness's preload beside any NODE_OPTIONS it has. */
    const engineEnv = (runEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
        lazySdk ? { ...runEnv, NODE_OPTIONS: [lazySdk, runEnv.NODE_OPTIONS].filter(Boolean).join(" ") } : runEnv;

    let running: ServedStandins | undefined;
    const pulumi: Workspace["pulumi"] = async (args, opts = {}) => {
        if (harness === "test" && ENGINE_OPS.has(args[0])) running ??= serveStandins(plugin, engineEnv(env), () => (running = undefined));
        const standinsNow = running;
        const attach = await standinsNow?.attach;
        const shown = standinsNow?.output().length ?? 0;
        const runEnv = engineEnv({ ...env, ...opts.env, ...(attach ? { PULUMI_DEBUG_PROVIDERS: attach } : {}) });
        const served = ENGINE_OPS.has(args[0]) ? await serveProgram(project, server, harness, runEnv) : undefined;
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
                            stderr: stderr + (served?.output() ?? "") + (standinsNow?.output().slice(shown) ?? ""),
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
            if (harness === "test") compileProgram(project);
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
            running?.stop();
            if (existsSync(root) && !process.env.APP_PLATFORM_KEEP_WORKSPACE) rmSync(root, { recursive: true, force: true });
        },
    };
}
