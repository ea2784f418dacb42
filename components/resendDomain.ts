import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { DkimRecord, dkimRecords } from "../providers/webhooks/resend";
import { ResendDomainResource, ResendVerificationResource } from "../providers/webhooks/resendProvider";
import type { DnsAdapter, DnsRecordSpec } from "./dns";

export interface ResendDomainArgs {
    apiKey: pulumi.Input<string>;
    apiBaseUrl: string;
    /** The sending domain, e.g. ecoo.com (its records go on send.<domain> and under _domainkey.<domain>). */
    name: string;
    /** The DNS zone holding the domain (to read names Resend gives relative to it); the domain itself by default. */
    zone?: string;
    region: string;
    /** Return-Path subdomain Resend should use (dns.email.returnPath; Resend's default is `send`). */
    returnPath?: string;
    /** How many DKIM records to publish; Resend must give exactly these. */
    dkimRecords: number;
    /** Where the DKIM records go; without it they are not published here, and nothing is verified. */
    dns?: DnsAdapter;
    protect: boolean;
}

/**
 * The DKIM records' placeholders until Resend answers: their names and expected types, which name
 * the DNS resources. One TXT is always resend._domainkey (the name stacks already hold).
 */
export function dkimSlots(domain: string, count: number): { name: string; type: DnsRecordSpec["type"] }[] {
    return Array.from({ length: count }, (_, i) =>
        count === 1
            ? { name: `resend._domainkey.${domain}`, type: "TXT" as const }
            : { name: `resend-dkim-${i + 1}._domainkey.${domain}`, type: "CNAME" as const },
    );
}

/**
 * The Resend sending domain (like SST's `Email`): it creates the domain, publishes every DKIM
 * record Resend gives through the DNS adapter, and asks Resend to verify once the zone's records
 * exist.
 */
export class ResendDomain extends pulumi.ComponentResource {
    readonly domainId: pulumi.Output<string>;
    /** Every DKIM record Resend gives the domain, fully qualified. */
    readonly dkim: pulumi.Output<DkimRecord[]>;
    /** The domain's status after the verification request, or why there is none. */
    readonly status: pulumi.Output<string>;

    constructor(name: string, args: ResendDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:email:ResendDomain", name, {}, opts);
        const connection = { apiKey: pulumi.secret(args.apiKey), apiBaseUrl: args.apiBaseUrl };
        const domain = new ResendDomainResource(
            name,
            { ...connection, name: args.name, region: args.region, returnPath: args.returnPath, dkimRecords: args.dkimRecords },
            { parent: this, protect: args.protect },
        );
        this.domainId = domain.domainId;
        this.dkim = domain.records.apply((records) => dkimRecords(records, args.name, args.zone));
        this.status = args.dns ? this.publishAndVerify(args, args.dns, connection) : pulumi.output("records not managed here");
        this.registerOutputs({ domainId: this.domainId, status: this.status });
    }

    private publishAndVerify(
        args: ResendDomainArgs,
        dns: DnsAdapter,
        connection: { apiKey: pulumi.Output<string>; apiBaseUrl: string },
    ): pulumi.Output<string> {
        const published = dkimSlots(args.name, args.dkimRecords).map((placeholder, i, all) => {
            // The provider holds Resend's count to the plan's, so a missing record is a broken invariant.
            const record = this.dkim.apply((d) => d[i] ?? fail(`Resend gave no DKIM record ${i + 1}`));
            return dns.record({
                placeholder,
                name: record.name,
                type: record.type,
                content: record.value,
                purpose: `DKIM ${i + 1} of ${all.length} (name, type and value from Resend)`,
            });
        });
        const verification = new ResendVerificationResource(
            `${args.name}-verification`,
            {
                ...connection,
                domainId: this.domainId,
                // The values alone: one record's digest is what stacks with a single DKIM TXT already hold.
                recordsDigest: this.dkim.apply((d) =>
                    createHash("sha256")
                        .update(d.map((r) => r.value).join("\n"))
                        .digest("hex"),
                ),
            },
            // Resend checks the records it asked for: verification waits until they exist.
            { parent: this, dependsOn: [dns.planned, ...published] },
        );
        return verification.status;
    }
}

function fail(message: string): never {
    throw new Error(message);
}
