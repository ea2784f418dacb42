// npm run release -- <command> --stack <name>: releases of the app itself (not its platform, which
// `pulumi up` changes). A production build is smoke-tested at its own address with the uptime checks'
// paths and assertions, then promoted onto production's domains; a rollback puts back the deployment
// that served before. With --notify, what happened (or why it stopped) goes to the stack's Slack
// alert channel. It reads the stack's config and outputs through the Pulumi CLI on PATH.
import { join, resolve } from "path";
import { CliCommand, intFlag, isNamedError, parseCommandLine, runCli, stackFlag, UsageError } from "../shared/cli";

const USAGE = `usage: npm run release -- <command> --stack <name> [options]

  smoke      smoke-test a production build at its own address (--deployment or --commit)
  promote    smoke-test it again, then point production's domains at it (--deployment or --commit)
  rollback   put back the deployment that served production before the live one (or --to ID)
  status     what production serves, and the recent production builds

  --stack NAME        the stack
  --deployment ID     the deployment (as the platform names it)
  --commit SHA        the production build of this commit (the full SHA)
  --to ID             rollback: the deployment to go back to
  --approved-by WHO   promote: who approved it (named in the announcement)
  --rebuild           promote: build the same commit again with the project's env vars of now (after
                      a pulumi up changed them), then smoke-test and promote that build
  --notify            post what happened, or why it stopped, to the stack's Slack alert channel
  --wait MINUTES      how long a build may take, and production's domains to move (default 20)
  --cwd DIR           the Pulumi project's folder (default: this repository)
  -h, --help          this text
  --version           the program's version

The platform token comes from the stack (vercel:apiToken, cloudflare:apiToken) or VERCEL_API_TOKEN /
CLOUDFLARE_API_TOKEN; a staged Vercel build behind Deployment Protection is reached with
VERCEL_AUTOMATION_BYPASS_SECRET.

Exit codes: 0 done, 1 not done (production keeps what it served), 2 bad command line.`;

const COMMANDS = ["smoke", "promote", "rollback", "status"] as const;
type Command = (typeof COMMANDS)[number];

async function cli(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, {
        stack: { type: "string" },
        deployment: { type: "string" },
        commit: { type: "string" },
        to: { type: "string" },
        "approved-by": { type: "string" },
        notify: { type: "boolean" },
        rebuild: { type: "boolean" },
        wait: { type: "string", default: "20" },
        cwd: { type: "string" },
    });
    const [command, ...rest] = positionals;
    if (command === undefined) throw new UsageError(`which command? One of ${COMMANDS.join(", ")}, e.g. npm run release -- status --stack production`);
    if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}": one of ${COMMANDS.join(", ")}`);
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}" (options start with --)`);
    const stack = stackFlag(values.stack, "production");
    const wait = intFlag("--wait", values.wait, 1, 120, "minutes");
    const needsBuild = command === "smoke" || command === "promote";
    if (needsBuild && (values.deployment === undefined) === (values.commit === undefined))
        throw new UsageError(`${command} needs the build: --deployment ID or --commit SHA (one of them)`);
    if (!needsBuild && (values.deployment !== undefined || values.commit !== undefined))
        throw new UsageError(`${command} takes no --deployment or --commit${command === "rollback" ? " (--to ID names where to go back to)" : ""}`);
    if (values.commit !== undefined && !/^[0-9a-f]{40}$/.test(values.commit))
        throw new UsageError(`--commit ${JSON.stringify(values.commit)}: the full 40-hex-digit SHA`);
    if (values.to !== undefined && command !== "rollback") throw new UsageError("--to is for rollback");
    if (values["approved-by"] !== undefined && command !== "promote") throw new UsageError("--approved-by is for promote");
    if (values.rebuild && command !== "promote") throw new UsageError("--rebuild is for promote");
    for (const flag of ["deployment", "to", "approved-by"] as const) {
        const v = values[flag];
        if (v !== undefined && !/^[\w.@-]{1,100}$/.test(v))
            throw new UsageError(`--${flag} ${JSON.stringify(v)}: letters, digits, dots, dashes and underscores only`);
    }
    const { run } = await import("./run");
    return run(command as Command, {
        stack,
        cwd: resolve(values.cwd ?? join(__dirname, "..")),
        deployment: values.deployment,
        commit: values.commit,
        to: values.to,
        approvedBy: values["approved-by"],
        notify: values.notify ?? false,
        rebuild: values.rebuild ?? false,
        waitMinutes: wait,
    });
}

export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "release",
    // The vendor's own answer (ApiError) says what it refused; it carries no credential.
    isUserError: (err) => isNamedError(err, "ReleaseError", "ConfigError", "ApiError"),
};
runCli(command, module);
