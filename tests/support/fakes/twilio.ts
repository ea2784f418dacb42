// Twilio's IncomingPhoneNumbers (API 2010-04-01) and Messaging Services (Messaging v1) held to Twilio's
// OpenAPI documents (tests/support/contracts/twilio.ts): each request is checked against the
// documented operation and refused as Twilio refuses it (error 20001), each reply against its
// schema. One server answers both hosts' paths. As documented: basic auth (account SID, auth
// token); form-encoded updates with PascalCase fields, "" clearing a URL; snake_case JSON answers;
// a number with an `sms_application_sid`, or in a Messaging Service that does not defer to the
// number's own webhook, has its `sms_*_url` values ignored by Twilio.
import { ContractIssue } from "../contracts/openapi";
import { twilioContracts } from "../contracts/twilio";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const error = (status: number, code: number, message: string): Reply => ({
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

export interface MessagingService {
    sid: string;
    friendly_name: string;
    inbound_request_url: string | null;
    use_inbound_webhook_on_number: boolean;
    /** SIDs of the account's numbers in this service. */
    numbers: string[];
}

export interface FakeTwilio extends FakeServer {
    numbers: Map<string, Record<string, any>>;
    services: MessagingService[];
}

const FIELDS: Record<string, string> = {
    SmsUrl: "sms_url",
    SmsMethod: "sms_method",
    SmsFallbackUrl: "sms_fallback_url",
    SmsFallbackMethod: "sms_fallback_method",
    StatusCallback: "status_callback",
    StatusCallbackMethod: "status_callback_method",
    SmsApplicationSid: "sms_application_sid",
};

/** A number as Twilio answers for it: every documented field, the given ones on top. */
function numberResource(accountSid: string, n: Record<string, any>): Record<string, any> {
    return {
        account_sid: accountSid,
        address_requirements: "none",
        address_sid: null,
        api_version: "2010-04-01",
        beta: false,
        capabilities: { mms: true, sms: true, voice: true, fax: false },
        date_created: "Mon, 02 Nov 2026 10:00:00 +0000",
        date_updated: "Mon, 02 Nov 2026 10:00:00 +0000",
        emergency_address_sid: null,
        emergency_address_status: "unregistered",
        emergency_status: "Inactive",
        friendly_name: n.phone_number,
        identity_sid: null,
        origin: "twilio",
        status: "in-use",
        sms_application_sid: null,
        sms_fallback_method: "POST",
        sms_fallback_url: null,
        sms_method: "POST",
        sms_url: null,
        status_callback: null,
        status_callback_method: "POST",
        trunk_sid: null,
        uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
        voice_application_sid: null,
        voice_caller_id_lookup: false,
        voice_fallback_method: "POST",
        voice_fallback_url: null,
        voice_method: "POST",
        voice_url: null,
        voice_receive_mode: "voice",
        bundle_sid: null,
        subresource_uris: {},
        ...n,
    };
}

const refusal = (issues: ContractIssue[]): Reply => error(400, 20001, issues.map((i) => i.message).join(" "));

export async function startFakeTwilio(
    accountSid: string,
    authToken: string,
    numbers: Record<string, any>[],
    services: MessagingService[] = [],
): Promise<FakeTwilio> {
    const { api, messaging } = twilioContracts();
    const byId = new Map(numbers.map((n) => [n.sid, numberResource(accountSid, n)]));
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    let state: FakeTwilio;

    const page = (key: string, url: string, items: unknown[]) => ({
        [key]: items,
        meta: {
            first_page_url: `https://messaging.twilio.com${url}?PageSize=50&Page=0`,
            key,
            next_page_url: null,
            page: 0,
            page_size: 50,
            previous_page_url: null,
            url: `https://messaging.twilio.com${url}?PageSize=50&Page=0`,
        },
    });
    const serviceResource = (s: MessagingService) => ({
        sid: s.sid,
        account_sid: accountSid,
        friendly_name: s.friendly_name,
        inbound_request_url: s.inbound_request_url,
        inbound_method: "POST",
        use_inbound_webhook_on_number: s.use_inbound_webhook_on_number,
        url: `https://messaging.twilio.com/v1/Services/${s.sid}`,
        links: {},
    });

    const act = (req: ParsedRequest, form: Record<string, any> | undefined): Reply => {
        if (req.path === "/v1/Services") return { status: 200, body: page("services", req.path, state.services.map(serviceResource)) };
        const svc = /^\/v1\/Services\/([^/]+)\/PhoneNumbers$/.exec(req.path);
        if (svc) {
            const s = state.services.find((x) => x.sid === svc[1]);
            if (!s) return error(404, 20404, `The requested resource ${req.path} was not found`);
            return {
                status: 200,
                body: page(
                    "phone_numbers",
                    req.path,
                    s.numbers.map((sid) => ({
                        sid,
                        account_sid: accountSid,
                        service_sid: s.sid,
                        phone_number: byId.get(sid)?.phone_number ?? null,
                        country_code: "US",
                        capabilities: ["SMS"],
                        date_created: "2026-11-02T10:00:00Z",
                        date_updated: "2026-11-02T10:00:00Z",
                        url: `https://messaging.twilio.com/v1/Services/${s.sid}/PhoneNumbers/${sid}`,
                    })),
                ),
            };
        }
        const m = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers(?:\/([^/]+))?\.json$/.exec(req.path)!;
        if (m[1] !== accountSid) return error(404, 20404, "The requested resource was not found");
        if (!m[2] && req.method === "GET") {
            const wanted = req.query.get("PhoneNumber");
            return {
                status: 200,
                body: {
                    incoming_phone_numbers: [...byId.values()].filter((n) => !wanted || n.phone_number === wanted),
                    end: 0,
                    first_page_uri: req.path,
                    next_page_uri: null,
                    page: 0,
                    page_size: 50,
                    previous_page_uri: null,
                    start: 0,
                    uri: req.path,
                },
            };
        }
        const n = m[2] ? byId.get(m[2]) : undefined;
        if (!n) return error(404, 20404, `The requested resource ${req.path} was not found`);
        if (req.method === "GET") return { status: 200, body: n };
        if (req.method === "POST") {
            for (const [k, v] of Object.entries(form ?? {})) if (FIELDS[k]) n[FIELDS[k]] = v === "" ? null : v;
            return { status: 200, body: n };
        }
        return error(405, 20004, "Method not allowed");
    };

    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== expected) return error(401, 20003, "Authenticate");
        if (req.method === "POST" && req.raw && !req.form) return error(400, 20001, "Bodies must be form-encoded");
        const contract = req.path.startsWith("/v1/") ? messaging : api;
        const form = req.method === "POST" ? (req.form ?? {}) : undefined;
        const issues = contract.checkRequest(req.method, req.path, req.query, form, "application/x-www-form-urlencoded");
        if (issues === "no-such-route") return error(404, 20404, `The requested resource ${req.path} was not found`);
        if (issues.length > 0) return refusal(issues);
        const reply = act(req, form);
        for (const p of contract.checkResponse(req.method, req.path, reply.status, reply.body)) {
            fake.violations.push(`the fake's own ${req.method} ${req.path} answer breaks Twilio's schema: ${p.message}`);
        }
        return reply;
    };
    const fake = await startFake(handle);
    state = Object.assign(fake, { numbers: byId, services });
    return state;
}
