// Resend: email by Resend, known webhook events, DKIM left to Resend; the webhook's signing secret as an env source.
import { RESEND_EVENTS } from "../../providers/webhooks/resend";
import { CheckContext, checkEvents, NAMESPACE, Sources } from "../feature";
import type { RawStackConfig } from "../schema";

export function resendSources(cfg: RawStackConfig): Sources {
    return cfg.webhooks?.resend?.webhook ? { "webhooks.resend.secret": { secret: true, description: "the Resend webhook's signing secret" } } : {};
}

export function checkResend({ cfg, issues }: CheckContext): void {
    const resend = cfg.webhooks?.resend;
    if (!resend) return;
    if (cfg.email?.provider !== "resend") issues.push({ key: `${NAMESPACE}:webhooks.resend`, message: "needs email.provider resend (its API key registers the domain and webhook)" });
    if (resend.webhook) checkEvents(issues, "webhooks.resend.webhook.events", resend.webhook.events, RESEND_EVENTS, "a Resend webhook event");
    if (resend.domain && cfg.dns?.email?.dkim.some((d) => d.name === "resend._domainkey")) {
        issues.push({ key: `${NAMESPACE}:dns.email.dkim`, message: "resend._domainkey comes from Resend (webhooks.resend.domain); remove it here" });
    }
}
