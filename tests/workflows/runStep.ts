// Runs a workflow step's `run:` script as the runner does (`bash -e`, or with `shell: bash` `bash
// --noprofile --norc -eo pipefail`: GitHub's workflow syntax, jobs.<id>.steps[*].shell; in the checkout, so
// `bash scripts/….sh` runs the repository's script; $GITHUB_OUTPUT and $GITHUB_ENV files), with a
// fake `pulumi` on the PATH that answers from a stack file and given outputs, and the step's `env:`
// resolved from the few contexts these steps use.
import { spawn } from "child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { createServer } from "http";
import { tmpdir } from "os";
import { join } from "path";
import { ConfigMap, ROOT } from "../helpers";

export interface StepRun {
    code: number | null;
    stdout: string;
    stderr: string;
    /** What the step appended to $GITHUB_OUTPUT. */
    outputs: Record<string, string>;
    /** What the step appended to $GITHUB_ENV (later steps see it). */
    env: Record<string, string>;
}

/** KEY=value lines, as the runner reads $GITHUB_OUTPUT and $GITHUB_ENV. */
export const keyValues = (file: string): Record<string, string> =>
    Object.fromEntries(
        readFileSync(file, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );

/** AWS's address echo (checkip.amazonaws.com), answering `ip` and a newline: its URL, and how to stop it. */
export async function startAddressEcho(ip: string): Promise<{ url: string; close(): Promise<void> }> {
    const echo = createServer((_req, res) => res.end(`${ip}\n`));
    await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
    return { url: `http://127.0.0.1:${(echo.address() as { port: number }).port}/`, close: () => new Promise<void>((r) => echo.close(() => r())) };
}

/** Runs bash asynchronously (fakes may answer from this process), with only the environment given. */
export function bash(args: string[], env: Record<string, string>, cwd = ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn("bash", args, { cwd, env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** `pulumi config --json`'s shape (pulumi/pkg/cmd/pulumi/config: listConfig): objects also as objectValue, secrets without a value. */
export function pulumiConfigJson(config: ConfigMap): Record<string, { value?: string; objectValue?: unknown; secret: boolean }> {
    const hasSecure = (v: unknown): boolean => typeof v === "object" && v !== null && ("secure" in v || Object.values(v).some(hasSecure));
    return Object.fromEntries(
        Object.entries(config).map(([key, v]) => {
            if (hasSecure(v)) return [key, { secret: true }];
            if (typeof v === "object" && v !== null) return [key, { value: JSON.stringify(v), objectValue: v, secret: false }];
            return [key, { value: String(v), secret: false }];
        }),
    );
}

/** What a step runs, for reading: its `run:` with each `bash scripts/<name>.sh` line replaced by that script's text. */
export const scriptText = (run: string): string =>
    run.replace(/^bash (scripts\/[\w.-]+\.sh)\b.*$/gm, (_line, path: string) => readFileSync(join(ROOT, path), "utf8"));

/**
 * A `pulumi` that answers `stack output --json [--show-secrets]`, `config --json`, `config get --path` and a secret's
 * `config get` (from `secrets`) for $STACK only, and refuses
 * anything else, and any call without PULUMI_ACCESS_TOKEN (the real one needs it for Pulumi Cloud).
 */
const FAKE_PULUMI = `#!/usr/bin/env bash
[ -n "\${PULUMI_ACCESS_TOKEN:-}" ] || { echo "fake pulumi: PULUMI_ACCESS_TOKEN is not set" >&2; exit 2; }
case "$*" in
  "stack output --json --stack $STACK" | "stack output --json --show-secrets --stack $STACK") cat "$FAKE_PULUMI_OUTPUTS" ;;
  "config --json --stack $STACK") cat "$FAKE_PULUMI_CONFIG" ;;
  "config get app-platform:"*" --stack $STACK")
    # A secret's value, as pulumi config get decrypts it.
    jq -er --arg k "$3" '.[$k] // error("not found")' "$FAKE_PULUMI_SECRETS" 2>/dev/null || { echo "error: configuration key '$3' not found for stack '$STACK'" >&2; exit 255; } ;;
  "config get --path "*" --stack $STACK")
    # The value at a path, as pulumi prints it (a string raw, anything else as JSON); absent: an error.
    key="\${4%%.*}"; rest="\${4#"$key"}"; rest="\${rest#.}"
    jq -er --arg k "$key" --arg r "$rest" \
      '.[$k] | (if $r == "" then .value else .objectValue | getpath($r | split(".")) end) // error("configuration key not found") | if type == "string" then . else tojson end' \
      "$FAKE_PULUMI_CONFIG" 2>/dev/null || { echo "error: configuration key '$4' not found for stack '$STACK'" >&2; exit 255; } ;;
  *) echo "fake pulumi: unexpected arguments: $*" >&2; exit 2 ;;
esac
`;

export interface Contexts {
    secrets?: Record<string, string>;
    matrix?: Record<string, string>;
    /** steps.<id>.outputs */
    steps?: Record<string, Record<string, string>>;
}

/** A step's `env:` with `${{ secrets.X }}`, `${{ matrix.X }}` and `${{ steps.<id>.outputs.X }}` resolved (anything else is refused). */
export function resolveEnv(env: Record<string, unknown> | undefined, contexts: Contexts): Record<string, string> {
    return Object.fromEntries(
        Object.entries(env ?? {}).map(([key, value]) => {
            const text = String(value);
            const m = /^\$\{\{ (.*) \}\}$/.exec(text);
            if (!m) return [key, text];
            const [context, ...path] = m[1].split(".");
            const found =
                context === "secrets"
                    ? contexts.secrets?.[path[0]]
                    : context === "matrix"
                      ? contexts.matrix?.[path[0]]
                      : context === "steps" && path[1] === "outputs"
                        ? (contexts.steps?.[path[0]]?.[path[2]] ?? "") // an unset output is ''
                        : undefined;
            if (found === undefined) throw new Error(`${key}: cannot resolve ${text}`);
            return [key, found];
        }),
    );
}

/**
 * Runs a `run:` step with the shell GitHub gives it (no `shell:`: `bash -e`, without pipefail;
 * `shell: bash`: `bash --noprofile --norc -eo pipefail`), `pulumi` answering from `config` (the
 * stack file's `config:`) and `outputs` (the last deployment's stack outputs).
 */
export async function runStep(
    step: { run?: string; shell?: string },
    env: Record<string, string>,
    fake?: { config: ConfigMap; outputs: object; secrets?: Record<string, string> },
    cwd = ROOT,
): Promise<StepRun> {
    if (step.run === undefined) throw new Error("the step has no run:");
    if (step.shell !== undefined && step.shell !== "bash") throw new Error(`shell: ${step.shell} is not run here`);
    const dir = mkdtempSync(join(tmpdir(), "workflow-step-"));
    const files = { script: join(dir, "step.sh"), GITHUB_OUTPUT: join(dir, "output"), GITHUB_ENV: join(dir, "env") };
    writeFileSync(files.script, step.run);
    writeFileSync(files.GITHUB_OUTPUT, "");
    writeFileSync(files.GITHUB_ENV, "");
    const extra: Record<string, string> = {};
    if (fake) {
        const bin = join(dir, "bin");
        mkdirSync(bin);
        const pulumi = join(bin, "pulumi");
        writeFileSync(pulumi, FAKE_PULUMI);
        chmodSync(pulumi, 0o755);
        writeFileSync(join(dir, "outputs.json"), JSON.stringify(fake.outputs));
        writeFileSync(join(dir, "config.json"), JSON.stringify(pulumiConfigJson(fake.config)));
        writeFileSync(
            join(dir, "secrets.json"),
            JSON.stringify(Object.fromEntries(Object.entries(fake.secrets ?? {}).map(([k, v]) => [`app-platform:${k}`, v]))),
        );
        Object.assign(extra, {
            PATH: `${bin}:${process.env.PATH}`,
            FAKE_PULUMI_OUTPUTS: join(dir, "outputs.json"),
            FAKE_PULUMI_CONFIG: join(dir, "config.json"),
            FAKE_PULUMI_SECRETS: join(dir, "secrets.json"),
        });
    }
    const shell = step.shell === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail"] : ["-e"];
    const run = await bash(
        [...shell, files.script],
        {
            ...env,
            ...extra,
            GITHUB_OUTPUT: files.GITHUB_OUTPUT,
            GITHUB_ENV: files.GITHUB_ENV,
        },
        cwd,
    );
    return { ...run, outputs: keyValues(files.GITHUB_OUTPUT), env: keyValues(files.GITHUB_ENV) };
}
