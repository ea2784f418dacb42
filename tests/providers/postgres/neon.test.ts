import * as assert from "assert";
import { neonProjectProvider } from "../../../providers/postgres/neonProvider";
import { FakeNeon, startFakeNeon } from "../../support/fakes/neon";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const KEY = "napi_TestKey0123456789abcdefghijklmnopqrstuvwxyz";
const DAY = 86_400;
const spec = {
    name: "mystic-ecom-production",
    region: "aws-us-east-2",
    pgVersion: 16,
    historyRetentionSeconds: 7 * DAY,
    database: "mystic_db",
    owner: "mystic_owner",
};

describe("Neon project provider (local Neon API held to Neon's OpenAPI document), through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let neon: FakeNeon;
    const props = () => ({ ...spec, apiKey: KEY, apiBaseUrl: neon.url, pollSeconds: 0.01, timeoutMinutes: 1 });
    const changes = () => neon.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    before(async () => (host = await startProviderHost(neonProjectProvider)));
    after(async () => host?.stop());
    beforeEach(async () => (neon = await startFakeNeon(KEY, { operationPolls: 3 })));
    afterEach(async () => {
        assert.deepStrictEqual(neon.violations, []);
        await neon.close();
    });

    it("makes the project (region, version, history window, database and owner), waits out its operations, and gives the owner's direct and pooled URLs", async () => {
        const made = await host.create(props());
        const p = neon.projects.get(made.id)!;
        assert.deepStrictEqual(
            [p.project.name, p.project.region_id, p.project.pg_version, p.project.history_retention_seconds, p.database.name, p.role.name],
            [spec.name, spec.region, 16, 7 * DAY, "mystic_db", "mystic_owner"],
        );
        assert.ok(
            p.operations.every((o) => o.status === "finished"),
            "the provider returned only once Neon's operations finished",
        );
        assert.strictEqual(made.outs.directUrl, `postgresql://mystic_owner:${p.password}@${p.endpoint.host}/mystic_db?sslmode=require&channel_binding=require`);
        assert.match(made.outs.pooledUrl, /@ep-[a-z0-9-]+-pooler\.us-east-2\.aws\.neon\.tech\/mystic_db\?sslmode=require/);
        assert.deepStrictEqual([made.outs.adopted, made.outs.host, made.outs.branchId], [false, p.endpoint.host, p.branch.id]);
        assert.deepStrictEqual(changes(), ["POST /api/v2/projects"]);
    });

    it("a create whose answer is lost finds the project it made by name instead of making a second; 429, 503 and 423 are waited out", async () => {
        neon.methodFaults.POST = ["drop-after"];
        neon.faults.push({ status: 429, body: { code: "", message: "rate limited" } });
        const made = await host.create(props());
        assert.strictEqual(neon.projects.size, 1);
        assert.ok(neon.projects.has(made.id));

        // A change while Neon's own operation runs: 423 Locked, retried until it is free.
        const p = neon.projects.get(made.id)!;
        p.operations.push({ ...p.operations[0], id: "00000000-0000-4000-8000-000000000001", status: "running", action: "check_availability", pollsLeft: 1 });
        neon.faults.push({ status: 503, body: { code: "", message: "unavailable" } });
        // …and one Neon starts between the wait and the change.
        neon.methodFaults.PATCH = [{ status: 423, body: { code: "", message: "project already has running conflicting operations" } }];
        const updated = await host.update(made.id, made.outs, { ...props(), historyRetentionSeconds: 3 * DAY });
        assert.strictEqual(updated.outs.historyRetentionSeconds, 3 * DAY);
        assert.strictEqual(p.project.history_retention_seconds, 3 * DAY);
        assert.deepStrictEqual([neon.faults.length, neon.methodFaults.PATCH.length], [0, 0], "every fault was met");
        assert.deepStrictEqual(changes(), ["POST /api/v2/projects", "PATCH /api/v2/projects/" + made.id, "PATCH /api/v2/projects/" + made.id]);
    });

    it("a project Neon made but whose operation ended in error is recorded, not lost: the next up resumes with it; old failures of an adopted project are history", async () => {
        neon.failNextProject = "timeline creation failed";
        await assert.rejects(host.create(props()), (err: Error) => {
            assert.match(
                err.message,
                /Neon's create_timeline operation on \S+ ended in error: timeline creation failed \(it is recorded in the state: the next pulumi up picks it up\)/,
            );
            return true;
        });
        assert.strictEqual(neon.projects.size, 1, "the project exists at Neon");
        const [p] = [...neon.projects.values()];
        // The engine holds what the error carried (its id and the inputs): the next up updates it.
        const recorded = { ...props(), projectId: p.project.id, adopted: false };
        assert.strictEqual((await host.diff(p.project.id, recorded, props())).changes, true, "no URLs yet: the next up finishes");
        const resumed = await host.update(p.project.id, recorded, props());
        assert.match(resumed.outs.directUrl, /^postgresql:\/\/mystic_owner:/);
        assert.ok(
            p.operations.some((o) => o.status === "error"),
            "the old failure is still in the project's history, and no longer stops anything",
        );
    });

    it("adopts an existing project by id without changing anything in it, and leaves it in place on delete", async () => {
        const existing = await neon.addProject({ ...spec, historyRetentionSeconds: 1 * DAY });
        const offset = host.stderr().length;
        const adopted = await host.create({ ...props(), adoptId: existing.project.id });
        assert.deepStrictEqual(changes(), [], "adoption reads only");
        assert.deepStrictEqual([adopted.id, adopted.outs.adopted, adopted.outs.historyRetentionSeconds], [existing.project.id, true, DAY]);
        assert.match(await host.printed(offset), /adopted Neon project \S+ unchanged; it keeps 1 days of history, the config 7: the next pulumi up changes it/);
        assert.strictEqual((await host.diff(adopted.id, adopted.outs, { ...props(), adoptId: existing.project.id })).changes, true, "the window differs");

        await host.delete(adopted.id, adopted.outs);
        assert.ok(neon.projects.has(existing.project.id), "an adopted project is not this stack's to delete");
        assert.deepStrictEqual(changes(), []);
    });

    it("refuses, naming the key to fix, a project whose region or version differ, a name already taken, and Neon's own refusals; never showing the key", async () => {
        const existing = await neon.addProject({ ...spec, region: "aws-eu-central-1" });
        await assert.rejects(
            host.create({ ...props(), adoptId: existing.project.id }),
            /is in aws-eu-central-1, not aws-us-east-2: set postgres\.region to aws-eu-central-1/,
        );
        await assert.rejects(host.create({ ...props(), adoptId: "no-such-123456" }), /Neon has no project no-such-123456 \(postgres\.projectId\)/);
        await assert.rejects(
            host.create(props()),
            new RegExp(
                `Neon already has a project named ${spec.name} \\(${existing.project.id}\\): to manage it, set postgres\\.projectId: ${existing.project.id}`,
            ),
        );
        await assert.rejects(host.create({ ...props(), name: "other", historyRetentionSeconds: 30 * DAY }), (err: Error) => {
            assert.match(err.message, /Neon refused the new project other: 400 history_retention_seconds 2592000 exceeds the plan's limit/);
            assert.ok(!err.message.includes(KEY));
            return true;
        });
        assert.deepStrictEqual(changes(), ["POST /api/v2/projects"], "only the refused create was sent");
        assert.strictEqual(neon.projects.size, 1);
    });

    it("a preview refuses a new region, version, database or owner; reads back what Neon holds; a project deleted upstream is marked for a new one", async () => {
        const made = await host.create(props());
        await assert.rejects(
            host.diff(made.id, made.outs, { ...props(), region: "aws-us-west-2" }),
            /set postgres\.region to aws-us-east-2 \(Neon cannot move a project\)/,
        );
        await assert.rejects(host.diff(made.id, made.outs, { ...props(), pgVersion: 17 }), /runs PostgreSQL 16, not 17/);
        await assert.rejects(
            host.diff(made.id, made.outs, { ...props(), database: "other" }),
            /postgres\.database and postgres\.owner name what the project has/,
        );
        assert.strictEqual((await host.diff(made.id, made.outs, props())).changes, false);

        neon.projects.get(made.id)!.project.history_retention_seconds = DAY; // changed in the Console
        const read = await host.read(made.id, made.outs);
        assert.strictEqual(read.props.historyRetentionSeconds, DAY);
        assert.strictEqual((await host.diff(made.id, read.props, props())).changes, true, "drift shows on refresh, and the next up restores it");

        neon.projects.delete(made.id);
        const gone = await host.read(made.id, made.outs);
        assert.strictEqual(gone.props.status, "deleted-upstream");
        await host.delete(made.id, made.outs); // already gone: nothing to do
    });
});
