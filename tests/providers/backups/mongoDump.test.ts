import * as assert from "assert";
import { mkdtempSync, readdirSync, readFileSync } from "fs";
import { MongoClient } from "mongodb";
import { tmpdir } from "os";
import { join } from "path";
import { dumpMongo, mongoDumpKey } from "../../../providers/backups/mongoDump";
import { mongoDumpProvider, MongoDumpProps } from "../../../providers/backups/mongoDumpProvider";
import { bsonDocuments } from "../../../providers/backups/mongoRestore";
import { FakeS3, startFakeS3 } from "../../support/fakeS3";
import { mongoServer } from "../../support/mongo";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const readBson = bsonDocuments;

async function unpack(archive: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "unpacked-"));
    await (require("tar") as typeof import("tar")).x({ file: archive, cwd: dir });
    return dir;
}

describe("MongoDB pre-change dump (against a MongoDB-protocol server the suite starts)", function () {
    this.timeout(120_000);
    let url: string;
    let db: string;
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };
    after(() => {
        for (const [name, value] of [
            ["AWS_ACCESS_KEY_ID", saved.id],
            ["AWS_SECRET_ACCESS_KEY", saved.key],
        ] as const) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    });
    before(async () => {
        // The AWS default chain, as on a deploying machine (the local S3 checks the signature's shape).
        process.env.AWS_ACCESS_KEY_ID = "AKIAEXAMPLEDUMPTEST";
        process.env.AWS_SECRET_ACCESS_KEY = "local-s3-secret";
        url = await mongoServer();
        db = `shop${Date.now()}`;
        const client = await MongoClient.connect(url);
        const d = client.db(db);
        await d.collection("products").insertMany([
            { sku: "tea", price: 120 },
            { sku: "sugar", price: 95 },
            { sku: "bread", price: 60 },
        ]);
        await d.collection("products").createIndex({ sku: 1 }, { unique: true });
        await d.collection("sales").insertOne({ total: 275, at: new Date("2026-11-20T10:00:00Z") });
        await client.close();
    });

    it("writes mongodump's layout (<db>/<collection>.bson and .metadata.json with the indexes) as a .tar.gz, every document intact", async () => {
        const out = mkdtempSync(join(tmpdir(), "dumps-"));
        const now = new Date("2026-11-22T09:30:00Z");
        const result = await dumpMongo({ uri: url, database: db, target: { kind: "dir", path: out }, stack: "production", label: "rev:42" }, now);
        assert.strictEqual(result.location, join(out, mongoDumpKey("production", "rev:42", now)));
        assert.match(result.location, /pre-migration\/production\/20261122093000_rev42\.mongodump\.tar\.gz$/);
        assert.deepStrictEqual([result.collections, result.documents], [2, 4]);
        const dir = join(await unpack(result.location), db);
        assert.deepStrictEqual(readdirSync(dir).sort(), ["products.bson", "products.metadata.json", "sales.bson", "sales.metadata.json"]);
        const products = readBson(readFileSync(join(dir, "products.bson")));
        assert.deepStrictEqual(products.map((p) => [p.sku, p.price]).sort(), [
            ["bread", 60],
            ["sugar", 95],
            ["tea", 120],
        ]);
        assert.deepStrictEqual(readBson(readFileSync(join(dir, "sales.bson")))[0].at, new Date("2026-11-20T10:00:00Z"));
        const metadata = JSON.parse(readFileSync(join(dir, "products.metadata.json"), "utf8"));
        assert.strictEqual(metadata.collectionName, "products");
        assert.ok(
            metadata.indexes.some((i: { name: string; unique?: boolean }) => i.name === "sku_1" && i.unique === true),
            "the unique index is in the metadata",
        );
    });

    it("stores into the backup bucket (SigV4, SSE) only once complete", async () => {
        const s3 = await startFakeS3("shop-production-backups");
        try {
            const result = await dumpMongo({
                uri: url,
                database: db,
                target: { kind: "s3", bucket: "shop-production-backups", region: "af-south-1", endpoint: s3.endpoint },
                stack: "production",
                label: "abc",
            });
            const [key] = [...s3.objects.keys()];
            assert.strictEqual(result.location, `s3://shop-production-backups/${key}`);
            assert.match(key, /^pre-migration\/production\/\d{14}_abc\.mongodump\.tar\.gz$/);
            assert.strictEqual(s3.objects.get(key)!.headers["x-amz-server-side-encryption"], "AES256");
            assert.deepStrictEqual(s3.rejected, []);
        } finally {
            await s3.close();
        }
    });

    it("fails closed: an unreachable cluster or a refused upload fails, leaves nothing behind, and never shows the password", async () => {
        const s3 = await startFakeS3("b");
        try {
            const target = { kind: "s3" as const, bucket: "b", region: "af-south-1", endpoint: s3.endpoint };
            await assert.rejects(
                dumpMongo({
                    uri: "mongodb://app_a:s3cretPassw0rd@127.0.0.1:9/shop",
                    database: "shop",
                    target,
                    stack: "production",
                    label: "x",
                    timeoutMs: 1_000,
                }),
                (err: Error) => {
                    assert.match(err.message, /^pre-change dump of shop failed, so nothing was changed: .*(ECONNREFUSED|Server selection timed out)/);
                    assert.ok(!err.message.includes("s3cretPassw0rd"));
                    assert.strictEqual(err.stack, "");
                    return true;
                },
            );
            s3.failWith = 500;
            await assert.rejects(
                dumpMongo({ uri: url, database: db, target, stack: "production", label: "x" }),
                /pre-change dump of .* failed, so nothing was changed/,
            );
            assert.strictEqual(s3.objects.size, 0);
        } finally {
            await s3.close();
        }
    });

    it("npm run mongo-backup: a dump by hand, then its restore check into a scratch database counts every collection; a missing one fails", () => {
        const { spawnSync } = require("child_process") as typeof import("child_process");
        const run = (args: string[], env: NodeJS.ProcessEnv) =>
            spawnSync("npx", ["ts-node", "--transpile-only", "providers/backups/cli.ts", ...args], {
                cwd: join(__dirname, "../../.."),
                env: { ...process.env, ...env },
                encoding: "utf8",
            });
        const dir = mkdtempSync(join(tmpdir(), "manual-"));
        const dumped = run(["dump", "--database", db, "--dir", dir], { MONGODB_URI: url });
        assert.strictEqual(dumped.status, 0, dumped.stderr);
        const archive = dumped.stdout.split(" (")[0];
        assert.match(dumped.stdout, /\(2 collections, 4 documents, \d+ bytes\)/);
        const scratch = `${db}restored`;
        const checked = run(["restore-check", "--archive", archive, "--database", scratch, "--expect", "products,sales"], { SCRATCH_URI: url });
        assert.strictEqual(checked.status, 0, checked.stderr);
        assert.match(checked.stdout, /\| products \| 3 \|\n\| sales \| 1 \|/);
        const missing = run(["restore-check", "--archive", archive, "--database", `${scratch}2`, "--expect", "products,customers"], { SCRATCH_URI: url });
        assert.strictEqual(missing.status, 1, "a failed check, not a bad command line");
        assert.match(
            missing.stderr,
            /^mongo-backup: restore check: customers missing from the dump \(--expect products,customers; .* holds products, sales\)/m,
        );
        assert.doesNotMatch(missing.stderr, /\n\s+at /, "no stack trace");
        const noUri = run(["dump", "--database", db, "--dir", dir], { MONGODB_URI: "" });
        assert.strictEqual(noUri.status, 2);
    });

    describe("through the SDK's dynamic-provider host over gRPC", () => {
        let host: ProviderHost;
        let s3: FakeS3;
        const saved = process.env.AWS_ENDPOINT_URL_S3;
        before(async () => {
            s3 = await startFakeS3("shop-production-backups");
            // The provider host inherits the endpoint override, as under the engine in the lifecycle.
            process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
            host = await startProviderHost(mongoDumpProvider);
        });
        after(async () => {
            if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
            else process.env.AWS_ENDPOINT_URL_S3 = saved;
            await host?.stop();
            await s3?.close();
        });
        const props = (extra: Partial<MongoDumpProps> = {}): MongoDumpProps => ({
            uri: url,
            database: db,
            bucket: "shop-production-backups",
            region: "af-south-1",
            stack: "production",
            trigger: "taskdef:7",
            ...extra,
        });

        it("dumps at create and for each new trigger; a rotated password alone dumps nothing", async () => {
            const created = await host.create(props());
            assert.strictEqual(created.outs.documents, 4);
            assert.strictEqual((await host.diff(created.id, created.outs, props({ uri: `${url}?appName=rotated` }))).changes, false);
            assert.strictEqual((await host.diff(created.id, created.outs, props({ trigger: "taskdef:8" }))).changes, true);
            await host.update(created.id, created.outs, props({ trigger: "taskdef:8" }));
            assert.strictEqual(s3.objects.size, 2);
        });

        it("the serialized provider carries no connection string", async () => {
            const pulumi = await import("@pulumi/pulumi");
            const { text } = await pulumi.runtime.serializeFunction(() => mongoDumpProvider, { allowSecrets: false });
            assert.ok(!text.includes(url));
        });
    });
});
