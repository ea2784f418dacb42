// Observability under mocks: what each stack declares in Checkly and Sentry, where the alerts go,
// the scripts that judge failed jobs and the backup, and the config checks.
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load, reveal } from "../helpers";
import { PLACEHOLDER } from "../../inventory/stackFile";
import type { ResourceRecord } from "../../inventory/mocks";

const CHECK = "checkly:index/check:Check";
const CHANNEL = "checkly:index/alertChannel:AlertChannel";
const VARIABLE = "checkly:index/environmentVariable:EnvironmentVariable";
const ALERT = "sentry:index/sentryMetricAlert:SentryMetricAlert";
const ENV_VAR = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";

const byName = (records: ResourceRecord[], type: string) => Object.fromEntries(records.filter((r) => r.type === type).map((r) => [r.name, r]));
const checkOf = (records: ResourceRecord[], suffix: string) => {
    const r = records.find((x) => x.type === CHECK && x.name.endsWith(suffix));
    assert.ok(r, `no check *${suffix}`);
    return r.revealed as any;
};

/** Runs a check's teardown script as Checkly does: after the request, with `response` in scope. */
function teardown(script: string, body: unknown): { body: string; error?: string } {
    const response = { statusCode: 200, body: JSON.stringify(body) };
    try {
        new Function("response", script)(response);
        return { body: response.body };
    } catch (err) {
        return { body: response.body, error: (err as Error).message };
    }
}

