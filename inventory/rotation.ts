// npm run rotation -- --stack <name> --deployed <file> [--now YYYY-MM-DD]
// For the daily rotation workflow: compares the deployed stack's generatedSecrets output with the
// program's at today's clock (offline, under mocks), prints the report, and writes `due=true|false`
// to $GITHUB_OUTPUT (and the report to $GITHUB_STEP_SUMMARY) when run in GitHub Actions.
import { appendFileSync, existsSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { z } from "zod";
import { checkStackName, CliCommand, isDay, isNamedError, parseCommandLine, parseDayFlag, runCli, UsageError } from "../shared/cli";
import type { ExternalKeyStatus } from "../stacks/stackConfig";
import type { GeneratedSecretSchedule } from "../stacks/outputs";
import { deployedConflicts, renderReport, rotationDue } from "./rotationDue";

const ROOT = join(__dirname, "..");
const USAGE = `usage: npm run rotation -- --stack <name> --deployed <file> [--now DATE]

  --stack NAME      the stack (reads Pulumi.<NAME>.yaml)
  --deployed FILE   the deployed stack's outputs: pulumi stack output --json --stack NAME > FILE
  --now DATE        the clock (default: now), YYYY-MM-DD
  -h, --help        this text
  --version         the program's version

Exit codes: 0 done (due or not: see the report), 1 the stack's configuration or the --deployed file is invalid, 2 bad command line.`;

/** The --deployed file is not the outputs of this stack at this clock: exit 1. */
class DeployedError extends Error {}

const day = z.string().refine(isDay, "not a day (YYYY-MM-DD)");
// What rotation reads of the outputs (stacks/outputs.ts): `environment` is in every stack's outputs
// and says whose they are; other outputs pass through unread.
const schedule = z.looseObject({ name: z.string().min(1), rotationDays: z.int().min(1), rotatedAt: day });
const outputs = z.looseObject({ environment: z.enum(["staging", "production"]), generatedSecrets: z.array(schedule) });
type DeployedOutputs = z.infer<typeof outputs>;

function kind(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** The deployed outputs, or null when the stack was never deployed (`pulumi stack output --json` prints {}). */
function readDeployed(file: string, stack: string): DeployedOutputs | null {
    const redo = `write it with: pulumi stack output --json --stack ${stack} > ${file}`;
    if (!existsSync(file)) throw new UsageError(`--deployed ${file}: no such file; ${redo}`);
    const stat = statSync(file);
    if (stat.isDirectory()) throw new UsageError(`--deployed ${file}: is a folder; give the outputs file (${redo})`);
    // A pipe or device would block the read forever.
    if (!stat.isFile()) throw new UsageError(`--deployed ${file}: not a regular file; ${redo}`);
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        throw new DeployedError(`--deployed ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
    if (text.trim() === "") throw new DeployedError(`--deployed ${file}: is empty; ${redo}`);
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        // JSON.parse's message quotes the text, which may hold a secret.
        throw new DeployedError(`--deployed ${file}: not JSON; ${redo}`);
    }
    if (kind(value) !== "an object") throw new DeployedError(`--deployed ${file}: holds ${kind(value)}, not a stack's outputs (a JSON object); ${redo}`);
    if (Object.keys(value as object).length === 0) return null;
    const parsed = outputs.safeParse(value);
    if (parsed.success) return parsed.data;
    const at = (path: PropertyKey[]) =>
        path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
    // An entry is named by its index and, when it has one, its name: generatedSecrets[1] (cronSecret).rotatedAt.
    const where = (path: PropertyKey[]) => {
        const [top, i, ...rest] = path;
        if (top !== "generatedSecrets" || typeof i !== "number") return path.join(".");
        const name = at([top, i, "name"]);
        return `generatedSecrets[${i}]${typeof name === "string" && name ? ` (${name})` : ""}${rest.map((p) => `.${String(p)}`).join("")}`;
    };
    const lines = parsed.error.issues.map((i) => {
        const given = at(i.path);
        if (given === undefined) return `  - ${where(i.path)}: missing`;
        // The environment and the schedules' fields are names, days and numbers, never secrets: show
        // what was there. Elsewhere only its kind.
        const plain = (typeof given === "string" && given.length <= 40) || typeof given === "number" || typeof given === "boolean";
        const shown = (i.path[0] === "generatedSecrets" || i.path[0] === "environment") && plain ? JSON.stringify(given) : kind(given);
        const what = i.code === "invalid_type" ? `expected ${i.expected}` : i.message;
        return `  - ${where(i.path)}: ${what}, got ${shown}`;
    });
    const looksLike = "config" in (value as object) ? " (it has config:, as a stack file does)" : "";
    throw new DeployedError(
        `--deployed ${file}: not a stack's outputs${looksLike}; ${redo}\n${lines.slice(0, 10).join("\n")}${lines.length > 10 ? "\n  ..." : ""}`,
    );
}

async function cli(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, { stack: { type: "string" }, deployed: { type: "string" }, now: { type: "string" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.stack) throw new UsageError("--stack is required, e.g. --stack staging");
    checkStackName(values.stack);
    if (!values.deployed) throw new UsageError("--deployed is required: pulumi stack output --json --stack <name> > deployed.json");
    const now = values.now === undefined ? new Date() : parseDayFlag("--now", values.now, { time: "T12:00:00Z" });
    const file = join(ROOT, `Pulumi.${values.stack}.yaml`);
    if (!existsSync(file)) throw new UsageError(`no stack file Pulumi.${values.stack}.yaml for --stack ${values.stack}`);
    const deployed = readDeployed(values.deployed, values.stack);
    // The program loads only now: --help and usage errors answer without it.
    const [{ evaluateStack }, { readStackFile }] = await Promise.all([import("./evaluate"), import("./stackFile")]);
    const { inventory } = await evaluateStack(values.stack, readStackFile(file), now);
    const planned = inventory.outputs.generatedSecrets as GeneratedSecretSchedule[];
    if (deployed) {
        const environment = inventory.outputs.environment as string;
        if (deployed.environment !== environment) {
            throw new DeployedError(
                `--deployed ${values.deployed}: the outputs of a ${deployed.environment} stack, but --stack ${values.stack} is ${environment}; write the file with pulumi stack output --json --stack ${values.stack}`,
            );
        }
        const clock = values.now === undefined ? `this machine's clock (${now.toISOString().slice(0, 10)})` : `--now ${values.now}`;
        const conflicts = deployedConflicts(deployed.generatedSecrets, planned, clock);
        if (conflicts.length > 0)
            throw new DeployedError(
                `--deployed ${values.deployed}: does not fit --stack ${values.stack} at ${clock}:\n${conflicts.map((c) => `  - ${c}`).join("\n")}`,
            );
    }
    const r = rotationDue(values.stack, deployed?.generatedSecrets ?? null, planned, inventory.outputs.externalKeys as ExternalKeyStatus[]);
    const report = renderReport(r);
    console.log(report);
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `due=${r.due}\n`);
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${report}\n`);
    return 0;
}

// User errors (bad config, a broken stack file, outputs that do not fit) print their message alone.
export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "rotation",
    isUserError: (err) => err instanceof DeployedError || isNamedError(err, "ConfigError", "StackFileError"),
};
runCli(command, module);
