// Edge protection under mocks: a per-client rate limit at each front door (Vercel's firewall,
// Cloudflare's rate-limiting rules for Pages, AWS WAF on an ECS load balancer), Automatic HTTPS
// Rewrites at Cloudflare, and Atlas's database auditing.
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load } from "../helpers";
import type { ResourceRecord } from "../../inventory/mocks";

const only = (records: ResourceRecord[], type: string) => {
    const found = records.filter((r) => r.type === type);
    assert.strictEqual(found.length, 1, `one ${type}: ${found.map((r) => r.name)}`);
    return found[0];
};

describe("edge protection under mocks", function () {
    this.timeout(120_000);

    it("Vercel (seed 000): the project's firewall answers a client past 300 requests in 10 s with 429; rateLimit.enabled false declares no firewall", async () => {
        const { records } = await evaluate("production");
        const firewall = only(records, "vercel:index/firewallConfig:FirewallConfig");
        const project = only(records, "vercel:index/project:Project");
        const [rule] = (firewall.revealed as any).rules.rules;
        assert.deepStrictEqual(
            [(firewall.revealed as any).projectId, (firewall.revealed as any).enabled, rule.active, rule.conditionGroups, rule.action],
            [
                `${project.name}-id`,
                true,
                true,
                [{ conditions: [{ type: "path", op: "pre", value: "/" }] }],
                { action: "rate_limit", rateLimit: { algo: "fixed_window", window: 10, limit: 300, keys: ["ip"], action: "rate_limit" } },
            ],
        );
        assert.strictEqual(firewall.options.protect, false, "not stateful: destroy may remove it");
        const custom = await evaluate("production", (c) => void (c["app-platform:hosting"].rateLimit = { requests: 600, windowSeconds: 60 }));
        assert.deepStrictEqual((only(custom.records, "vercel:index/firewallConfig:FirewallConfig").revealed as any).rules.rules[0].action.rateLimit, {
            algo: "fixed_window",
            window: 60,
            limit: 600,
            keys: ["ip"],
            action: "rate_limit",
        });
        const off = await evaluate("production", (c) => void (c["app-platform:hosting"].rateLimit = { enabled: false }));
        assert.deepStrictEqual(
            off.records.filter((r) => r.type === "vercel:index/firewallConfig:FirewallConfig"),
            [],
        );
    });

    it("Pages (seed 001): a Cloudflare rate-limiting rule for the site and its redirect hosts, HTTPS rewrites on, every zone entry point replaced by deleting it first", async () => {
        const { records } = await evaluate("mystic");
        const rulesets = records.filter((r) => r.type === "cloudflare:index/ruleset:Ruleset");
        const limit = rulesets.find((r) => (r.revealed as any).phase === "http_ratelimit")!;
        const [rule] = (limit.revealed as any).rules;
        assert.deepStrictEqual(
            [rule.expression, rule.action, rule.ratelimit],
            [
                '(http.host in {"mystic-ecom.com" "www.mystic-ecom.com"})',
                "block",
                { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 300, mitigationTimeout: 10 },
            ],
        );
        for (const r of rulesets) assert.strictEqual(r.options.deleteBeforeReplace, true, `${r.name}: one entry point per phase and zone`);
        const settings = records
            .filter((r) => r.type === "cloudflare:index/zoneSetting:ZoneSetting")
            .map((r) => [(r.revealed as any).settingId, (r.revealed as any).value]);
        assert.deepStrictEqual(settings.sort(), [
            ["always_use_https", "on"],
            ["automatic_https_rewrites", "on"],
        ]);
    });

    it("ECS (seed 004): a regional WAF web ACL on the load balancer with AWS's managed rules and a per-IP rate rule; Atlas audits sign-ins and changes", async () => {
        const { records } = await evaluate("smartduka");
        const acl = only(records, "aws:wafv2/webAcl:WebAcl").revealed as any;
        assert.deepStrictEqual([acl.scope, acl.defaultAction], ["REGIONAL", { allow: {} }]);
        assert.deepStrictEqual(
            acl.rules.map((r: any) => [r.priority, r.name, r.overrideAction ?? r.action]),
            [
                [0, "AWSManagedRulesCommonRuleSet", { none: {} }],
                [1, "AWSManagedRulesKnownBadInputsRuleSet", { none: {} }],
                [2, "rate-per-ip", { block: {} }],
            ],
        );
        assert.deepStrictEqual(acl.rules[2].statement.rateBasedStatement, { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 });
        // An API's large bodies and server-to-server callbacks without a User-Agent are counted, not blocked.
        assert.deepStrictEqual(
            acl.rules[0].statement.managedRuleGroupStatement.ruleActionOverrides.map((o: any) => [o.name, o.actionToUse]),
            [
                ["SizeRestrictions_BODY", { count: {} }],
                ["NoUserAgent_HEADER", { count: {} }],
            ],
        );
        const association = only(records, "aws:wafv2/webAclAssociation:WebAclAssociation");
        assert.match((association.revealed as any).resourceArn, /^arn:aws:elasticloadbalancing:af-south-1:\d+:loadbalancer\/app\/smartduka-production-api\//);
        assert.strictEqual(association.options.deleteBeforeReplace, true, "deleting the old association would disassociate its successor");
        const audit = only(records, "mongodbatlas:index/auditing:Auditing").revealed as any;
        assert.strictEqual(audit.enabled, true);
        assert.ok(JSON.parse(audit.auditFilter).atype.$in.includes("authenticate"));

        const off = await evaluate("smartduka", (c) => {
            c["app-platform:services"].api.waf = { enabled: false };
            c["app-platform:atlas"].auditing = false;
        });
        assert.deepStrictEqual(
            off.records.filter((r) => ["aws:wafv2/webAcl:WebAcl", "mongodbatlas:index/auditing:Auditing"].includes(r.type)),
            [],
        );
    });

    it("the API's answers carry security headers: ECS's load balancer sets the ones it can and the health check asserts them; Cloud Run asserts what the app declares", async () => {
        const { records } = await evaluate("smartduka");
        const https = records.find((r) => r.type === "aws:lb/listener:Listener" && (r.revealed as any).port === 443)!.revealed as any;
        assert.deepStrictEqual(
            [https.routingHttpResponseXFrameOptionsHeaderValue, https.routingHttpResponseXContentTypeOptionsHeaderValue],
            ["DENY", "nosniff"],
        );
        const health = records.find((r) => r.type === "checkly:index/check:Check" && /api \/health$/.test((r.revealed as any).name))!.revealed as any;
        assert.deepStrictEqual(
            health.request.assertions.filter((a: any) => a.source === "HEADERS").map((a: any) => [a.property, a.target]),
            [
                ["x-frame-options", "DENY"],
                ["x-content-type-options", "nosniff"],
            ],
        );
        const hsts = await evaluate("smartduka", (c) => {
            c["app-platform:services"].api.securityHeaders = { "Strict-Transport-Security": "max-age=63072000", "Referrer-Policy": "no-referrer" };
        });
        const listener = hsts.records.find((r) => r.type === "aws:lb/listener:Listener" && (r.revealed as any).port === 443)!.revealed as any;
        assert.strictEqual(listener.routingHttpResponseStrictTransportSecurityHeaderValue, "max-age=63072000");
        assert.strictEqual(listener.routingHttpResponseXFrameOptionsHeaderValue, undefined, "only what the stack declares");
        const cloudRun = await evaluate("raptorflow", (c) => void (c["app-platform:services"].api.securityHeaders = { "X-Content-Type-Options": "nosniff" }));
        const apiHealth = cloudRun.records.find((r) => r.type === "checkly:index/check:Check" && /api \/api\/health$/.test((r.revealed as any).name))!
            .revealed as any;
        assert.ok(apiHealth.request.assertions.some((a: any) => a.source === "HEADERS" && a.property === "x-content-type-options" && a.target === "nosniff"));
    });

    it("config: a window neither platform offers, a WAF limit under AWS's floor", () => {
        const window = configErrors(() => load("production", (c) => void (c["app-platform:hosting"].rateLimit = { windowSeconds: 30 })));
        assert.match(issueFor(window, "app-platform:hosting.rateLimit.windowSeconds"), /10 or 60 \(seconds\)/);
        const waf = configErrors(() => load("smartduka", (c) => void (c["app-platform:services"].api.waf = { requestsPer5Minutes: 5 })));
        assert.match(issueFor(waf, "app-platform:services.api.waf.requestsPer5Minutes"), />=10/);
    });
});
