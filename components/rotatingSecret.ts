import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { currentSlot, formatDay, parseDay, rotationPeriod, slotGenerations } from "./rotation";

/**
 * Random bytes (`openssl rand -hex 32` is 32), hex- or base64-encoded; or alphanumeric characters,
 * at least one letter and one digit, for consumers that limit a value's alphabet and length.
 */
export type SecretShape = { encoding: "hex" | "base64"; bytes: number } | { encoding: "alphanumeric"; length: number };

export type RotatingSecretArgs = SecretShape & {
    rotationDays: number;
    /** First day of the rotation calendar (YYYY-MM-DD). */
    anchor: string;
    /** The clock: rotation is a pure function of it, so previews and tests are deterministic. */
    now: Date;
};

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
    /** The slot holding the current value: consumers that pair a value with a name (database users) alternate with it. */
    readonly slot: "a" | "b";
    /** Day the current value was generated (YYYY-MM-DD). */
    readonly rotatedAt: string;
    /** Day the next rotation happens: the first `pulumi up` on or after it regenerates a slot. */
    readonly nextRotation: string;
    readonly rotationDays: number;

    constructor(name: string, args: RotatingSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:secrets:RotatingSecret", name, {}, opts);

        const period = rotationPeriod(parseDay(args.anchor), args.rotationDays, args.now);
        const slots = slotGenerations(period.index).map((generation, i) => {
            const slotName = `${name}-${i === 0 ? "a" : "b"}`;
            const keepers = { generation: String(generation) };
            if (args.encoding === "alphanumeric") {
                const p = new random.RandomPassword(
                    slotName,
                    { length: args.length, special: false, minLower: 1, minUpper: 1, minNumeric: 1, keepers },
                    { parent: this },
                );
                return pulumi.secret(p.result);
            }
            const b = new random.RandomBytes(slotName, { length: args.bytes, keepers }, { parent: this });
            return pulumi.secret(args.encoding === "hex" ? b.hex : b.base64);
        });
        const cur = currentSlot(period.index);
        this.slot = cur === 0 ? "a" : "b";
        this.current = slots[cur];
        this.previous = slots[1 - cur];
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
