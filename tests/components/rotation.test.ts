import * as assert from "assert";
import { currentSlot, parseDay, rotationPeriod, slotGenerations } from "../../components/rotation";

describe("rotation calendar", () => {
    const anchor = parseDay("2026-01-01");

    it("finds the period containing a day, with its start and end", () => {
        const p = rotationPeriod(anchor, 90, parseDay("2026-11-22"));
        assert.strictEqual(p.index, 3);
        assert.strictEqual(p.startedAt.toISOString().slice(0, 10), "2026-09-28");
        assert.strictEqual(p.endsAt.toISOString().slice(0, 10), "2026-12-27");
    });

    it("rolls over exactly at the period boundary", () => {
        assert.strictEqual(rotationPeriod(anchor, 90, new Date("2026-12-26T23:59:59Z")).index, 3);
        assert.strictEqual(rotationPeriod(anchor, 90, new Date("2026-12-27T00:00:00Z")).index, 4);
    });

    it("counts periods before the anchor as negative", () => {
        assert.strictEqual(rotationPeriod(anchor, 90, parseDay("2025-12-31")).index, -1);
    });

    it("regenerates exactly one slot per rollover, alternating", () => {
        for (let i = -3; i < 10; i++) {
            const [a0, b0] = slotGenerations(i);
            const [a1, b1] = slotGenerations(i + 1);
            const changed = [a0 !== a1, b0 !== b1].filter(Boolean).length;
            assert.strictEqual(changed, 1, `period ${i} → ${i + 1}`);
            // The slot regenerated in period i+1 becomes current; the other held period i's value.
            assert.strictEqual(slotGenerations(i + 1)[currentSlot(i + 1)], i + 1);
            assert.strictEqual(slotGenerations(i + 1)[1 - currentSlot(i + 1)], i);
        }
    });
});
