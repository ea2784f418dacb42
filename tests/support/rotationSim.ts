// Steps a rotating `up` through the orders the engine may run its operations in (orders that respect
// their dependencies: the adversary's and random ones, a redeploy taking time or failing) and checks, after each
// step, that the running app accepts what every signer sends. The world: the hosting project's env
// vars (what a new deployment reads), the running app (the env of its last READY deployment: it
// changes only when a redeploy completes) and the signers' values.

export type SimOp =
    | { id: string; deps: string[]; kind: "env"; variable: string; value: string }
    | { id: string; deps: string[]; kind: "redeploy" }
    /** A signer takes a new value; null: it stops sending (deleted). */
    | { id: string; deps: string[]; kind: "signer"; signer: string; value: string | null }
    | { id: string; deps: string[]; kind: "other" };

export interface SimWorld {
    env: Record<string, string>;
    app: Record<string, string>;
    /** What each signer sends; null while it sends nothing. */
    signers: Record<string, string | null>;
    /** The env vars whose values the app accepts from each signer (NAME and NAME_PREVIOUS). */
    accepts: Record<string, string[]>;
    /**
     * Signers that deliver the same requests (Stripe sends each event to every enabled endpoint):
     * a request gets through if one of them is accepted. A signer in no group stands alone.
     */
    groups?: Record<string, string[]>;
}

export interface Violation {
    order: string[];
    signer: string;
    moment: string;
}

type Event = { op: SimOp; phase: "start" | "done" };

/** The first moment a signer's value is not one the running app accepts, if any. */
function run(world: SimWorld, events: Event[]): Violation | undefined {
    const w = { env: { ...world.env }, app: { ...world.app }, signers: { ...world.signers } };
    const snapshots = new Map<string, Record<string, string>>();
    const order: string[] = [];
    for (const { op, phase } of events) {
        order.push(`${phase} ${op.id}`);
        if (op.kind === "redeploy") {
            // The build reads the env when it starts; the app switches when it is READY.
            if (phase === "start") snapshots.set(op.id, { ...w.env });
            else w.app = snapshots.get(op.id)!;
        } else if (phase === "done") {
            if (op.kind === "env") w.env[op.variable] = op.value;
            if (op.kind === "signer") w.signers[op.signer] = op.value;
        }
        const accepted = (signer: string) => w.signers[signer] !== null && world.accepts[signer].some((v) => w.app[v] === w.signers[signer]);
        const grouped = new Set(Object.values(world.groups ?? {}).flat());
        const streams = [
            ...Object.entries(world.groups ?? {}),
            ...Object.keys(w.signers)
                .filter((s) => !grouped.has(s))
                .map((s) => [s, [s]] as [string, string[]]),
        ];
        for (const [stream, signers] of streams) {
            if (signers.some((s) => w.signers[s] !== null) && !signers.some(accepted)) return { order, signer: stream, moment: `after ${phase} ${op.id}` };
        }
    }
    return undefined;
}

/** One order the engine may choose: `pick` chooses among the events ready to happen. */
function schedule(ops: SimOp[], failed: Set<string>, pick: (ready: Event[]) => Event): Event[] {
    const done = new Set<string>();
    const started = new Set<string>();
    const events: Event[] = [];
    for (;;) {
        const ready: Event[] = [];
        for (const op of ops) {
            if (!started.has(op.id) && op.deps.every((d) => done.has(d))) ready.push({ op, phase: "start" });
            else if (started.has(op.id) && !done.has(op.id) && !failed.has(op.id)) ready.push({ op, phase: "done" });
        }
        if (ready.length === 0) return events;
        const e = pick(ready);
        events.push(e);
        (e.phase === "start" ? started : done).add(e.op.id);
    }
}

/** A small deterministic generator, so a failing order can be replayed. */
function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * The orders checked: `samples` random ones, plus the adversary's (signers as early as their
 * dependencies let them, redeploys finishing last), each with every redeploy succeeding and with
 * each redeploy failing in turn (the engine then never runs what depends on it).
 */
export function simulate(world: SimWorld, ops: SimOp[], samples = 300): { orders: number; violation?: Violation } {
    const known = new Set(ops.map((o) => o.id));
    for (const op of ops) for (const d of op.deps) if (!known.has(d)) throw new Error(`${op.id} depends on ${d}, which is not an operation`);
    const outcomes = [new Set<string>(), ...ops.filter((o) => o.kind === "redeploy").map((o) => new Set([o.id]))];
    const rank = (e: Event) => (e.op.kind === "signer" ? 0 : e.op.kind === "redeploy" && e.phase === "done" ? 3 : e.phase === "start" ? 1 : 2);
    const adversary = (ready: Event[]) => [...ready].sort((a, b) => rank(a) - rank(b))[0];
    let orders = 0;
    for (const failed of outcomes) {
        const next = random(orders + 1);
        const pickers = [adversary, ...Array.from({ length: samples }, () => (ready: Event[]) => ready[Math.floor(next() * ready.length)])];
        for (const pick of pickers) {
            orders++;
            const violation = run(world, schedule(ops, failed, pick));
            if (violation) return { orders, violation };
        }
    }
    return { orders };
}

/** The operations' dependencies among themselves, through everything else the graph holds. */
export function dependenciesAmong(ids: string[], graph: Map<string, string[]>): Map<string, string[]> {
    const wanted = new Set(ids);
    const result = new Map<string, string[]>();
    for (const id of ids) {
        const found = new Set<string>();
        const seen = new Set<string>();
        const stack = [...(graph.get(id) ?? [])];
        while (stack.length) {
            const d = stack.pop()!;
            if (seen.has(d)) continue;
            seen.add(d);
            if (wanted.has(d)) found.add(d);
            else stack.push(...(graph.get(d) ?? []));
        }
        result.set(id, [...found]);
    }
    return result;
}
