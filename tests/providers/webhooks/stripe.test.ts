import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { apiClient, ApiError } from "../../../providers/webhooks/http";
import {
    createEndpoint,
    deleteEndpoint,
    getEndpoint,
    IDENTITY_KEY,
    STRIPE_API_VERSION,
    STRIPE_EVENTS,
    StripeEndpointSpec,
    updateEndpoint,
} from "../../../providers/webhooks/stripe";
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

    const ID = "app-platform/staging/stripe";
    const keys = () =>
        stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/webhook_endpoints").map((r) => String(r.headers["idempotency-key"]));

    it("creates an endpoint with a form-encoded body, a fresh Idempotency-Key and its identity in the metadata, returning the signing secret", async () => {
        const endpoint = await createEndpoint(api(), spec, ID);
        assert.match(endpoint.secret, /^whsec_/);
        const req = stripe.requests.find((r) => r.method === "POST")!;
        assert.strictEqual(req.headers["content-type"], "application/x-www-form-urlencoded;charset=UTF-8");
        assert.deepStrictEqual(req.form!.enabled_events, spec.enabledEvents);
        assert.deepStrictEqual(req.form!.metadata, { stack: "staging", [IDENTITY_KEY]: ID });
        assert.strictEqual(req.form!.api_version, STRIPE_API_VERSION);
        assert.match(keys()[0], /^[0-9a-f-]{36}$/);
    });

    it("a create whose answer is lost is retried with the same key: Stripe replays it, one endpoint, the same secret", async () => {
        stripe.methodFaults.POST = ["drop-after"];
        const endpoint = await createEndpoint(api(), spec, ID);
        assert.strictEqual(stripe.endpoints.size, 1);
        const [first, second] = keys();
        assert.strictEqual(first, second);
        assert.strictEqual(endpoint.secret, [...stripe.endpoints.values()][0].secret);
    });

    it("a 500 after Stripe acted is replayed to every retry of that key: the left-behind endpoint is removed and a new key creates one", async () => {
        stripe.serverErrors.push({ acted: true });
        const endpoint = await createEndpoint(api(), spec, ID);
        const used = keys();
        assert.strictEqual(new Set(used.slice(0, -1)).size, 1, "the retries of the failed attempt share its key");
        assert.notStrictEqual(used[used.length - 1], used[0], "the next attempt has its own key");
        assert.ok(
            stripe.requests.some((r) => r.method === "DELETE"),
            "the endpoint of the failed attempt is deleted",
        );
        assert.deepStrictEqual([...stripe.endpoints.keys()], [endpoint.id]);
        assert.strictEqual(stripe.endpoints.get(endpoint.id)!.secret, endpoint.secret);
    });

    it("a 500 before Stripe acted: a new key creates the endpoint, nothing to remove", async () => {
        stripe.serverErrors.push({ acted: false });
        const endpoint = await createEndpoint(api(), spec, ID);
        assert.deepStrictEqual([...stripe.endpoints.keys()], [endpoint.id]);
        assert.ok(!stripe.requests.some((r) => r.method === "DELETE"));
    });

    it("recreating within 24 hours creates (a pure key of identity and spec got the deleted endpoint back)", async () => {
        const first = await createEndpoint(api(), spec, ID);
        await deleteEndpoint(api(), first.id);
        const second = await createEndpoint(api(), spec, ID);
        assert.notStrictEqual(second.id, first.id);
        assert.notStrictEqual(second.secret, first.secret);
        assert.deepStrictEqual([...stripe.endpoints.keys()], [second.id]);
    });

    it("an endpoint left by an earlier run whose answers were all lost is replaced, not adopted: its secret was never seen", async () => {
        for (let i = 0; i < 5; i++) stripe.methodFaults.POST = [...(stripe.methodFaults.POST ?? []), "drop-after"];
        await assert.rejects(createEndpoint(api(), spec, ID), /failed/);
        const orphan = [...stripe.endpoints.keys()][0];
        const foreign = await createEndpointRaw({ url: spec.url, "enabled_events[]": "charge.failed" }); // someone else's, same URL, unmarked
        const log: string[] = [];
        const endpoint = await createEndpoint(api(), spec, ID, (line) => log.push(line));
        assert.ok(!stripe.endpoints.has(orphan), "the orphan is deleted");
        assert.ok(stripe.endpoints.has(foreign), "an endpoint without our mark is left alone");
        assert.deepStrictEqual([...stripe.endpoints.keys()].sort(), [endpoint.id, foreign].sort());
        assert.match(log.join("\n"), new RegExp(`${orphan} .*signing secret was never seen, so it is replaced`));
    });

    it("removes a metadata key dropped from the config (Stripe merges metadata on update)", async () => {
        const created = await createEndpoint(api(), { ...spec, metadata: { stack: "staging", team: "payments" } }, ID);
        await updateEndpoint(api(), created.id, spec, ID, { stack: "staging", team: "payments" });
        assert.deepStrictEqual(stripe.endpoints.get(created.id)!.metadata, { stack: "staging", [IDENTITY_KEY]: ID });
    });

    it("the fake refuses what Stripe's OpenAPI document refuses: an unknown field, a create-only field on update, a bad event, a missing url", async () => {
        const created = await createEndpoint(api(), spec, ID);
        const refusals = [
            [
                await postRaw("/v1/webhook_endpoints", { url: spec.url, "enabled_events[]": "charge.failed", colour: "red" }),
                /Received unknown parameter: colour/,
                "parameter_unknown",
            ],
            [
                await postRaw(`/v1/webhook_endpoints/${created.id}`, { api_version: STRIPE_API_VERSION }),
                /Received unknown parameter: api_version/,
                "parameter_unknown",
            ],
            [
                await postRaw("/v1/webhook_endpoints", { url: spec.url, "enabled_events[]": "charge.exploded" }),
                /Invalid enabled_events\[0\]/,
                "parameter_invalid_string",
            ],
            [await postRaw("/v1/webhook_endpoints", { "enabled_events[]": "charge.failed" }), /Missing required param: url/, "parameter_missing"],
        ] as const;
        for (const [res, message, code] of refusals) {
            assert.strictEqual(res.status, 400);
            assert.match(res.body.error.message, message);
            assert.strictEqual(res.body.error.code, code);
        }
        assert.strictEqual(stripe.endpoints.size, 1, "nothing was created by a refused request");
    });

    it("the fake keeps an idempotent result 24 hours, refuses the key with other parameters, and forgets it after", async () => {
        const body = { url: spec.url, "enabled_events[]": "charge.failed" };
        const a = await postRaw("/v1/webhook_endpoints", body, "key-1");
        const replay = await postRaw("/v1/webhook_endpoints", body, "key-1");
        assert.strictEqual(replay.body.id, a.body.id);
        assert.strictEqual(replay.headers.get("idempotent-replayed"), "true");
        const other = await postRaw("/v1/webhook_endpoints", { ...body, description: "x" }, "key-1");
        assert.strictEqual(other.body.error.type, "idempotency_error");
        stripe.now += 24 * 60 * 60 * 1000 + 1;
        const later = await postRaw("/v1/webhook_endpoints", body, "key-1");
        assert.notStrictEqual(later.body.id, a.body.id);
    });

    /** A raw form POST, as a careless client would send it. */
    async function postRaw(path: string, form: Record<string, string>, key?: string) {
        const res = await fetch(`${stripe.url}${path}`, {
            method: "POST",
            headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded", ...(key ? { "idempotency-key": key } : {}) },
            body: new URLSearchParams(form).toString(),
        });
        return { status: res.status, headers: res.headers, body: (await res.json()) as any };
    }
    async function createEndpointRaw(form: Record<string, string>): Promise<string> {
        const res = await postRaw("/v1/webhook_endpoints", form);
        assert.strictEqual(res.status, 200, JSON.stringify(res.body));
        return res.body.id;
    }

    it("rides out a 429 storm honouring Retry-After, and dropped connections", async () => {
        stripe.faults.push({ status: 429, retryAfter: 1 }, { status: 429, retryAfter: 1 }, "drop");
        const started = Date.now();
        const endpoint = await createEndpoint(api(), spec, ID);
        assert.ok(Date.now() - started >= 1900, "waited as Retry-After asked");
        assert.ok(endpoint.id.startsWith("we_"));
        assert.strictEqual(stripe.endpoints.size, 1);
    });

    it("gives up after its retries (two attempts of five tries) with the service's message", async () => {
        stripe.methodFaults.POST = Array.from({ length: 10 }, () => ({ status: 503, body: { error: { message: "Stripe is down", type: "api_error" } } }));
        await assert.rejects(
            createEndpoint(api(), spec, ID),
            /Stripe POST \/v1\/webhook_endpoints → 503: Stripe is down \(code api_error\) \[request req_[0-9a-f]+\]/,
        );
        assert.strictEqual(keys().length, 10);
        assert.strictEqual(new Set(keys()).size, 2);
        assert.strictEqual(stripe.endpoints.size, 0);
    });

    it("does not retry a 401, and never prints the key", async () => {
        const bad = apiClient({ service: "Stripe", baseUrl: stripe.url, auth: { bearer: "sk_test_wrong" }, maxDelayMs: 50 });
        await assert.rejects(createEndpoint(bad, spec, ID), (err: ApiError) => {
            assert.strictEqual(err.status, 401);
            assert.match(err.message, /401: Invalid API Key provided/);
            assert.ok(!err.message.includes("sk_test_wrong") && !err.message.includes(KEY));
            return true;
        });
        assert.strictEqual(stripe.requests.length, 1, "the first request (the orphan check) fails, and is not retried");
    });

    it("updates URL, events, description and disabled in place; reads and deletes; a missing endpoint reads as null", async () => {
        const endpoint = await createEndpoint(api(), spec, ID);
        const updated = await updateEndpoint(
            api(),
            endpoint.id,
            { ...spec, url: "https://shop.example.com/api/v2/stripe", enabledEvents: ["charge.refunded"], disabled: true },
            ID,
        );
        assert.deepStrictEqual(
            [updated.url, updated.enabledEvents, updated.status],
            ["https://shop.example.com/api/v2/stripe", ["charge.refunded"], "disabled"],
        );
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
