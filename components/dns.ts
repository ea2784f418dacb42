import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

/** One record to create, as planned from the config. */
export interface DnsRecordSpec {
    /** Fully qualified name. */
    name: string;
    type: "A" | "CNAME" | "TXT" | "MX" | "CAA";
    /** As Cloudflare stores it: TXT quoted, CAA as `flags tag "value"`. */
    content: string;
    priority?: number;
    caa?: { flags: number; tag: string; value: string };
    /** Content known only after the hosting project exists: its Pages subdomain. */
    contentFrom?: "pages-subdomain";
    /** Slot of a DKIM record Resend gives (0-based): its name, type and value all come from Resend. */
    resendDkim?: number;
    proxied: boolean;
    purpose: string;
}

/** TXT content as Cloudflare expects it: quoted, split into strings of at most 255 characters. */
export function quoteTxt(value: string): string {
    if (/^".*"$/.test(value)) return value;
    const chunks = value.match(/.{1,255}/g) ?? [""];
    return chunks.map((c) => `"${c.replace(/(["\\])/g, "\\$1")}"`).join(" ");
}

export interface DnsArgs {
    /** From config: no zone lookup at preview time. */
    zoneId: string;
    records: DnsRecordSpec[];
    /** Production: guard the records against deletion. */
    protect: boolean;
    /** What records known only after another resource exists take: the Pages subdomain (`contentFrom`). */
    resolved?: { "pages-subdomain"?: pulumi.Input<string> };
    /** The DKIM records Resend gives, one per `resendDkim` slot of the plan. */
    resendDkim?: pulumi.Input<{ name: string; type: string; value: string }[]>;
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
        const txt = (type: string, content: string) => (type === "TXT" ? quoteTxt(content) : content);
        if (args.records.some((r) => r.resendDkim !== undefined) && !args.resendDkim) throw new Error("the DNS plan has Resend DKIM records: pass the Resend domain's records as resendDkim");
        const fromResend = (slot: number) => pulumi.output(args.resendDkim).apply((dkim) => {
            const record = dkim?.[slot];
            // The Resend provider holds the count to the plan, so this is a broken invariant, not bad input.
            if (!record) throw new Error(`Resend gave no DKIM record ${slot + 1}`);
            return record;
        });
        for (const r of args.records) {
            const logical = byHost(`${name}-${r.name}`);
            // Names before this scheme carried the type: keep those resources (no replacement).
            const previous = byTypeAndHost(`${name}-${r.type.toLowerCase()}-${r.name}`);
            const dkim = r.resendDkim === undefined ? undefined : fromResend(r.resendDkim);
            const content = dkim ? dkim.apply((d) => txt(d.type, d.value))
                : r.contentFrom ? pulumi.output(args.resolved?.[r.contentFrom]).apply((c) => txt(r.type, String(c)))
                : r.content;
            new cloudflare.DnsRecord(
                logical,
                {
                    zoneId: args.zoneId,
                    name: dkim ? dkim.name : r.name,
                    type: dkim ? dkim.type : r.type,
                    ...(r.caa ? { data: r.caa } : { content }),
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
