import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { ResendDomainResource, ResendVerificationResource } from "../providers/webhooks/resendProvider";

export interface ResendDomainArgs {
    apiKey: pulumi.Input<string>;
    apiBaseUrl: string;
    /** The sending domain, e.g. ecoo.com (its records go on send.<domain> and resend._domainkey.<domain>). */
    name: string;
    region: string;
    /** Return-Path subdomain Resend should use (dns.email.returnPath; Resend's default is `send`). */
    returnPath?: string;
    protect: boolean;
}

/**
 * The Resend sending domain. Creating it returns the DNS records it needs; the DKIM key (which
 * only Resend knows) is handed to the Dns component, and `verifyAfter` asks Resend to verify once
 * the records exist.
 */
export class ResendDomain extends pulumi.ComponentResource {
    readonly domainId: pulumi.Output<string>;
    /** The DKIM TXT value for resend._domainkey.<domain>. */
    readonly dkim: pulumi.Output<string>;
    private readonly args: ResendDomainArgs;

    constructor(name: string, args: ResendDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:email:ResendDomain", name, {}, opts);
        this.args = args;
        const domain = new ResendDomainResource(
            name,
            { apiKey: pulumi.secret(args.apiKey), apiBaseUrl: args.apiBaseUrl, name: args.name, region: args.region, returnPath: args.returnPath },
            { parent: this, protect: args.protect },
        );
        this.domainId = domain.domainId;
        this.dkim = domain.dkim;
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
                recordsDigest: this.dkim.apply((d) => createHash("sha256").update(d).digest("hex")),
            },
            { parent: this, dependsOn: [dns] },
        );
        return verification.status;
    }
}
