// What every CLI shares: one strict parser (Node's util.parseArgs) with --help and --version, one kind
// of usage error and its report (exit 2, with a did-you-mean), one runner (runtime errors exit 1
// without a stack trace), and the flag rules (a stack name, a day).
import { closest, distance } from "fastest-levenshtein";
import { existsSync, readFileSync, statSync } from "fs";
import { basename, join } from "path";
import { parseArgs, ParseArgsConfig } from "util";

/** A bad command line: the CLIs exit 2 with its message. */
export class UsageError extends Error {}

/** The options every CLI takes besides its own. */
const COMMON = { help: { type: "boolean", short: "h" }, version: { type: "boolean" } } as const;

/** --help or --version on the command line: the runner prints the answer and exits 0. */
class Answer extends Error {
    constructor(readonly kind: "help" | "version") {
        super(`--${kind}`);
    }
}

/**
 * Parses a command line strictly: an unknown option, a value for a flag or a missing value is a usage
 * error (and `--stack --json` is refused rather than read as the stack "--json"). --help and --version
 * end the parse: the runner answers them, before the CLI loads anything else.
 */
export function parseCommandLine<const O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, ...COMMON } as O & typeof COMMON, allowPositionals: true, strict: true });
    const asked = values as { help?: boolean; version?: boolean };
    if (asked.help) throw new Answer("help");
    if (asked.version) throw new Answer("version");
    return { values, positionals };
}

/** Prints what --help or --version asks for, and says whether `err` was one. */
export function answered(err: unknown, usage: string): boolean {
    if (!(err instanceof Answer)) return false;
    // Read only when asked: package.json is the one place the version lives.
    const version = () => (JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { name: string; version: string }).version;
    console.log(err.kind === "help" ? usage : `app-platform ${version()}`);
    return true;
}

/** A UsageError, or one of Node's parseArgs errors (an unknown flag, a missing value). */
export function isUsageError(err: unknown): err is Error {
    return err instanceof UsageError || ((err as { code?: string })?.code ?? "").startsWith("ERR_PARSE_ARGS");
}

/**
 * The message for a parseArgs error, in the CLIs' words rather than Node's; an unknown flag gets the
 * nearest flag the usage text lists.
 */
function parseArgsMessage(err: Error & { code?: string }, usage: string): string {
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
        const named = /Option '(?:-\w, )?(--?[\w-]+)/.exec(err.message)?.[1] ?? "an option";
        if (/argument missing/.test(err.message)) return `${named} needs a value, e.g. ${named} <value>`;
        if (/ambiguous/.test(err.message))
            return `${named} needs a value, and the next argument starts with a dash: write ${named}=<value> if the value starts with -`;
        if (/does not take an argument/.test(err.message)) return `${named} takes no value`;
        return err.message;
    }
    const flag = /Unknown option '(--?[^']+)'/.exec(err.message)?.[1];
    if (err.code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION" || !flag) return err.message;
    const flags = [...usage.matchAll(/^ {2}(?:-h, )?(--[a-z-]+)/gm)].map((m) => m[1]);
    const best = closest(flag, flags);
    return `unknown option ${flag}${distance(flag, best) <= 3 ? `; did you mean ${best}?` : ""}`;
}

/** What a CLI prints for a usage error: the error, the usage line, and where the rest is. */
export function usageReport(err: Error, usage: string, script: string): string {
    return `error: ${parseArgsMessage(err, usage)}\n${usage.split("\n")[0]}\n(npm run ${script} -- --help lists every option)`;
}

/**
 * An error of one of these classes, told by name: a CLI classifies the program's errors without
 * loading the program's modules first (its --help answers without them).
 */
export function isNamedError(err: unknown, ...names: string[]): boolean {
    return err instanceof Error && names.includes(err.name);
}

/** A day that exists, written YYYY-MM-DD (Date rolls 2026-02-30 over into March 2 without a word). */
export function isDay(text: string): boolean {
    const midnight = new Date(`${text}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(midnight.getTime()) && midnight.toISOString().slice(0, 10) === text;
}

/**
 * A day flag (`--now`): YYYY-MM-DD, or with `timestamps` an ISO timestamp too; the day must exist
 * (isDay). A bare day is read at `time` (UTC midnight unless given).
 */
export function parseDayFlag(flag: string, value: string, opts: { timestamps?: boolean; time?: string } = {}): Date {
    const how = opts.timestamps ? "use YYYY-MM-DD (e.g. 2026-11-22) or an ISO timestamp (2026-11-22T06:30:00Z)" : "use YYYY-MM-DD (e.g. 2026-11-22)";
    const refuse = (why = "") => new UsageError(`${flag} ${JSON.stringify(value)}: not a date; ${how}${why}`);
    const m = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(value);
    if (!m || (m[4] !== undefined && !opts.timestamps)) throw refuse();
    const [, year, month, dayOfMonth, time] = m;
    const day = `${year}-${month}-${dayOfMonth}`;
    if (+month < 1 || +month > 12) throw refuse(`. There is no month ${month}.`);
    if (!isDay(day)) {
        const last = new Date(Date.UTC(2000, +month, 0)).getUTCDate() - (+month === 2 && !isLeap(+year) ? 1 : 0);
        throw refuse(`. ${year}-${month} has days 01 to ${last}.`);
    }
    if (time !== undefined && !/^T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(time)) {
        throw refuse(`. ${time.slice(1)} is not a time of day with its zone (hh:mm:ssZ or hh:mm:ss+hh:mm).`);
    }
    return new Date(`${day}${time ?? opts.time ?? "T00:00:00Z"}`);
}

function isLeap(year: number): boolean {
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** A whole-number flag within its range (`--timeout`, `--wait`), said in its unit when it is not. */
export function intFlag(flag: string, value: string, min: number, max: number, unit: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} ${JSON.stringify(value)}: a number of ${unit} from ${min} to ${max}`);
    return n;
}

