import * as assert from "assert";
import { supabaseProjectProvider } from "../../../providers/postgres/supabaseProvider";
import { FakeSupabase, startFakeSupabase } from "../../support/fakes/supabase";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const TOKEN = "sbp_TestToken0123456789abcdef0123456789abcdef";
const PASSWORD = "Db0Password0Canary0123456789abcd";
const spec = { name: "dirt-free-staging", organization: "dirt-free", region: "us-east-1", instanceSize: "small", pointInTimeDays: 0 };

describe("Supabase project provider (local Management API held to Supabase's OpenAPI document), through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let supabase: FakeSupabase;
    const props = (more: Record<string, unknown> = {}) => ({
        ...spec,
        accessToken: TOKEN,
        apiBaseUrl: supabase.url,
        dbPassword: PASSWORD,
        requirePointInTime: false,
        pollSeconds: 0.01,
        timeoutMinutes: 1,
        ...more,
    });
    const changes = () => supabase.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    before(async () => (host = await startProviderHost(supabaseProjectProvider)));
    after(async () => host?.stop());
    beforeEach(async () => (supabase = await startFakeSupabase(TOKEN, ["dirt-free"], { comingUpReads: 3 })));
    afterEach(async () => {
        assert.deepStrictEqual(supabase.violations, []);
        await supabase.close();
    });

    it("makes the project (organization, region, compute, password), waits until healthy, and gives its URL, keys and the owner's session and transaction URLs", async () => {
        const made = await host.create(props());
        const p = supabase.projects.get(made.id)!;
        assert.deepStrictEqual(
            [p.project.name, p.project.organization_slug, p.project.region, p.dbPass, p.project.status],
            [spec.name, "dirt-free", "us-east-1", PASSWORD, "ACTIVE_HEALTHY"],
        );
        const create = supabase.requests.find((r) => r.method === "POST")!.json;
        assert.strictEqual(create.desired_instance_size, "small");
        const o = made.outs;
        assert.deepStrictEqual([o.url, o.anonKey, o.serviceRoleKey, o.adopted], [`https://${made.id}.supabase.co`, p.anonKey, p.serviceRoleKey, false]);
        const pooler = `postgres.${made.id}:${PASSWORD}@aws-0-us-east-1.pooler.supabase.com`;
        assert.strictEqual(o.dbUrl, `postgresql://${pooler}:5432/postgres?sslmode=require`, "session mode: migrations over IPv4");
        assert.strictEqual(o.pooledUrl, `postgresql://${pooler}:6543/postgres?sslmode=require`, "transaction mode: the apps");
        assert.deepStrictEqual(changes(), ["POST /v1/projects"]);
    });

    it("a create whose answer is lost finds the project it made by name; a 429 on the create and 5xx on reads are waited out", async () => {
        supabase.methodFaults.POST = [{ status: 429, body: { message: "Too many requests" } }, "drop-after"];
        supabase.methodFaults.GET = [{ status: 502 }];
        const made = await host.create(props());
        assert.strictEqual(supabase.projects.size, 1);
        assert.ok(supabase.projects.has(made.id));
        assert.deepStrictEqual(changes(), ["POST /v1/projects", "POST /v1/projects"], "the 429 made nothing; the lost one made the project");
    });

    it("a project Supabase made that fails to come up (INIT_FAILED) is recorded, not lost, and said", async () => {
        supabase.failNextProject = "INIT_FAILED";
        await assert.rejects(
            host.create(props()),
            /Supabase project [a-z]{20} is INIT_FAILED: see the Dashboard \(it is recorded in the state: the next pulumi up picks it up\)/,
        );
        assert.strictEqual(supabase.projects.size, 1);
    });

    it("a refresh of a project that is not healthy records its status, keeps its URLs, and the next up waits for it", async () => {
        const made = await host.create(props());
        const p = supabase.projects.get(made.id)!;
        p.project.status = "RESTARTING";
        const read = await host.read(made.id, made.outs);
        assert.deepStrictEqual([read.props.projectStatus, read.props.dbUrl], ["RESTARTING", made.outs.dbUrl]);
        assert.strictEqual((await host.diff(made.id, read.props, props())).changes, true);
        p.project.status = "COMING_UP";
        p.readsLeft = 2;
        const resumed = await host.update(made.id, read.props, props());
        assert.strictEqual(resumed.outs.projectStatus, "ACTIVE_HEALTHY");
        assert.strictEqual((await host.diff(made.id, resumed.outs, props())).changes, false);
    });

    it("adopts an existing project by ref without changing anything, and leaves it in place on delete", async () => {
        const existing = supabase.addProject({ name: "dirt-free-prod", organization: "dirt-free", region: "us-east-1", dbPass: PASSWORD, pitr: true });
        const adopted = await host.create(props({ name: "dirt-free-prod", adoptRef: existing.project.ref, pointInTimeDays: 7, requirePointInTime: true }));
        assert.deepStrictEqual(
            [adopted.id, adopted.outs.adopted, adopted.outs.pitrEnabled, adopted.outs.serviceRoleKey],
            [existing.project.ref, true, true, existing.serviceRoleKey],
        );
        await host.delete(adopted.id, adopted.outs);
        assert.ok(supabase.projects.has(existing.project.ref), "an adopted project is not this stack's to delete");
        assert.deepStrictEqual(changes(), [], "adoption only reads");
    });

    it("a paused project is refused with the way to wake it; one still coming up is waited for", async () => {
        const paused = supabase.addProject({ name: "paused", organization: "dirt-free", region: "us-east-1", dbPass: PASSWORD, status: "INACTIVE" });
        await assert.rejects(
            host.create(props({ adoptRef: paused.project.ref })),
            /Supabase project [a-z]{20} is paused \(INACTIVE\): restore it in the Dashboard \(Project → Restore project\), then run pulumi up again; nothing was changed/,
        );
        const starting = supabase.addProject({ name: "starting", organization: "dirt-free", region: "us-east-1", dbPass: PASSWORD, status: "COMING_UP" });
        const adopted = await host.create(props({ adoptRef: starting.project.ref }));
        assert.strictEqual(supabase.projects.get(adopted.id)!.project.status, "ACTIVE_HEALTHY");
        assert.deepStrictEqual(changes(), []);
    });

    it("point-in-time recovery the config promises: production refuses a project without it, staging is told; a made project is kept and checked again", async () => {
        const bare = supabase.addProject({ name: "bare", organization: "dirt-free", region: "us-east-1", dbPass: PASSWORD });
        await assert.rejects(
            host.create(props({ adoptRef: bare.project.ref, pointInTimeDays: 7, requirePointInTime: true })),
            /has no point-in-time recovery, but postgres\.pointInTimeDays is 7: add the PITR add-on \(Dashboard → Project Settings → Add-ons; Pro plan, Small compute or larger\), or set pointInTimeDays: 0/,
        );
        const offset = host.stderr().length;
        const made = await host.create(props({ pointInTimeDays: 7, requirePointInTime: true }));
        assert.match(
            await host.printed(offset),
            /warning: Supabase project [a-z]{20} has no point-in-time recovery/,
            "the project is kept; the add-on comes next",
        );
        assert.strictEqual(
            (await host.diff(made.id, made.outs, props({ pointInTimeDays: 7, requirePointInTime: true }))).changes,
            true,
            "each up checks again",
        );
        await assert.rejects(host.update(made.id, made.outs, props({ pointInTimeDays: 7, requirePointInTime: true })), /has no point-in-time recovery/);
        supabase.projects.get(made.id)!.pitr = true;
        const fixed = await host.update(made.id, made.outs, props({ pointInTimeDays: 7, requirePointInTime: true }));
        assert.strictEqual(fixed.outs.pitrEnabled, true);
        assert.strictEqual((await host.diff(made.id, fixed.outs, props({ pointInTimeDays: 7, requirePointInTime: true }))).changes, false);
    });

    it("refuses a new region at preview, a name already taken, an unknown organization and a wrong ref, naming the key to fix; never showing the token or password", async () => {
        const made = await host.create(props());
        await assert.rejects(
            host.diff(made.id, made.outs, props({ region: "eu-west-1" })),
            /set postgres\.region to us-east-1 \(Supabase cannot move a project\)/,
        );
        await assert.rejects(
            host.create(props()),
            new RegExp(`already has a project named ${spec.name} \\(${made.id}\\): to manage it, set postgres\\.projectRef: ${made.id}`),
        );
        await assert.rejects(host.create(props({ name: "other", organization: "someone-else" })), (err: Error) => {
            assert.match(err.message, /Supabase POST \/v1\/projects → 404: Organization someone-else not found/);
            for (const s of [TOKEN, PASSWORD]) assert.ok(!err.message.includes(s));
            return true;
        });
        await assert.rejects(host.create(props({ adoptRef: "abcdefghijklmnopqrst" })), /Supabase has no project abcdefghijklmnopqrst \(postgres\.projectRef\)/);
        supabase.projects.delete(made.id);
        assert.strictEqual((await host.read(made.id, made.outs)).props.status, "deleted-upstream");
        await host.delete(made.id, made.outs);
    });
});
