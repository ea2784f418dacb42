// Stripe's webhook: payments by Stripe, events Stripe knows; the endpoint's signing secret as an env source.
import { STRIPE_EVENTS } from "../../providers/webhooks/stripe";
import { CheckContext, checkEvents, NAMESPACE, Sources } from "../feature";
import type { RawStackConfig } from "../schema";

export function stripeSources(cfg: RawStackConfig): Sources {
    return cfg.webhooks?.stripe ? { "webhooks.stripe.secret": { secret: true, description: "the Stripe endpoint's signing secret (whsec_)" } } : {};
}

export function checkStripe({ cfg, issues }: CheckContext): void {
    const stripe = cfg.webhooks?.stripe;
    if (!stripe) return;
    if (cfg.payments?.provider !== "stripe") {
        issues.push({ key: `${NAMESPACE}:webhooks.stripe`, message: "needs payments.provider stripe (its secret key registers the endpoint)" });
    }
    checkEvents(issues, "webhooks.stripe.events", stripe.events, STRIPE_EVENTS, "a Stripe event name");
}
