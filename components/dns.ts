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
    /** Content known only after another resource exists: its key in `DnsArgs.resolved` (e.g. a hosting platform's own host). */
    contentFrom?: string;
    /** Published by another component through `Dns.adapter` (listed in the plan, not created from it). */
    publishedBy?: string;
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
    /** What records known only after another resource exists take (`contentFrom`), by key. */
    resolved?: Record<string, pulumi.Input<string>>;
}

/** A record another component publishes, whose name, type and value may be known only later. */
export interface PublishedRecord {
    /** Its placeholder in the plan, which names the resource before the values exist. */
    placeholder: { name: string; type: DnsRecordSpec["type"] };
    name: pulumi.Input<string>;
    type: pulumi.Input<string>;
    content: pulumi.Input<string>;
    purpose: string;
}

/** How a component publishes records in the stack's zone (the shape of SST's DNS adapters). */
export interface DnsAdapter {
    record(r: PublishedRecord): pulumi.Resource;
    /** The zone's planned records (SPF, bounce MX…): what a vendor's verification also checks. */
    readonly planned: pulumi.Resource;
}

const txt = (type: string, content: string) => (type === "TXT" ? quoteTxt(content) : content);

/** Cloudflare records for the app's hosts, its sending domain's authentication (SPF, DKIM, DMARC) and CAA. */
export class Dns extends pulumi.ComponentResource {
    readonly records: { name: string; type: string; content: string }[];
    /** Publishes other components' records in this zone, named and protected like the planned ones. */
    readonly adapter: DnsAdapter;
    private readonly prefix: string;
    private readonly zoneId: string;
    private readonly protect: boolean;
    // Named by host (and position among the host's records), not by type: a type change (an apex
    // moving from Vercel's A to a Pages CNAME) is then one replacement, deleted first, which
    // Cloudflare requires (a CNAME cannot sit beside other records of its name).
    private readonly byHost = counter();
    // Names before that scheme carried the type: aliased, so those resources stay (no replacement).
    private readonly byTypeAndHost = counter();

    constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:dns:Dns", name, {}, opts);
        this.prefix = name;
        this.zoneId = args.zoneId;
        this.protect = args.protect;
        for (const r of args.records.filter((r) => !r.publishedBy)) {
            const content = r.contentFrom ? pulumi.output(args.resolved?.[r.contentFrom]).apply((c) => txt(r.type, String(c))) : r.content;
            this.add(r, { name: r.name, type: r.type, ...(r.caa ? { data: r.caa } : { content }), priority: r.priority, proxied: r.proxied }, r.purpose);
        }
        this.adapter = {
            record: (p) =>
                this.add(
                    p.placeholder,
                    {
                        name: p.name,
                        type: p.type,
                        content: pulumi.all([p.type, p.content]).apply(([type, content]) => txt(type, content)),
                        proxied: false,
                    },
                    p.purpose,
                ),
            planned: this,
        };
        this.records = args.records.map(({ name: n, type, content }) => ({ name: n, type, content }));
        this.registerOutputs({ records: this.records });
    }

    private add(
        key: { name: string; type: string },
        record: Omit<cloudflare.DnsRecordArgs, "zoneId" | "ttl" | "comment">,
        purpose: string,
    ): cloudflare.DnsRecord {
        const logical = this.byHost(`${this.prefix}-${key.name}`);
        const previous = this.byTypeAndHost(`${this.prefix}-${key.type.toLowerCase()}-${key.name}`);
        return new cloudflare.DnsRecord(
            logical,
            { zoneId: this.zoneId, ...record, ttl: 1 /* automatic */, comment: `app-platform: ${purpose}` },
            // Protected in production, but not retained: a replacement must really delete the old
            // record, or the new one (a CNAME above all) is refused beside it.
            { parent: this, deleteBeforeReplace: true, protect: this.protect, aliases: [{ name: previous }] },
        );
    }
}

function counter(): (key: string) => string {
    const seen = new Map<string, number>();
    return (key: string) => {
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        return n === 1 ? key : `${key}-${n}`;
    };
}
