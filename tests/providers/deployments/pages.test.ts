import * as assert from "assert";
import { pagesRedeployProvider } from "../../../providers/deployments/pagesProvider";
import { FakePages, startFakePages } from "../../support/fakes/pages";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const TOKEN = "cf_test_token_0123456789abcdef";
const ACCOUNT = "0123456789abcdef0123456789abcdef";

describe("Cloudflare Pages redeploy (local Pages deployments API), through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let fake: FakePages;
    let env: Record<string, string>;
    const props = (over: Record<string, unknown> = {}) => ({
        apiToken: TOKEN,
        apiBaseUrl: fake.url,
        accountId: ACCOUNT,
        projectName: "mystic",
        branch: "main",
        trigger: "t1",
        timeoutMinutes: 1,
        pollSeconds: 0,
        ...over,
    });
    before(async () => (host = await startProviderHost(pagesRedeployProvider)));
    after(async () => host?.stop());
    beforeEach(async () => {
        fake = await startFakePages(TOKEN, ACCOUNT, (name) => (name === "mystic" ? { productionBranch: "main" } : undefined));
        env = { CRON_SECRET: "c1" };
        fake.envOf = () => ({ ...env });
    });
    afterEach(async () => {
        assert.deepStrictEqual(fake.violations, []);
        await fake.close();
    });

    it("nothing deployed yet: nothing to redeploy", async () => {
        const r = await host.create(props());
        assert.deepStrictEqual([r.outs.status, r.outs.deploymentId, fake.deployments.size], ["no-production-deployment", null, 0]);
    });

    it("deploys the production branch again (multipart `branch`), waits for the deploy stage, and the app then holds the env of that moment", async () => {
        const live = fake.addProductionDeployment("mystic", "main");
        env = { CRON_SECRET: "c2" };
        const r = await host.update(`${ACCOUNT}/mystic/redeploy`, props(), props({ trigger: "t2" }));
        assert.strictEqual(r.outs.status, "deployed");
        const now = fake.production("mystic")!;
        assert.notStrictEqual(now.id, live.id);
        assert.deepStrictEqual([now.id, now.branch, now.env], [r.outs.deploymentId, "main", { CRON_SECRET: "c2" }]);
    });

    it("a failed build fails the up with the stage and what to do; production keeps the old deployment", async () => {
        const live = fake.addProductionDeployment("mystic", "main");
        fake.builds.push([
            { name: "initialize", status: "active" },
            { name: "build", status: "failure" },
        ]);
        await assert.rejects(host.update("x", props(), props({ trigger: "t2" })), (err: Error) => {
            assert.match(
                err.message,
                /Cloudflare Pages deployment \S+ ended at stage build: failure\. The running app keeps its previous env vars and the signers were not switched/,
            );
            assert.doesNotMatch(err.message, /^\s+at /m);
            return true;
        });
        assert.strictEqual(fake.production("mystic")!.id, live.id);
    });

    it("Cloudflare's own error (a wrong project or token) is named, from its errors[] envelope", async () => {
        await assert.rejects(
            host.create(props({ projectName: "nope" })),
            /Cloudflare Pages GET \/accounts\/\S+\/pages\/projects\/nope\/deployments → 404: Project not found\. .* \(code 8000007\)/,
        );
        await assert.rejects(host.create(props({ apiToken: "wrong" })), /→ 403: Authentication error \(code 10000\)/);
    });
});
