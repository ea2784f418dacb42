import * as assert from "assert";
import { writeFileSync } from "fs";
import { join } from "path";
import { readMigrations } from "../../../providers/migrations/files";
import { migrationsProvider, MigrationsProps, MigrationsResource } from "../../../providers/migrations/provider";
import { declare } from "../../helpers";
import { freshDatabase, query } from "../../support/postgres";
import { ProviderHost, startProviderHost } from "../../support/providerHost";
import { migrationsDir, tables } from "./helpers";

const V1 = "20260101000000";
const V2 = "20260102000000";

async function props(dir: string, databaseUrl: string, extra: Partial<MigrationsProps> = {}): Promise<MigrationsProps & Record<string, any>> {
    const set = await readMigrations(dir);
    return {
        databaseUrl,
        files: set.files,
        rollbacks: set.rollbacks,
        schema: "app_platform",
        lockTimeout: "10s",
        statementTimeout: "15min",
        lockWaitMs: 10_000,
        acceptChecksums: [],
        outOfOrder: false,
        baseline: null,
        rollbackTo: null,
        supabaseInterop: true,
        backup: null,
        appliedBy: "pulumi test",
        ...extra,
    };
}

describe("Migrations dynamic provider, through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(120_000);
    let host: ProviderHost;
    before(async () => (host = await startProviderHost(migrationsProvider)));
    after(async () => host?.stop());

    it("check lists pending files by name from the database, and from disk when it is unreachable", async () => {
        const url = await freshDatabase();
        const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);", [`${V2}_two.sql`]: "CREATE TABLE two (id int);" });
        const reachable = await host.check({}, { ...(await props(dir, url)) });
        assert.deepStrictEqual(reachable.failures, []);
        assert.deepStrictEqual(reachable.inputs.pending, [`${V1}_one`, `${V2}_two`]);

        const offline = await props(dir, "postgresql://app:pw@127.0.0.1:1/nowhere");
        const old = { ...offline, files: offline.files.slice(0, 1) };
        const fromDisk = await host.check(old, offline);
        assert.deepStrictEqual(fromDisk.failures, [], "an unreachable database must not fail the preview");
        assert.deepStrictEqual(fromDisk.inputs.pending, [`${V2}_two`]);
    });

    it("check and diff tolerate inputs that are unknown during preview", async () => {
        const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
        const unknown = { ...(await props(dir, "04da6b54-80e4-46f7-96ec-b56ff0331ba9")) };
        const checked = await host.check({}, unknown);
        assert.deepStrictEqual(checked.failures, []);
        assert.strictEqual((await host.diff("migrations-app_platform", unknown, unknown)).changes, true);
    });

    it("check lists pending files even while the backup bucket is still unknown (a first preview), as the update will", async () => {
        const url = await freshDatabase();
        const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
        const newBucket = { bucket: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", region: "us-east-1", stack: "staging", format: "custom" as const };
        const checked = await host.check({}, await props(dir, url, { backup: newBucket }));
        assert.deepStrictEqual([checked.failures, checked.inputs.pending], [[], [`${V1}_one`]]);
    });

    it("create applies, diff then shows nothing to do, update applies a new file, read reports drift, delete leaves the database", async () => {
        const url = await freshDatabase();
        const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
        const first = (await host.check({}, await props(dir, url))).inputs;
        const created = await host.create(first);
        assert.strictEqual(created.id, "migrations-app_platform");
        assert.deepStrictEqual([created.outs.appliedVersions, created.outs.latestVersion, created.outs.appliedCount], [[V1], V1, 1]);
        assert.deepStrictEqual(await tables(url), ["one"]);
        assert.match(await host.printed(), /applied .*_one\.sql in \d+ ms/);

        // A refresh diffs the resource's old inputs (with what was pending before the apply) against the refreshed state.
        assert.strictEqual((await host.diff(created.id, created.outs, first)).changes, false, "no spurious diff on refresh");

        const same = (await host.check(first, await props(dir, url))).inputs;
        assert.deepStrictEqual(same.pending, []);
        assert.strictEqual((await host.diff(created.id, created.outs, same)).changes, false);

        writeFileSync(join(dir, `${V2}_two.sql`), "CREATE TABLE two (id int);");
        const next = (await host.check(same, await props(dir, url))).inputs;
        assert.deepStrictEqual(next.pending, [`${V2}_two`]);
        assert.strictEqual((await host.diff(created.id, created.outs, next)).changes, true);
        const updated = await host.update(created.id, created.outs, next);
        assert.deepStrictEqual([updated.outs.latestVersion, updated.outs.pending], [V2, []]);

        await query(url, "DELETE FROM app_platform.schema_migrations WHERE version = $1", [V2]);
        const refreshed = await host.read(created.id, updated.outs);
        assert.deepStrictEqual(refreshed.props.appliedVersions, [V1]);

        await host.delete(created.id, updated.outs);
        assert.deepStrictEqual(await tables(url), ["one", "two"]);
    });

    it("check fails the preview, with the engine's reason, when the run would be refused", async () => {
        const url = await freshDatabase();
        const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
        await host.create((await host.check({}, await props(dir, url))).inputs);
        writeFileSync(join(dir, `${V1}_one.sql`), "CREATE TABLE one (id bigint);");
        const { failures } = await host.check({}, await props(dir, url));
        assert.strictEqual(failures.length, 1);
        assert.match(failures[0].reason, /_one\.sql changed after it was applied/);
    });

    it("create surfaces a failing migration as an error naming the file", async () => {
        const url = await freshDatabase();
        const dir = migrationsDir({ [`${V1}_bad.sql`]: "SELECT * FROM nowhere;" });
        await assert.rejects(host.create(await props(dir, url)), /_bad\.sql:1: relation "nowhere" does not exist/);
    });

    it("the resource marks the connection string secret in inputs and outputs", async () => {
        const dir = migrationsDir({ [`${V1}_one.sql`]: "CREATE TABLE one (id int);" });
        const p = await props(dir, "postgresql://app:pw@db:5432/app");
        const pulumi = await import("@pulumi/pulumi");
        const { records } = await declare(() => new MigrationsResource("migrations", { ...p, databaseUrl: pulumi.secret(p.databaseUrl) }));
        const [r] = records;
        assert.strictEqual(r.type, "pulumi-nodejs:dynamic/app-platform:Migrations"); // policies can tell it from other dynamic resources
        assert.strictEqual(r.inputs.databaseUrl, "[secret]");
        assert.ok(r.options.additionalSecretOutputs.includes("databaseUrl"));
        assert.ok(!String(r.inputs.__provider).includes("app:pw"), "the serialized provider captures no credential");
    });
});
