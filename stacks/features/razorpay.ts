// Razorpay's webhook: payments by Razorpay, known events, a mode's credentials, a rotating secret.
import * as pulumi from "@pulumi/pulumi";
import { RazorpayWebhook } from "../../components/razorpayWebhook";
import type { RotatingSecret } from "../../components/rotatingSecret";
import { RAZORPAY_EVENTS } from "../../providers/webhooks/razorpay";
import type { BuildContext } from "../buildContext";
import { CheckContext, checkEvents, NAMESPACE } from "../feature";
import { PAYMENT_KEYS } from "../keyFormats";
import { requirePaymentProvider } from "./payments";

export function checkRazorpay(ctx: CheckContext): void {
    const { cfg, issues } = ctx;
    const razorpay = cfg.webhooks?.razorpay;
    if (!razorpay) return;
    requirePaymentProvider(ctx, "razorpay", "webhooks.razorpay", "key id and secret register the webhook");
    checkEvents(issues, "webhooks.razorpay.events", razorpay.events, RAZORPAY_EVENTS, "a Razorpay webhook event");
    if (razorpay.mode === "partner" && !(razorpay.oauthTokenSecret && razorpay.oauthTokenSecret in cfg.secrets.external)) {
        issues.push({
            key: `${NAMESPACE}:webhooks.razorpay.oauthTokenSecret`,
            message: `partner mode writes webhooks with the Partner API's OAuth access token: name an external secret that holds it (declared under ${NAMESPACE}:secrets.external, set with pulumi config set --secret), or use mode dashboard`,
        });
    }
    if (razorpay.mode === "dashboard" && razorpay.oauthTokenSecret) {
        issues.push({ key: `${NAMESPACE}:webhooks.razorpay.oauthTokenSecret`, message: "only partner mode uses an OAuth token; remove it, or set mode: partner" });
    }
    if (!(razorpay.secret in cfg.secrets.generated)) {
        issues.push({ key: `${NAMESPACE}:webhooks.razorpay.secret`, message: `"${razorpay.secret}" is not declared under ${NAMESPACE}:secrets.generated (the webhook secret rotates, e.g. every 90 days)` });
    }
}

/** The webhook, and in dashboard mode the secret to paste into the Dashboard (a secret output). */
export function buildRazorpay({ cfg, protect, secret }: BuildContext, generated: [string, RotatingSecret][]): { webhook?: RazorpayWebhook; secretToPaste: pulumi.Output<string> | null } {
    const hook = cfg.webhooks?.razorpay;
    if (!hook) return { secretToPaste: null };
    const signing = generated.find(([name]) => name === hook.secret)![1].current;
    const webhook = cfg.payments && new RazorpayWebhook(`${cfg.name}-razorpay-webhook`, {
        mode: hook.mode,
        oauthToken: hook.oauthTokenSecret ? secret(hook.oauthTokenSecret) : undefined,
        secretCommand: `pulumi stack output razorpayWebhookSecret --show-secrets --stack ${cfg.stack}`,
        keyId: cfg.payments.publicKey,
        keySecret: secret(PAYMENT_KEYS[cfg.payments.provider].secretName),
        accountId: hook.accountId,
        apiBaseUrl: hook.apiBaseUrl,
        url: `${cfg.siteUrl}${hook.path}`,
        events: hook.events,
        alertEmail: hook.alertEmail,
        secret: signing,
        protect,
    });
    return { webhook: webhook || undefined, secretToPaste: hook.mode === "dashboard" ? pulumi.secret(signing) : null };
}
