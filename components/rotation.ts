// Rotation calendar arithmetic, in whole UTC days, shared by generated and external secrets.
const DAY_MS = 86_400_000;

export function parseDay(isoDate: string): Date {
    return new Date(`${isoDate}T00:00:00Z`);
}

export function formatDay(d: Date): string {
    return d.toISOString().slice(0, 10);
}

export function addDays(d: Date, days: number): Date {
    return new Date(d.getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
    return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

export interface RotationPeriod {
    /** Index of the period `now` falls in, counted from the anchor (may be negative before it). */
    index: number;
    startedAt: Date;
    endsAt: Date;
}

/** The rotation period containing `now`, for periods of `periodDays` starting at `anchor`. */
export function rotationPeriod(anchor: Date, periodDays: number, now: Date): RotationPeriod {
    const index = Math.floor(daysBetween(anchor, now) / periodDays);
    const startedAt = addDays(anchor, index * periodDays);
    return { index, startedAt, endsAt: addDays(startedAt, periodDays) };
}

/**
 * Two slots alternate: slot 0 is regenerated at even periods, slot 1 at odd ones, so each
 * value is current for one period and stays available as the previous value for the next.
 * Returns, per slot, the period at which its present value was generated.
 */
export function slotGenerations(index: number): [number, number] {
    const latest = (slot: number) => index - ((((index - slot) % 2) + 2) % 2);
    return [latest(0), latest(1)];
}

/** The slot holding the value generated in the current period. */
export function currentSlot(index: number): 0 | 1 {
    return (((index % 2) + 2) % 2) as 0 | 1;
}
