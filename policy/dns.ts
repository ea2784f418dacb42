// Records that point at Vercel stay DNS-only: Vercel issues certificates and routes by the real client.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { known, TYPES } from "./resources";

/** Vercel's documented apex address and CNAME targets. */
export const VERCEL_TARGET = /^(76\.76\.21\.\d+|cname\.vercel-dns\.com\.?|[\w-]+\.vercel-dns\.com\.?|[\w.-]+\.vercel\.app\.?)$/i;

export const vercelRecordsNotProxied: ResourceValidationPolicy = {
    name: "vercel-records-not-proxied",
    description: "Cloudflare records pointing at Vercel are DNS-only (proxied: false).",
    severity: "high",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.dnsRecord) return args.notApplicable("not a Cloudflare DNS record");
        const content = known(() => args.props.content as string);
        if (!content || !VERCEL_TARGET.test(content)) return args.notApplicable("does not point at Vercel");
        if (known(() => args.props.proxied) !== true) return;
        reportViolation(
            `${known(() => args.props.type)} ${known(() => args.props.name)} → ${content} is proxied through Cloudflare, which breaks ` +
                `Vercel's certificate issuance and edge routing. Fix: set proxied: false on this record (the Dns component does for Vercel records).`,
        );
    },
};
