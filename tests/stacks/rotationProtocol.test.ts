// The rotation protocol in the shape the program declares it (stacks/app.ts): the slot rolls over,
// both env vars take their new values, the redeploy waits for them, and each signer waits for the
// redeploy. The lifecycle test runs the same check on the real engine's dependency graph.
import assert from "assert";
import { ConfigMap, configErrors, evaluate, issueFor, load, NOW } from "../helpers";
import { SimOp, simulate, SimWorld } from "../support/rotationSim";

const world = (): SimWorld => ({
    // Before the up: the app was deployed with v1 current and v0 previous; both signers send v1.
    env: { WEBHOOK_SECRET: "v1", WEBHOOK_SECRET_PREVIOUS: "v0", CRON_SECRET: "c1", CRON_SECRET_PREVIOUS: "c0" },
    app: { WEBHOOK_SECRET: "v1", WEBHOOK_SECRET_PREVIOUS: "v0", CRON_SECRET: "c1", CRON_SECRET_PREVIOUS: "c0" },
    signers: { razorpay: "v1", "qstash retry-emails": "c1" },
    accepts: { razorpay: ["WEBHOOK_SECRET", "WEBHOOK_SECRET_PREVIOUS"], "qstash retry-emails": ["CRON_SECRET", "CRON_SECRET_PREVIOUS"] },
});

function rotatingUp(signersWaitFor: string[]): SimOp[] {
    return [
        { id: "webhookSecret-a", deps: [], kind: "other" },
        { id: "cronSecret-a", deps: [], kind: "other" },
        { id: "env WEBHOOK_SECRET", deps: ["webhookSecret-a"], kind: "env", variable: "WEBHOOK_SECRET", value: "v2" },
        { id: "env WEBHOOK_SECRET_PREVIOUS", deps: ["webhookSecret-a"], kind: "env", variable: "WEBHOOK_SECRET_PREVIOUS", value: "v1" },
        { id: "env CRON_SECRET", deps: ["cronSecret-a"], kind: "env", variable: "CRON_SECRET", value: "c2" },
        { id: "env CRON_SECRET_PREVIOUS", deps: ["cronSecret-a"], kind: "env", variable: "CRON_SECRET_PREVIOUS", value: "c1" },
        { id: "redeploy", deps: ["env WEBHOOK_SECRET", "env WEBHOOK_SECRET_PREVIOUS", "env CRON_SECRET", "env CRON_SECRET_PREVIOUS"], kind: "redeploy" },
        { id: "razorpay webhook", deps: ["webhookSecret-a", ...signersWaitFor], kind: "signer", signer: "razorpay", value: "v2" },
        { id: "qstash retry-emails", deps: ["cronSecret-a", ...signersWaitFor], kind: "signer", signer: "qstash retry-emails", value: "c2" },
    ];
}

describe("rotation protocol: the running app accepts every signed request at every moment of a rotating up", () => {
    it("signers that wait for the redeploy: no order, no slow or failed redeploy breaks a request (each failure leaves them on the old value, which the app still holds)", () => {
        const { orders, violation } = simulate(world(), rotatingUp(["redeploy"]));
        assert.strictEqual(violation, undefined, JSON.stringify(violation));
        assert.ok(orders > 600, `checked ${orders} orders`);
    });

    it("signers that wait only for the env vars (what the program did before) are caught: the app still runs the old env", () => {
        const { violation } = simulate(world(), rotatingUp(["env WEBHOOK_SECRET", "env CRON_SECRET"]));
        assert.ok(violation, "the check finds the broken order");
        assert.match(violation.moment, /^after done (razorpay webhook|qstash retry-emails)$/);
    });

    it("a dashboard-managed signer (Razorpay in dashboard mode) may paste the new value any time after the up: the app holds it as NAME", () => {
        // The operator's paste is a signer change with no dependency the engine knows of, after the redeploy at the earliest.
        const ops: SimOp[] = [
            ...rotatingUp(["redeploy"]).filter((o) => o.id !== "razorpay webhook"),
            { id: "operator pastes v2", deps: ["redeploy"], kind: "signer", signer: "razorpay", value: "v2" },
        ];
        assert.strictEqual(simulate(world(), ops).violation, undefined);
    });
});

