import * as assert from "assert";
import { Dns } from "../../../components/dns";
import { ResendDomain } from "../../../components/resendDomain";
import { DomainRecord, dkimRecords, RESEND_EVENTS } from "../../../providers/webhooks/resend";
import { resendDomainProvider, resendVerificationProvider, resendWebhookProvider } from "../../../providers/webhooks/resendProvider";
import { configErrors, declare, evaluate, issueFor, load } from "../../helpers";
import { FakeResend, startFakeResend } from "../../support/fakes/resend";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const KEY = "re_TestKey_0123456789abcdef";

describe("Resend domain and webhook providers (local Resend API), through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let domainHost: ProviderHost;
    let verifyHost: ProviderHost;
    let hookHost: ProviderHost;
    let resend: FakeResend;
    before(async () => {
        [domainHost, verifyHost, hookHost] = await Promise.all([
            startProviderHost(resendDomainProvider),
            startProviderHost(resendVerificationProvider),
            startProviderHost(resendWebhookProvider),
        ]);
    });
    after(async () => Promise.all([domainHost, verifyHost, hookHost].map((h) => h?.stop())));
    beforeEach(async () => (resend = await startFakeResend(KEY)));
    afterEach(async () => {
        assert.deepStrictEqual(resend.violations, []);
        await resend.close();
    });

    it("creates the domain with every DNS record Resend gives (three DKIM CNAMEs), adopts it when it exists, and verifies once all DKIM records are published", async () => {
        const conn = { apiKey: KEY, apiBaseUrl: resend.url };
        resend.faults.push({ status: 429, retryAfter: 1 }, { status: 500 });
        const created = await domainHost.create({ ...conn, name: "ecoo.com", region: "us-east-1", dkimRecords: 3 });
        const records = created.outs.records as DomainRecord[];
        assert.deepStrictEqual(
            records.map((r) => `${r.record} ${r.type}`),
            ["SPF MX", "SPF TXT", "DKIM CNAME", "DKIM CNAME", "DKIM CNAME"],
        );
        const dkim = dkimRecords(records, "ecoo.com");
        for (const r of dkim)
            assert.match(`${r.name} ${r.value}`, /^([a-f0-9]{32})\._domainkey\.ecoo\.com \1\.dkim\.amazonses\.com$/, "fully qualified, no trailing dot");
        const again = await domainHost.create({ ...conn, name: "ecoo.com", region: "us-east-1", dkimRecords: 3 });
        assert.deepStrictEqual([again.id, again.outs.adopted, resend.domains.size], [created.id, true, 1]);

        const pending = await verifyHost.create({ ...conn, domainId: created.id, recordsDigest: "d1" });
        assert.strictEqual(pending.outs.status, "pending", "records not published yet");
        resend.publishedDkim.add(dkim[0].value + ".").add(dkim[1].value + ".");
        assert.strictEqual(
            (await verifyHost.update(pending.id, pending.outs, { ...conn, domainId: created.id, recordsDigest: "d2" })).outs.status,
            "pending",
            "two of three",
        );
        resend.publishedDkim.add(dkim[2].value + ".");
        const verified = await verifyHost.update(pending.id, pending.outs, { ...conn, domainId: created.id, recordsDigest: "d3" });
        assert.strictEqual(verified.outs.status, "verified");
        await domainHost.delete(created.id, created.outs);
        assert.strictEqual(resend.domains.size, 0);
    });

    it("an account whose domains get one DKIM TXT: the plan's one slot takes it", async () => {
        const txt = await startFakeResend(KEY, { dkim: "txt" });
        try {
            const created = await domainHost.create({ apiKey: KEY, apiBaseUrl: txt.url, name: "staging.ecoo.com", region: "us-east-1", dkimRecords: 1 });
            const [dkim] = dkimRecords(created.outs.records, "staging.ecoo.com", "ecoo.com");
            assert.deepStrictEqual([dkim.name, dkim.type], ["resend._domainkey.staging.ecoo.com", "TXT"]);
            assert.match(dkim.value, /^p=MIGf/);
        } finally {
            await txt.close();
        }
    });

    it("a DKIM count other than the plan's fails with the number to set, and deletes the domain it just made (an adopted one stays)", async () => {
        const conn = { apiKey: KEY, apiBaseUrl: resend.url };
        await assert.rejects(
            domainHost.create({ ...conn, name: "ecoo.com", region: "us-east-1", dkimRecords: 1 }),
            /Resend gives ecoo\.com 3 DKIM record\(s\) \(CNAME [a-f0-9]{32}\._domainkey, .*\), but app-platform:email\.domain\.dkimRecords is 1; set it to 3.*the domain this run created was deleted again/,
        );
        assert.strictEqual(resend.domains.size, 0, "nothing left behind");

        const kept = await domainHost.create({ ...conn, name: "ecoo.com", region: "us-east-1", dkimRecords: 3 });
        await assert.rejects(
            domainHost.create({ ...conn, name: "ecoo.com", region: "us-east-1", dkimRecords: 2 }),
            (err: Error) => !/deleted again/.test(err.message) && /set it to 3/.test(err.message),
        );
        assert.strictEqual(resend.domains.size, 1, "an adopted domain is not ours to delete");
        // A preview of a stack whose domain exists fails the same way, before anything changes.
        await assert.rejects(domainHost.diff(kept.id, kept.outs, { ...conn, name: "ecoo.com", region: "us-east-1", dkimRecords: 1 }), /set it to 3/);
        assert.deepStrictEqual((await domainHost.diff(kept.id, kept.outs, { ...conn, name: "ecoo.com", region: "us-east-1", dkimRecords: 3 })).changes, false);
    });

    it("reads Resend's names however it writes them: relative to the domain, fully qualified, or relative to the zone", () => {
        const rec = (name: string, type = "CNAME", value = "t.dkim.amazonses.com.") => ({ record: "DKIM", name, type, value });
        const names = dkimRecords(
            [rec("a._domainkey"), rec("b._domainkey.mail.ecoo.com"), rec("c._domainkey.mail"), rec("resend._domainkey", "TXT", "p=K.")],
            "mail.ecoo.com",
            "ecoo.com",
        );
        assert.deepStrictEqual(
            names.map((r) => `${r.name} ${r.value}`),
            [
                "a._domainkey.mail.ecoo.com t.dkim.amazonses.com",
                "b._domainkey.mail.ecoo.com t.dkim.amazonses.com",
                "c._domainkey.mail.ecoo.com t.dkim.amazonses.com",
                "resend._domainkey.mail.ecoo.com p=K.",
            ],
        );
    });

    const posts = (path: string) => resend.requests.filter((r) => r.method === "POST" && r.path === path).length;

    it("a domain create whose answer is lost is not re-sent (Resend has no idempotency): the domain is listed and adopted", async () => {
        resend.methodFaults.POST = ["drop-after"];
        const created = await domainHost.create({
            apiKey: KEY,
            apiBaseUrl: resend.url,
            name: "ecoo.com",
            region: "us-east-1",
            returnPath: "bounce",
            dkimRecords: 3,
        });
        assert.strictEqual(posts("/domains"), 1);
        assert.deepStrictEqual([resend.domains.size, created.id], [1, [...resend.domains.keys()][0]]);
        assert.deepStrictEqual(
            (created.outs.records as any[]).filter((r) => r.record === "SPF").map((r) => `${r.type} ${r.name}`),
            ["MX bounce", "TXT bounce"],
            "custom_return_path was sent",
        );
    });

    it("an adopted domain in another region is refused, naming both regions", async () => {
        await domainHost.create({ apiKey: KEY, apiBaseUrl: resend.url, name: "ecoo.com", region: "eu-west-1", dkimRecords: 3 });
        await assert.rejects(
            domainHost.create({ apiKey: KEY, apiBaseUrl: resend.url, name: "ecoo.com", region: "us-east-1", dkimRecords: 3 }),
            /already has the domain ecoo\.com in eu-west-1, but the config asks for us-east-1/,
        );
    });

    it("a webhook create whose answer is lost is found and adopted with its signing secret read back; a 502 that made nothing fails without a resend", async () => {
        const props = { apiKey: KEY, apiBaseUrl: resend.url, endpoint: "https://ecoo.com/api/webhooks/resend", events: ["email.bounced", "email.suppressed"] };
        resend.methodFaults.POST = ["drop-after"];
        const created = await hookHost.create(props);
        assert.strictEqual(posts("/webhooks"), 1);
        assert.strictEqual(resend.webhooks.size, 1);
        assert.strictEqual(created.outs.secret, resend.webhooks.get(created.id)!.signing_secret);
        await hookHost.delete(created.id, created.outs);

        // A 502 that made nothing: the list finds nothing to adopt, and the POST is not re-sent.
        resend.methodFaults.POST = [{ status: 502 }];
        await assert.rejects(hookHost.create(props), /POST \/webhooks → 502/);
        assert.deepStrictEqual([posts("/webhooks"), resend.webhooks.size], [2, 0]);
    });

    it("an existing webhook for the endpoint is adopted, its events set and its secret read back; a refresh follows the secret Resend shows", async () => {
        const props = { apiKey: KEY, apiBaseUrl: resend.url, endpoint: "https://ecoo.com/api/webhooks/resend", events: ["email.bounced"] };
        const first = await hookHost.create({ ...props, events: ["email.sent"] });
        const adopted = await hookHost.create(props);
        assert.deepStrictEqual([adopted.id, adopted.outs.secret, resend.webhooks.size], [first.id, first.outs.secret, 1]);
        assert.deepStrictEqual(resend.webhooks.get(first.id)!.events, ["email.bounced"]);
        assert.match(hookHost.stderr(), /adopted the existing Resend webhook/);
        const refreshed = await hookHost.read(adopted.id, { ...adopted.outs, secret: "whsec_lost" });
        assert.strictEqual(refreshed.props.secret, first.outs.secret);
    });

    it("the fake refuses what Resend's OpenAPI document refuses, and takes every event it lists", async () => {
        const call = (method: string, path: string, json: unknown) =>
            fetch(`${resend.url}${path}`, {
                method,
                headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
                body: JSON.stringify(json),
            }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
        const endpoint = "https://ecoo.com/hook";
        for (const [json, message] of [
            [{ endpoint, events: ["email.sent"], secret: "x" }, /Unknown field `secret`/],
            [{ endpoint, events: [] }, /at least one event/],
            [{ endpoint, events: ["email.exploded"] }, /Invalid events: email\.exploded/],
        ] as const) {
            const res = await call("POST", "/webhooks", json);
            assert.strictEqual(res.status, 422);
            assert.match(res.body.message, message);
        }
        assert.strictEqual((await call("POST", "/domains", { name: "ecoo.com", region: "us-west-2" })).status, 422);
        const all = await call("POST", "/webhooks", { endpoint, events: RESEND_EVENTS });
        assert.strictEqual(all.status, 201, JSON.stringify(all.body));
        assert.ok(RESEND_EVENTS.includes("email.scheduled") && RESEND_EVENTS.includes("email.suppressed"));
    });
});

