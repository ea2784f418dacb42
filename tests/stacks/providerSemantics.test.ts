// Provider semantics the program must respect, each read off the pinned providers' upstream sources
// (issue: "Provider semantics and seed fidelity"): every test fails on the behaviour it replaced.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Dns, DnsArgs } from "../../components/dns";
import { dkimSlots } from "../../components/resendDomain";
import { loadStackConfig } from "../../stacks/config";
import { readFileSync } from "fs";
import { configErrors, configMap, declare, evaluate, issueFor, load, NOW, reveal, stackFile, STACKS } from "../helpers";

// The zone with what Resend gives in its API reference (three Easy DKIM CNAMEs) published through its adapter.
const zone = (args: DnsArgs) => {
    const dns = new Dns("dns", args);
    dkimSlots("ecoo.com", 3).forEach((placeholder, i) =>
        dns.adapter.record({ placeholder, name: `k${i}._domainkey.ecoo.com`, type: "CNAME", content: `k${i}.dkim.amazonses.com`, purpose: "DKIM" }),
    );
    return dns;
};
const RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const SCHEDULE = "upstash:index/qStashScheduleV2:QStashScheduleV2";

describe("provider semantics", () => {
    describe("QStash schedules (every field of qstash_schedule_v2 forces replacement)", () => {
        it("are deleted before their replacement is created, and their `header` output is secret", async () => {
            const { records } = await evaluate("staging");
            const schedules = records.filter((r) => r.type === SCHEDULE);
            assert.ok(schedules.length > 0);
            for (const s of schedules) {
                assert.strictEqual(s.options.deleteBeforeReplace, true, `${s.name}: no two schedules firing the same job`);
                assert.ok(s.options.additionalSecretOutputs.includes("header"), `${s.name}: the provider copies the bearer token into header`);
            }
        });

        it("warn in preview when a stack enables more schedules than its QStash plan allows", () => {
            // Seed 002 has 18 jobs: over the Free plan's 10 unless the stack declares a bigger quota.
            const over = load("dirtfree", (c) => delete c["app-platform:crons"].scheduleQuota);
            assert.ok(
                over.warnings.some((w) => /18 enabled jobs exceed the 10 active schedules/.test(w) && /crons\.scheduleQuota/.test(w)),
                over.warnings.join("\n"),
            );
            assert.ok(!load("dirtfree").warnings.some((w) => /active schedules/.test(w)), "the fixture declares its pay-as-you-go quota");
            assert.ok(!load("staging").warnings.some((w) => /active schedules/.test(w)));
        });
    });

    describe("DNS records", () => {
        it("are named by host, so the apex moving from Vercel (A) to Pages (CNAME) is one resource changing type", async () => {
            const toPages = (c: Record<string, any>) => {
                c["app-platform:hosting"] = {
                    provider: "cloudflare-pages",
                    accountId: "0123456789abcdef0123456789abcdef",
                    repository: { type: "github", repo: "ecoo-commerce/ecoo" },
                    buildCommand: "npm run build",
                    outputDirectory: ".vercel/output/static",
                };
                c["app-platform:domains"] = { primary: "ecoo.com" };
                delete c["app-platform:env"].EDGE_CONFIG; // Pages binds the flags (FLAGS) instead
            };
            const apex = async (mutate?: (c: Record<string, any>) => void) => {
                const cfg = load("production", mutate);
                const { of } = await declare(() =>
                    zone({ zoneId: cfg.dns!.zoneId, records: cfg.dnsRecords, protect: true, resolved: { "pages-subdomain": "ecoo-production.pages.dev" } }),
                );
                return of(RECORD).find((r) => r.revealed.name === "ecoo.com" && r.revealed.type !== "CAA")!;
            };
            const [vercel, pages] = [await apex(), await apex(toPages)];
            assert.deepStrictEqual([vercel.name, vercel.revealed.type], ["dns-ecoo.com", "A"]);
            assert.deepStrictEqual([pages.name, pages.revealed.type], ["dns-ecoo.com", "CNAME"], "same resource, new type");
            // Cloudflare's schema replaces a record only for zone_id; should a replace happen, it deletes first.
            assert.strictEqual(pages.options.deleteBeforeReplace, true);
        });

        it("are protected in production but not retained, so a replaced or removed record is really deleted", async () => {
            const cfg = load("production");
            const { of } = await declare(() => zone({ zoneId: cfg.dns!.zoneId, records: cfg.dnsRecords, protect: true }));
            for (const r of of(RECORD)) assert.deepStrictEqual([r.options.protect, r.options.retainOnDelete], [true, false], r.name);
        });

        it("alias their former type-qualified names, so stacks brought up before keep their records", async () => {
            const cfg = load("production");
            const aliases: Record<string, string[]> = {};
            const { of } = await declare(() => {
                const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: any, cb: any): unknown };
                const register = monitor.registerResource.bind(monitor);
                monitor.registerResource = (req: any, cb: any) => {
                    aliases[req.getName()] = req
                        .getAliasesList()
                        .map((a: any) => a.getSpec()?.getName())
                        .filter(Boolean);
                    return register(req, cb);
                };
                return zone({ zoneId: cfg.dns!.zoneId, records: cfg.dnsRecords, protect: true });
            });
            assert.deepStrictEqual(aliases["dns-ecoo.com"], ["dns-a-ecoo.com"]);
            assert.deepStrictEqual(aliases["dns-send.ecoo.com"], ["dns-txt-send.ecoo.com"]);
            assert.deepStrictEqual(aliases["dns-send.ecoo.com-2"], ["dns-mx-send.ecoo.com"]);
            assert.strictEqual(Object.keys(aliases).filter((n) => of(RECORD).some((r) => r.name === n)).length, cfg.dnsRecords.length);
        });

        it("point a Pages host at the project's own subdomain output (Cloudflare may suffix it), unquoted", async () => {
            const cfg = load("mystic");
            const cname = cfg.dnsRecords.find((r) => r.type === "CNAME")!;
            assert.strictEqual(cname.contentFrom, "pages-subdomain");
            const { of } = await declare(
                () =>
                    new Dns("dns", {
                        zoneId: cfg.dns!.zoneId,
                        records: cfg.dnsRecords,
                        protect: false,
                        resolved: { "pages-subdomain": pulumi.output("mystic-production-4xq.pages.dev") },
                    }),
            );
            const record = of(RECORD).find((r) => r.revealed.type === "CNAME")!;
            assert.strictEqual(record.revealed.content, "mystic-production-4xq.pages.dev");

            const { records, outputs } = await evaluate("mystic");
            const project = records.find((r) => r.type === "cloudflare:index/pagesProject:PagesProject")!;
            const declared = records.find((r) => r.type === RECORD && r.revealed.type === "CNAME")!;
            assert.strictEqual(declared.revealed.content, `${project.revealed.name}.pages.dev`, "the mocks' subdomain flows into the record");
            assert.strictEqual((await reveal<{ defaultHost: string }>(outputs.hosting)).value.defaultHost, declared.revealed.content);
        });
    });

    describe("AWS", () => {
        it("manages the bucket with an explicit provider in backups.region (a resource's region does not configure the provider)", async () => {
            const { records } = await evaluate("production");
            const provider = records.find((r) => r.type === "pulumi:providers:aws")!;
            assert.strictEqual(provider.revealed.region, "us-east-1");
            const bucketScoped = records.filter((r) => r.type.startsWith("aws:"));
            assert.ok(bucketScoped.length > 5);
        });

        it("takes the region from aws:region when backups.region is absent, and says what to set when neither is", async () => {
            const { records } = await evaluate("dirtfree");
            assert.strictEqual(records.find((r) => r.type === "pulumi:providers:aws")!.revealed.region, "us-east-1");
            assert.strictEqual(configMap("dirtfree")["app-platform:backups"].region, undefined);
            const err = configErrors(() => load("dirtfree", (c) => delete c["aws:region"]));
            assert.match(issueFor(err, "app-platform:backups.region"), /add backups.region .*or aws:region/);
        });
    });

    describe("Vercel", () => {
        it("checks the project name against the provider's rule (1-52 lowercase letters, digits, dashes)", () => {
            // The longest app slug (40) and a long stack name: "<name>-<stack>" passes 52.
            const file = stackFile("staging", (c) => (c["app-platform:name"] = "ecoo-marketplace-storefront-for-india-00"));
            const long = configErrors(() => loadStackConfig(file.raw, { stack: "staging-europe-west", secretKeys: file.secretKeys, now: NOW }));
            assert.match(
                issueFor(long, "app-platform:name"),
                /"ecoo-marketplace-storefront-for-india-00-staging-europe-west" \(<name>-<stack>\) must be 1-52 .*shorten app-platform:name or set app-platform:hosting.projectName/,
            );
            const upper = configErrors(() => loadStackConfig(file.raw, { stack: "Staging", secretKeys: file.secretKeys, now: NOW }));
            assert.match(issueFor(upper, "app-platform:name"), /must be 1-52 lowercase letters/);
            assert.doesNotThrow(() => load("staging", (c) => (c["app-platform:hosting"].projectName = "ecoo-stage")));
        });
    });
});

