import * as assert from "assert";
import { Redis } from "../../components/redis";
import { configErrors, declare, issueFor, load, reveal } from "../helpers";

const DB = "upstash:index/redisDatabase:RedisDatabase";

describe("Redis", () => {
    it("declares a global Upstash database with TLS, region and eviction from config", async () => {
        const { of } = await declare(
            () => new Redis("cache", { databaseName: "shop-staging", primaryRegion: "eu-west-1", readRegions: ["us-east-1"], eviction: true, protect: false }),
        );
        const [db] = of(DB);
        assert.deepStrictEqual(
            {
                region: db.inputs.region,
                primaryRegion: db.inputs.primaryRegion,
                readRegions: db.inputs.readRegions,
                tls: db.inputs.tls,
                eviction: db.inputs.eviction,
            },
            { region: "global", primaryRegion: "eu-west-1", readRegions: ["us-east-1"], tls: true, eviction: true },
        );
        assert.strictEqual(db.parent, "app-platform:data:Redis::cache");
    });

    it("marks password and both REST tokens secret, and builds the rediss:// URL", async () => {
        const { built, of } = await declare(
            () => new Redis("cache", { databaseName: "shop-staging", primaryRegion: "us-east-1", readRegions: [], eviction: false, protect: false }),
        );
        assert.deepStrictEqual(of(DB)[0].options.additionalSecretOutputs, ["password", "readOnlyRestToken", "restToken"]);
        const url = await reveal<string>(built.url);
        assert.ok(url.secret);
        assert.match(url.value, /^rediss:\/\/default:[0-9a-f]{64}@shop-staging\.upstash\.io:6379$/);
        const restUrl = await reveal<string>(built.restUrl);
        assert.deepStrictEqual(restUrl, { value: "https://shop-staging.upstash.io", secret: false });
        assert.ok((await reveal(built.restToken)).secret);
        // The mock returns the read-only token unmarked, as the provider does; the component marks it.
        assert.ok((await reveal(built.readOnlyRestToken)).secret);
    });

    it("is protected and retained in production", async () => {
        const { of } = await declare(
            () => new Redis("cache", { databaseName: "shop-production", primaryRegion: "us-east-1", readRegions: [], eviction: false, protect: true }),
        );
        assert.deepStrictEqual([of(DB)[0].options.protect, of(DB)[0].options.retainOnDelete], [true, true]);
    });

    it("rejects a region Upstash does not offer, and a read region equal to the primary", () => {
        const err = configErrors(() => load("staging", (c) => (c["app-platform:redis"].primaryRegion = "mars-north-1")));
        assert.match(issueFor(err, "app-platform:redis.primaryRegion"), /Invalid option: expected one of "us-east-1"/);
        const err2 = configErrors(() => load("staging", (c) => (c["app-platform:redis"].readRegions = ["us-east-1"])));
        assert.match(issueFor(err2, "app-platform:redis.readRegions[0]"), /is the primary region/);
    });
});
