// Stripe's webhook: payments by Stripe, events Stripe knows; the endpoint's signing secret as an env source.
import { z } from "zod";
import { StripeWebhook } from "../../components/stripeWebhook";
import { STRIPE_API_VERSION, STRIPE_EVENTS } from "../../providers/webhooks/stripe";
import { checkEvents } from "../checks";
import { integration } from "../integration";
import { PAYMENT_KEYS } from "../keyFormats";
import { requirePaymentProvider } from "../checks";
import { urlPath, vendorUrl } from "../fieldRules";

export const stripe = integration({
    key: "stripe",
    schema: z.strictObject({
        /** Appended to the site URL, e.g. /api/webhooks/stripe. */
        path: urlPath,
        events: z.array(z.string()).min(1),
        description: z.string().optional(),
        /** Stripe's limits (docs.stripe.com/metadata): 50 keys of at most 40 characters without [ or ] (form encoding's nesting), values of at most 500. */
        metadata: z
            .record(
                z.string().regex(/^[^[\]]{1,40}$/, "a key of 1 to 40 characters without [ or ] (Stripe's rule)"),
                z.string().max(500, "at most 500 characters (Stripe's rule)"),
            )
            .refine((m) => Object.keys(m).length <= 47, "at most 47 keys: Stripe keeps 50, and the program adds app, stack and its identity")
            .default({}),
        /** Pinned; changing it replaces the endpoint (Stripe cannot update it). */
        apiVersion: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}(\.\w+)?$/, "a Stripe API version such as 2026-10-28.endive")
            .optional(),
        connect: z.boolean().default(false),
        apiBaseUrl: vendorUrl("Stripe", ["api.stripe.com"], "https://api.stripe.com"),
    }),
    sources: {
        "webhooks.stripe.secret": {
            secret: true,
            description: "the Stripe endpoint's signing secret (whsec_)",
            value: (webhook: StripeWebhook) => webhook.secret,
        },
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
