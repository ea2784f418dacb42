import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { currentSlot, formatDay, parseDay, rotationPeriod, slotGenerations } from "./rotation";

export interface RotatingSecretArgs {
    /** Random bytes per value (`openssl rand -hex 32` is 32). */
    bytes: number;
    encoding: "hex" | "base64";
    rotationDays: number;
    /** First day of the rotation calendar (YYYY-MM-DD). */
    anchor: string;
    /** The clock: rotation is a pure function of it, so previews and tests are deterministic. */
    now: Date;
}

/**
 * A generated secret that rotates every `rotationDays` with overlap: two random values alternate,
 * so after a rotation the previous value stays available for one full period and consumers can
 * accept either while they roll over. A rollover shows in preview as a replacement of one slot.
 * Changing `rotationDays` or `anchor` renumbers the periods and may regenerate both slots at once.
 */
export class RotatingSecret extends pulumi.ComponentResource {
    /** The value generated in the current period. Secret. */
    readonly current: pulumi.Output<string>;
    /** The value of the period before; still valid until the next rotation. Secret. */
    readonly previous: pulumi.Output<string>;
    /** Day the current value was generated (YYYY-MM-DD). */
    readonly rotatedAt: string;
    /** Day the next rotation happens: the first `pulumi up` on or after it regenerates a slot. */
    readonly nextRotation: string;
    readonly rotationDays: number;

    constructor(name: string, args: RotatingSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:secrets:RotatingSecret", name, {}, opts);

        const period = rotationPeriod(parseDay(args.anchor), args.rotationDays, args.now);
        const slots = slotGenerations(period.index).map(
            (generation, i) =>
                new random.RandomBytes(
                    `${name}-${i === 0 ? "a" : "b"}`,
                    { length: args.bytes, keepers: { generation: String(generation) } },
                    { parent: this },
                ),
        );
        const value = (b: random.RandomBytes) => pulumi.secret(args.encoding === "hex" ? b.hex : b.base64);
        const cur = currentSlot(period.index);
        this.current = value(slots[cur]);
        this.previous = value(slots[1 - cur]);
        this.rotatedAt = formatDay(period.startedAt);
        this.nextRotation = formatDay(period.endsAt);
        this.rotationDays = args.rotationDays;

        this.registerOutputs({
            current: this.current,
            previous: this.previous,
            rotatedAt: this.rotatedAt,
            nextRotation: this.nextRotation,
        });
    }
}
