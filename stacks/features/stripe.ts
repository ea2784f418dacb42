// Stripe's webhook: payments by Stripe, events Stripe knows; the endpoint's signing secret as an env source.
import { StripeWebhook } from "../../components/stripeWebhook";
import { STRIPE_API_VERSION, STRIPE_EVENTS } from "../../providers/webhooks/stripe";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, checkEvents, Sources } from "../feature";
import { PAYMENT_KEYS } from "../keyFormats";
import type { RawStackConfig } from "../schema";
import { requirePaymentProvider } from "./payments";

export function stripeSources(cfg: RawStackConfig): Sources {
    return cfg.webhooks?.stripe ? { "webhooks.stripe.secret": { secret: true, description: "the Stripe endpoint's signing secret (whsec_)" } } : {};
}

export function checkStripe(ctx: CheckContext): void {
    const stripe = ctx.cfg.webhooks?.stripe;
    if (!stripe) return;
    requirePaymentProvider(ctx, "stripe", "webhooks.stripe", "secret key registers the endpoint");
    checkEvents(ctx.issues, "webhooks.stripe.events", stripe.events, STRIPE_EVENTS, "a Stripe event name");
}

export function buildStripe({ cfg, protect, secret }: BuildContext): { webhook?: StripeWebhook; values: Record<string, SourceValue> } {
    const hook = cfg.webhooks?.stripe;
    if (!hook || !cfg.payments) return { values: {} };
    const webhook = new StripeWebhook(`${cfg.name}-stripe-webhook`, {
        apiKey: secret(PAYMENT_KEYS[cfg.payments.provider].secretName),
        apiBaseUrl: hook.apiBaseUrl,
        url: `${cfg.siteUrl}${hook.path}`,
        events: hook.events,
        description: hook.description ?? `${cfg.name} ${cfg.stack} (app-platform)`,
        metadata: { app: cfg.name, stack: cfg.stack, ...hook.metadata },
        apiVersion: hook.apiVersion ?? STRIPE_API_VERSION,
        connect: hook.connect,
        protect,
    });
    return { webhook, values: { "webhooks.stripe.secret": { value: webhook.secret } } };
}
