// Resend: email by Resend; its webhook (known events, the signing secret as an env source) and its
// sending domain (DKIM records from Resend, published through the DNS adapter, then verified).
import { z } from "zod";
import type { DnsRecordSpec } from "../../components/dns";
import { dkimSlots, ResendDomain } from "../../components/resendDomain";
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
        /** Register the sending domain (the domain of email.from, or dns.email.domain) in Resend. */
        domain: z
            .strictObject({
                region: z.enum(["us-east-1", "eu-west-1", "sa-east-1", "ap-northeast-1"]).default("us-east-1"),
                /**
                 * How many DKIM records Resend gives the account's domains: three Easy DKIM CNAMEs (its
                 * API reference), or one `resend._domainkey` TXT. The DNS plan publishes one record per;
                 * a create that gets another number says which and changes nothing.
                 */
                dkimRecords: z.int().min(1).max(10).default(3),
            })
            .optional(),
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
            issues.push({ key: `${NAMESPACE}:webhooks.resend`, message: "needs email.provider resend (its API key registers the domain and webhook)" });
        if (resend.webhook) checkEvents(issues, "webhooks.resend.webhook.events", resend.webhook.events, RESEND_EVENTS, "a Resend webhook event");
        if (resend.domain && cfg.dns?.email?.dkim.some((d) => d.name === "resend._domainkey")) {
            issues.push({ key: `${NAMESPACE}:dns.email.dkim`, message: "resend._domainkey comes from Resend (webhooks.resend.domain); remove it here" });
        }
    },
    // The bounce MX of the domain's region; DKIM listed here, published by the domain with Resend's names and values.
    mail: (resend, domain) => ({
        mx: resend.domain && `feedback-smtp.${resend.domain.region}.amazonses.com`,
        published: dkimSlots(domain, resend.domain?.dkimRecords ?? 0).map(({ name, type }, i, all): DnsRecordSpec => ({
            name,
            type,
            content: `(DKIM record ${i + 1} of ${all.length} from Resend)`,
            publishedBy: "resend-domain",
            proxied: false,
            purpose: `DKIM ${i + 1} of ${all.length} (name, type and value from Resend)`,
        })),
    }),
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
    /** The sending domain: its DKIM records go through `dns` when the stack manages the zone. */
    publish(resend, { cfg, protect, secret, dns }) {
        const sendingDomain = cfg.dns?.email?.domain ?? cfg.email?.from.split("@")[1];
        if (!resend.domain || !sendingDomain) return {};
        const domain = new ResendDomain(`${cfg.name}-resend-domain`, {
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
        return { emailDomainStatus: domain.status };
    },
});
