import * as assert from "assert";
import { apiClient } from "../../../providers/webhooks/http";
import { deleteWebhook, ensureWebhook, getWebhook, updateWebhook } from "../../../providers/webhooks/razorpay";
import { razorpayWebhookProvider, RazorpayWebhookProps } from "../../../providers/webhooks/razorpayProvider";
import { evaluate } from "../../helpers";
import { FakeRazorpay, startFakeRazorpay } from "../../support/fakes/razorpay";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const ACCOUNT = "acc_TestMerchant01";
const KEY_ID = "rzp_test_Key0001";
const KEY_SECRET = "razorpay-key-secret-value";
const spec = { url: "https://shop.example.com/api/webhooks/razorpay", events: ["payment.captured", "payment.failed"], alertEmail: "ops@example.com", secret: "a".repeat(64) };

describe("Razorpay webhook engine (against a local Razorpay API)", function () {
    this.timeout(30_000);
    let rzp: FakeRazorpay;
    const api = (secret = KEY_SECRET) => apiClient({ service: "Razorpay", baseUrl: rzp.url, auth: { basic: { user: KEY_ID, password: secret } }, maxDelayMs: 50, retryMethods: ["get", "patch", "delete"] });
    beforeEach(async () => (rzp = await startFakeRazorpay(ACCOUNT, KEY_ID, KEY_SECRET)));
    afterEach(async () => {
        assert.deepStrictEqual(rzp.violations, []);
        await rzp.close();
    });

    it("creates with a JSON body and basic auth, supplying the secret, which is never read back", async () => {
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        assert.strictEqual(hook.adopted, false);
        const post = rzp.requests.find((r) => r.method === "POST")!;
        assert.deepStrictEqual(post.json, { url: spec.url, events: spec.events, secret: spec.secret, alert_email: "ops@example.com" });
        assert.strictEqual(rzp.webhooks.get(hook.id)!.secret, spec.secret);
        const read = await getWebhook(api(), ACCOUNT, hook.id);
        assert.ok(read && !("secret" in read));
    });

    it("adopts an existing webhook for the same URL instead of making a duplicate", async () => {
        const manual = await ensureWebhook(api(), ACCOUNT, { ...spec, events: ["payment.failed"], secret: "set-by-hand-in-the-dashboard" });
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        assert.deepStrictEqual([hook.id, hook.adopted], [manual.id, true]);
        assert.strictEqual(rzp.webhooks.size, 1);
        assert.deepStrictEqual(rzp.webhooks.get(hook.id)!.events, spec.events);
        assert.strictEqual(rzp.webhooks.get(hook.id)!.secret, spec.secret, "the secret is taken over too");
    });

    it("a create whose answer is lost is not duplicated: the next attempt finds it by URL", async () => {
        rzp.methodFaults.POST = ["drop-after"];
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        assert.strictEqual(rzp.webhooks.size, 1);
        assert.strictEqual(hook.id, [...rzp.webhooks.keys()][0]);
        assert.deepStrictEqual(rzp.requests.map((r) => r.method), ["GET", "POST", "GET", "PATCH"]);
    });

    it("rotation updates the secret in place; 429s with Retry-After and 500s on reads are retried; delete is idempotent", async () => {
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        rzp.faults.push({ status: 429, retryAfter: 1 }, { status: 500 });
        await updateWebhook(api(), ACCOUNT, hook.id, { ...spec, secret: "b".repeat(64) });
        assert.strictEqual(rzp.webhooks.get(hook.id)!.secret, "b".repeat(64));
        await deleteWebhook(api(), ACCOUNT, hook.id);
        assert.strictEqual(await getWebhook(api(), ACCOUNT, hook.id), null);
    });

    it("a 401 surfaces Razorpay's own message, without the key secret", async () => {
        await assert.rejects(ensureWebhook(api("wrong-secret"), ACCOUNT, spec), (err: Error) => {
            assert.match(err.message, /Razorpay GET .* → 401: The api key provided is invalid \(code BAD_REQUEST_ERROR\)/);
            assert.ok(!err.message.includes("wrong-secret") && !err.message.includes(KEY_SECRET));
            return true;
        });
    });
});

describe("RazorpayWebhook dynamic provider, through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let rzp: FakeRazorpay;
    before(async () => (host = await startProviderHost(razorpayWebhookProvider)));
    after(async () => host?.stop());
    beforeEach(async () => (rzp = await startFakeRazorpay(ACCOUNT, KEY_ID, KEY_SECRET)));
    afterEach(async () => rzp.close());
    const props = (extra: Partial<RazorpayWebhookProps> = {}): RazorpayWebhookProps & Record<string, any> => ({
        keyId: KEY_ID, keySecret: KEY_SECRET, accountId: ACCOUNT, apiBaseUrl: rzp.url, url: spec.url, events: spec.events, alertEmail: null, secret: "s1".repeat(32), ...extra,
    });

    it("create, rotate the secret (update in place), refresh drift, delete", async () => {
        const created = await host.create(props());
        assert.strictEqual(rzp.webhooks.get(created.id)!.secret, "s1".repeat(32));
        const rotated = props({ secret: "s2".repeat(32) });
        assert.strictEqual((await host.diff(created.id, created.outs, rotated)).changes, true);
        assert.deepStrictEqual((await razorpayWebhookProvider.diff!(created.id, created.outs as any, rotated)).replaces, []);
        const updated = await host.update(created.id, created.outs, rotated);
        assert.strictEqual(rzp.webhooks.get(created.id)!.secret, "s2".repeat(32));
        rzp.webhooks.clear();
        const refreshed = await host.read(created.id, updated.outs);
        assert.strictEqual(refreshed.props.status, "deleted-upstream");
        assert.deepStrictEqual((await razorpayWebhookProvider.diff!(created.id, refreshed.props as any, rotated)).replaces, ["webhookId"]);
        await host.delete(created.id, refreshed.props);
    });

    it("the serialized provider carries no credential", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const { text } = await pulumi.runtime.serializeFunction(() => razorpayWebhookProvider, { allowSecrets: false });
        assert.ok(!text.includes(KEY_SECRET));
    });
});

describe("RazorpayWebhook (stack wiring)", () => {
    it("the flagship registers <site>/api/webhooks/razorpay signed with the rotating secret that is also WEBHOOK_SECRET", async () => {
        const { records, inventory } = await evaluate("production");
        const [hook] = records.filter((r) => r.type === "pulumi-nodejs:dynamic/app-platform:RazorpayWebhook");
        assert.strictEqual(hook.inputs.url, "https://ecoo.com/api/webhooks/razorpay");
        assert.strictEqual(hook.inputs.keyId, "rzp_live_EcooProd0001");
        assert.deepStrictEqual([hook.inputs.keySecret, hook.inputs.secret], ["[secret]", "[secret]"]);
        assert.ok(hook.options.protect);
        const env = records.find((r) => r.inputs.key === "WEBHOOK_SECRET")!;
        assert.strictEqual(hook.revealed.secret, env.revealed.value);
        assert.ok((inventory.outputs.webhooks as any).razorpayWebhookId);
    });
});
