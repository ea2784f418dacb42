import * as assert from "assert";
import { apiClient } from "../../../providers/webhooks/http";
import { deleteWebhook, ensureWebhook, getWebhook, listWebhooks, updateWebhook } from "../../../providers/webhooks/razorpay";
import { razorpayDashboardProvider, razorpayPartnerProvider, RazorpayWebhookProps } from "../../../providers/webhooks/razorpayProvider";
import { configErrors, evaluate, issueFor, load } from "../../helpers";
import { FakeRazorpay, startFakeRazorpay } from "../../support/fakes/razorpay";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const ACCOUNT = "acc_TestMerchant01";
const KEY_ID = "rzp_test_Key0001";
const KEY_SECRET = "razorpay-key-secret-value";
const TOKEN = "partner-oauth-access-token-value";
const spec = {
    url: "https://shop.example.com/api/webhooks/razorpay",
    events: ["payment.captured", "payment.failed"],
    alertEmail: "ops@example.com",
    secret: "a".repeat(64),
};
const start = () => startFakeRazorpay({ accountId: ACCOUNT, keyId: KEY_ID, keySecret: KEY_SECRET, oauthToken: TOKEN });

describe("Razorpay webhook engine, partner mode (against a local Razorpay API)", function () {
    this.timeout(30_000);
    let rzp: FakeRazorpay;
    const api = (token = TOKEN) =>
        apiClient({ service: "Razorpay", baseUrl: rzp.url, auth: { bearer: token }, maxDelayMs: 50, retryMethods: ["get", "patch", "delete"] });
    beforeEach(async () => (rzp = await start()));
    afterEach(async () => {
        assert.deepStrictEqual(rzp.violations, []);
        await rzp.close();
    });

    it("creates with a JSON body and the OAuth token, supplying the secret, which is never read back", async () => {
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        assert.strictEqual(hook.adopted, false);
        const post = rzp.requests.find((r) => r.method === "POST")!;
        assert.deepStrictEqual(post.json, { url: spec.url, events: spec.events, secret: spec.secret, alert_email: "ops@example.com" });
        assert.strictEqual(post.headers.authorization, `Bearer ${TOKEN}`);
        assert.strictEqual(rzp.webhooks.get(hook.id)!.secret, spec.secret);
        const read = await getWebhook(api(), ACCOUNT, hook.id);
        assert.ok(read && !("secret" in read));
    });

    it("adopts an existing webhook for the same URL instead of making a duplicate", async () => {
        const manual = rzp.addDashboardWebhook({ url: spec.url, events: ["payment.failed"], secret: "set-by-hand-in-the-dashboard" });
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        assert.deepStrictEqual([hook.id, hook.adopted], [manual, true]);
        assert.strictEqual(rzp.webhooks.size, 1);
        assert.deepStrictEqual(rzp.webhooks.get(hook.id)!.events, spec.events);
        assert.strictEqual(rzp.webhooks.get(hook.id)!.secret, spec.secret, "the secret is taken over too");
    });

    it("a create whose answer is lost is not duplicated: the next attempt finds it by URL", async () => {
        rzp.methodFaults.POST = ["drop-after"];
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        assert.strictEqual(rzp.webhooks.size, 1);
        assert.strictEqual(hook.id, [...rzp.webhooks.keys()][0]);
        assert.deepStrictEqual(
            rzp.requests.map((r) => r.method),
            ["GET", "POST", "GET", "PATCH"],
        );
    });

    it("rotation updates the secret in place (the SDK's edit body: url and events again); 429s and 500s on reads are retried; delete is idempotent", async () => {
        const hook = await ensureWebhook(api(), ACCOUNT, spec);
        rzp.faults.push({ status: 429, retryAfter: 1 }, { status: 500 });
        await updateWebhook(api(), ACCOUNT, hook.id, { ...spec, secret: "b".repeat(64) });
        assert.strictEqual(rzp.webhooks.get(hook.id)!.secret, "b".repeat(64));
        await deleteWebhook(api(), ACCOUNT, hook.id);
        assert.strictEqual(await getWebhook(api(), ACCOUNT, hook.id), null);
    });

    it("fetch-all is paged (count at most 100, skip): a webhook past the first hundred is found", async () => {
        for (let i = 0; i < 120; i++) rzp.addDashboardWebhook({ url: `https://shop.example.com/hooks/${i}`, events: ["payment.failed"] });
        const all = await listWebhooks(api(), ACCOUNT);
        assert.strictEqual(all.length, 120);
        assert.ok(rzp.requests.every((r) => r.method !== "GET" || Number(r.query.get("count")) <= 100));
    });

    it("a 401 surfaces Razorpay's own message, without the token", async () => {
        await assert.rejects(ensureWebhook(api("wrong-token"), ACCOUNT, spec), (err: Error) => {
            assert.match(err.message, /Razorpay GET .* → 401: The api key provided is invalid \(code BAD_REQUEST_ERROR\)/);
            assert.ok(!err.message.includes("wrong-token") && !err.message.includes(TOKEN));
            return true;
        });
    });

    it("the local API refuses what Razorpay refuses: an extra field, an edit without url and events, an unknown event, a write with the merchant's keys, count above 100", async () => {
        const call = (method: string, path: string, json?: unknown, auth = `Bearer ${TOKEN}`) =>
            fetch(`${rzp.url}/v2/accounts/${ACCOUNT}/webhooks${path}`, {
                method,
                headers: { authorization: auth, ...(json ? { "content-type": "application/json" } : {}) },
                body: json ? JSON.stringify(json) : undefined,
            }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
        const ok = await call("POST", "", { url: spec.url, events: spec.events });
        assert.strictEqual(ok.status, 200);
        for (const [method, path, json, message] of [
            ["POST", "", { url: spec.url, events: spec.events, description: "x" }, /description is\/are not required/],
            ["PATCH", `/${ok.body.id}`, { secret: "s" }, /url field is required/],
            ["PATCH", `/${ok.body.id}`, { url: spec.url, secret: "s" }, /events field is required/],
            ["POST", "", { url: spec.url, events: ["payment.capture"] }, /Invalid event name\(s\): payment\.capture/],
            ["POST", "", { url: "http://shop.example.com/x", events: spec.events }, /https URL/],
        ] as const) {
            const res = await call(method, path, json);
            assert.strictEqual(res.status, 400, `${method} ${JSON.stringify(json)}`);
            assert.match(res.body.error.description, message);
        }
        const basic = `Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString("base64")}`;
        assert.strictEqual((await call("GET", "", undefined, basic)).status, 200, "the merchant's keys read");
        assert.match((await call("POST", "", { url: spec.url, events: spec.events }, basic)).body.error.description, /Partner API/);
        assert.strictEqual((await call("DELETE", `/${ok.body.id}`, undefined, basic)).status, 401);
        assert.strictEqual((await call("GET", "?count=101")).status, 400);
    });
});

describe("RazorpayWebhook, through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let partner: ProviderHost;
    let dashboard: ProviderHost;
    let rzp: FakeRazorpay;
    before(async () => ([partner, dashboard] = await Promise.all([startProviderHost(razorpayPartnerProvider), startProviderHost(razorpayDashboardProvider)])));
    after(async () => Promise.all([partner?.stop(), dashboard?.stop()]));
    beforeEach(async () => (rzp = await start()));
    afterEach(async () => rzp.close());
    const props = (extra: Partial<RazorpayWebhookProps> = {}): RazorpayWebhookProps => ({
        mode: "partner",
        keyId: KEY_ID,
        keySecret: KEY_SECRET,
        oauthToken: TOKEN,
        accountId: ACCOUNT,
        apiBaseUrl: rzp.url,
        url: spec.url,
        events: spec.events,
        alertEmail: null,
        secret: "s1".repeat(32),
        secretCommand: "pulumi stack output razorpayWebhookSecret --show-secrets --stack production",
        ...extra,
    });
    const dashboardProps = (extra: Partial<RazorpayWebhookProps> = {}) => props({ mode: "dashboard", oauthToken: null, ...extra });

    it("partner mode: create, rotate the secret (update in place), refresh drift, delete", async () => {
        const created = await partner.create(props());
        assert.strictEqual(rzp.webhooks.get(created.id)!.secret, "s1".repeat(32));
        const rotated = props({ secret: "s2".repeat(32) });
        assert.strictEqual((await partner.diff(created.id, created.outs, rotated)).changes, true);
        assert.deepStrictEqual((await razorpayPartnerProvider.diff!(created.id, created.outs as any, rotated)).replaces, []);
        const updated = await partner.update(created.id, created.outs, rotated);
        assert.strictEqual(rzp.webhooks.get(created.id)!.secret, "s2".repeat(32));
        rzp.webhooks.clear();
        const refreshed = await partner.read(created.id, updated.outs);
        assert.strictEqual(refreshed.props.status, "deleted-upstream");
        assert.deepStrictEqual((await razorpayPartnerProvider.diff!(created.id, refreshed.props as any, rotated)).replaces, ["webhookId"]);
        await partner.delete(created.id, refreshed.props);
    });

    it("dashboard mode never writes: it finds the Dashboard's webhook, prints the steps without the secret, and a rotation prints the step to paste the new one", async () => {
        const id = rzp.addDashboardWebhook({ url: spec.url, events: spec.events, secret: "set-in-the-dashboard" });
        const before = dashboard.stderr().length;
        const created = await dashboard.create(dashboardProps());
        assert.deepStrictEqual([created.outs.webhookId, created.outs.status], [id, "active"]);
        const rotated = dashboardProps({ secret: "s2".repeat(32) });
        assert.strictEqual((await dashboard.diff(created.id, created.outs, rotated)).changes, true);
        const updated = await dashboard.update(created.id, created.outs, rotated);
        assert.strictEqual(updated.outs.status, "active");
        await dashboard.delete(created.id, updated.outs);
        const printed = await dashboard.printed(before);
        assert.match(
            printed,
            /action required: Razorpay webhooks are managed in the Dashboard\. In the Razorpay Dashboard \(Accounts & Settings → Webhooks\), https:\/\/shop\.example\.com\/api\/webhooks\/razorpay needs: Active, events payment\.captured, payment\.failed\. Set its Secret to the value of: pulumi stack output razorpayWebhookSecret --show-secrets --stack production/,
        );
        assert.match(printed, /action required: the Razorpay webhook secret rotated\..*Until then Razorpay signs with the previous secret/);
        assert.match(printed, /stays in the Dashboard/);
        assert.ok(!printed.includes("s1".repeat(32)) && !printed.includes("s2".repeat(32)) && !printed.includes(KEY_SECRET), "no secret printed");
        assert.deepStrictEqual([...new Set(rzp.requests.map((r) => r.method))], ["GET"], "reads only");
        assert.ok(
            rzp.requests.every((r) => r.headers.authorization!.startsWith("Basic ")),
            "with the merchant's own keys",
        );
        assert.strictEqual(rzp.webhooks.get(id)!.secret, "set-in-the-dashboard", "the Dashboard's webhook is untouched");
    });

    it("dashboard mode: a preview warns when the webhook is missing, disabled or has other events, and a refresh records it", async () => {
        const warnings = async () => {
            const before = dashboard.stderr().length;
            await dashboard.check({}, dashboardProps());
            return dashboard.printed(before);
        };
        assert.match(
            await warnings(),
            /warning: Razorpay: no webhook for https:\/\/shop\.example\.com\/api\/webhooks\/razorpay\. .*Set its Secret to the value of/,
        );
        const id = rzp.addDashboardWebhook({ url: spec.url, events: ["payment.captured", "refund.created"] });
        assert.match(
            await warnings(),
            new RegExp(`warning: Razorpay: the webhook for \\S+ \\(${id}\\) has other events: missing payment\\.failed; not configured refund\\.created`),
        );
        rzp.webhooks.get(id)!.events = spec.events;
        assert.strictEqual(await warnings(), "", "as configured: silent");
        rzp.webhooks.get(id)!.active = false;
        assert.match(await warnings(), /is disabled/);
        const read = await dashboard.read(`dashboard:${ACCOUNT}:${spec.url}`, { ...dashboardProps(), webhookId: id, adopted: false, status: "active" });
        assert.strictEqual(read.props.status, "inactive");
    });

    it("a stack moving from dashboard to partner mode registers its own webhook (replace), never updates the Dashboard's", async () => {
        const created = await dashboard.create(dashboardProps());
        assert.deepStrictEqual((await razorpayPartnerProvider.diff!(created.id, created.outs as any, props())).replaces, ["webhookId"]);
    });

    it("the serialized providers carry no credential", async () => {
        const pulumi = await import("@pulumi/pulumi");
        for (const provider of [razorpayPartnerProvider, razorpayDashboardProvider]) {
            const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
            assert.ok(!text.includes(KEY_SECRET) && !text.includes(TOKEN));
        }
    });
});

