import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { DkimRecord, dkimRecords } from "../providers/webhooks/resend";
import { ResendDomainResource, ResendVerificationResource } from "../providers/webhooks/resendProvider";

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
    /** How many DKIM records the DNS plan has room for; Resend must give exactly these. */
    dkimRecords: number;
    protect: boolean;
}

/**
 * The Resend sending domain. Creating it returns the DNS records it needs; the DKIM records (whose
 * names and values only Resend knows) are handed to the Dns component, and `verifyAfter` asks
 * Resend to verify once the records exist.
 */
export class ResendDomain extends pulumi.ComponentResource {
    readonly domainId: pulumi.Output<string>;
    /** Every DKIM record Resend gives the domain, fully qualified. */
    readonly dkim: pulumi.Output<DkimRecord[]>;
    private readonly args: ResendDomainArgs;

    constructor(name: string, args: ResendDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:email:ResendDomain", name, {}, opts);
        this.args = args;
        const domain = new ResendDomainResource(
            name,
            { apiKey: pulumi.secret(args.apiKey), apiBaseUrl: args.apiBaseUrl, name: args.name, region: args.region, returnPath: args.returnPath, dkimRecords: args.dkimRecords },
            { parent: this, protect: args.protect },
        );
        this.domainId = domain.domainId;
        this.dkim = domain.records.apply((records) => dkimRecords(records, args.name, args.zone));
        this.registerOutputs({ domainId: this.domainId });
    }

    /** Requests verification after `dns` exists; returns the domain's status (an output). */
    verifyAfter(dns: pulumi.Resource): pulumi.Output<string> {
        const verification = new ResendVerificationResource(
            `${this.args.name}-verification`,
            {
                apiKey: pulumi.secret(this.args.apiKey),
                apiBaseUrl: this.args.apiBaseUrl,
                domainId: this.domainId,
                // The values alone: one record's digest is what stacks with a single DKIM TXT already hold.
                recordsDigest: this.dkim.apply((d) => createHash("sha256").update(d.map((r) => r.value).join("\n")).digest("hex")),
            },
            { parent: this, dependsOn: [dns] },
        );
        return verification.status;
    }
}
