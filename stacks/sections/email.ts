// Transactional email: the provider, the sender address, and the sending domain registered with the provider.
import { z } from "zod";
import { vendorUrl } from "../fieldRules";

export const email = z
    .strictObject({
        provider: z.enum(["resend", "sendgrid"]),
        from: z.email("an address such as noreply@example.com"),
        /**
         * Register the sending domain (the domain of email.from, or dns.email.domain) with the provider
         * (Resend), publish the DKIM records it gives, and have it verified. Was `webhooks.resend.domain`.
         */
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
        /** Where the provider's API answers when the domain is registered (Resend's only; a local server in tests). */
        apiBaseUrl: vendorUrl("Resend", ["api.resend.com"], "https://api.resend.com"),
    })
    .optional();