describe("dashboard-managed signer (Razorpay, mode dashboard): the overlap holds until the operator has pasted", () => {
    const KEY = "app-platform:webhooks.razorpay.pasted";
    const pasted = (date?: string) => (c: ConfigMap) => {
        if (date) c["app-platform:webhooks"].razorpay.pasted = date;
        else delete c["app-platform:webhooks"].razorpay.pasted;
    };
    const webhookSecret = async (date?: string, now = NOW) => {
        const { inventory } = await evaluate("staging", pasted(date), now);
        const slots = inventory.resources
            .filter((r) => /-webhookSecret-[ab]$/.test(r.name))
            .map((r) => Number((r.inputs.keepers as { generation: string }).generation));
        const schedule = (inventory.outputs.generatedSecrets as { name: string; rotatedAt: string }[]).find((g) => g.name === "webhookSecret")!;
        return { slots: slots.sort((a, b) => a - b), rotatedAt: schedule.rotatedAt, warnings: inventory.warnings.filter((w) => w.startsWith(KEY)) };
    };

    it("pasted value current: it rotates on its day as before, then asks for the paste (the next rotation waits for it)", async () => {
        assert.deepStrictEqual(await webhookSecret("2026-09-28"), { slots: [2, 3], rotatedAt: "2026-09-28", warnings: [] });
        const next = await webhookSecret("2026-09-28", new Date("2027-01-10T12:00:00Z"));
        assert.deepStrictEqual([next.slots, next.rotatedAt], [[3, 4], "2026-12-27"], "one rotation past the pasted value");
        assert.match(
            next.warnings.join("\n"),
            /action required: paste the value of `pulumi stack output razorpayWebhookSecret --show-secrets --stack staging` into the Dashboard .* then set app-platform:webhooks\.razorpay\.pasted to 2026-12-27\. The next rotation of webhookSecret \(2027-03-27\) waits for it/,
        );
    });

    it("not pasted two periods on: the rotation is held, keeping the value the Dashboard signs with as NAME_PREVIOUS", async () => {
        const held = await webhookSecret("2026-09-28", new Date("2027-04-10T12:00:00Z"));
        assert.deepStrictEqual(
            [held.slots, held.rotatedAt],
            [[3, 4], "2026-12-27"],
            "still one period past the pasted value (generation 3, the pasted one, stays)",
        );
        assert.match(
            held.warnings.join("\n"),
            /rotation of webhookSecret held since 2027-03-27: the Dashboard still signs with the value of 2026-09-28\. Paste the value of .* then set app-platform:webhooks\.razorpay\.pasted to 2026-12-27/,
        );
        const resumed = await webhookSecret("2026-12-27", new Date("2027-04-10T12:00:00Z"));
        assert.deepStrictEqual([resumed.slots, resumed.rotatedAt], [[4, 5], "2027-03-27"], "confirmed: it rotates again, one step");
    });

    it("without `pasted` it says what to set; a date that is no rotation day is refused with the valid one", async () => {
        assert.match(
            (await webhookSecret(undefined)).warnings.join("\n"),
            /set it to 2026-09-28; until then rotations of webhookSecret do not wait for the paste/,
        );
        const err = configErrors(() => load("staging", pasted("2026-10-01")));
        assert.match(issueFor(err, KEY), /2026-10-01 is not a day webhookSecret rotated on; use its rotatedAt \(2026-09-28 now/);
        assert.match(
            issueFor(
                configErrors(() => load("staging", pasted("2027-03-27"))),
                KEY,
            ),
            /2027-03-27 is in the future \(today is 2026-11-22\)/,
            "a future period",
        );
    });
});

describe("Stripe, where it applies: an endpoint replaced (e.g. a new apiVersion) gets a new signing secret", () => {
    // The program never rotates Stripe's secret; a replacement is create-before-delete, and Stripe sends
    // each event to every enabled endpoint, so an event gets through while either delivery is accepted.
    // The real-engine lifecycle checks the order assumed here (new endpoint, redeploy, then the old one's delete).
    const world = (): SimWorld => ({
        env: { STRIPE_WEBHOOK_SECRET: "whsec_old" },
        app: { STRIPE_WEBHOOK_SECRET: "whsec_old" },
        signers: { "endpoint (old)": "whsec_old", "endpoint (new)": null },
        accepts: { "endpoint (old)": ["STRIPE_WEBHOOK_SECRET"], "endpoint (new)": ["STRIPE_WEBHOOK_SECRET"] },
        groups: { "Stripe events": ["endpoint (old)", "endpoint (new)"] },
    });
    const replacement = (oldDeletedAfter: string[]): SimOp[] => [
        { id: "create endpoint (new)", deps: [], kind: "signer", signer: "endpoint (new)", value: "whsec_new" },
        { id: "env STRIPE_WEBHOOK_SECRET", deps: ["create endpoint (new)"], kind: "env", variable: "STRIPE_WEBHOOK_SECRET", value: "whsec_new" },
        { id: "redeploy", deps: ["env STRIPE_WEBHOOK_SECRET"], kind: "redeploy" },
        { id: "delete endpoint (old)", deps: oldDeletedAfter, kind: "signer", signer: "endpoint (old)", value: null },
    ];

    it("the engine deletes the old endpoint last (after the redeploy, never after a failed one): every event gets through", () => {
        assert.strictEqual(simulate(world(), replacement(["create endpoint (new)", "env STRIPE_WEBHOOK_SECRET", "redeploy"])).violation, undefined);
    });

    it("deleting the old endpoint before the app holds the new secret would drop events: the check sees it", () => {
        const { violation } = simulate(world(), replacement(["create endpoint (new)"]));
        assert.strictEqual(violation?.signer, "Stripe events");
    });
});
