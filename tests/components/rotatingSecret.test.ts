import * as assert from "assert";
import { RotatingSecret } from "../../components/rotatingSecret";
import { installMocks, settle } from "../../inventory/mocks";
import { reveal } from "../helpers";

async function declare(now: string, args: Partial<{ bytes: number; encoding: "hex" | "base64"; rotationDays: number }> = {}) {
    const records = await installMocks("app-platform", "test");
    const secret = new RotatingSecret("webhook", { bytes: 32, encoding: "hex", rotationDays: 90, anchor: "2026-01-01", now: new Date(now), ...args });
    const current = await reveal<string>(secret.current);
    const previous = await reveal<string>(secret.previous);
    await settle();
    return { secret, records, current, previous };
}

describe("RotatingSecret", () => {
    it("declares two random slots under the component, keyed by their generation", async () => {
        const { records } = await declare("2026-11-22");
        const slots = records.filter((r) => r.type === "random:index/randomBytes:RandomBytes");
        assert.deepStrictEqual(
            slots.map((s) => s.name),
            ["webhook-a", "webhook-b"],
        );
        assert.ok(slots.every((s) => s.parent === "app-platform:secrets:RotatingSecret::webhook"));
        assert.deepStrictEqual(
            slots.map((s) => s.inputs.keepers),
            [{ generation: "2" }, { generation: "3" }],
        );
        assert.ok(slots.every((s) => s.inputs.length === 32));
        assert.ok(slots.every((s) => s.options.additionalSecretOutputs.includes("hex")));
    });

    it("exposes current and previous as distinct secrets of the requested encoding", async () => {
        const { current, previous, secret } = await declare("2026-11-22");
        assert.ok(current.secret && previous.secret);
        assert.match(current.value, /^[0-9a-f]{64}$/);
        assert.notStrictEqual(current.value, previous.value);
        assert.strictEqual(secret.rotatedAt, "2026-09-28");
        assert.strictEqual(secret.nextRotation, "2026-12-27");
        const b64 = await declare("2026-11-22", { encoding: "base64", bytes: 64 });
        assert.strictEqual(Buffer.from(b64.current.value, "base64").length, 64);
    });

    it("keeps the old value as previous for one period after a rollover", async () => {
        const before = await declare("2026-12-26");
        const after = await declare("2026-12-27");
        assert.notStrictEqual(after.current.value, before.current.value);
        assert.strictEqual(after.previous.value, before.current.value);
        // Exactly one slot's keepers changed: the preview shows one replacement.
        const keepers = (r: typeof before.records) => r.filter((x) => x.custom).map((x) => JSON.stringify(x.inputs.keepers));
        const changed = keepers(before.records).filter((k, i) => k !== keepers(after.records)[i]);
        assert.strictEqual(changed.length, 1);
    });

    it("is stable within a period", async () => {
        const a = await declare("2026-10-01");
        const b = await declare("2026-12-20");
        assert.strictEqual(a.current.value, b.current.value);
        assert.strictEqual(a.previous.value, b.previous.value);
    });
});
