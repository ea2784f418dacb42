// DNS records in the stack's Cloudflare zone: CAA and the sending domain's SPF, DKIM, DMARC and bounce MX.
import { z } from "zod";
import { dmarcRua, txtContent } from "../fieldRules";

const dnsRecordName = z.string().regex(/^(@|[a-z0-9_*]([a-z0-9_.-]*[a-z0-9_])?)$/i, "a record name relative to the domain, e.g. resend._domainkey");

export const dns = z
    .strictObject({
        zoneId: z.string().regex(/^[0-9a-f]{32}$/, "the 32-hex-digit Cloudflare zone id (dashboard → zone → Overview)"),
        zone: z.hostname("the zone's domain, e.g. example.com"),
        /** Certificate authorities allowed to issue for the zone (CAA `issue`). */
        caa: z.array(z.hostname()).min(1).optional(),
        email: z
            .strictObject({
                /** Sending domain; defaults to the domain of email.from. */
                domain: z.hostname().optional(),
                /** Subdomain carrying the bounce MX and SPF (Resend uses `send`). */
                returnPath: dnsRecordName.default("send"),
                spf: txtContent("v=spf1 ").default("v=spf1 include:amazonses.com ~all"),
                mx: z.hostname().default("feedback-smtp.us-east-1.amazonses.com"),
                dkim: z.array(z.strictObject({ name: dnsRecordName, type: z.enum(["TXT", "CNAME"]), content: txtContent() })).default([]),
                dmarc: z.strictObject({
                    policy: z.enum(["none", "quarantine", "reject"]),
                    rua: dmarcRua.optional(),
                }),
            })
            .optional(),
    })
    .optional();
