// The doctor's Razorpay check in partner mode against the local Razorpay API (tests/support/fakes/razorpay.ts):
// the Partner API's OAuth token must read the account's webhooks, which `pulumi up` then writes.
import * as assert from "assert";
import { razorpay } from "../../doctor/vendors/razorpay";
import type { Finding } from "../../doctor/checks";
import { load } from "../helpers";
import { FakeRazorpay, startFakeRazorpay } from "../support/fakes/razorpay";

const OAUTH = "rzp-oauth-doctor-canary";

describe("npm run doctor: Razorpay's partner mode, against its local API", function () {
    let api: FakeRazorpay;
    const cfg = () =>
        load("staging", (c) => {
            c["app-platform:secrets"].external.razorpayOauthToken = { rotatedAt: "2026-10-01", rotationDays: 90 };
            Object.assign(c["app-platform:webhooks"].razorpay, { mode: "partner", oauthTokenSecret: "razorpayOauthToken", apiBaseUrl: api.url });
            delete c["app-platform:webhooks"].razorpay.pasted;
        });
    const ask = (token: string): Promise<Finding> =>
        razorpay(cfg(), (key) => (key === "app-platform:razorpayOauthToken" ? token : undefined))!.run(new AbortController().signal);

    before(async () => {
        api = await startFakeRazorpay({ accountId: "acc_EcooMerchant01", keyId: "rzp_test_EcooStaging01", keySecret: "unused", oauthToken: OAUTH });
        api.addDashboardWebhook({ url: "https://staging.ecoo.com/api/webhooks/razorpay", events: ["payment.captured"] });
    });
    after(() => api?.close());
    afterEach(() => assert.deepStrictEqual(api.violations, []));

    it("another token is refused with the command that sets it; the account's own reads its webhooks: ok; never the token", async () => {
        const refused = await ask("rzp-oauth-another");
        assert.strictEqual(refused.verdict, "wrong");
        assert.match(refused.fix!, /^set a valid key: pulumi config set --secret app-platform:razorpayOauthToken --stack staging$/);
        const ok = await ask(OAUTH);
        assert.deepStrictEqual(ok, { verdict: "ok", found: "the OAuth token reads account acc_EcooMerchant01's webhooks (1)" });
        assert.strictEqual(api.requests.at(-1)!.headers.authorization, `Bearer ${OAUTH}`);
        for (const r of [refused, ok]) assert.ok(!JSON.stringify(r).includes("rzp-oauth-"), "a token was printed");
    });
});
