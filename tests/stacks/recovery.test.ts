// Recovery objectives under mocks: each data store's real recovery point against the stack's RPO
// (seeds 000, 001, 004), the output and stack doc that say it, and the checks that refuse a miss.
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load, reveal } from "../helpers";
import { renderMarkdown } from "../../inventory/markdown";

/** Seed 000's production without its Supabase project in the program (the database a secret names). */
const unmanaged = (c: Record<string, any>) => {
    delete c["app-platform:postgres"];
    for (const name of ["NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"]) delete c["app-platform:env"][name];
};
const recoveryOf = async (name: Parameters<typeof evaluate>[0]) => (await reveal<any>((await evaluate(name)).outputs.recovery)).value;

describe("recovery objectives under mocks", function () {
    this.timeout(120_000);

    it("each seed's objectives and what meets them: Supabase's point in time and the nightly dump (000), Neon's point in time (001), Atlas's continuous backup (004)", async () => {
        const ecoo = await recoveryOf("production");
        assert.deepStrictEqual(
            [ecoo.rpoMinutes, ecoo.rtoMinutes, ecoo.stores.map((s: any) => [s.store, s.recoveryPointMinutes])],
            [1440, 120, [["postgres", 1]]],
        );
        assert.match(ecoo.stores[0].restore, /"Restore Supabase to a point in time"/);
        // The same database, not managed by the program: the nightly dump is its recovery point.
        const dumped = (await reveal<any>((await evaluate("production", unmanaged)).outputs.recovery)).value;
        assert.deepStrictEqual(
            dumped.stores.map((s: any) => [s.store, s.recoveryPointMinutes]),
            [["postgres", 1440]],
        );
        assert.match(dumped.stores[0].restore, /Restore from a backup/);
        const mystic = await recoveryOf("mystic");
        assert.deepStrictEqual(
            mystic.stores.map((s: any) => [s.store, s.recoveryPointMinutes]),
            [["postgres", 1]],
        );
        assert.match(
            mystic.stores[0].backups,
            /^Neon's history retention: any moment of the last 7 days$/,
            "the project's own window (postgres.historyRetentionDays)",
        );
        assert.match(mystic.stores[0].restore, /Restore to a timestamp .*"Restore Neon to a point in time"/);
        const smartduka = await recoveryOf("smartduka");
        assert.deepStrictEqual([smartduka.rpoMinutes, smartduka.stores.map((s: any) => [s.store, s.recoveryPointMinutes])], [15, [["atlas", 1]]]);
        assert.strictEqual(await recoveryOf("staging"), null, "no objectives declared: a null output");
    });

    it("production refuses a recovery point past the RPO, naming the store, what it has and the fix; staging is warned", () => {
        const snapshots = configErrors(() => load("smartduka", (c) => void (c["app-platform:atlas"].backup = { pointInTime: false })));
        assert.match(
            issueFor(snapshots, "app-platform:recovery.rpoMinutes"),
            /^atlas recovers to within 360 minutes \(6 hours: .*\), over the RPO of 15 minutes: turn on atlas\.backup\.pointInTime, or raise the RPO$/,
        );
        const dumps = configErrors(() => load("mystic", (c) => void (c["app-platform:postgres"].historyRetentionDays = 0)));
        assert.match(
            issueFor(dumps, "app-platform:recovery.rpoMinutes"),
            /^postgres has no backup, over the RPO of 60 minutes: lengthen the project's history \(postgres\.historyRetentionDays\), or raise the RPO$/,
        );
        const twice = configErrors(() => load("mystic", (c) => void (c["app-platform:recovery"].postgresPointInTime = { provider: "neon", windowDays: 7 })));
        assert.match(
            issueFor(twice, "app-platform:recovery.postgresPointInTime"),
            /declares its own window \(postgres\.historyRetentionDays\): remove recovery\.postgresPointInTime/,
        );
        const nightly = configErrors(() =>
            load("production", (c) => {
                unmanaged(c);
                c["app-platform:recovery"].rpoMinutes = 60;
            }),
        );
        assert.match(issueFor(nightly, "app-platform:recovery.rpoMinutes"), /^postgres recovers to within 1440 minutes \(the nightly pg_dump/);
        const staging = load("staging", (c) => void (c["app-platform:recovery"] = { rpoMinutes: 60, rtoMinutes: 120 }));
        assert.ok(staging.warnings.some((w) => /^app-platform:recovery\.rpoMinutes: postgres recovers to within 1440 minutes/.test(w)));
    });

    it("the stack doc states the objectives and each store's recovery point and restore steps", async () => {
        const { inventory } = await evaluate("smartduka");
        const doc = renderMarkdown(inventory, "2026-12-04");
        assert.match(doc, /## Recovery\n\nObjectives: lose at most 15 minutes of data \(RPO\), restore within 60 minutes \(RTO\)\./);
        assert.match(doc, /\| atlas \| 1 min \| seconds: point-in-time restore .* \| the cluster → Backup → Point in Time Restore/);
    });
});
