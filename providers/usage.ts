// Command-line usage errors shared by the CLIs: one kind of error, one report, one stack-name rule.
import { closest, distance } from "fastest-levenshtein";

/** A bad command line: the CLIs exit 2 with its message. */
export class UsageError extends Error {}

/** A UsageError, or one of Node's parseArgs errors (an unknown flag, a missing value). */
export function isUsageError(err: unknown): err is Error {
    return err instanceof UsageError || ((err as { code?: string })?.code ?? "").startsWith("ERR_PARSE_ARGS");
}

/** The message for a parseArgs error; an unknown flag gets the nearest flag the usage text lists. */
function parseArgsMessage(err: Error & { code?: string }, usage: string): string {
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

/** Pulumi's rule for stack names; it also keeps a path built from one inside its folder. */
export function checkStackName(stack: string): void {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack) || /^\.+$/.test(stack)) {
        throw new UsageError(`--stack ${JSON.stringify(stack)}: a stack name is letters, digits, _ . - (as Pulumi allows)`);
    }
}

/**
 * Runs a CLI's `main` and exits with its code. A usage error exits 2 with the usage line; a user
 * error (`isUserError`: bad config, a broken file) prints its message alone and exits 1; anything
 * else is reported as a bug, without a stack trace.
 */
export function runCli(main: () => Promise<number>, usage: string, script: string, isUserError: (err: unknown) => boolean): void {
    main().then(
        (code) => process.exit(code),
        (err) => {
            if (isUsageError(err)) {
                console.error(usageReport(err, usage, script));
                process.exit(2);
            }
            const message = (err as Error)?.message ?? String(err);
            console.error(isUserError(err) ? message : `error: unexpected failure (a bug; please report it): ${message}`);
            process.exit(1);
        },
    );
}
