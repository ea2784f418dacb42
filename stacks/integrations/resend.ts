// Resend's webhook: known events, the signing secret as an env source. (The sending domain is the
// email area's: stacks/areas/email.ts.)
import { z } from "zod";
import { ResendWebhook } from "../../components/resendWebhook";
import { RESEND_EVENTS } from "../../providers/webhooks/resend";
import { checkEvents } from "../checks";
import { NAMESPACE } from "../stackConfig";
import { integration } from "../integration";
import { EMAIL_KEYS } from "../keyFormats";
import { urlPath, vendorUrl } from "../fieldRules";

export const resend = integration({
    key: "resend",
    schema: z.strictObject({
        webhook: z.strictObject({ path: urlPath, events: z.array(z.string()).min(1) }).optional(),
        apiBaseUrl: vendorUrl("Resend", ["api.resend.com"], "https://api.resend.com"),
    }),
    sources: {
        "webhooks.resend.secret": {
            secret: true,
            description: "the Resend webhook's signing secret",
            when: (resend) => resend.webhook !== undefined,
            value: (webhook?: ResendWebhook) => webhook!.secret,
        },
    },
    check(resend, { cfg, issues }) {
        if (cfg.email?.provider !== "resend")
            issues.push({ key: `${NAMESPACE}:webhooks.resend`, message: "needs email.provider resend (its API key registers the webhook)" });
        if (resend.webhook) checkEvents(issues, "webhooks.resend.webhook.events", resend.webhook.events, RESEND_EVENTS, "a Resend webhook event");
    },
    build(resend, { cfg, protect, secret }) {
        if (!resend.webhook) return undefined;
        return new ResendWebhook(`${cfg.name}-resend-webhook`, {
            apiKey: secret(EMAIL_KEYS.resend.secretName),
            apiBaseUrl: resend.apiBaseUrl,
            endpoint: `${cfg.siteUrl}${resend.webhook.path}`,
            events: resend.webhook.events,
            protect,
        });
    },
    outputs: (webhook) => ({ webhooks: { resendWebhookId: webhook ? webhook.webhookId : null } }),
});