describe("Resend (stack wiring)", () => {
    it("production: each DKIM record Resend gives becomes a Cloudflare record, verification waits for DNS, the webhook feeds RESEND_WEBHOOK_SECRET", async () => {
        const { records, inventory } = await evaluate("production");
        const dkim = records.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && /_domainkey/.test(String(r.revealed.name)));
        assert.deepStrictEqual(
            dkim.map((r) => r.name),
            [1, 2, 3].map((i) => `ecoo-dns-resend-dkim-${i}._domainkey.ecoo.com`),
        );
        for (const r of dkim)
            assert.match(
                `${r.revealed.type} ${r.revealed.name} ${r.revealed.content}`,
                /^CNAME ([0-9a-f]{32})\._domainkey\.ecoo\.com \1\.dkim\.amazonses\.com$/,
            );
        const [domain] = records.filter((r) => r.type === "pulumi-nodejs:dynamic/app-platform:ResendDomain");
        assert.deepStrictEqual(
            [domain.inputs.name, domain.inputs.region, domain.inputs.apiKey, domain.inputs.dkimRecords],
            ["ecoo.com", "us-east-1", "[secret]", 3],
        );
        assert.strictEqual(records.filter((r) => r.type === "pulumi-nodejs:dynamic/app-platform:ResendDomainVerification").length, 1);
        const hook = records.find((r) => r.type === "pulumi-nodejs:dynamic/app-platform:ResendWebhook")!;
        const env = records.find((r) => r.inputs.key === "RESEND_WEBHOOK_SECRET")!;
        assert.strictEqual(env.inputs.sensitive, true);
        assert.match(String(env.revealed.value), /^whsec_/);
        assert.strictEqual(hook.inputs.endpoint, "https://ecoo.com/api/webhooks/resend");
        assert.strictEqual(inventory.outputs.emailDomainStatus, "verified");
    });

    it("seed 002: its (staging) sending domain is registered and its DKIM records published under it", async () => {
        const { records } = await evaluate("dirtfree");
        assert.ok(records.some((r) => r.type === "pulumi-nodejs:dynamic/app-platform:ResendDomain" && r.inputs.name === "staging.dirtfreecrm.com"));
        const dkim = records.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && /_domainkey/.test(String(r.revealed.name)));
        assert.ok(dkim.length > 0 && dkim.every((r) => String(r.revealed.name).endsWith("._domainkey.staging.dirtfreecrm.com")));
    });

    it("one DKIM slot keeps the resend._domainkey record stacks already hold, and quotes its key", async () => {
        const cfg = load("production", (c) => (c["app-platform:email"].domain.dkimRecords = 1));
        const { of } = await declare(() => {
            const dns = new Dns("dns", { zoneId: cfg.dns!.zoneId, records: cfg.dnsRecords, protect: false });
            return new ResendDomain("mail", {
                apiKey: "re_x",
                apiBaseUrl: "http://127.0.0.1:1",
                name: "ecoo.com",
                region: "us-east-1",
                dkimRecords: 1,
                dns: dns.adapter,
                protect: false,
            });
        });
        const dkim = of("cloudflare:index/dnsRecord:DnsRecord").find((r) => r.name === "dns-resend._domainkey.ecoo.com")!;
        assert.deepStrictEqual([dkim.revealed.name, dkim.revealed.type], ["resend._domainkey.ecoo.com", "TXT"]);
        assert.match(String(dkim.revealed.content), /^"p=MIGf[0-9a-f]+"$/);
    });

    it("rejects unknown Resend events, and a hand-written DKIM record Resend supplies", () => {
        const err = configErrors(() =>
            load("production", (c) => {
                c["app-platform:webhooks"].resend.webhook.events.push("email.bounce");
                c["app-platform:dns"].email.dkim = [{ name: "resend._domainkey", type: "TXT", content: "p=abc" }];
            }),
        );
        assert.match(
            issueFor(err, "app-platform:webhooks.resend.webhook.events[4]"),
            /"email.bounce" is not a Resend webhook event. Did you mean email.bounced\?/,
        );
        assert.match(issueFor(err, "app-platform:dns.email.dkim"), /comes from Resend/);
    });
});
