// The consumer example (examples/consumer) run under mocks, its StackReference answered with
// the outputs the production stack really exports.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { evaluate, reveal } from "../helpers";

const PLATFORM = "acme/app-platform/production";

describe("consumer example (examples/consumer: StackReference to the platform)", function () {
    this.timeout(60_000);
    let platformOutputs: Record<string, unknown>;

    before(async () => {
        platformOutputs = (await evaluate("production")).inventory.outputs;
    });

    /** Runs the example's program against the platform's outputs; returns its exports. */
    async function runConsumer(config: Record<string, string>): Promise<Record<string, pulumi.Output<unknown>>> {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    assert.strictEqual(args.type, "pulumi:pulumi:StackReference", "the example declares only the StackReference");
                    assert.strictEqual(args.inputs.name, PLATFORM);
                    return { id: args.inputs.name, state: { name: args.inputs.name, outputs: platformOutputs, secretOutputNames: ["redisRestToken"] } };
                },
                call: (args) => args.inputs,
            },
            "app-platform-consumer",
            "production",
            true,
        );
        pulumi.runtime.setAllConfig({ "app-platform-consumer:platformStack": PLATFORM, ...config });
        const entry = require.resolve("../../examples/consumer/index");
        delete require.cache[entry];
        return require(entry);
    }

    it("reads the site, Redis, backup bucket, cron table and schema version the platform exports", async () => {
        const out = await runConsumer({ "app-platform-consumer:minSchemaVersion": "20260210080000" });
        assert.deepStrictEqual(await reveal(out.healthCheckUrl), { value: "https://ecoo.com/api/health", secret: false });
        assert.deepStrictEqual(await reveal(out.environment), { value: "production", secret: false });
        assert.strictEqual((await reveal(out.schemaVersion)).value, "20260210080000");
        assert.strictEqual((await reveal(out.backupBucket)).value, "ecoo-production-backups");
        assert.match((await reveal<string>(out.rateLimitEndpoint)).value, /^https:\/\/.+\.upstash\.io$/);
        assert.strictEqual((await reveal(out.cronProtected)).value, true);
        assert.deepStrictEqual((await reveal(out.nightlyJobs)).value, ["retry-emails (*/15 * * * * UTC)"]);
    });

    it("keeps the platform's secret output secret", async () => {
        const out = await runConsumer({ "app-platform-consumer:minSchemaVersion": "20260210080000" });
        assert.strictEqual((await reveal(out.rateLimitToken)).secret, true);
    });

    it("fails with a clear message when the platform's schema is older than it needs", async () => {
        const out = await runConsumer({ "app-platform-consumer:minSchemaVersion": "29990101000000" });
        await assert.rejects(
            reveal(out.schemaVersion),
            /schema is at 20260210080000, older than 29990101000000 that this program needs: apply the platform's migrations first/,
        );
    });
});
