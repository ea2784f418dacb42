// Resend: email by Resend, known webhook events, DKIM left to Resend; the webhook's signing secret as an env source.
import type { DnsAdapter } from "../../components/dns";
import { ResendDomain } from "../../components/resendDomain";
import { ResendWebhook } from "../../components/resendWebhook";
import { RESEND_EVENTS } from "../../providers/webhooks/resend";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, checkEvents, NAMESPACE, Sources } from "../feature";
import { EMAIL_KEYS } from "../keyFormats";
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

export function buildResendWebhook({ cfg, protect, secret }: BuildContext): { webhook?: ResendWebhook; values: Record<string, SourceValue> } {
    const resend = cfg.webhooks?.resend;
    if (!resend?.webhook) return { values: {} };
    const webhook = new ResendWebhook(`${cfg.name}-resend-webhook`, {
        apiKey: secret(EMAIL_KEYS.resend.secretName),
        apiBaseUrl: resend.apiBaseUrl,
        endpoint: `${cfg.siteUrl}${resend.webhook.path}`,
        events: resend.webhook.events,
        protect,
    });
    return { webhook, values: { "webhooks.resend.secret": { value: webhook.secret } } };
}

/** The sending domain: its DKIM records go through `dns` when the stack manages the zone. */
export function buildResendDomain({ cfg, protect, secret }: BuildContext, dns: DnsAdapter | undefined): ResendDomain | undefined {
    const resend = cfg.webhooks?.resend;
    const sendingDomain = cfg.dns?.email?.domain ?? cfg.email?.from.split("@")[1];
    if (!resend?.domain || !sendingDomain) return undefined;
    return new ResendDomain(`${cfg.name}-resend-domain`, {
        apiKey: secret(EMAIL_KEYS.resend.secretName),
        apiBaseUrl: resend.apiBaseUrl,
        name: sendingDomain,
        zone: cfg.dns?.zone,
        region: resend.domain.region,
        returnPath: cfg.dns?.email?.returnPath,
        dkimRecords: resend.domain.dkimRecords,
        dns,
        protect,
    });
}
