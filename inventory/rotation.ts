// npm run rotation -- --stack <name> --deployed <file> [--now YYYY-MM-DD]
// For the daily rotation workflow: compares the deployed stack's generatedSecrets output with the
// program's at today's clock (offline, under mocks), prints the report, and writes `due=true|false`
// to $GITHUB_OUTPUT (and the report to $GITHUB_STEP_SUMMARY) when run in GitHub Actions.
import { appendFileSync, existsSync, readFileSync } from "fs";
import { join } from "path";
import { parseArgs } from "util";
import { checkStackName, runCli, UsageError } from "../providers/usage";
import { ConfigError } from "../stacks/config";
import type { ExternalKeyStatus } from "../stacks/feature";
import type { GeneratedSecretSchedule } from "../stacks/outputs";
import { evaluateStack } from "./evaluate";
import { renderReport, rotationDue } from "./rotationDue";
import { readStackFile, StackFileError } from "./stackFile";

const ROOT = join(__dirname, "..");
const USAGE = `usage: npm run rotation -- --stack <name> --deployed <file> [--now DATE]

  --stack NAME      the stack (reads Pulumi.<NAME>.yaml)
  --deployed FILE   the deployed stack's outputs: pulumi stack output --json --stack NAME > FILE
  --now DATE        the clock (default: now), YYYY-MM-DD
  -h, --help        this text

Exit codes: 0 done (due or not: see the report), 1 the stack's configuration is invalid, 2 bad command line.`;

function deployedSchedules(file: string): GeneratedSecretSchedule[] | null {
    if (!existsSync(file)) throw new UsageError(`--deployed ${file}: no such file (write it with pulumi stack output --json)`);
    let outputs: { generatedSecrets?: unknown };
    try {
        outputs = JSON.parse(readFileSync(file, "utf8"));
    } catch {
        throw new UsageError(`--deployed ${file}: not JSON; write it with pulumi stack output --json --stack <name>`);
    }
    if (outputs.generatedSecrets === undefined) return null; // never deployed
    if (!Array.isArray(outputs.generatedSecrets)) throw new UsageError(`--deployed ${file}: generatedSecrets is not a list`);
    return outputs.generatedSecrets as GeneratedSecretSchedule[];
}

async function cli(argv: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { stack: { type: "string" }, deployed: { type: "string" }, now: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.stack) throw new UsageError("--stack is required, e.g. --stack staging");
    checkStackName(values.stack);
    if (!values.deployed) throw new UsageError("--deployed is required: pulumi stack output --json --stack <name> > deployed.json");
    const now = values.now === undefined ? new Date() : new Date(`${values.now}T12:00:00Z`);
    if (Number.isNaN(now.getTime()) || (values.now !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.now))) throw new UsageError(`--now ${JSON.stringify(values.now)}: use YYYY-MM-DD`);
    const file = join(ROOT, `Pulumi.${values.stack}.yaml`);
    if (!existsSync(file)) throw new UsageError(`no stack file Pulumi.${values.stack}.yaml for --stack ${values.stack}`);
    const deployed = deployedSchedules(values.deployed);
    const { inventory } = await evaluateStack(values.stack, readStackFile(file), now);
    const r = rotationDue(values.stack, deployed, inventory.outputs.generatedSecrets as GeneratedSecretSchedule[], inventory.outputs.externalKeys as ExternalKeyStatus[]);
    const report = renderReport(r);
    console.log(report);
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `due=${r.due}\n`);
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${report}\n`);
    return 0;
}

// User errors (bad config, a broken stack file) print their message alone.
runCli(() => cli(process.argv.slice(2)), USAGE, "rotation", (err) => err instanceof ConfigError || err instanceof StackFileError);