describe("monitoring (Checkly, Sentry) under mocks", function () {
    this.timeout(120_000);

    it("production (seed 000): / and /api/health every 5 minutes from two locations, alerting email, Slack and SMS after 5 minutes, with reminders", async () => {
        const { records } = await evaluate("production");
        const home = checkOf(records, "-uptime-home");
        const health = checkOf(records, "-uptime-api-health");
        assert.deepStrictEqual([home.request.url, health.request.url], ["https://ecoo.com/", "https://ecoo.com/api/health"]);
        for (const c of [home, health]) {
            assert.deepStrictEqual(
                [c.type, c.frequency, c.locations, c.degradedResponseTime, c.maxResponseTime, c.activated],
                ["API", 5, ["us-east-1", "eu-west-1"], 3000, 5000, true],
            );
            // Every block Checkly reads back, at the values it stores: nothing left for a permanent diff.
            assert.deepStrictEqual(c.alertSettings, {
                escalationType: "TIME_BASED",
                timeBasedEscalations: [{ minutesFailingThreshold: 5 }],
                runBasedEscalations: [{ failedRunThreshold: 1 }],
                reminders: [{ amount: 3, interval: 10 }],
                sslCertificates: [{ enabled: false }],
            });
            assert.strictEqual(c.useGlobalAlertSettings, false);
            assert.strictEqual(c.alertChannelSubscriptions.length, 3);
        }
        assert.deepStrictEqual(health.request.assertions, [{ source: "STATUS_CODE", comparison: "EQUALS", target: "200" }]);
        // Vercel serves the app's own headers: the check of / is what says when vercel.json lacks them.
        // Seed 000's vercel.json, exactly: an app set up as the seed says passes it (no header it never sets).
        assert.deepStrictEqual(
            home.request.assertions.slice(1).map((a: any) => `${a.source} ${a.property} ${a.comparison} ${a.target}`),
            [
                "HEADERS x-frame-options EQUALS DENY",
                "HEADERS x-content-type-options EQUALS nosniff",
                "HEADERS x-xss-protection EQUALS 1; mode=block",
                "HEADERS referrer-policy EQUALS strict-origin-when-cross-origin",
            ],
        );

        const channels = records.filter((r) => r.type === CHANNEL);
        assert.deepStrictEqual(channels.map((c) => Object.keys(c.revealed).find((k) => ["email", "slack", "sms"].includes(k))).sort(), [
            "email",
            "slack",
            "sms",
        ]);
        const slack = channels.find((c) => c.revealed.slack)!;
        assert.deepStrictEqual(slack.inputs.slack, "[secret]", "the incoming-webhook URL is a credential");
        assert.deepStrictEqual((slack.revealed.slack as any).url, PLACEHOLDER);
        assert.deepStrictEqual(slack.options.additionalSecretOutputs, ["slack"]);
        for (const c of channels) assert.deepStrictEqual([c.revealed.sendFailure, c.revealed.sendRecovery, c.revealed.sendDegraded], [true, true, true]);
    });

    it("staging checks every 15 minutes from one location, emails only and does not remind", async () => {
        const { records } = await evaluate("staging");
        const home = checkOf(records, "-uptime-home");
        assert.deepStrictEqual([home.frequency, home.locations, home.alertSettings.reminders], [15, ["us-east-1"], [{ amount: 0, interval: 5 }]]);
        assert.deepStrictEqual(
            records.filter((r) => r.type === CHANNEL).map((c) => c.revealed.email),
            [{ address: "dev@ecoo.com" }],
        );
    });

    it("Sentry: a project per app and environment, its public DSN in the env contract, the seed's three rules to email and Slack", async () => {
        const { records, outputs } = await evaluate("production");
        const project = records.find((r) => r.type === "sentry:index/sentryProject:SentryProject")!;
        // No platform: the provider would fetch docs.sentry.io to validate one (a 404 now), failing the preview.
        assert.deepStrictEqual(
            [project.revealed.organization, project.revealed.slug, project.revealed.teams, "platform" in project.revealed],
            ["ecoo", "ecoo-production", ["ecoo"], false],
        );
        assert.deepStrictEqual([project.options.protect, project.options.retainOnDelete], [true, true]);
        const key = records.find((r) => r.type === "sentry:index/sentryKey:SentryKey")!;
        assert.deepStrictEqual(key.options.additionalSecretOutputs, ["dsnSecret", "secret"]);
        const dsn = records.find((r) => r.type === ENV_VAR && r.revealed.key === "NEXT_PUBLIC_SENTRY_DSN")!;
        assert.match(String(dsn.revealed.value), /^https:\/\/[0-9a-f]{32}@o1000\.ingest\.sentry\.io\/\d+$/);
        assert.strictEqual(dsn.revealed.sensitive, false, "public by design: it ships to browsers");

        const alerts = byName(records, ALERT);
        const rules = Object.values(alerts).map((a) => a.revealed as any);
        // Spans, as Sentry requires for new performance alerts; event types declared (the provider reads them back).
        assert.deepStrictEqual(rules.map((r) => [r.dataset, r.eventTypes, r.aggregate, r.query, r.timeWindow, r.triggers[0].alertThreshold]).sort(), [
            ["events", ["error"], "count()", "event.type:error", 5, 10],
            ["events_analytics_platform", ["trace_item_span"], "failure_rate()", "is_transaction:1", 5, 0.01],
            ["events_analytics_platform", ["trace_item_span"], "p95(span.duration)", "is_transaction:1", 5, 3000],
        ]);
        for (const r of rules) {
            assert.deepStrictEqual(
                r.triggers[0].actions.map((a: any) => [a.type, a.targetType]),
                [
                    ["email", "team"],
                    ["slack", "specific"],
                ],
            );
            assert.match(r.triggers[0].actions[0].targetIdentifier, /^\d+$/, "the team's numeric id, from the team looked up by slug");
            assert.deepStrictEqual([r.triggers[0].actions[1].integrationId, r.triggers[0].actions[1].targetIdentifier], [240101, "#ecoo-alerts"]);
        }
        const legacy = Object.values(
            byName((await evaluate("production", (c) => (c["app-platform:monitoring"].sentry.performanceDataset = "transactions"))).records, ALERT),
        ).map((a) => a.revealed as any);
        assert.deepStrictEqual(
            legacy.map((r) => [r.dataset, r.eventTypes, r.aggregate, r.query]).sort(),
            [
                ["events", ["error"], "count()", "event.type:error"],
                ["transactions", ["transaction"], "failure_rate()", ""],
                ["transactions", ["transaction"], "p95(transaction.duration)", ""],
            ],
            "a Sentry server that still offers transactions: configurable",
        );
        const monitoring = (await reveal<any>(outputs.monitoring)).value;
        assert.strictEqual(monitoring.sentryProject, "ecoo/ecoo-production");
        assert.deepStrictEqual(monitoring.alertChannels, ["email:oncall@ecoo.com", "slack:#ecoo-alerts", "sms:on-call"]);
        assert.deepStrictEqual(
            monitoring.checks.map((c: any) => c.name),
            [
                "ecoo production: /",
                "ecoo production: /api/health",
                "ecoo production: job retry-emails",
                "ecoo production: backup and restore check",
                "ecoo production: database check",
            ],
        );
        assert.ok(monitoring.checks.every((c: any) => /^\d+$/.test(c.checkId)));
    });

    it("seed 002's app (next.config.js headers): the check of / asserts its own list, Permissions-Policy included", async () => {
        const { records } = await evaluate("dirtfree");
        assert.deepStrictEqual(
            checkOf(records, "-uptime-home")
                .request.assertions.filter((a: any) => a.source === "HEADERS")
                .map((a: any) => `${a.property}: ${a.target}`),
            [
                "x-frame-options: DENY",
                "x-content-type-options: nosniff",
                "referrer-policy: strict-origin-when-cross-origin",
                "permissions-policy: geolocation=(), microphone=(), camera=()",
            ],
        );
    });

    it("seed 002: the source-map upload names the Sentry project this stack made (sentry.project, sentry.organization), and alerts reach #dev-support", async () => {
        const { records } = await evaluate("dirtfree");
        const project = records.find((r) => r.type === "sentry:index/sentryProject:SentryProject")!;
        const env = (key: string) => records.find((r) => r.type === ENV_VAR && r.revealed.key === key)!.revealed.value;
        assert.deepStrictEqual([env("SENTRY_ORG"), env("SENTRY_PROJECT")], [project.revealed.organization, project.revealed.slug]);
        assert.strictEqual(env("SENTRY_PROJECT"), "dirt-free-crm-staging");
        const channels = records.filter((r) => r.type === CHANNEL).map((r) => r.revealed as any);
        assert.deepStrictEqual(channels.map((c) => c.email?.address ?? c.slack?.channel).sort(), ["#dev-support", "dev@dirtfree.com"]);
    });

    it("seed 003: the API on Cloud Run reads the Sentry DSN; the p95 rule at its 2 s payment target", async () => {
        const { records } = await evaluate("raptorflow");
        const service = records.find((r) => r.type === "gcp:cloudrunv2/service:Service")!.revealed as any;
        const dsn = service.template.containers[0].envs.find((e: { name: string }) => e.name === "SENTRY_DSN");
        const key = records.find((r) => r.type === "sentry:index/sentryKey:SentryKey")!;
        assert.ok(dsn, "SENTRY_DSN on the API");
        assert.match(String(dsn.value), /^https:\/\/[0-9a-f]{32}@o1000\.ingest\.sentry\.io\/\d+$/);
        assert.ok(key, "the stack's Sentry key");
        const rules = records.filter((r) => r.type === ALERT).map((r) => r.revealed as any);
        const p95 = rules.find((r) => r.aggregate === "p95(span.duration)")!;
        assert.deepStrictEqual(
            p95.triggers.map((t: any) => [t.label, t.alertThreshold, t.thresholdType]),
            [["critical", 2000, 0]],
        );
    });

    it("health bodies and per-endpoint targets: each JSON field the seed's health response reports is asserted; seed 003's health checks degrade past 100 ms", async () => {
        const mystic = checkOf((await evaluate("mystic")).records, "-uptime-api-health");
        assert.deepStrictEqual(
            mystic.request.assertions.filter((a: any) => a.source === "JSON_BODY").map((a: any) => [a.property, a.comparison, a.target]),
            [
                ["$.status", "EQUALS", "healthy"],
                ["$.database", "EQUALS", "connected"],
                ["$.redis", "EQUALS", "connected"],
            ],
        );
        const { records } = await evaluate("raptorflow");
        const health = checkOf(records, "-service-api-api-health");
        assert.deepStrictEqual([health.degradedResponseTime, health.maxResponseTime], [100, 5000]);
        assert.deepStrictEqual(
            health.request.assertions.filter((a: any) => a.source === "JSON_BODY").map((a: any) => a.property),
            ["$.status", "$.services.database", "$.services.redis", "$.services.email", "$.services.payment"],
        );
        // The site's own paths keep the section's targets.
        assert.deepStrictEqual([checkOf(records, "-uptime-home").degradedResponseTime, checkOf(records, "-uptime-home").maxResponseTime], [3000, 5000]);
    });

    it("config: a path degraded after it fails, or a JSONPath that is not one, is refused where it is written", () => {
        const slow = configErrors(() =>
            load("raptorflow", (c) => void (c["app-platform:services"].api.monitorPaths[1] = { path: "/api/payments/v2/health", degradedMs: 6000 })),
        );
        assert.match(issueFor(slow, "app-platform:services.api.monitorPaths[1]"), /degraded at 6000 ms but failing at 5000 ms/);
        const bad = configErrors(() => load("mystic", (c) => void (c["app-platform:monitoring"].uptime.paths[1].json = { "status; rm": "x" })));
        assert.match(bad.message, /a JSONPath such as \$\.status or \$\.services\.database/);
    });

    it("a scheduled job that fails all its retries alerts: its check reads QStash's dead-letter queue, scrubbed of the forwarded secret", async () => {
        const { records, config } = await evaluate("dirtfree");
        const enabled = config.cronJobs.filter((j) => j.enabled);
        const jobs = records.filter((r) => r.type === CHECK && /-job-/.test(r.name));
        assert.strictEqual(jobs.length, enabled.length);
        assert.ok(enabled.length > 10);
        const schedules = Object.fromEntries(
            records.filter((r) => r.type === "upstash:index/qStashScheduleV2:QStashScheduleV2").map((r) => [r.name.replace(/^dirt-free-crm-cron-/, ""), r]),
        );
        const variable = records.find((r) => r.type === VARIABLE)!;
        assert.deepStrictEqual(
            [variable.revealed.key, variable.inputs.value, variable.revealed.locked],
            ["QSTASH_TOKEN_DIRT_FREE_CRM_STAGING", "[secret]", true],
        );
        for (const job of enabled) {
            const check = checkOf(records, `-job-${job.name}`);
            assert.match(check.request.url, /^https:\/\/qstash\.upstash\.io\/v2\/dlq\?scheduleId=scd_[0-9a-f]{16}$/);
            assert.ok(schedules[job.name], job.name);
            assert.deepStrictEqual(
                check.request.headers,
                { Authorization: "Bearer {{QSTASH_TOKEN_DIRT_FREE_CRM_STAGING}}" },
                "the token stays in Checkly's locked variable",
            );
            assert.strictEqual(check.frequency, 30);
        }
        const script = checkOf(records, `-job-${enabled[0].name}`).localTeardownScript as string;
        const leaked = "Bearer cron-secret-that-must-not-show";
        const failed = teardown(script, { messages: [{ dlqId: "d1", responseStatus: 500, createdAt: 1, header: { Authorization: [leaked] }, body: "x" }] });
        assert.match(failed.error!, new RegExp(`^${enabled[0].name}: 1 run\\(s\\) failed after all retries`));
        assert.deepStrictEqual(JSON.parse(failed.body), { failed: [{ dlqId: "d1", responseStatus: 500, createdAt: 1 }] });
        assert.ok(!failed.body.includes(leaked));
        assert.deepStrictEqual(teardown(script, { messages: [] }), { body: '{"failed":[]}' });
        assert.deepStrictEqual(teardown(script, {}), { body: '{"failed":[]}' });
    });

    it("the nightly backup and restore check alerts when its last success is older than maxAgeHours, or never happened", async () => {
        const { records } = await evaluate("production");
        const check = checkOf(records, "-backup");
        assert.strictEqual(
            check.request.url,
            "https://api.github.com/repos/ecoo-commerce/app-platform/actions/workflows/backup.yml/runs?branch=main&status=success&per_page=1",
        );
        const script = check.localTeardownScript as string;
        const ago = (hours: number) => new Date(Date.now() - hours * 36e5).toISOString();
        assert.strictEqual(teardown(script, { workflow_runs: [{ updated_at: ago(3), html_url: "https://github.com/x" }] }).error, undefined);
        assert.match(
            teardown(script, { workflow_runs: [{ updated_at: ago(30) }] }).error!,
            /^no successful backup\.yml run on main in 26 hours \(last: \d{4}-/,
        );
        assert.match(teardown(script, { workflow_runs: [] }).error!, /\(last: never\)$/);
        const withToken = await evaluate("production", (c) => {
            c["app-platform:monitoring"].backups.tokenSecret = "githubToken";
            c["app-platform:secrets"].external.githubToken = { rotatedAt: "2026-11-01", rotationDays: 90 };
        });
        assert.strictEqual(checkOf(withToken.records, "-backup").request.headers.Authorization, "Bearer {{GITHUB_TOKEN_ECOO_PRODUCTION}}");
    });

    it("the database check alerts when this stack's last database.yml run failed, or none finished within maxAgeMinutes", async () => {
        const { records } = await evaluate("production");
        const check = checkOf(records, "-database");
        assert.strictEqual(
            check.request.url,
            "https://api.github.com/repos/ecoo-commerce/app-platform/actions/workflows/database.yml/runs?branch=main&event=workflow_dispatch&status=completed&per_page=100",
        );
        assert.deepStrictEqual([check.frequency, check.request.headers.Authorization], [15, undefined]);
        const script = check.localTeardownScript as string;
        const ago = (minutes: number) => new Date(Date.now() - minutes * 6e4).toISOString();
        const run = (title: string, minutes: number, conclusion: string) => ({
            display_title: title,
            updated_at: ago(minutes),
            conclusion,
            html_url: `https://github.com/ecoo-commerce/app-platform/actions/runs/${minutes}`,
        });
        // The newest run of this stack decides; staging's runs, newer or failed, do not.
        const passed = teardown(script, { workflow_runs: [run("Database check: staging", 1, "failure"), run("Database check: production", 14, "success")] });
        assert.strictEqual(passed.error, undefined);
        assert.deepStrictEqual(JSON.parse(passed.body).conclusion, "success");
        assert.match(
            teardown(script, { workflow_runs: [run("Database check: production", 3, "failure"), run("Database check: production", 18, "success")] }).error!,
            /^Database check: production failure at \d{4}-.*: its log says what \(connections, long queries or storage\): https:\/\/github\.com\/ecoo-commerce\/app-platform\/actions\/runs\/3$/,
        );
        assert.match(
            teardown(script, { workflow_runs: [run("Database check: production", 75, "success")] }).error!,
            /^no "Database check: production" run of database\.yml on main in 60 minutes \(last: \d{4}-/,
        );
        assert.match(teardown(script, { workflow_runs: [run("Database check: staging", 1, "success")] }).error!, /\(last: never\)$/);
        // A pending run a newer one replaced ends cancelled: it checked nothing, and the run before it counts.
        assert.strictEqual(
            teardown(script, { workflow_runs: [run("Database check: production", 2, "cancelled"), run("Database check: production", 16, "success")] }).error,
            undefined,
        );
        // A token for a private repository; the backup check's when both name the same secret.
        const withTokens = await evaluate("production", (c) => {
            c["app-platform:monitoring"].database.tokenSecret = "githubToken";
            c["app-platform:secrets"].external.githubToken = { rotatedAt: "2026-11-01", rotationDays: 90 };
        });
        assert.strictEqual(checkOf(withTokens.records, "-database").request.headers.Authorization, "Bearer {{GITHUB_DB_TOKEN_ECOO_PRODUCTION}}");
        const shared = await evaluate("production", (c) => {
            c["app-platform:monitoring"].database.tokenSecret = "githubToken";
            c["app-platform:monitoring"].backups.tokenSecret = "githubToken";
            c["app-platform:secrets"].external.githubToken = { rotatedAt: "2026-11-01", rotationDays: 90 };
        });
        assert.strictEqual(checkOf(shared.records, "-database").request.headers.Authorization, "Bearer {{GITHUB_TOKEN_ECOO_PRODUCTION}}");
        assert.deepStrictEqual(
            shared.records.filter((r) => r.type === VARIABLE).map((r) => r.revealed.key),
            ["QSTASH_TOKEN_ECOO_PRODUCTION", "GITHUB_TOKEN_ECOO_PRODUCTION"],
        );
    });

    it("config: a database check needs a PostgreSQL and a repository; production without one is warned", () => {
        const err = configErrors(() =>
            load("smartduka", (c) => {
                c["app-platform:monitoring"].database = { tokenSecret: "githubToken" };
            }),
        );
        assert.match(issueFor(err, "app-platform:monitoring.database"), /checks the stack's PostgreSQL, but it has none/);
        assert.match(issueFor(err, "app-platform:secrets.external.githubToken"), /needs this key declared/);
        // Without the backup writer's repository to default to.
        const lost = configErrors(() => load("dirtfreeProduction", (c) => void delete c["app-platform:monitoring"].database.repository));
        assert.match(issueFor(lost, "app-platform:monitoring.database.repository"), /which repository runs the database workflow\?/);
        const unwatched = load("production", (c) => void delete c["app-platform:monitoring"].database);
        assert.ok(unwatched.warnings.some((w) => /^app-platform:monitoring\.database: nothing alerts on the PostgreSQL database's connections/.test(w)));
        assert.ok(!load("production").warnings.some((w) => /monitoring\.database/.test(w)));
    });

    it("a branch name git allows but JavaScript would run (backticks, ${...}) reaches the backup script as text, not code", async () => {
        // Valid for git check-ref-format; spliced into a template literal it read the account's locked variables.
        const branch = "x`+JSON.stringify(process.env)+`${process.exit(7)}\"'";
        const { records } = await evaluate("production", (c) => void (c["app-platform:monitoring"].backups.branch = branch));
        const script = checkOf(records, "-backup").localTeardownScript as string;
        const failed = teardown(script, { workflow_runs: [] });
        assert.strictEqual(failed.error, `no successful backup.yml run on ${branch} in 26 hours (last: never)`);
        assert.ok(!failed.error!.includes(process.env.PATH ?? "PATH"), "the environment was not read");
    });

    it("seed 001 on Pages: three monitors (the webhook answers GET with 405) and the database check, the headers and HTTPS-only at Cloudflare's edge", async () => {
        const { records } = await evaluate("mystic");
        assert.deepStrictEqual(
            records
                .filter((r) => r.type === CHECK)
                .map((r) => [(r.revealed as any).request.url, (r.revealed as any).request.assertions[0].target])
                .sort(),
            [
                [
                    "https://api.github.com/repos/mystic-labs/mystic-ecom/actions/workflows/database.yml/runs?branch=main&event=workflow_dispatch&status=completed&per_page=100",
                    "200",
                ],
                ["https://mystic-ecom.com/", "200"],
                ["https://mystic-ecom.com/api/checkout/webhook", "405"],
                ["https://mystic-ecom.com/api/health", "200"],
            ],
        );
        const rules = records.filter((r) => r.type === "cloudflare:index/ruleset:Ruleset" && r.revealed.phase === "http_response_headers_transform");
        assert.strictEqual(rules.length, 1);
        const [rule] = (rules[0].revealed as any).rules;
        assert.deepStrictEqual([rule.expression, rule.action], ['(http.host eq "mystic-ecom.com")', "rewrite"]);
        assert.deepStrictEqual(rule.actionParameters.headers["Strict-Transport-Security"], {
            operation: "set",
            value: "max-age=31536000; includeSubDomains; preload",
        });
        assert.match(rule.actionParameters.headers["Content-Security-Policy"].value, /script-src 'self' 'unsafe-inline' https:\/\/js\.stripe\.com/);
        const https = records.find((r) => r.type === "cloudflare:index/zoneSetting:ZoneSetting")!;
        assert.deepStrictEqual([https.revealed.settingId, https.revealed.value, https.options.retainOnDelete], ["always_use_https", "on", true]);
        // Without a zone of its own, a Pages stack is told where the headers go instead.
        const zoneless = load("mystic", (c) => {
            delete c["app-platform:dns"];
            c["app-platform:domains"].redirects = [];
        });
        assert.ok(zoneless.warnings.some((w) => /^app-platform:hosting\.securityHeaders: .*set them in the app's _headers file/.test(w)));
        // Vercel stacks get no edge rule: the app's vercel.json holds them.
        const { records: vercel } = await evaluate("production");
        assert.ok(!vercel.some((r) => r.type === "cloudflare:index/zoneSetting:ZoneSetting" || r.revealed.phase === "http_response_headers_transform"));
    });

    it("config: refuses monitoring that alerts no one, undeclared credentials, jobs without crons, a backup check without a repository", () => {
        const err = configErrors(() =>
            load("dirtfree", (c) => {
                const m = c["app-platform:monitoring"];
                m.alerts = { email: [], slack: { channel: "#ops", webhookUrlSecret: "opsSlackUrl" } };
                delete c["app-platform:secrets"].external.qstashToken;
            }),
        );
        assert.match(
            issueFor(err, "app-platform:secrets.external.opsSlackUrl"),
            /app-platform:monitoring\.alerts\.slack \(its incoming-webhook URL\) needs this key declared/,
        );
        assert.match(
            issueFor(err, "app-platform:secrets.external.qstashToken"),
            /monitoring\.jobs \(the QStash token that reads the dead-letter queue\) needs this key declared/,
        );
        const noJobs = configErrors(() => load("dirtfree", (c) => delete c["app-platform:crons"]));
        assert.match(issueFor(noJobs, "app-platform:monitoring.jobs"), /the stack has none: add app-platform:crons or remove monitoring\.jobs/);
        const slow = configErrors(() => load("dirtfree", (c) => void (c["app-platform:monitoring"].uptime.degradedMs = 9000)));
        assert.match(issueFor(slow, "app-platform:monitoring.uptime.degradedMs"), /9000 ms is above failMs \(5000 ms\)/);
        const often = configErrors(() => load("dirtfree", (c) => void (c["app-platform:monitoring"].uptime.frequencyMinutes = 7)));
        assert.match(issueFor(often, "app-platform:monitoring.uptime.frequencyMinutes"), /one of Checkly's frequencies: 1, 5, 10, 15, 30, 60, 720, 1440/);
        const silent = configErrors(() => load("staging", (c) => void (c["app-platform:monitoring"].alerts.email = [])));
        assert.match(issueFor(silent, "app-platform:monitoring.alerts"), /no alert channel: add an email address/);
        const repo = configErrors(() => load("dirtfree", (c) => void (c["app-platform:monitoring"].backups = {})));
        assert.match(issueFor(repo, "app-platform:monitoring.backups.repository"), /Set it \(owner\/name\), or use backups\.writer kind github-oidc/);
    });

    it("a stack without monitoring has no checks, no Sentry and a null output; sentry.dsn is then not a source", async () => {
        const { records, outputs } = await evaluate("staging", (c) => {
            delete c["app-platform:monitoring"];
            delete c["app-platform:env"].NEXT_PUBLIC_SENTRY_DSN;
        });
        assert.ok(!records.some((r) => r.type.startsWith("checkly:") || r.type.startsWith("sentry:")));
        assert.strictEqual((await reveal(outputs.monitoring)).value, null);
        const err = configErrors(() => load("staging", (c) => delete c["app-platform:monitoring"]));
        assert.match(issueFor(err, "app-platform:env.NEXT_PUBLIC_SENTRY_DSN.from"), /unknown source "sentry\.dsn"/);
    });
});
