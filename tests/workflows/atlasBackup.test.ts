// backup.yml's atlas job, run as written: scripts/atlas-access.sh against a contract-true fake of
// the Atlas Administration API, and the dump and restore-check steps against the suite's
// MongoDB-protocol server. (The upload step is the aws CLI's put-object, as in the postgres job.)
import * as assert from "assert";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { MongoClient } from "mongodb";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { ROOT } from "../helpers";
import { FakeAtlasAdmin, startFakeAtlasAdmin } from "../support/fakes/atlasAdmin";
import { mongoServer } from "../support/mongo";
import { bash, keyValues as lines, resolveEnv, startAddressEcho } from "./runStep";

const job = parse(readFileSync(join(ROOT, ".github/workflows/backup.yml"), "utf8")).jobs.atlas;
const step = (id: string) => job.steps.find((s: { id?: string }) => s.id === id).run as string;
const SCRIPT = join(ROOT, "scripts/atlas-access.sh");
const PROJECT = "6740c0ffee00000000abc123";
const CLUSTER = "smartduka-production";
const KEYS = { MONGODB_ATLAS_PUBLIC_KEY: "qwertyui", MONGODB_ATLAS_PRIVATE_KEY: "9f3c1e2a-5b7d-4c8e-a1f0-2d4b6c8e0a1b" };
const RUNNER_IP = "203.0.113.77";

