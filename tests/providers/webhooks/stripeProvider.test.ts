import * as assert from "assert";
import { STRIPE_API_VERSION } from "../../../providers/webhooks/stripe";
import { stripeWebhookProvider, StripeWebhookProps } from "../../../providers/webhooks/stripeProvider";
import { FakeStripe, startFakeStripe } from "../../support/fakes/stripe";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const KEY = "sk_test_51ProviderHostKey";

describe("StripeWebhook dynamic provider, through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let stripe: FakeStripe;
    before(async () => (host = await startProviderHost(stripeWebhookProvider)));
    after(async () => host?.stop());
    beforeEach(async () => (stripe = await startFakeStripe(KEY)));
    afterEach(async () => {
        assert.deepStrictEqual(stripe.violations, []);
        await stripe.close();
    });

    const props = (extra: Partial<StripeWebhookProps> = {}): StripeWebhookProps & Record<string, any> => ({
        apiKey: KEY,
        apiBaseUrl: stripe.url,
        identity: "app-platform/test/hook",
        url: "https://shop.example.com/api/webhooks/stripe",
        enabledEvents: ["checkout.session.completed"],
        description: "test",
        metadata: { stack: "test" },
        apiVersion: STRIPE_API_VERSION,
        connect: false,
        disabled: false,
        ...extra,
    });

    it("create keeps the signing secret; update in place and refresh carry it forward; delete removes the endpoint", async () => {
        const created = await host.create(props());
        const secret = created.outs.secret as string;
        assert.match(secret, /^whsec_/);
        const changed = props({ url: "https://shop.example.com/api/v2/stripe", enabledEvents: ["charge.refunded", "charge.failed"] });
        const diff = await host.diff(created.id, created.outs, changed);
        assert.strictEqual(diff.changes, true);
        const updated = await host.update(created.id, created.outs, changed);
        assert.strictEqual(updated.outs.secret, secret);
        assert.strictEqual(stripe.endpoints.get(created.id)!.url, "https://shop.example.com/api/v2/stripe");
        const refreshed = await host.read(created.id, updated.outs);
        assert.strictEqual(refreshed.props.secret, secret);
        assert.strictEqual(refreshed.props.status, "enabled");
        assert.strictEqual((await host.diff(created.id, refreshed.props, changed)).changes, false);
        await host.delete(created.id, refreshed.props);
        assert.strictEqual(stripe.endpoints.size, 0);
    });

    it("update removes a metadata key the config dropped, and keeps the endpoint's identity mark", async () => {
        const created = await host.create(props({ metadata: { stack: "test", team: "payments" } }));
        await host.update(created.id, created.outs, props());
        assert.deepStrictEqual(stripe.endpoints.get(created.id)!.metadata, { stack: "test", app_platform_identity: "app-platform/test/hook" });
    });

    it("check rejects an unknown event, naming it", async () => {
        const { failures } = await host.check({}, props({ enabledEvents: ["checkout.session.completed", "payment.succeeded"] }));
        assert.deepStrictEqual(failures, [{ property: "enabledEvents", reason: '"payment.succeeded" is not a Stripe event name' }]);
    });

    it("an api_version change is a replacement (a new endpoint, a new secret)", async () => {
        const created = await host.create(props());
        const res = await host.diff(created.id, created.outs, props({ apiVersion: "2025-01-27.acacia" }));
        assert.strictEqual(res.changes, true);
        // The host reports replacements through the DiffResponse; read it straight from the provider too.
        const direct = await stripeWebhookProvider.diff!(created.id, created.outs as any, props({ apiVersion: "2025-01-27.acacia" }));
        assert.deepStrictEqual(direct.replaces, ["apiVersion"]);
    });

    it("refresh notices an endpoint deleted upstream, and the next update replaces it with a warning", async () => {
        const created = await host.create(props());
        stripe.endpoints.clear();
        const refreshed = await host.read(created.id, created.outs);
        assert.strictEqual(refreshed.props.status, "deleted-upstream");
        assert.match(await host.printed(), /was deleted upstream; pulumi up will create a new one with a new signing secret/);
        const direct = await stripeWebhookProvider.diff!(created.id, refreshed.props as any, props());
        assert.deepStrictEqual(direct.replaces, ["endpointId"]);
    });

    it("no secret appears in the serialized provider or in errors", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const { text } = await pulumi.runtime.serializeFunction(() => stripeWebhookProvider, { allowSecrets: false });
        assert.ok(!text.includes(KEY) && !text.includes("whsec_"));
        await assert.rejects(host.create(props({ apiKey: "sk_test_not_the_key" })), (err: Error) => {
            assert.match(err.message, /401: Invalid API Key provided/);
            assert.ok(!err.message.includes("sk_test_not_the_key"));
            return true;
        });
    });
});
