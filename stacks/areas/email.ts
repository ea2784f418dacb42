// Email: the provider's API key declared; the sender as an env source; the sending domain registered with
// the provider (Resend), its DKIM records in the DNS plan and published through the DNS adapter, then verified.
import type { DnsRecordSpec } from "../../components/dns";
import { dkimSlots, ResendDomain } from "../../components/resendDomain";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, sendingDomain, Sources } from "../stackConfig";
import { EMAIL_KEYS } from "../keyFormats";
import { requireDeclared } from "../checks";
import type { Area, BuildState } from "../area";

export function checkEmail(ctx: CheckContext): void {
    const email = ctx.cfg.email;
    if (!email) return;
    const spec = EMAIL_KEYS[email.provider];
    requireDeclared(ctx, spec.secretName, `email.provider ${email.provider}`, spec.rotationDays);
    if (email.domain && email.provider !== "resend") {
        ctx.issues.push({
            key: `${NAMESPACE}:email.domain`,
            message: `registers the sending domain with Resend, but email.provider is ${email.provider}: remove it, and publish the provider's DKIM under dns.email.dkim`,
        });
    }
    if (email.domain && ctx.cfg.dns?.email?.dkim.some((d) => d.name === "resend._domainkey")) {
        ctx.issues.push({ key: `${NAMESPACE}:dns.email.dkim`, message: "resend._domainkey comes from Resend (email.domain); remove it here" });
    }
}

function buildDomain(state: BuildState): Partial<BuildState> {
    const { cfg, protect, secret } = state;
    const name = sendingDomain(cfg);
    if (!cfg.email?.domain || !name) return {};
    const domain = new ResendDomain(`${cfg.name}-resend-domain`, {
        apiKey: secret(EMAIL_KEYS.resend.secretName),
        apiBaseUrl: cfg.email.apiBaseUrl,
        name,
        zone: cfg.dns?.zone,
        region: cfg.email.domain.region,
        returnPath: cfg.dns?.email?.returnPath,
        dkimRecords: cfg.email.domain.dkimRecords,
        dns: state.dns?.adapter,
        protect,
    });
    return { emailDomainStatus: domain.status };
}

export const emailArea: Area = {
    sources: ({ cfg }): Sources => (cfg.email ? { "email.from": { secret: false, description: "email.from" } } : {}),
    // For the sending domain's DNS plan: the bounce MX of the domain's region; its DKIM listed here, published by the domain with Resend's names and values.
    resolve: ({ cfg }) => ({
        mail(domain) {
            const registered = cfg.email?.domain;
            if (!registered) return undefined;
            return {
                mx: `feedback-smtp.${registered.region}.amazonses.com`,
                published: dkimSlots(domain, registered.dkimRecords).map(({ name, type }, i, all): DnsRecordSpec => ({
                    name,
                    type,
                    content: `(DKIM record ${i + 1} of ${all.length} from Resend)`,
                    publishedBy: "resend-domain",
                    proxied: false,
                    purpose: `DKIM ${i + 1} of ${all.length} (name, type and value from Resend)`,
                })),
            };
        },
    }),
    check: checkEmail,
    values: ({ cfg }): Record<string, SourceValue> => (cfg.email ? { "email.from": { value: cfg.email.from } } : {}),
    after: buildDomain,
    outputs: ({ emailDomainStatus }) => ({ emailDomainStatus: emailDomainStatus ?? null }),
};
