// Twilio's IncomingPhoneNumbers resource as documented: basic auth (account SID, auth token),
// form-encoded POST updates with PascalCase fields, snake_case JSON answers.
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const error = (status: number, code: number, message: string): Reply => ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

export interface FakeTwilio extends FakeServer {
    numbers: Map<string, Record<string, any>>;
}

export async function startFakeTwilio(accountSid: string, authToken: string, numbers: Record<string, any>[]): Promise<FakeTwilio> {
    const byId = new Map(numbers.map((n) => [n.sid, { ...n }]));
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    const FIELDS: Record<string, string> = {
        SmsUrl: "sms_url", SmsMethod: "sms_method", SmsFallbackUrl: "sms_fallback_url", SmsFallbackMethod: "sms_fallback_method",
        StatusCallback: "status_callback", StatusCallbackMethod: "status_callback_method",
    };
    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== expected) return error(401, 20003, "Authenticate");
        const m = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers(?:\/([^/]+))?\.json$/.exec(req.path);
        if (!m || m[1] !== accountSid) return error(404, 20404, "The requested resource was not found");
        if (!m[2] && req.method === "GET") {
            const wanted = req.query.get("PhoneNumber");
            return { status: 200, body: { incoming_phone_numbers: [...byId.values()].filter((n) => !wanted || n.phone_number === wanted) } };
        }
        const n = m[2] ? byId.get(m[2]) : undefined;
        if (!n) return error(404, 20404, `The requested resource ${req.path} was not found`);
        if (req.method === "GET") return { status: 200, body: n };
        if (req.method === "POST") {
            if (!req.form) {
                fake.violations.push(`${req.method} ${req.path}: not form-encoded`);
                return error(400, 20001, "Bodies must be form-encoded");
            }
            for (const [k, v] of Object.entries(req.form)) {
                if (!(k in FIELDS)) return error(400, 20001, `Unknown parameter ${k}`);
                if (k.endsWith("Method") && !["GET", "POST"].includes(v)) return error(400, 21609, `Invalid ${k}`);
                if (/Url$|Callback$/.test(k) && v !== "" && !/^https?:\/\//.test(v)) return error(400, 21609, `Invalid ${k}`);
                n[FIELDS[k]] = v === "" ? null : v;
            }
            return { status: 200, body: n };
        }
        return error(405, 20004, "Method not allowed");
    };
    return Object.assign(await startFake(handle), { numbers: byId });
}
