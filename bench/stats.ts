// What the benchmarks share: their rounds, and what they report of them.
import { UsageError } from "../shared/cli";

/** The middle value (the upper one of an even count): robust to a round disturbed by the machine. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The --rounds flag: a whole number of rounds, at least one. */
export function parseRounds(value: string): number {
    const rounds = Number(value);
    if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds ${value}: give a whole number of rounds, e.g. --rounds 3`);
    return rounds;
}