describe("backup.yml atlas job (run as written)", function () {
    this.timeout(120_000);
    let atlas: FakeAtlasAdmin;
    let echo: { url: string; close(): Promise<void> };

    before(async () => {
        echo = await startAddressEcho(RUNNER_IP);
    });
    after(() => echo.close());
    beforeEach(async () => {
        atlas = await startFakeAtlasAdmin({
            publicKey: KEYS.MONGODB_ATLAS_PUBLIC_KEY,
            privateKey: KEYS.MONGODB_ATLAS_PRIVATE_KEY,
            projectId: PROJECT,
            clusterName: CLUSTER,
        });
    });
    afterEach(async () => {
        assert.deepStrictEqual(atlas.violations, []);
        await atlas.close();
    });

    /** The job's environment for atlas-access.sh, as the stack step leaves it. */
    function accessEnv(extra: Record<string, string> = {}) {
        const dir = mkdtempSync(join(tmpdir(), "atlas-access-"));
        const env = {
            ...KEYS,
            ATLAS_API: atlas.url,
            IP_ECHO_URL: echo.url,
            ATLAS_PROJECT_ID: PROJECT,
            ATLAS_CLUSTER: CLUSTER,
            ATLAS_SRV_HOST: "mongodb+srv://smartduka-production.ab1cd.mongodb.net",
            ATLAS_DATABASE: "smartduka",
            GITHUB_RUN_ID: "4242",
            GITHUB_RUN_ATTEMPT: "1",
            GITHUB_ENV: join(dir, "env"),
            ACCESS_POLL_SECONDS: "0",
            ...extra,
        };
        writeFileSync(env.GITHUB_ENV, "");
        return env;
    }
    const statusReads = (pattern: RegExp) => atlas.requests.filter((r) => r.method === "GET" && pattern.test(r.path) && r.headers.authorization).length;

    it("the steps call the script: open after the AWS role, close always (even when a step failed)", () => {
        assert.strictEqual(step("admit"), "bash scripts/atlas-access.sh open");
        const close = job.steps.find((s: { run?: string }) => s.run === "bash scripts/atlas-access.sh close");
        assert.strictEqual(close.if, "always() && steps.admit.outcome != 'skipped'");
    });

    it("open admits the runner's address and a read-only user of its own, both expiring within the hour, once Atlas has applied them", async () => {
        atlas.pendingReads = 2;
        const env = accessEnv();
        const started = Date.now();
        const run = await bash([SCRIPT, "open"], env);
        assert.strictEqual(run.code, 0, run.stdout + run.stderr);

        const entry = atlas.accessList.get(RUNNER_IP)!;
        assert.ok(entry, "the runner's address is on the access list");
        assert.match(entry.comment!, /CI run 4242 \(temporary\)/);
        const expiry = Date.parse(entry.deleteAfterDate!) - started;
        assert.ok(expiry > 58 * 60_000 && expiry < 62 * 60_000, `the entry expires in an hour (${expiry} ms)`);

        const user = atlas.users.get("admin/ci-read-4242-1")!;
        assert.deepStrictEqual(user.roles, [{ databaseName: "smartduka", roleName: "read" }]);
        assert.deepStrictEqual(user.scopes, [{ name: CLUSTER, type: "CLUSTER" }]);
        assert.ok(Math.abs(Date.parse(user.deleteAfterDate!) - Date.parse(entry.deleteAfterDate!)) < 120_000, "the user expires with the entry");
        assert.ok(user.password.length >= 32);

        // PENDING twice, then ACTIVE / APPLIED: the script waited for both.
        assert.strictEqual(statusReads(/\/accessList\/[^/]+\/status$/), 3);
        assert.strictEqual(statusReads(/\/clusters\/[^/]+\/status$/), 3);

        const written = lines(env.GITHUB_ENV);
        assert.strictEqual(written.ATLAS_RUNNER_IP, RUNNER_IP);
        assert.strictEqual(written.ATLAS_RUNNER_USER, "ci-read-4242-1");
        assert.strictEqual(written.MONGODB_URI, `mongodb+srv://ci-read-4242-1:${user.password}@smartduka-production.ab1cd.mongodb.net/?authSource=admin`);
        // The password reaches the log only in the mask command GitHub consumes; the API key never.
        assert.deepStrictEqual(
            run.stdout.split("\n").filter((l) => l.includes(user.password)),
            [`::add-mask::${user.password}`],
        );
        assert.ok(!(run.stdout + run.stderr).includes(KEYS.MONGODB_ATLAS_PRIVATE_KEY));
    });

    it("close removes the user and the entry at once; run again when both are gone, it still succeeds", async () => {
        const env = accessEnv();
        assert.strictEqual((await bash([SCRIPT, "open"], env)).code, 0);
        const after = { ...env, ...lines(env.GITHUB_ENV) };
        const closed = await bash([SCRIPT, "close"], after);
        assert.strictEqual(closed.code, 0, closed.stdout);
        assert.strictEqual(atlas.accessList.size, 0);
        assert.strictEqual(atlas.users.size, 0);
        const again = await bash([SCRIPT, "close"], after);
        assert.strictEqual(again.code, 0, again.stdout);
    });

    it("a refusal is reported in Atlas's words, without the key, and leaves nothing behind", async () => {
        const run = await bash([SCRIPT, "open"], accessEnv({ MONGODB_ATLAS_PRIVATE_KEY: "wrong-private-key-0000" }));
        assert.strictEqual(run.code, 1);
        assert.match(
            run.stdout,
            /^::error::atlas-access: Atlas refused the temporary access list entry for 203\.0\.113\.77 \(HTTP 401\): You are not authorized for this resource\. \(UNAUTHORIZED\)$/m,
        );
        assert.ok(!(run.stdout + run.stderr).includes("wrong-private-key-0000"));
        assert.deepStrictEqual([atlas.accessList.size, atlas.users.size], [0, 0]);

        const tooLong = await bash([SCRIPT, "open"], accessEnv({ ACCESS_MINUTES: String(8 * 24 * 60) }));
        assert.strictEqual(tooLong.code, 1);
        assert.match(tooLong.stdout, /\(HTTP 400\): deleteAfterDate must be no later than one week from now \(INVALID_ATTRIBUTE\)/);
        assert.deepStrictEqual([atlas.accessList.size, atlas.users.size], [0, 0]);
    });

    it("a user Atlas refuses after the entry was admitted fails the job, and close (always run) withdraws the entry", async () => {
        const env = accessEnv({ ATLAS_CLUSTER: "not-this-project" });
        const run = await bash([SCRIPT, "open"], env);
        assert.strictEqual(run.code, 1);
        assert.match(run.stdout, /::error::atlas-access: Atlas refused the temporary database user ci-read-4242-1 \(HTTP 400\)/);
        const written = lines(env.GITHUB_ENV);
        assert.strictEqual(written.MONGODB_URI, undefined, "no connection string for a user that does not exist");
        assert.strictEqual(atlas.accessList.size, 1);
        assert.strictEqual((await bash([SCRIPT, "close"], { ...env, ...written })).code, 0);
        assert.strictEqual(atlas.accessList.size, 0);
    });

    it("stops at its time limit when Atlas never activates the entry, and says which", async () => {
        atlas.pendingReads = 1_000;
        const run = await bash([SCRIPT, "open"], accessEnv({ ACCESS_WAIT_SECONDS: "0" }));
        assert.strictEqual(run.code, 1);
        assert.match(run.stdout, /::error::atlas-access: the access list entry for 203\.0\.113\.77 still PENDING after 0s/);
        assert.strictEqual(atlas.users.size, 0, "no user is created for a runner that cannot connect");
    });

    it("without the API key, says which secret to set and calls nothing", async () => {
        const run = await bash([SCRIPT, "open"], accessEnv({ MONGODB_ATLAS_PUBLIC_KEY: "" }));
        assert.strictEqual(run.code, 1);
        assert.match(run.stderr, /set MONGODB_ATLAS_PUBLIC_KEY \(repository secret\)/);
        assert.strictEqual(atlas.requests.length, 0);
    });

    it("the dump and restore-check steps copy the database into a scratch one and count the key collections", async () => {
        const url = await mongoServer();
        const db = `smartduka${Date.now()}`;
        const client = await MongoClient.connect(url);
        await client
            .db(db)
            .collection("products")
            .insertMany([
                { sku: "tea", price: 120 },
                { sku: "sugar", price: 95 },
            ]);
        await client.db(db).collection("sales").insertOne({ total: 215 });
        await client.close();

        const dir = mkdtempSync(join(tmpdir(), "atlas-job-"));
        const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary.md") };
        for (const f of Object.values(files)) writeFileSync(f, "");
        const env = {
            ...files,
            RUNNER_TEMP: dir,
            MONGODB_URI: url,
            ATLAS_DATABASE: db,
            KEY_COLLECTIONS: job.env.KEY_COLLECTIONS,
            SCRATCH_URI: url,
            SCRATCH_DATABASE: `${db}_restore_check`,
        };
        const dump = await bash(["-e", "-c", step("dump")], env);
        assert.strictEqual(dump.code, 0, dump.stdout + dump.stderr);
        const { file } = lines(files.GITHUB_OUTPUT);
        assert.match(file, /\.mongodump\.tar\.gz$/);

        // The step's env: as the runner resolves it (the archive arrives as $ARCHIVE, not spliced into the script).
        const restoreEnv = resolveEnv(job.steps.find((s: { id?: string }) => s.id === "restore").env, { steps: { dump: { file } } });
        assert.strictEqual(restoreEnv.ARCHIVE, file);
        const restore = await bash(["-e", "-c", step("restore")], { ...env, ...restoreEnv });
        assert.strictEqual(restore.code, 0, restore.stdout + restore.stderr);
        assert.match(readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"), /\| products \| 2 \|\n\| sales \| 1 \|/);

        const missing = await bash(["-e", "-c", step("restore")], {
            ...env,
            ...restoreEnv,
            SCRATCH_DATABASE: `${db}_again`,
            KEY_COLLECTIONS: "products,customers",
        });
        assert.notStrictEqual(missing.code, 0);
        assert.match(missing.stderr, /restore check: customers missing from the dump/);
    });
});
