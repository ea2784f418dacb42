// Feature flags under mocks: MAINTENANCE_MODE and seed 000's flags in the hosting platform's edge
// store, read per request (Vercel Edge Config through EDGE_CONFIG; Cloudflare KV bound as FLAGS).
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load, reveal } from "../helpers";

describe("feature flags under mocks", function () {
    this.timeout(120_000);

    it("Vercel (seed 000): an Edge Config with an item per flag, replaced by deleting first; its connection string is EDGE_CONFIG, secret", async () => {
        const { records, outputs } = await evaluate("production");
        const store = records.find((r) => r.type === "vercel:index/edgeConfig:EdgeConfig")!;
        assert.strictEqual((store.revealed as any).name, "ecoo-production-flags");
        const items = records.filter((r) => r.type === "vercel:index/edgeConfigItem:EdgeConfigItem");
        assert.deepStrictEqual(items.map((r) => [(r.revealed as any).key, (r.revealed as any).valueJson]).sort(), [
            ["FEATURE_AI_RECOMMENDATIONS", false],
            ["FEATURE_NEW_CHECKOUT", false],
            ["MAINTENANCE_MODE", false],
        ]);
        for (const item of items) assert.strictEqual(item.options.deleteBeforeReplace, true, "create upserts the key the old item's delete would remove");
        const env = records.find((r) => r.type === "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable" && /-env-EDGE_CONFIG$/.test(r.name))!;
        assert.strictEqual((env.revealed as any).sensitive, true);
        assert.match((env.revealed as any).value, /^https:\/\/edge-config\.vercel\.com\/ecoo-flags-id\?token=\w+$/);
        const contract = (await reveal<any>(outputs.envContract)).value;
        assert.ok(JSON.stringify(contract).includes("flags.edgeConfig"), "the env contract names the source");
    });

    it("a toggle changes one item's value and nothing else; a string goes as `value` (as valueJson it would read back changed)", async () => {
        const on = await evaluate("production", (c) => {
            c["app-platform:flags"].MAINTENANCE_MODE = true;
            c["app-platform:flags"].BANNER = "Back at 14:00 UTC";
        });
        const item = (key: string) =>
            on.records.find((r) => r.type === "vercel:index/edgeConfigItem:EdgeConfigItem" && (r.revealed as any).key === key)!.revealed as any;
        assert.deepStrictEqual([item("MAINTENANCE_MODE").valueJson, item("BANNER").value, item("BANNER").valueJson], [true, "Back at 14:00 UTC", undefined]);
        assert.deepStrictEqual(
            [item("FEATURE_NEW_CHECKOUT").valueJson, item("FEATURE_AI_RECOMMENDATIONS").valueJson],
            [false, false],
            "the others as they were",
        );
        // No env var changes, so nothing redeploys: the app reads the new value from Edge Config.
        const envOf = (records: typeof on.records) =>
            records
                .filter((r) => r.type === "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable")
                .map((r) => JSON.stringify(r.revealed))
                .sort();
        assert.deepStrictEqual(envOf(on.records), envOf((await evaluate("production")).records));
    });

    it("Pages (seed 001): a KV namespace with a JSON value per flag, bound to the project's deployments as FLAGS", async () => {
        const { records } = await evaluate("mystic");
        const namespace = records.find((r) => r.type === "cloudflare:index/workersKvNamespace:WorkersKvNamespace")!;
        const [kv] = records.filter((r) => r.type === "cloudflare:index/workersKv:WorkersKv").map((r) => r.revealed as any);
        assert.deepStrictEqual([kv.keyName, kv.value, kv.namespaceId], ["MAINTENANCE_MODE", "false", `${namespace.name}-id`]);
        const project = records.find((r) => r.type === "cloudflare:index/pagesProject:PagesProject")!.revealed as any;
        for (const target of ["production", "preview"])
            assert.deepStrictEqual(project.deploymentConfigs[target].kvNamespaces, { FLAGS: { namespaceId: `${namespace.name}-id` } }, target);
    });

    it("config: flags on Vercel the app cannot read, a key the stores refuse, a value that is not a switch", () => {
        const unread = configErrors(() => load("production", (c) => delete c["app-platform:env"].EDGE_CONFIG));
        assert.match(issueFor(unread, "app-platform:flags"), /add EDGE_CONFIG: \{ from: flags\.edgeConfig \} to app-platform:env/);
        const key = configErrors(() => load("production", (c) => void (c["app-platform:flags"]["new checkout"] = true)));
        assert.match(issueFor(key, "app-platform:flags.new checkout"), /letters, digits, _ and -/);
        const value = configErrors(() => load("production", (c) => void (c["app-platform:flags"].FEATURE_NEW_CHECKOUT = { on: true })));
        assert.match(issueFor(value, "app-platform:flags.FEATURE_NEW_CHECKOUT"), /true\/false, a number or a short string/);
    });
});
