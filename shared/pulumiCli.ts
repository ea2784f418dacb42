// The Pulumi CLI on PATH, run for what the tools read from it (the doctor's config, drift's refresh):
// its output, or an error that says what went wrong in Pulumi's own words. Pulumi's words carry no
// secret value.
import { execFile } from "child_process";

/** What the Pulumi CLI said when it failed: its last meaningful stderr line. */
function pulumiSaid(stderr: string, fallback: string): string {
    // A secrets provider's failure comes as "error: 2 errors occurred: 1) <the provider's answer> 2) Unknown"
    // (gocloud.dev's wrapping): the answer is the line kept.
    return (
        stderr
            .split("\n")
            .map((line) => line.trim().replace(/^\d+\) /, ""))
            .filter((line) => line && line !== "Unknown" && !/^error: \d+ errors occurred:$/.test(line))
            .pop() || fallback
    );
}

/** "no-cli": nothing named pulumi on PATH; "timeout": killed at `timeoutMs`; "failed": it exited non-zero (the message is what it said). */
export class PulumiCliError extends Error {
    constructor(
        message: string,
        readonly kind: "no-cli" | "timeout" | "failed",
        readonly stdout = "",
    ) {
        super(message);
    }
}

/** Runs `pulumi <args> --non-interactive` in `cwd`; resolves with its stdout. */
export function runPulumi(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal; timeoutMs?: number }): Promise<string> {
    return new Promise((done, fail) => {
        execFile(
            "pulumi",
            [...args, "--non-interactive"],
            { cwd: opts.cwd, signal: opts.signal, timeout: opts.timeoutMs ?? 0, maxBuffer: 512 << 20, env: { ...process.env, ...opts.env } },
            (err, stdout, stderr) => {
                if ((err as NodeJS.ErrnoException | null)?.code === "ENOENT") return fail(new PulumiCliError("no Pulumi CLI on PATH", "no-cli"));
                if (opts.timeoutMs && (err as { killed?: boolean } | null)?.killed)
                    return fail(new PulumiCliError(`pulumi ${args[0]} did not finish in ${opts.timeoutMs / 1000} s`, "timeout"));
                if (err) return fail(new PulumiCliError(pulumiSaid(stderr, String(err)), "failed", stdout));
                done(stdout);
            },
        );
    });
}
