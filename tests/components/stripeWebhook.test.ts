import * as assert from "assert";
import { configErrors, evaluate, issueFor, load } from "../helpers";

const HOOK = "pulumi-nodejs:dynamic/app-platform:StripeWebhook";

describe("StripeWebhook (stack wiring)", () => {
    it("seed 001: registers <site>/api/checkout/webhook with the seed's events; its secret becomes STRIPE_WEBHOOK_SECRET", async () => {
        const { records, inventory } = await evaluate("mystic");
        const [hook] = records.filter((r) => r.type === HOOK);
        assert.strictEqual(hook.inputs.url, "https://mystic-ecom.com/api/checkout/webhook");
        assert.strictEqual((hook.inputs.enabledEvents as string[]).length, 6);
        assert.strictEqual(hook.inputs.apiKey, "[secret]");
        assert.ok(hook.options.protect && hook.options.additionalSecretOutputs.includes("secret"));
        assert.strictEqual(hook.inputs.identity, "app-platform/production/mystic-stripe-webhook");
        const project = records.find((r) => r.type === "cloudflare:index/pagesProject:PagesProject")!;
        const envVars = (project.revealed.deploymentConfigs as any).production.envVars;
        assert.deepStrictEqual(envVars.STRIPE_WEBHOOK_SECRET.type, "secret_text");
        assert.match(envVars.STRIPE_WEBHOOK_SECRET.value, /^whsec_/);
        assert.match(String((inventory.outputs.webhooks as any).stripeEndpointId), /^we_/);
    });

    it("seed 002: the env var is a sensitive Vercel variable fed by the endpoint", async () => {
        const { records } = await evaluate("dirtfree");
        const v = records.find((r) => r.inputs.key === "STRIPE_WEBHOOK_SECRET")!;
        assert.strictEqual(v.inputs.sensitive, true);
        assert.match(String(v.revealed.value), /^whsec_/);
    });

    it("an unknown Stripe event name fails at preview, naming it", () => {
        const err = configErrors(() =>
            load("dirtfree", (c) => c["app-platform:webhooks"].stripe.events.push("payment.succeeded", "checkout.session.complete")),
        );
        assert.match(issueFor(err, "app-platform:webhooks.stripe.events[4]"), /"payment.succeeded" is not a Stripe event name/);
        assert.match(issueFor(err, "app-platform:webhooks.stripe.events[5]"), /Did you mean checkout.session.completed\?/);
    });

    it("needs Stripe as the payment provider", () => {
        const err = configErrors(() =>
            load("staging", (c) => (c["app-platform:webhooks"] = { stripe: { path: "/api/webhooks/stripe", events: ["charge.refunded"] } })),
        );
        assert.match(issueFor(err, "app-platform:webhooks.stripe"), /needs payments.provider stripe/);
    });
});
