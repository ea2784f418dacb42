// What the redeploy engines share: the error a failed or late deployment raises, and the poll loop.

export class DeploymentFailed extends Error {
    constructor(message: string) {
        super(message);
        // Set again: the closure serializer turns classes into functions that call Error without
        // `new`, which drops the message (the dynamic provider runs that serialized copy).
        this.message = message;
        this.name = "DeploymentFailed";
        // The provider host reports `stack`: no frames, this error says all there is.
        this.stack = `${this.name}: ${message}`;
    }
}

export interface WaitOptions {
    timeoutMs: number;
    pollMs: number;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
}

/**
 * Asks `look` every `pollMs` until it returns `{ done }`; `look` throws for a deployment that
 * failed. Past the timeout, fails with `late(<the last state it reported>)`.
 */
export async function pollUntil<T>(look: () => Promise<{ done: T } | { state: string }>, opts: WaitOptions, late: (state: string) => string): Promise<T> {
    const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const now = opts.now ?? Date.now;
    const deadline = now() + opts.timeoutMs;
    for (;;) {
        const seen = await look();
        if ("done" in seen) return seen.done;
        if (now() >= deadline) throw new DeploymentFailed(late(seen.state));
        await sleep(opts.pollMs);
    }
}
