// DNS: the zone's records planned from config (app hosts → hosting project, email authentication, CAA), then built.
import { Dns, DnsRecordSpec, quoteTxt } from "../../components/dns";
import { Hosting, hostingAdapter, HostingProject } from "../../components/hostingProject";
import type { BuildContext } from "../buildContext";
import type { ConfigIssue } from "../configIssue";
import type { CoreConfig } from "../schema";
import type { Area, Resolved } from "../area";
import { sendingDomain } from "../stackConfig";

const KEY = "app-platform";
const inZone = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

/**
 * `mail` gives what the email area's provider adds to the sending domain (its MX, the records it
 * publishes); `services`, each service host's records and certificate authorities.
 */
export function planDnsRecords(
    cfg: CoreConfig,
    hosting: Hosting,
    issues: ConfigIssue[],
    mail: Resolved["mail"],
    services: Resolved["serviceDns"],
): DnsRecordSpec[] {
    const dns = cfg.dns;
    if (!dns) return [];
    const records: DnsRecordSpec[] = [];
    const platform = hostingAdapter(hosting);
    const check = (name: string, key: string) => {
        if (inZone(name, dns.zone)) return true;
        issues.push({ key, message: `${name} is outside the DNS zone ${dns.zone} (${KEY}:dns.zone); use a name in the zone or the zone that holds it` });
        return false;
    };

    const hosts: [string, string][] = [
        [cfg.domains.primary, `${KEY}:domains.primary`],
        ...cfg.domains.redirects.map((h, i): [string, string] => [h, `${KEY}:domains.redirects[${i}]`]),
    ];
    for (const [host, key] of hosts) {
        if (!check(host, key)) continue;
        records.push(platform.domainRecord(host, host === dns.zone, hosting));
    }

    for (const service of services) if (check(service.host, service.key)) records.push(...service.records);

    if (dns.email) {
        const domain = sendingDomain(cfg);
        if (!domain) {
            issues.push({ key: `${KEY}:dns.email.domain`, message: "set the sending domain, or configure app-platform:email.from" });
        } else if (cfg.environment === "staging" && domain === dns.zone) {
            // SPF, DKIM and DMARC on the zone's own domain are what production sends with.
            issues.push({
                key: dns.email.domain ? `${KEY}:dns.email.domain` : `${KEY}:email.from`,
                message: `a staging stack would own ${domain}'s email records (SPF, DKIM, DMARC), which production needs; send staging mail from a subdomain such as staging.${domain}`,
            });
        } else if (check(domain, dns.email.domain ? `${KEY}:dns.email.domain` : `${KEY}:email.from`)) {
            const returnPath = `${dns.email.returnPath}.${domain}`;
            records.push({ name: returnPath, type: "TXT", content: quoteTxt(dns.email.spf), proxied: false, purpose: "SPF for the return path" });
            const vendor = mail(domain);
            records.push({ name: returnPath, type: "MX", content: vendor?.mx ?? dns.email.mx, priority: 10, proxied: false, purpose: "bounce MX" });
            records.push(...(vendor?.published ?? []));
            for (const dkim of dns.email.dkim) {
                const content = dkim.type === "TXT" ? quoteTxt(dkim.content) : dkim.content;
                records.push({ name: `${dkim.name}.${domain}`, type: dkim.type, content, proxied: false, purpose: "DKIM" });
            }
            const { policy, rua } = dns.email.dmarc;
            const dmarc = `v=DMARC1; p=${policy};${rua ? ` rua=${rua};` : ""} adkim=r; aspf=r`;
            records.push({ name: `_dmarc.${domain}`, type: "TXT", content: quoteTxt(dmarc), proxied: false, purpose: "DMARC" });
        }
    }

    // CAA sits on the zone apex, so only the stack serving the apex declares it (unless set explicitly):
    // two stacks sharing a zone would otherwise declare the same records twice.
    // The services' certificates come from their platforms' authorities (the CAA on the apex covers their hosts too).
    const platformCas = services.flatMap((s) => s.certificateAuthorities);
    const caas = dns.caa ?? (cfg.domains.primary === dns.zone ? [...new Set([...platform.certificateAuthorities, ...platformCas])] : []);
    for (const ca of caas) {
        records.push({
            name: dns.zone,
            type: "CAA",
            content: `0 issue "${ca}"`,
            caa: { flags: 0, tag: "issue", value: ca },
            proxied: false,
            purpose: `CAA: ${ca} may issue`,
        });
    }
    checkCollisions(records, issues);
    return records;
}

/**
 * Records Cloudflare would refuse to create beside another of the plan (developers.cloudflare.com/dns/
 * manage-dns-records/troubleshooting/records-with-same-name/): a CNAME where an A, AAAA or CNAME has
 * the same name (errors 81053, 81054), and the same record twice (81057).
 */
function checkCollisions(records: DnsRecordSpec[], issues: ConfigIssue[]): void {
    const exclusive = ["A", "AAAA", "CNAME"];
    records.forEach((r, i) => {
        const name = r.name.toLowerCase();
        const earlier = records
            .slice(0, i)
            .find(
                (o) =>
                    o.name.toLowerCase() === name &&
                    ((o.type === r.type && o.content === r.content) ||
                        (exclusive.includes(o.type) && exclusive.includes(r.type) && (o.type === "CNAME" || r.type === "CNAME"))),
            );
        if (!earlier) return;
        issues.push({
            key: `${KEY}:dns`,
            message: `${r.name} would carry two ${earlier.type === r.type ? r.type : `${earlier.type} and ${r.type}`} records (${earlier.purpose}; ${r.purpose}), which Cloudflare refuses: give one of them another host`,
        });
    });
}

/** The zone's planned records, after the hosting project (whose own host some records point at). */
export function buildDns({ cfg, protect }: BuildContext, hosting: HostingProject): Dns | undefined {
    if (!cfg.dns) return undefined;
    return new Dns(
        `${cfg.name}-dns`,
        {
            zoneId: cfg.dns.zoneId,
            records: cfg.dnsRecords,
            protect,
            resolved: hosting.dnsContent,
        },
        { dependsOn: [hosting] },
    );
}

export const dnsArea: Area = {
    plan: (ctx) => ({ dnsRecords: planDnsRecords(ctx.cfg, ctx.hosting, ctx.issues, ctx.mail, ctx.serviceDns) }),
    app: (state) => ({ dns: buildDns(state, state.hosting) }),
    outputs: ({ cfg }) => ({ dnsRecords: cfg.dnsRecords.map(({ name, type, content }) => ({ name, type, content })) }),
};
