// npm run drift -- --stack <name>: what changed outside Pulumi since the last deployment. It runs
// `pulumi refresh --preview-only` (which changes nothing: neither the state nor any resource) through
// the CLI on PATH, and names each resource the providers read back different, with its properties.
// With --notify, a drift (or a check that could not run) also goes to the stack's Slack alert channel.
import { join, resolve } from "path";
import { CliCommand, intFlag, parseCommandLine, runCli, stackFlag, UsageError } from "../shared/cli";
import { PulumiCliError, runPulumi } from "../shared/pulumiCli";
import { runUrl } from "../shared/githubActions";
import { ConfigNotJson, readCliConfig, slackWebhookUrl } from "../stacks/cliConfig";
import { driftedResources, engineErrors, renderDrift } from "./changes";

const USAGE = `usage: npm run drift -- --stack <name> [options]

Reports, read-only, each resource of the stack that changed outside Pulumi since the last deployment
(pulumi refresh --preview-only: nothing is written) and the properties that differ; quiet otherwise.

  --stack NAME      the stack
  --cwd DIR         the Pulumi project's folder (default: this repository)
  --notify          post a drift, or a check that failed, to the stack's Slack alert channel
                    (monitoring.alerts.slack; the webhook URL from the secret it names)
  --timeout SECS    how long the refresh may take (default 900)
  -h, --help        this text
  --version         the program's version

Exit codes: 0 no drift, 1 drift (or the refresh failed), 2 bad command line.`;

/** A failure the report states in its own words (no stack trace). */
class DriftError extends Error {}

/** Runs pulumi; a failure is a DriftError in Pulumi's words (with --json, the engine's own error events). */
async function pulumi(args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<string> {
    try {
        return await runPulumi(args, { cwd, timeoutMs, env });
    } catch (err) {
        if (!(err instanceof PulumiCliError)) throw err;
        if (err.kind === "no-cli") throw new DriftError(`${err.message}: install it (https://www.pulumi.com/docs/install/)`);
        if (err.kind === "timeout") throw new DriftError(`${err.message} (--timeout)`);
        const engine = engineErrors(err.stdout);
        throw new DriftError(`pulumi ${args[0]}: ${engine.length > 0 ? engine.join("; ") : err.message}`);
    }
}

/** The Slack webhook URL of the stack's alert channel, from its config as the CLI decrypts it; undefined when it declares none. */
async function slackUrl(stack: string, cwd: string): Promise<string | undefined> {
    let raw: Record<string, string>;
    try {
        ({ raw } = await readCliConfig(stack, cwd, { timeoutMs: 60_000 }));
    } catch (err) {
        if (err instanceof PulumiCliError || err instanceof ConfigNotJson) throw new DriftError(`pulumi config: ${err.message}`);
        throw err;
    }
    return slackWebhookUrl(raw);
}

async function cli(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, {
        stack: { type: "string" },
        cwd: { type: "string" },
        notify: { type: "boolean" },
        timeout: { type: "string", default: "900" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --, e.g. --stack ${positionals[0]})`);
    const stack = stackFlag(values.stack, "production");
    const timeout = intFlag("--timeout", values.timeout, 10, 3600, "seconds");
    const cwd = resolve(values.cwd ?? join(__dirname, ".."));
    const read = (events: string) => {
        try {
            return driftedResources(events);
        } catch (err) {
            throw new DriftError((err as Error).message);
        }
    };

    let report: string;
    let drifted = true;
    try {
        // The engine's events carry each resource's state before and after the read (the summary JSON does not).
        const events = await pulumi(["refresh", "--preview-only", "--json", "--stack", stack], cwd, timeout * 1000, {
            PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
        });
        const found = read(events);
        drifted = found.length > 0;
        report = renderDrift(stack, found);
    } catch (err) {
        if (!(err instanceof DriftError)) throw err;
        report = `the drift check of ${stack} could not run: ${err.message}`;
    }
    console.log(report);
    if (!drifted) return 0;
    if (values.notify) {
        const { postToSlack } = await import("../shared/slack");
        const link = runUrl();
        const run = link ? `\n${link}` : "";
        try {
            const url = await slackUrl(stack, cwd);
            if (!url) console.log("notify: the stack declares no Slack alert channel (monitoring.alerts.slack); this run's failure is the alert");
            else {
                await postToSlack(url, `${report}${run}`);
                console.log("notify: posted to the stack's Slack alert channel");
            }
        } catch (err) {
            console.log(`notify: not posted: ${(err as Error).message}`);
        }
    }
    return 1;
}

export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "drift",
    isUserError: (err) => err instanceof DriftError,
};
runCli(command, module);
