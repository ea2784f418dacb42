// Stripe's webhook: payments by Stripe, events Stripe knows; the endpoint's signing secret as an env source.
import { z } from "zod";
import { StripeWebhook } from "../../components/stripeWebhook";
import { STRIPE_API_VERSION, STRIPE_EVENTS } from "../../providers/webhooks/stripe";
import { checkEvents } from "../feature";
import { integration } from "../integration";
import { PAYMENT_KEYS } from "../keyFormats";
import { requirePaymentProvider } from "./payments";

export const stripe = integration({
    key: "stripe",
    schema: z.strictObject({
        /** Appended to the site URL, e.g. /api/webhooks/stripe. */
        path: z.string().startsWith("/", "a path starting with /"),
        events: z.array(z.string()).min(1),
        description: z.string().optional(),
        metadata: z.record(z.string(), z.string()).default({}),
        /** Pinned; changing it replaces the endpoint (Stripe cannot update it). */
        apiVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}(\.\w+)?$/, "a Stripe API version such as 2026-10-28.endive").optional(),
        connect: z.boolean().default(false),
        apiBaseUrl: z.url().default("https://api.stripe.com"),
    }),
    sources: {
        "webhooks.stripe.secret": { secret: true, description: "the Stripe endpoint's signing secret (whsec_)", value: (webhook: StripeWebhook) => webhook.secret },
    },
    check(hook, ctx) {
        requirePaymentProvider(ctx, "stripe", "webhooks.stripe", "secret key registers the endpoint");
        checkEvents(ctx.issues, "webhooks.stripe.events", hook.events, STRIPE_EVENTS, "a Stripe event name");
    },
    // The check holds payments.provider to stripe: its secret key registers the endpoint.
    build: (hook, { cfg, protect, secret }) =>
        new StripeWebhook(`${cfg.name}-stripe-webhook`, {
            apiKey: secret(PAYMENT_KEYS.stripe.secretName),
            apiBaseUrl: hook.apiBaseUrl,
            url: `${cfg.siteUrl}${hook.path}`,
            events: hook.events,
            description: hook.description ?? `${cfg.name} ${cfg.stack} (app-platform)`,
            metadata: { app: cfg.name, stack: cfg.stack, ...hook.metadata },
            apiVersion: hook.apiVersion ?? STRIPE_API_VERSION,
            connect: hook.connect,
            protect,
        }),
    outputs: (webhook) => ({ webhooks: { stripeEndpointId: webhook.endpointId } }),
});
