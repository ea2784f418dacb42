import * as assert from "assert";
import { Dns, quoteTxt } from "../../components/dns";
import { ResendDomain } from "../../components/resendDomain";
import { configErrors, declare, issueFor, load } from "../helpers";

const RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const table = (records: { name: string; type: string; content: string }[]) => records.map((r) => `${r.type} ${r.name} ${r.content}`);

describe("Dns", () => {
    it("production (Vercel): apex A 76.76.21.21 and www CNAME, not proxied; SPF, bounce MX, DKIM, DMARC; CAA", () => {
        assert.deepStrictEqual(table(load("production").dnsRecords), [
            "A ecoo.com 76.76.21.21",
            "CNAME www.ecoo.com cname.vercel-dns.com",
            'TXT send.ecoo.com "v=spf1 include:amazonses.com ~all"',
            "MX send.ecoo.com feedback-smtp.us-east-1.amazonses.com",
            "CNAME resend-dkim-1._domainkey.ecoo.com (DKIM record 1 of 3 from Resend)",
            "CNAME resend-dkim-2._domainkey.ecoo.com (DKIM record 2 of 3 from Resend)",
            "CNAME resend-dkim-3._domainkey.ecoo.com (DKIM record 3 of 3 from Resend)",
            'TXT _dmarc.ecoo.com "v=DMARC1; p=quarantine; rua=mailto:dmarc@ecoo.com; adkim=r; aspf=r"',
            'CAA ecoo.com 0 issue "letsencrypt.org"',
        ]);
        assert.ok(
            load("production")
                .dnsRecords.filter((r) => r.type === "A" || r.type === "CNAME")
                .every((r) => !r.proxied),
        );
    });

    it("staging shares the zone without touching the apex: its host, its own sending domain, no CAA", () => {
        const records = load("staging").dnsRecords;
        assert.deepStrictEqual(
            records.map((r) => r.name),
            [
                "staging.ecoo.com",
                "send.staging.ecoo.com",
                "send.staging.ecoo.com",
                ...[1, 2, 3].map((i) => `resend-dkim-${i}._domainkey.staging.ecoo.com`),
                "_dmarc.staging.ecoo.com",
            ],
        );
        assert.match(records.find((r) => r.name.startsWith("_dmarc"))!.content, /p=none/);
    });

    it("Cloudflare Pages: the hosts (www too, redirected by a zone rule) are proxied CNAMEs to the project's pages.dev host, with Cloudflare's CAs", () => {
        assert.deepStrictEqual(table(load("mystic").dnsRecords), [
            "CNAME mystic-ecom.com mystic-production.pages.dev",
            "CNAME www.mystic-ecom.com mystic-production.pages.dev",
            'CAA mystic-ecom.com 0 issue "letsencrypt.org"',
            'CAA mystic-ecom.com 0 issue "pki.goog"',
            'CAA mystic-ecom.com 0 issue "ssl.com"',
        ]);
        assert.ok(
            load("mystic")
                .dnsRecords.slice(0, 2)
                .every((r) => r.proxied),
        );
    });

    it("quotes TXT content and splits it into 255-character strings", () => {
        assert.strictEqual(quoteTxt("v=spf1 -all"), '"v=spf1 -all"');
        assert.strictEqual(quoteTxt('"already quoted"'), '"already quoted"');
        const key = "p=" + "A".repeat(400);
        const quoted = quoteTxt(key);
        assert.deepStrictEqual(
            quoted.split(" ").map((s) => s.length),
            [257, 149],
        );
        assert.strictEqual(quoted.replace(/" "/g, "").replace(/"/g, ""), key);
    });

    it("declares each record with ttl 1, delete-before-replace, and protection in production", async () => {
        const cfg = load("production");
        const { of } = await declare(() => {
            const dns = new Dns("dns", { zoneId: cfg.dns!.zoneId, records: cfg.dnsRecords, protect: true });
            return new ResendDomain("mail", {
                apiKey: "re_x",
                apiBaseUrl: "http://127.0.0.1:1",
                name: "ecoo.com",
                region: "us-east-1",
                dkimRecords: 3,
                dns: dns.adapter,
                protect: true,
            });
        });
        const records = of(RECORD);
        assert.strictEqual(records.length, cfg.dnsRecords.length);
        for (const r of records) {
            assert.deepStrictEqual(
                [r.inputs.zoneId, r.inputs.ttl, r.options.deleteBeforeReplace, r.options.protect],
                ["3f2a9c4e8b7d6a5f4e3d2c1b0a9f8e7d", 1, true, true],
            );
        }
        const caa = records.find((r) => r.inputs.type === "CAA")!;
        assert.deepStrictEqual(caa.inputs.data, { flags: 0, tag: "issue", value: "letsencrypt.org" });
        assert.strictEqual(caa.inputs.content, undefined);
        const mx = records.find((r) => r.inputs.type === "MX")!;
        assert.strictEqual(mx.inputs.priority, 10);
    });

    it("gives repeated name/type pairs distinct resource names", async () => {
        const cfg = load("mystic");
        const { of } = await declare(() => new Dns("dns", { zoneId: cfg.dns!.zoneId, records: cfg.dnsRecords, protect: false }));
        const names = of(RECORD).map((r) => r.name);
        assert.strictEqual(new Set(names).size, names.length);
    });

    it("rejects a name outside the zone, naming the config key", () => {
        const err = configErrors(() => load("production", (c) => (c["app-platform:domains"].redirects = ["www.ecoo.shop"])));
        assert.match(issueFor(err, "app-platform:domains.redirects[0]"), /www.ecoo.shop is outside the DNS zone ecoo.com/);
        const err2 = configErrors(() => load("production", (c) => (c["app-platform:dns"].email.domain = "mail.example.org")));
        assert.match(issueFor(err2, "app-platform:dns.email.domain"), /outside the DNS zone/);
    });
});