describe("seed fidelity", () => {
    it("seed 001's Pages site redirects www to the apex with a zone redirect rule (308, path and query kept)", async () => {
        const { records } = await evaluate("mystic");
        const rules = records.filter((r) => r.type === "cloudflare:index/ruleset:Ruleset" && r.revealed.phase === "http_request_dynamic_redirect");
        assert.strictEqual(rules.length, 1);
        const {
            zoneId,
            kind,
            phase,
            rules: [rule],
        } = rules[0].revealed as any;
        assert.deepStrictEqual([zoneId, kind, phase], ["9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", "zone", "http_request_dynamic_redirect"]);
        assert.strictEqual(rule.expression, '(http.host in {"www.mystic-ecom.com"})');
        assert.deepStrictEqual(rule.actionParameters.fromValue, {
            statusCode: 308,
            targetUrl: { expression: 'concat("https://mystic-ecom.com", http.request.uri.path)' },
            preserveQueryString: true,
        });
        const www = records.find((r) => r.type === RECORD && r.revealed.name === "www.mystic-ecom.com")!;
        assert.deepStrictEqual([www.revealed.type, www.revealed.proxied], ["CNAME", true], "proxied, so Cloudflare's rule sees the request");
        const err = configErrors(() => load("mystic", (c) => delete c["app-platform:dns"]));
        assert.match(issueFor(err, "app-platform:domains.redirects"), /a Cloudflare redirect rule in the zone: configure app-platform:dns/);
    });

    it("a staging stack never owns the email records of the production domain (seed 002's fixture sends from staging.)", () => {
        const records = load("dirtfree").dnsRecords.map((r) => r.name);
        assert.ok(
            records.every((n) => n === "staging.dirtfreecrm.com" || n.endsWith(".staging.dirtfreecrm.com")),
            records.join(", "),
        );
        const err = configErrors(() => load("dirtfree", (c) => (c["app-platform:email"].from = "notifications@dirtfreecrm.com")));
        assert.match(issueFor(err, "app-platform:email.from"), /staging stack would own dirtfreecrm.com's email records .*staging.dirtfreecrm.com/);
        assert.doesNotThrow(() => load("production"), "production sends from its own domain");
    });

    it("flagship staging serves its chosen custom host, and the seed's Vercel host stays the project's default host", async () => {
        assert.match(readFileSync(STACKS.staging, "utf8"), /seed 000's staging URL is the Vercel host\n.*https:\/\/ecoo-staging\.vercel\.app/);
        const { outputs } = await evaluate("staging");
        assert.strictEqual(outputs.siteUrl, "https://staging.ecoo.com");
        assert.strictEqual((await reveal<{ defaultHost: string }>(outputs.hosting)).value.defaultHost, "ecoo-staging.vercel.app");
    });

    it("seed 002's Stripe webhook selects exactly the seed's events", () => {
        assert.deepStrictEqual(load("dirtfree").webhooks?.stripe?.events, [
            "payment_intent.succeeded",
            "payment_intent.payment_failed",
            "customer.created",
            "customer.updated",
        ]);
    });
});
