import * as assert from "assert";
import { twilioWebhookProvider, TwilioWebhookProps } from "../../../providers/webhooks/twilioProvider";
import { configErrors, evaluate, issueFor, load } from "../../helpers";
import { FakeTwilio, startFakeTwilio } from "../../support/fakes/twilio";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "twilio-auth-token-value";
const PN = "PN0123456789abcdef0123456789abcdef";
const NUMBER = {
    sid: PN,
    phone_number: "+14155550142",
    sms_url: "https://old.example.com/sms",
    sms_method: "GET",
    sms_fallback_url: null,
    sms_fallback_method: "POST",
    status_callback: null,
    status_callback_method: "POST",
};

describe("TwilioWebhook dynamic provider (local Twilio API), through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let twilio: FakeTwilio;
    before(async () => (host = await startProviderHost(twilioWebhookProvider)));
    after(async () => host?.stop());
    beforeEach(async () => (twilio = await startFakeTwilio(SID, TOKEN, [NUMBER])));
    afterEach(async () => {
        assert.deepStrictEqual(twilio.violations, []);
        await twilio.close();
    });
    const props = (extra: Partial<TwilioWebhookProps> = {}): TwilioWebhookProps & Record<string, any> => ({
        accountSid: SID,
        authToken: TOKEN,
        apiBaseUrl: twilio.url,
        messagingApiBaseUrl: twilio.url,
        phoneNumber: "+14155550142",
        smsUrl: "https://crm.example.com/api/webhooks/twilio",
        smsMethod: "POST",
        smsFallbackUrl: null,
        statusCallback: "https://crm.example.com/api/webhooks/twilio/status",
        ...extra,
    });

    it("sets SmsUrl/SmsMethod (form-encoded, basic auth), updates in place, shows drift, and restores the old URLs on delete", async () => {
        twilio.faults.push({ status: 503, retryAfter: 1 }, "drop");
        const created = await host.create(props());
        assert.strictEqual(created.id, PN);
        const n = twilio.numbers.get(PN)!;
        assert.deepStrictEqual(
            [n.sms_url, n.sms_method, n.status_callback],
            ["https://crm.example.com/api/webhooks/twilio", "POST", "https://crm.example.com/api/webhooks/twilio/status"],
        );
        const post = twilio.requests.find((r) => r.method === "POST")!;
        assert.strictEqual(post.form!.SmsUrl, "https://crm.example.com/api/webhooks/twilio");

        assert.strictEqual(
            (await host.diff(created.id, created.outs, props())).changes,
            false,
            "Twilio's POST for an unset fallback/status method is no drift",
        );
        const moved = props({ smsUrl: "https://crm.example.com/api/v2/twilio" });
        assert.strictEqual((await host.diff(created.id, created.outs, moved)).changes, true);
        const updated = await host.update(created.id, created.outs, moved);
        assert.strictEqual(twilio.numbers.get(PN)!.sms_url, "https://crm.example.com/api/v2/twilio");

        twilio.numbers.get(PN)!.sms_url = "https://someone-changed-it.example.com";
        const refreshed = await host.read(created.id, updated.outs);
        assert.strictEqual((refreshed.props.current as any).smsUrl, "https://someone-changed-it.example.com");
        assert.strictEqual((await host.diff(created.id, refreshed.props, moved)).changes, true, "drift is corrected by the next up");

        await host.delete(created.id, refreshed.props);
        const restored = twilio.numbers.get(PN)!;
        assert.deepStrictEqual([restored.sms_url, restored.sms_method, restored.status_callback], ["https://old.example.com/sms", "GET", null]);
    });

    it("refuses, changing nothing, a number whose SMS goes to a TwiML App (SmsApplicationSid): Twilio would ignore its URLs", async () => {
        twilio.numbers.get(PN)!.sms_application_sid = "AP0123456789abcdef0123456789abcdef";
        await assert.rejects(
            host.create(props()),
            /hands incoming SMS to the TwiML App AP0123456789abcdef0123456789abcdef \(its SmsApplicationSid\), which ignores the number's own SMS URLs/,
        );
        assert.strictEqual(twilio.numbers.get(PN)!.sms_url, "https://old.example.com/sms");
    });

    it("refuses a number in a Messaging Service that handles inbound itself, and accepts one whose service defers to the number", async () => {
        twilio.services.push({
            sid: "MG0123456789abcdef0123456789abcdef",
            friendly_name: "CRM",
            inbound_request_url: "https://other.example.com/in",
            use_inbound_webhook_on_number: false,
            numbers: [PN],
        });
        await assert.rejects(
            host.create(props()),
            /is in the Messaging Service MG0123456789abcdef0123456789abcdef \("CRM"\), whose integration settings handle incoming messages[^]*use inbound webhook on number/,
        );
        assert.strictEqual(twilio.numbers.get(PN)!.sms_url, "https://old.example.com/sms");
        twilio.services[0].use_inbound_webhook_on_number = true;
        await host.create(props());
        assert.strictEqual(twilio.numbers.get(PN)!.sms_url, "https://crm.example.com/api/webhooks/twilio");
    });

    it("a released number (404) reads as deleted upstream: the next up looks it up again, and destroy has nothing to restore", async () => {
        const created = await host.create(props());
        twilio.numbers.delete(PN);
        const refreshed = await host.read(created.id, created.outs);
        assert.strictEqual(refreshed.props.released, true);
        assert.match(await host.printed(), /is no longer the account's; pulumi up will look it up again/);
        const direct = await twilioWebhookProvider.diff!(created.id, refreshed.props as any, props());
        assert.deepStrictEqual(direct.replaces, ["numberSid"]);
        await host.delete(created.id, refreshed.props);
    });

    it("the fake refuses what Twilio's OpenAPI document refuses: an unknown method, a malformed application SID", async () => {
        const post = (form: Record<string, string>) =>
            fetch(`${twilio.url}/2010-04-01/Accounts/${SID}/IncomingPhoneNumbers/${PN}.json`, {
                method: "POST",
                headers: { authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
                body: new URLSearchParams(form).toString(),
            }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
        for (const [form, message] of [
            [{ SmsMethod: "FETCH" }, /Invalid SmsMethod/],
            [{ SmsApplicationSid: "MG123" }, /Invalid SmsApplicationSid/],
        ] as const) {
            const res = await post(form);
            assert.strictEqual(res.status, 400);
            assert.strictEqual(res.body.code, 20001);
            assert.match(res.body.message, message);
        }
        assert.strictEqual(twilio.numbers.get(PN)!.sms_method, "GET", "nothing changed");
    });

    it("names a number the account does not own, and a bad token without printing it", async () => {
        await assert.rejects(host.create(props({ phoneNumber: "+15005550001" })), /has no phone number \+15005550001; buy or port it first/);
        await assert.rejects(host.create(props({ authToken: "not-the-token" })), (err: Error) => {
            assert.match(err.message, /Twilio GET .* → 401: Authenticate \(code 20003\)/);
            assert.ok(!err.message.includes("not-the-token"));
            return true;
        });
    });
});

describe("TwilioWebhook (stack wiring)", () => {
    it("seed 002 points its number at <site>/api/webhooks/twilio with the auth token as a secret input", async () => {
        const { records } = await evaluate("dirtfree");
        const [hook] = records.filter((r) => r.type === "pulumi-nodejs:dynamic/app-platform:TwilioWebhook");
        assert.deepStrictEqual(
            [hook.inputs.smsUrl, hook.inputs.smsMethod, hook.inputs.authToken],
            ["https://staging.dirtfreecrm.com/api/webhooks/twilio", "POST", "[secret]"],
        );
    });

    it("requires the auth-token secret to be declared", () => {
        const err = configErrors(() => load("dirtfree", (c) => delete c["app-platform:secrets"].external.twilioAuthToken));
        assert.match(issueFor(err, "app-platform:webhooks.twilio.authTokenSecret"), /"twilioAuthToken" is not declared/);
    });
});
