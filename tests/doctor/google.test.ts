// The doctor's Google Cloud check against the local Cloud Run Admin API (tests/support/fakes/cloudRun.ts),
// reached as the pre-start provider reaches it (APP_PLATFORM_CLOUD_RUN_API, loopback only).
import * as assert from "assert";
import { google } from "../../doctor/vendors/google";
import type { Finding } from "../../doctor/checks";
import { load } from "../helpers";
import { FakeCloudRun, startFakeCloudRun } from "../support/fakes/cloudRun";

const TOKEN = "ya29.google-token-doctor-canary";
const AMBIENT = ["GOOGLE_OAUTH_ACCESS_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS", "APP_PLATFORM_CLOUD_RUN_API", "METADATA_SERVER_DETECTION", "CLOUDSDK_CONFIG"];

describe("npm run doctor: Google Cloud credentials and the Cloud Run Admin API, against its local API", function () {
    this.timeout(60_000);
    const cfg = load("raptorflow");
    const run = Object.values(cfg.services).find((s) => s.platform === "cloud-run")!;
    const project = (run as { project: string }).project;
    const saved = Object.fromEntries(AMBIENT.map((k) => [k, process.env[k]]));
    let api: FakeCloudRun;
    const ask = (config: Record<string, string> = {}): Promise<Finding> => google(cfg, (key) => config[key])!.run(new AbortController().signal);

    before(async () => {
        for (const k of AMBIENT) delete process.env[k];
        // No credentials of this machine's: no key file, no gcloud login, no metadata server.
        Object.assign(process.env, { GOOGLE_APPLICATION_CREDENTIALS: "", CLOUDSDK_CONFIG: "/nonexistent", METADATA_SERVER_DETECTION: "none" });
        api = await startFakeCloudRun(TOKEN);
        process.env.APP_PLATFORM_CLOUD_RUN_API = api.url;
    });
    after(async () => {
        for (const k of AMBIENT) delete process.env[k];
        for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
        await api?.close();
    });
    afterEach(() => assert.deepStrictEqual(api.violations, []));

    it("no credentials anywhere is missing, with where they come from", async () => {
        const r = await ask();
        assert.strictEqual(r.verdict, "missing", JSON.stringify(r));
        assert.match(r.fix!, /gcloud auth application-default login/);
    });

    it("a gcp:credentials that is not a key file's JSON is wrong, without quoting it", async () => {
        const r = await ask({ "gcp:credentials": '{"type": "service_account", ya29.google-key-doctor-canary' });
        assert.deepStrictEqual(r.verdict, "wrong");
        assert.match(r.found, /gcp:credentials \(or GOOGLE_CREDENTIALS\) is not a key file's JSON/);
        assert.ok(!JSON.stringify(r).includes("ya29"), "the key was printed");
    });

    it("a refused token, the API off in the project, a project the identity may not read: each with its fix; never the token", async () => {
        const refused = await ask({ "gcp:accessToken": "ya29.another" });
        assert.strictEqual(refused.verdict, "wrong");
        assert.match(refused.found, /→ 401: Request had invalid authentication credentials/);

        api.disabledProjects = [project];
        const off = await ask({ "gcp:accessToken": TOKEN });
        assert.deepStrictEqual(off, {
            verdict: "missing",
            found: `the Cloud Run Admin API is off in project ${project}`,
            fix: `gcloud services enable run.googleapis.com --project ${project}`,
        });
        api.disabledProjects = [];

        api.projects = ["another-project"];
        const denied = await ask({ "gcp:accessToken": TOKEN });
        assert.strictEqual(denied.verdict, "wrong");
        assert.match(denied.found, /may not list Cloud Run services in .*Permission 'run\.services\.list' denied/);
        assert.match(denied.fix!, /roles\/run\.admin/);
        api.projects = undefined;
        for (const r of [refused, off, denied]) assert.ok(!JSON.stringify(r).includes(TOKEN));
    });

    it("the provider's token (GOOGLE_OAUTH_ACCESS_TOKEN) may use Cloud Run where the stack deploys: ok", async () => {
        process.env.GOOGLE_OAUTH_ACCESS_TOKEN = TOKEN;
        try {
            const r = await ask();
            assert.deepStrictEqual(r, { verdict: "ok", found: `the credentials can use Cloud Run in ${project}/${(run as { region: string }).region}` });
            assert.strictEqual(api.requests.at(-1)!.query.get("pageSize"), "1");
        } finally {
            delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
        }
    });
});
