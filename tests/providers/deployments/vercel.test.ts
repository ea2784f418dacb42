import * as assert from "assert";
import { apiClient } from "../../../providers/webhooks/http";
import * as vercel from "../../../providers/deployments/vercel";
import { vercelRedeployProvider } from "../../../providers/deployments/vercelProvider";
import { FakeVercel, startFakeVercel } from "../../support/fakes/vercel";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const TOKEN = "vercel_test_token_0123456789";
const PROJECT = "prj_ecoo_staging";
const DOMAIN = "staging.ecoo.app";

describe("Vercel redeploy (local deployments API), through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let fake: FakeVercel;
    let env: Record<string, string>;
    const props = (over: Record<string, unknown> = {}) => ({
        apiToken: TOKEN,
        apiBaseUrl: fake.url,
        projectId: PROJECT,
        teamId: null,
        productionDomain: DOMAIN,
        trigger: "t1",
        timeoutMinutes: 1,
        pollSeconds: 0,
        ...over,
    });
    before(async () => (host = await startProviderHost(vercelRedeployProvider)));
    after(async () => host?.stop());
    beforeEach(async () => {
        fake = await startFakeVercel(TOKEN);
        env = { WEBHOOK_SECRET: "v1" };
        fake.envOf = () => ({ ...env });
    });
    afterEach(async () => {
        assert.deepStrictEqual(fake.violations, []);
        await fake.close();
    });

    it("before the first git deployment there is nothing running: it succeeds without deploying", async () => {
        const r = await host.create(props());
        assert.deepStrictEqual([r.outs.status, r.outs.deploymentId, fake.deployments.size], ["no-production-deployment", null, 0]);
    });

    it("rebuilds the live production deployment, waits until production serves it, and the app then holds the env of that moment", async () => {
        const live = fake.addProductionDeployment(PROJECT, "ecoo-staging");
        env = { WEBHOOK_SECRET: "v2" };
        const r = await host.update(`${PROJECT}/redeploy`, props(), props({ trigger: "t2" }));
        assert.strictEqual(r.outs.status, "ready");
        const now = fake.production(PROJECT)!;
        assert.deepStrictEqual([now.uid, now.redeployOf, now.env], [r.outs.deploymentId, live.uid, { WEBHOOK_SECRET: "v2" }]);
        const post = fake.requests.find((q) => q.method === "POST")!;
        assert.deepStrictEqual(
            [post.query.get("forceNew"), post.json],
            ["1", { deploymentId: live.uid, meta: { action: "redeploy" }, name: "ecoo-staging", target: "production" }],
        );
        assert.ok(fake.requests.filter((q) => q.method === "GET" && q.path.startsWith("/v13/")).length >= 2, "polled until READY");
        assert.ok(
            fake.requests.some((q) => q.path === "/v6/deployments"),
            "the domain has no alias yet: the newest READY production deployment",
        );
    });

    it("READY is not live: it polls on until production's alias is assigned, and only then finishes", async () => {
        fake.addDomain(PROJECT, DOMAIN);
        const live = fake.addProductionDeployment(PROJECT, "ecoo-staging");
        fake.builds.push(["BUILDING", "READY", "READY", "READY", "ALIASED"]);
        const r = await host.update(`${PROJECT}/redeploy`, props(), props({ trigger: "t2" }));
        const built = fake.deployments.get(r.outs.deploymentId)!;
        assert.deepStrictEqual(
            [built.redeployOf, built.script, typeof built.aliasAssigned],
            [live.uid, [], "number"],
            "every READY-but-unaliased step was polled past",
        );
        assert.strictEqual(fake.production(PROJECT)!.uid, built.uid, "the production domain serves the rebuild when the up finishes");
    });

    it("an alias error fails the up with Vercel's words and what to do, and production keeps serving the old deployment", async () => {
        fake.addDomain(PROJECT, DOMAIN);
        const live = fake.addProductionDeployment(PROJECT, "ecoo-staging");
        fake.builds.push(["BUILDING", "READY", { aliasError: { code: "cert_missing", message: `Could not issue a certificate for ${DOMAIN}` } }]);
        await assert.rejects(host.update(`${PROJECT}/redeploy`, props(), props({ trigger: "t2" })), (err: Error) => {
            assert.match(
                err.message,
                /Vercel built deployment dpl_\S+ but could not assign production's domains to it: Could not issue a certificate for staging\.ecoo\.app \(cert_missing\)\. The running app keeps its previous env vars and the signers were not switched; .*run pulumi up again/,
            );
            assert.doesNotMatch(err.message, /^\s+at /m, "no stack trace");
            return true;
        });
        assert.strictEqual(fake.production(PROJECT)!.uid, live.uid);
    });

    it("after an Instant Rollback it rebuilds the deployment the production domain serves, not the newest READY one, and says production stays pinned", async () => {
        fake.addDomain(PROJECT, DOMAIN);
        const good = fake.addProductionDeployment(PROJECT, "ecoo-staging");
        const bad = fake.addProductionDeployment(PROJECT, "ecoo-staging");
        fake.rollback(PROJECT, good.uid);
        await assert.rejects(host.update(`${PROJECT}/redeploy`, props(), props({ trigger: "t2" })), (err: Error) => {
            assert.match(
                err.message,
                /Vercel deployment (dpl_\S+) is READY but staging\.ecoo\.app still serves dpl_\S+: production is pinned.* The running app keeps its previous env vars and the signers were not switched; promote it \(vercel promote \1\) or undo the rollback, then run pulumi up again/,
            );
            return true;
        });
        const post = fake.requests.find((q) => q.method === "POST")!;
        assert.strictEqual(post.json.deploymentId, good.uid, `rebuilt the served deployment, not the newest READY one (${bad.uid})`);
        assert.strictEqual(fake.production(PROJECT)!.uid, good.uid, "the rollback still holds production");
    });

    it("only a changed trigger (the env vars' digest) or project redeploys", async () => {
        assert.strictEqual((await host.diff("x", { ...props(), deploymentId: "d", status: "ready" }, props())).changes, false);
        assert.strictEqual((await host.diff("x", { ...props(), deploymentId: "d", status: "ready" }, props({ trigger: "t2" }))).changes, true);
    });

    it("a failed build fails the up with what to do, and production keeps serving the old deployment", async () => {
        fake.addDomain(PROJECT, DOMAIN);
        const live = fake.addProductionDeployment(PROJECT, "ecoo-staging");
        fake.builds.push(["BUILDING", "ERROR"]);
        await assert.rejects(host.update(`${PROJECT}/redeploy`, props(), props({ trigger: "t2" })), (err: Error) => {
            assert.match(
                err.message,
                /Vercel deployment dpl_\S+ ended ERROR: Command "npm run build" exited with 1 \(BUILD_FAILED\)\. The running app keeps its previous env vars and the signers were not switched/,
            );
            assert.doesNotMatch(err.message, /^\s+at /m, "no stack trace");
            return true;
        });
        assert.strictEqual(fake.production(PROJECT)!.uid, live.uid);
    });

    it("a build slower than the timeout fails clearly instead of hanging", async () => {
        fake.addProductionDeployment(PROJECT, "ecoo-staging");
        const api = apiClient({ service: "Vercel", baseUrl: fake.url, auth: { bearer: TOKEN } });
        const live = await vercel.currentProduction(api, { projectId: PROJECT }, DOMAIN);
        const started = await vercel.redeploy(api, { projectId: PROJECT }, live!);
        fake.deployments.get(started.id)!.script = Array(50).fill("BUILDING");
        let t = 0;
        await assert.rejects(
            vercel.waitLive(
                api,
                { projectId: PROJECT },
                started.id,
                { timeoutMs: 60_000, pollMs: 5_000, sleep: async (ms) => void (t += ms), now: () => t },
                DOMAIN,
            ),
            /is still BUILDING after 1 min \(hosting\.redeploy\.timeoutMinutes\)\. The signers were not switched/,
        );
        assert.strictEqual(t, 60_000, "polled every 5 s until the deadline, no longer");
    });

    it("a deployment READY whose domains never move fails at the timeout saying so, not as a build still running", async () => {
        fake.addProductionDeployment(PROJECT, "ecoo-staging");
        const api = apiClient({ service: "Vercel", baseUrl: fake.url, auth: { bearer: TOKEN } });
        const started = await vercel.redeploy(api, { projectId: PROJECT }, (await vercel.currentProduction(api, { projectId: PROJECT }, DOMAIN))!);
        fake.deployments.get(started.id)!.script = ["READY"];
        let t = 0;
        await assert.rejects(
            vercel.waitLive(
                api,
                { projectId: PROJECT },
                started.id,
                { timeoutMs: 60_000, pollMs: 5_000, sleep: async (ms) => void (t += ms), now: () => t },
                DOMAIN,
            ),
            /is READY but production's domains were not assigned to it after 1 min \(hosting\.redeploy\.timeoutMinutes\)\..*vercel promote/,
        );
    });

    it("a wrong token or team is refused by the API and named in the error; no token at all says how to set one", async () => {
        fake.addProductionDeployment(PROJECT, "ecoo-staging");
        await assert.rejects(
            host.create(props({ apiToken: "wrong" })),
            /Vercel GET \/v4\/aliases\/staging\.ecoo\.app → 403: Not authorized \(code forbidden\)/,
        );
        await assert.rejects(host.create(props({ teamId: "team_other" })), /403/);
        const saved = process.env.VERCEL_API_TOKEN;
        delete process.env.VERCEL_API_TOKEN;
        try {
            await assert.rejects(
                host.create(props({ apiToken: null })),
                /needs a Vercel token: set VERCEL_API_TOKEN, or pulumi config set --secret vercel:apiToken/,
            );
        } finally {
            if (saved !== undefined) process.env.VERCEL_API_TOKEN = saved;
        }
    });
});
