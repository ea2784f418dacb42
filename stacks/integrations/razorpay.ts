// Razorpay's webhook: payments by Razorpay, known events, a mode's credentials, a rotating secret.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { RazorpayWebhook } from "../../components/razorpayWebhook";
import { RAZORPAY_EVENTS } from "../../providers/webhooks/razorpay";
import { checkEvents } from "../checks";
import { NAMESPACE } from "../stackConfig";
import { integration } from "../integration";
import { PAYMENT_KEYS } from "../keyFormats";
import { holdForPaste } from "../dashboardPaste";
import { requirePaymentProvider } from "../checks";
import { urlPath, vendorUrl } from "../fieldRules";

export const razorpay = integration({
    key: "razorpay",
    schema: z.strictObject({
        /** The merchant account, e.g. acc_JOGUdtKu3dB03d. */
        accountId: z.string().regex(/^acc_[A-Za-z0-9]+$/, "a Razorpay account id such as acc_JOGUdtKu3dB03d"),
        path: urlPath,
        events: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, "a Razorpay event such as payment.captured")).min(1),
        alertEmail: z.email().optional(),
        /** The generated secret that signs the webhook (and is the app's WEBHOOK_SECRET). */
        secret: z.string().default("webhookSecret"),
        /**
         * `dashboard`: a direct merchant's webhooks live in the Razorpay Dashboard; the program
         * checks them with the key id and secret and prints the steps to take there.
         * `partner`: the Partner API registers and rotates the webhook with an OAuth access token.
         */
        mode: z.enum(["dashboard", "partner"]).default("dashboard"),
        /** Partner mode: the external secret holding the OAuth access token for the account. */
        oauthTokenSecret: z.string().optional(),
        /**
         * Dashboard mode: the `rotatedAt` of the secret value last pasted into the Dashboard. The
         * secret does not rotate again until this is the current value's: the value the Dashboard
         * signs with stays the app's NAME or NAME_PREVIOUS.
         */
        pasted: z.iso.date("use the rotatedAt date the stack outputs show, e.g. 2026-09-28").optional(),
        apiBaseUrl: vendorUrl("Razorpay", ["api.razorpay.com"], "https://api.razorpay.com"),
    }),
    check(hook, ctx) {
        const { cfg, issues } = ctx;
        requirePaymentProvider(ctx, "razorpay", "webhooks.razorpay", "key id and secret register the webhook");
        checkEvents(issues, "webhooks.razorpay.events", hook.events, RAZORPAY_EVENTS, "a Razorpay webhook event");
        if (hook.mode === "partner" && !(hook.oauthTokenSecret && hook.oauthTokenSecret in cfg.secrets.external)) {
            issues.push({
                key: `${NAMESPACE}:webhooks.razorpay.oauthTokenSecret`,
                message: `partner mode writes webhooks with the Partner API's OAuth access token: name an external secret that holds it (declared under ${NAMESPACE}:secrets.external, set with pulumi config set --secret), or use mode dashboard`,
            });
        }
        if (hook.mode === "dashboard" && hook.oauthTokenSecret) {
            issues.push({
                key: `${NAMESPACE}:webhooks.razorpay.oauthTokenSecret`,
                message: "only partner mode uses an OAuth token; remove it, or set mode: partner",
            });
        }
        if (!(hook.secret in cfg.secrets.generated)) {
            issues.push({
                key: `${NAMESPACE}:webhooks.razorpay.secret`,
                message: `"${hook.secret}" is not declared under ${NAMESPACE}:secrets.generated (the webhook secret rotates, e.g. every 90 days)`,
            });
        } else if (hook.mode === "dashboard") {
            holdForPaste(ctx, {
                key: `${NAMESPACE}:webhooks.razorpay.pasted`,
                secretName: hook.secret,
                pasted: hook.pasted,
                show: `pulumi stack output razorpayWebhookSecret --show-secrets --stack ${ctx.opts.stack}`,
                where: "the Dashboard (Accounts & Settings → Webhooks → the app's URL → Secret)",
            });
        } else if (hook.pasted) {
            ctx.warnings.push(`${NAMESPACE}:webhooks.razorpay.pasted: ignored in partner mode (the program sets the webhook's secret itself); remove it`);
        }
    },
    /**
     * The webhook, and in dashboard mode the secret to paste into the Dashboard (a secret output).
     * It signs with the rotating secret, so it switches only once the running app holds the new value.
     */
    publish(hook, { cfg, protect, secret, generated, live }) {
        const signing = generated(hook.secret).current;
        const webhook =
            cfg.payments?.provider === "razorpay" &&
            new RazorpayWebhook(
                `${cfg.name}-razorpay-webhook`,
                {
                    mode: hook.mode,
                    oauthToken: hook.oauthTokenSecret ? secret(hook.oauthTokenSecret) : undefined,
                    secretCommand: `pulumi stack output razorpayWebhookSecret --show-secrets --stack ${cfg.stack}`,
                    keyId: cfg.payments.publicKey,
                    keySecret: secret(PAYMENT_KEYS.razorpay.secretName),
                    accountId: hook.accountId,
                    apiBaseUrl: hook.apiBaseUrl,
                    url: `${cfg.siteUrl}${hook.path}`,
                    events: hook.events,
                    alertEmail: hook.alertEmail,
                    secret: signing,
                    protect,
                },
                { dependsOn: live },
            );
        return {
            webhooks: { razorpayWebhookId: webhook ? webhook.webhookId : null },
            razorpayWebhookSecret: hook.mode === "dashboard" ? pulumi.secret(signing) : null,
        };
    },
});
