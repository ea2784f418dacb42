// Command-line usage errors shared by the CLIs: Node's parseArgs messages, made to point at a fix.
import { closest, distance } from "fastest-levenshtein";

/** The message for a parseArgs error; an unknown flag gets the nearest flag the usage text lists. */
export function parseArgsMessage(err: Error & { code?: string }, usage: string): string {
    const flag = /Unknown option '(--?[^']+)'/.exec(err.message)?.[1];
    if (err.code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION" || !flag) return err.message;
    const flags = [...usage.matchAll(/^ {2}(?:-h, )?(--[a-z-]+)/gm)].map((m) => m[1]);
    const best = closest(flag, flags);
    return `unknown option ${flag}${distance(flag, best) <= 3 ? `; did you mean ${best}?` : ""}`;
}