/** The required --stack, under Pulumi's rule for stack names. */
export function stackFlag(stack: string | undefined, example: string): string {
    if (stack === undefined) throw new UsageError(`--stack is required, e.g. --stack ${example}`);
    checkStackName(stack);
    return stack;
}

/**
 * --stack and --file of a CLI that reads a stack file: the file's name (Pulumi.<stack>.yaml) gives the
 * stack when --stack is absent; the file is Pulumi.<stack>.yaml in `root` when --file is. It must be
 * a regular file (a pipe or device would block the read forever).
 */
export function stackFileFlags(values: { stack?: string; file?: string }, root: string): { stack: string; file: string } {
    const stack = values.stack ?? (values.file !== undefined ? /^Pulumi\.(.+)\.yaml$/.exec(basename(values.file))?.[1] : undefined);
    if (stack === undefined) {
        throw new UsageError(
            values.file === undefined
                ? "--stack is required, e.g. --stack staging"
                : `--file ${values.file}: its name does not say the stack (Pulumi.<stack>.yaml); add --stack <name>`,
        );
    }
    checkStackName(stack);
    const file = values.file ?? join(root, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) {
        throw new UsageError(
            values.file !== undefined ? `--file ${file}: no such file` : `no stack file Pulumi.${stack}.yaml for --stack ${stack}; pass --file to read another`,
        );
    }
    const stat = statSync(file);
    if (stat.isDirectory()) throw new UsageError(`--file ${file}: is a folder; give the stack file, e.g. Pulumi.${stack}.yaml`);
    if (!stat.isFile()) throw new UsageError(`--file ${file}: not a regular file; give the stack file, e.g. Pulumi.${stack}.yaml`);
    return { stack, file };
}

/** Pulumi's rule for stack names; it also keeps a path built from one inside its folder. */
export function checkStackName(stack: string): void {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack) || /^\.+$/.test(stack)) {
        throw new UsageError(`--stack ${JSON.stringify(stack)}: a stack name is letters, digits, _ . - (as Pulumi allows)`);
    }
}

/** A CLI as a value: its main, and how its errors are told apart and printed. */
export interface CliCommand {
    main(argv: string[]): Promise<number>;
    usage: string;
    /** Its npm script, named in a usage error. */
    script: string;
    /** A user error (bad config, a broken file) prints its message alone. */
    isUserError(err: unknown): boolean;
    /** Takes secrets (a connection string's password) out of whatever is printed. */
    scrub?(text: string): string;
}

/**
 * Runs a command to its exit code, printing what a user sees: --help or --version answered (0), a
 * usage error with the usage line (2), a user error's message alone (1), anything else reported as
 * a bug without a stack trace (1).
 */
export async function execute(command: CliCommand, argv: string[]): Promise<number> {
    const scrub = command.scrub ?? ((t: string) => t);
    try {
        return await command.main(argv);
    } catch (err) {
        if (answered(err, command.usage)) return 0;
        if (isUsageError(err)) {
            console.error(scrub(usageReport(err, command.usage, command.script)));
            return 2;
        }
        const message = (err as Error)?.message ?? String(err);
        console.error(scrub(command.isUserError(err) ? message : `error: unexpected failure (a bug; please report it): ${message}`));
        return 1;
    }
}

/** Runs `command` as this process and exits with its code, when `main` is the module node started (a test may import it). */
export function runCli(command: CliCommand, main: NodeJS.Module): void {
    if (require.main === main) void execute(command, process.argv.slice(2)).then(exitWhenWritten);
}

/**
 * Exits once stdout and stderr have handed all their output to the OS. A pipe takes 64 KiB at a
 * time: process.exit() alone dropped what a slow reader (`| head`, `| jq`) had not taken yet. An
 * empty write's callback runs after the writes queued before it.
 */
export function exitWhenWritten(code: number): void {
    let open = 2;
    const done = () => --open === 0 && process.exit(code);
    process.stdout.write("", done);
    process.stderr.write("", done);
}