describe("RazorpayWebhook (stack wiring)", () => {
    it("the flagship (a direct merchant) checks its Dashboard webhook <site>/api/webhooks/razorpay; the secret to paste is WEBHOOK_SECRET, as a secret output", async () => {
        const { records, inventory } = await evaluate("production");
        const [hook] = records.filter((r) => r.type === "pulumi-nodejs:dynamic/app-platform:RazorpayWebhook");
        assert.deepStrictEqual(
            [hook.inputs.mode, hook.inputs.url, hook.inputs.keyId],
            ["dashboard", "https://ecoo.com/api/webhooks/razorpay", "rzp_live_EcooProd0001"],
        );
        assert.deepStrictEqual([hook.inputs.keySecret, hook.inputs.secret, hook.inputs.oauthToken], ["[secret]", "[secret]", null]);
        assert.strictEqual(hook.inputs.secretCommand, "pulumi stack output razorpayWebhookSecret --show-secrets --stack production");
        assert.ok(hook.options.protect);
        const env = records.find((r) => r.inputs.key === "WEBHOOK_SECRET")!;
        assert.strictEqual(hook.revealed.secret, env.revealed.value);
        assert.strictEqual(inventory.outputs.razorpayWebhookSecret, "[secret]");
    });

    it("partner mode needs an OAuth token secret; dashboard mode takes none", async () => {
        const partner = configErrors(() => load("production", (c) => (c["app-platform:webhooks"].razorpay.mode = "partner")));
        assert.match(
            issueFor(partner, "app-platform:webhooks.razorpay.oauthTokenSecret"),
            /partner mode writes webhooks with the Partner API's OAuth access token/,
        );
        const dashboard = configErrors(() => load("production", (c) => (c["app-platform:webhooks"].razorpay.oauthTokenSecret = "razorpayOauthToken")));
        assert.match(issueFor(dashboard, "app-platform:webhooks.razorpay.oauthTokenSecret"), /only partner mode uses an OAuth token/);
        const ok = load("production", (c) => {
            c["app-platform:webhooks"].razorpay = { ...c["app-platform:webhooks"].razorpay, mode: "partner", oauthTokenSecret: "razorpayOauthToken" };
            c["app-platform:secrets"].external.razorpayOauthToken = { rotatedAt: "2026-11-01", rotationDays: 90 };
            c["app-platform:razorpayOauthToken"] = { secure: "v1:abc" };
        });
        assert.strictEqual(ok.webhooks!.razorpay!.mode, "partner");
    });
});
