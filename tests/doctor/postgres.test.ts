// The doctor's managed PostgreSQL check against the local Neon and Supabase APIs: the stack's key is
// accepted (read-only), a project to make is not taken already, an adopted one is there and awake.
import * as assert from "assert";
import { postgres } from "../../doctor/vendors/postgres";
import type { Finding } from "../../doctor/checks";
import { load } from "../helpers";
import { FakeNeon, startFakeNeon } from "../support/fakes/neon";
import { FakeSupabase, startFakeSupabase } from "../support/fakes/supabase";

const NEON_KEY = "napi_DoctorCanary0123456789";
const SUPABASE_TOKEN = "sbp_DoctorCanary0123456789";

describe("npm run doctor: the managed PostgreSQL project's key, against the local Neon and Supabase APIs", function () {
    let neon: FakeNeon;
    let supabase: FakeSupabase;
    before(async () => {
        neon = await startFakeNeon(NEON_KEY);
        supabase = await startFakeSupabase(SUPABASE_TOKEN, ["dirt-free"]);
    });
    after(async () => Promise.all([neon.close(), supabase.close()]));
    afterEach(() => assert.deepStrictEqual([...neon.violations, ...supabase.violations], []));

    const run = async (stack: "mystic" | "dirtfreeProduction", secrets: Record<string, string>, mutate?: (p: any) => void): Promise<Finding> => {
        const cfg = load(stack);
        const p = { ...cfg.postgres!, apiBaseUrl: stack === "mystic" ? neon.url : supabase.url } as any;
        mutate?.(p);
        const r = await postgres({ ...cfg, postgres: p }, (key) => secrets[key])!.run(new AbortController().signal);
        for (const s of [NEON_KEY, SUPABASE_TOKEN]) assert.ok(!JSON.stringify(r).includes(s), "the key was printed");
        return r;
    };

    it("asks only when the stack declares a project; an unset key is missing, with the command that sets it", async () => {
        assert.strictEqual(
            postgres(load("smartduka"), () => undefined),
            undefined,
        );
        const none = await run("mystic", {});
        assert.deepStrictEqual([none.verdict, none.found], ["missing", "app-platform:neonApiKey is not set"]);
        assert.match(none.fix!, /pulumi config set --secret app-platform:neonApiKey --stack production/);
    });

    it("Neon: a refused key is wrong; an accepted one is ok; a project of the name is said (the stack's own, or one to adopt); an adopted id must exist", async () => {
        const wrong = await run("mystic", { "app-platform:neonApiKey": "napi_other" });
        assert.strictEqual(wrong.verdict, "wrong");
        assert.match(wrong.found, /401/);
        const ok = await run("mystic", { "app-platform:neonApiKey": NEON_KEY });
        assert.deepStrictEqual([ok.verdict, ok.found], ["ok", "the key is accepted (0 project(s)); the up makes mystic-ecom-production"]);
        const existing = await neon.addProject({
            name: "mystic-ecom-production",
            region: "aws-us-east-1",
            pgVersion: 16,
            historyRetentionSeconds: 86_400,
            database: "mystic_db",
            owner: "mystic_owner",
        });
        const named = await run("mystic", { "app-platform:neonApiKey": NEON_KEY });
        assert.deepStrictEqual(
            [named.verdict, named.found],
            [
                "ok",
                `the key is accepted; project mystic-ecom-production exists (${existing.project.id}): this stack's own if it made it, else the up refuses to make another (adopt it with postgres.projectId: ${existing.project.id})`,
            ],
        );
        const adopted = await run("mystic", { "app-platform:neonApiKey": NEON_KEY }, (p) => (p.projectId = existing.project.id));
        assert.deepStrictEqual(
            [adopted.verdict, adopted.found],
            ["ok", `the key reaches project ${existing.project.id} (mystic-ecom-production, aws-us-east-1, PostgreSQL 16)`],
        );
        const missing = await run("mystic", { "app-platform:neonApiKey": NEON_KEY }, (p) => (p.projectId = "no-such-123456"));
        assert.deepStrictEqual([missing.verdict, missing.found], ["wrong", "Neon has no project no-such-123456 for this key"]);
        assert.ok(
            [...neon.requests].every((r) => r.method === "GET"),
            "read-only",
        );
    });

    it("Supabase: the adopted project must be there and awake", async () => {
        const secrets = { "app-platform:supabaseAccessToken": SUPABASE_TOKEN };
        const absent = await run("dirtfreeProduction", secrets);
        assert.deepStrictEqual([absent.verdict, absent.found], ["wrong", "the token sees no project dirtfreecrmprodrefab"]);
        const p = supabase.addProject({
            ref: "dirtfreecrmprodrefab",
            name: "dirt-free-crm",
            organization: "dirt-free",
            region: "us-east-1",
            dbPass: "x",
            status: "INACTIVE",
        });
        const paused = await run("dirtfreeProduction", secrets);
        assert.deepStrictEqual([paused.verdict, paused.fix], ["wrong", "restore it in the Dashboard (Project → Restore project)"]);
        p.project.status = "ACTIVE_HEALTHY";
        const ok = await run("dirtfreeProduction", secrets);
        assert.deepStrictEqual([ok.verdict, ok.found], ["ok", "the token reaches project dirtfreecrmprodrefab (dirt-free-crm, ACTIVE_HEALTHY)"]);
        assert.ok(supabase.requests.every((r) => r.method === "GET"));
    });
});
