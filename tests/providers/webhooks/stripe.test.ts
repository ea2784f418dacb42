import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { apiClient, ApiError } from "../../../providers/webhooks/http";
import { createEndpoint, deleteEndpoint, getEndpoint, idempotencyKey, STRIPE_API_VERSION, STRIPE_EVENTS, StripeEndpointSpec, updateEndpoint } from "../../../providers/webhooks/stripe";
import { ROOT } from "../../helpers";
import { FakeStripe, startFakeStripe } from "../../support/fakes/stripe";

const KEY = "sk_test_51FakeKeyForTests";
const spec: StripeEndpointSpec = {
    url: "https://shop.example.com/api/webhooks/stripe",
    enabledEvents: ["checkout.session.completed", "payment_intent.succeeded", "payment_intent.payment_failed"],
    description: "dirt-free-crm staging",
    metadata: { stack: "staging" },
    apiVersion: STRIPE_API_VERSION,
    connect: false,
    disabled: false,
};

describe("Stripe webhook engine (against a local Stripe API)", function () {
    this.timeout(30_000);
    let stripe: FakeStripe;
    const api = () => apiClient({ service: "Stripe", baseUrl: stripe.url, auth: { bearer: KEY }, maxDelayMs: 50, retries: 4 });
    beforeEach(async () => (stripe = await startFakeStripe(KEY)));
    afterEach(async () => {
        assert.deepStrictEqual(stripe.violations, []);
        await stripe.close();
    });

    it("creates an endpoint with a form-encoded body and an Idempotency-Key, returning the signing secret", async () => {
        const endpoint = await createEndpoint(api(), spec, idempotencyKey("stack/stripe", spec));
        assert.match(endpoint.secret, /^whsec_/);
        const [req] = stripe.requests;
        assert.strictEqual(req.headers["content-type"], "application/x-www-form-urlencoded;charset=UTF-8");
        assert.deepStrictEqual(req.form!.enabled_events, spec.enabledEvents);
        assert.deepStrictEqual(req.form!.metadata, { stack: "staging" });
        assert.strictEqual(req.form!.api_version, STRIPE_API_VERSION);
        assert.match(String(req.headers["idempotency-key"]), /^[0-9a-f]{64}$/);
    });

    it("a create whose response is lost is retried with the same key: one endpoint, the same secret", async () => {
        stripe.faults.push("drop-after");
        const endpoint = await createEndpoint(api(), spec, idempotencyKey("stack/stripe", spec));
        assert.strictEqual(stripe.endpoints.size, 1);
        assert.strictEqual(stripe.requests.length, 2);
        assert.strictEqual(endpoint.secret, [...stripe.endpoints.values()][0].secret);
    });

    it("rides out a 429 storm honouring Retry-After, 500s and dropped connections", async () => {
        stripe.faults.push({ status: 429, retryAfter: 1 }, { status: 429, retryAfter: 1 }, { status: 500 }, "drop");
        const started = Date.now();
        const endpoint = await createEndpoint(api(), spec, idempotencyKey("stack/stripe", spec));
        assert.ok(Date.now() - started >= 1900, "waited as Retry-After asked");
        assert.ok(endpoint.id.startsWith("we_"));
        assert.strictEqual(stripe.endpoints.size, 1);
    });

    it("gives up after its retries with the service's message", async () => {
        for (let i = 0; i < 6; i++) stripe.faults.push({ status: 503, body: { error: { message: "Stripe is down", type: "api_error" } } });
        await assert.rejects(createEndpoint(api(), spec, "k"), /Stripe POST \/v1\/webhook_endpoints → 503: Stripe is down \(code api_error\) \[request req_[0-9a-f]+\]/);
        assert.strictEqual(stripe.requests.length, 5);
    });

    it("does not retry a 401, and never prints the key", async () => {
        const bad = apiClient({ service: "Stripe", baseUrl: stripe.url, auth: { bearer: "sk_test_wrong" }, maxDelayMs: 50 });
        await assert.rejects(createEndpoint(bad, spec, "k"), (err: ApiError) => {
            assert.strictEqual(err.status, 401);
            assert.match(err.message, /401: Invalid API Key provided/);
            assert.ok(!err.message.includes("sk_test_wrong") && !err.message.includes(KEY));
            return true;
        });
        assert.strictEqual(stripe.requests.length, 1);
    });

    it("updates URL, events, description and disabled in place; reads and deletes; a missing endpoint reads as null", async () => {
        const endpoint = await createEndpoint(api(), spec, "k1");
        const updated = await updateEndpoint(api(), endpoint.id, { ...spec, url: "https://shop.example.com/api/v2/stripe", enabledEvents: ["charge.refunded"], disabled: true });
        assert.deepStrictEqual([updated.url, updated.enabledEvents, updated.status], ["https://shop.example.com/api/v2/stripe", ["charge.refunded"], "disabled"]);
        assert.strictEqual(updated.secret, undefined, "Stripe returns the secret only at creation");
        assert.strictEqual((await getEndpoint(api(), endpoint.id))?.id, endpoint.id);
        await deleteEndpoint(api(), endpoint.id);
        assert.strictEqual(await getEndpoint(api(), endpoint.id), null);
        await deleteEndpoint(api(), endpoint.id); // already gone: fine
    });

    it("the event list is the one the installed stripe package declares", () => {
        const types = readFileSync(join(ROOT, "node_modules/stripe/cjs/resources/WebhookEndpoints.d.ts"), "utf8");
        const declared = [...(/type EnabledEvent = ([^;]+);/.exec(types)?.[1] ?? "").matchAll(/'([^']+)'/g)].map((m) => m[1]);
        assert.deepStrictEqual([...STRIPE_EVENTS].sort(), declared.sort(), "regenerate providers/webhooks/stripeEvents.json");
        for (const e of ["checkout.session.completed", "customer.subscription.deleted", "payment_intent.payment_failed"]) assert.ok(STRIPE_EVENTS.includes(e));
    });
});
