// npm run inventory -- --stack <name> | --file FILE [--json | --markdown [--out FILE]] [--now YYYY-MM-DD]
// Prints everything a stack declares, evaluated offline under mocks: no credentials, no Pulumi CLI.
import { mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { CliCommand, isNamedError, parseCommandLine, parseDayFlag, runCli, stackFileFlags, UsageError } from "../shared/cli";
import { asOfClock, renderMarkdown } from "./markdown";
import { renderText } from "./render";

const ROOT = join(__dirname, "..");
const USAGE = `usage: npm run inventory -- --stack <name> [--json | --markdown] [options]

  --stack NAME      the stack (reads Pulumi.<NAME>.yaml beside Pulumi.yaml)
  --file FILE       read this stack file instead (its name, Pulumi.<stack>.yaml, gives --stack)
  --json            machine-readable inventory
  --markdown        write the stack's doc, docs/stacks/<NAME>.md (with --file: --out is required)
  --out FILE        where --markdown writes
  --now DATE        evaluate rotation and schedules as of DATE (YYYY-MM-DD or an ISO timestamp)
  -h, --help        this text
  --version         the program's version

Exit codes: 0 done, 1 the stack's configuration is invalid, 2 bad command line.`;

function parse(argv: string[]) {
    const { values, positionals } = parseCommandLine(argv, {
        stack: { type: "string" },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
        now: { type: "string" },
        file: { type: "string" },
        out: { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --, e.g. --stack ${positionals[0]})`);
    const { stack, file } = stackFileFlags(values, ROOT); // the stack names --markdown's file in docs/stacks/
    if (values.json && values.markdown) throw new UsageError("choose --json or --markdown, not both");
    if (values.out !== undefined && !values.markdown) throw new UsageError("--out goes with --markdown");
    if (values.markdown && values.file !== undefined && values.out === undefined) {
        throw new UsageError(
            `--markdown with --file needs --out FILE: it would otherwise overwrite docs/stacks/${stack}.md, the committed doc of the stack file`,
        );
    }
    return { ...values, stack, file, now: values.now === undefined ? new Date() : parseDayFlag("--now", values.now, { timestamps: true }) };
}

async function cli(argv: string[]): Promise<number> {
    const opts = parse(argv);
    const asOf = opts.now.toISOString().slice(0, 10);
    const now = opts.markdown ? asOfClock(asOf) : opts.now;
    const named = opts.file === join(ROOT, `Pulumi.${opts.stack}.yaml`) ? undefined : opts.file;
    // The program loads only now: --help and usage errors answer without it (a second or more).
    const [{ evaluateStack }, { readStackFile }] = await Promise.all([import("./evaluate"), import("./stackFile")]);
    const { inventory } = await evaluateStack(opts.stack, readStackFile(opts.file), now, named);
    if (opts.markdown) {
        const out = opts.out ?? join(ROOT, "docs", "stacks", `${opts.stack}.md`);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, renderMarkdown(inventory, asOf));
        console.log(`wrote ${out}`);
        return 0;
    }
    console.log(opts.json ? JSON.stringify(inventory, null, 2) : renderText(inventory));
    return 0;
}

// User errors (bad config, a broken stack file) print their message alone.
export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "inventory",
    isUserError: (err) => isNamedError(err, "ConfigError", "StackFileError"),
};
runCli(command, module);
