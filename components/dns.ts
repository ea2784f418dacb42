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
        // Named by host (and position among the host's records), not by type: a type change (an
        // apex moving from Vercel's A to a Pages CNAME) is then one replacement, deleted first,
        // which Cloudflare requires (a CNAME cannot sit beside other records of its name).
        const counter = () => {
            const seen = new Map<string, number>();
            return (key: string) => {
                const n = (seen.get(key) ?? 0) + 1;
                seen.set(key, n);
                return n === 1 ? key : `${key}-${n}`;
            };
        };
        const [byHost, byTypeAndHost] = [counter(), counter()];
        for (const r of args.records) {
            const logical = byHost(`${name}-${r.name}`);
            // Names before this scheme carried the type: keep those resources (no replacement).
            const previous = byTypeAndHost(`${name}-${r.type.toLowerCase()}-${r.name}`);
            new cloudflare.DnsRecord(
                logical,
                {
                    zoneId: args.zoneId,
                    name: r.name,
                    type: r.type,
                    ...(r.caa ? { data: r.caa } : { content: r.contentFrom ? pulumi.output(args.resolved?.[r.contentFrom]).apply((c) => (r.type === "TXT" ? quoteTxt(String(c)) : String(c))) : r.content }),
                    priority: r.priority,
                    proxied: r.proxied,
                    ttl: 1, // automatic
                    comment: `app-platform: ${r.purpose}`,
                },
                // Protected in production, but not retained: a replacement must really delete the old
                // record, or the new one (a CNAME above all) is refused beside it.
                { parent: this, deleteBeforeReplace: true, protect: args.protect, aliases: [{ name: previous }] },
            );
        }
        this.records = args.records.map(({ name: n, type, content }) => ({ name: n, type, content }));
        this.registerOutputs({ records: this.records });
    }
}
