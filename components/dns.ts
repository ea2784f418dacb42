import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { DnsRecordSpec, quoteTxt } from "../stacks/dnsRecords";

export interface DnsArgs {
    /** From config: no zone lookup at preview time. */
    zoneId: string;
    records: DnsRecordSpec[];
    /** Production: guard the records against deletion. */
    protect: boolean;
    /** Values for records whose content comes from another resource (`contentFrom`). */
    resolved?: Partial<Record<NonNullable<DnsRecordSpec["contentFrom"]>, pulumi.Input<string>>>;
}

/** Cloudflare records for the app's hosts, its sending domain's authentication (SPF, DKIM, DMARC) and CAA. */
export class Dns extends pulumi.ComponentResource {
    readonly records: { name: string; type: string; content: string }[];

    constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:dns:Dns", name, {}, opts);
        const seen = new Map<string, number>();
        for (const r of args.records) {
            const base = `${name}-${r.type.toLowerCase()}-${r.name}`;
            const n = (seen.get(base) ?? 0) + 1;
            seen.set(base, n);
            new cloudflare.DnsRecord(
                n === 1 ? base : `${base}-${n}`,
                {
                    zoneId: args.zoneId,
                    name: r.name,
                    type: r.type,
                    ...(r.caa ? { data: r.caa } : { content: r.contentFrom ? pulumi.output(args.resolved?.[r.contentFrom]).apply((c) => quoteTxt(String(c))) : r.content }),
                    priority: r.priority,
                    proxied: r.proxied,
                    ttl: 1, // automatic
                    comment: `app-platform: ${r.purpose}`,
                },
                // A record whose type changes must be deleted before its replacement is created.
                { parent: this, deleteBeforeReplace: true, protect: args.protect, retainOnDelete: args.protect },
            );
        }
        this.records = args.records.map(({ name: n, type, content }) => ({ name: n, type, content }));
        this.registerOutputs({ records: this.records });
    }
}
