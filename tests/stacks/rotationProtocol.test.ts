// The rotation protocol in the shape the program declares it (stacks/app.ts): the slot rolls over,
// both env vars take their new values, the redeploy waits for them, and each signer waits for the
// redeploy. The lifecycle test runs the same check on the real engine's dependency graph.
import assert from "assert";
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
        const ops: SimOp[] = [...rotatingUp(["redeploy"]).filter((o) => o.id !== "razorpay webhook"), { id: "operator pastes v2", deps: ["redeploy"], kind: "signer", signer: "razorpay", value: "v2" }];
        assert.strictEqual(simulate(world(), ops).violation, undefined);
    });
});
