// Twilio messaging webhooks on an existing phone number (IncomingPhoneNumbers, 2010-04-01 API):
// form-encoded, basic auth with the account SID and auth token. Twilio signs requests with the
// auth token, so there is no webhook secret; delete restores the URLs that were there before.
// A number's StatusCallback reports the status of voice calls to it; SMS delivery status goes to
// the StatusCallback of each sent message (or its Messaging Service), never to the number's.
import { ApiRequest, unlessGone } from "./http";

export interface SmsWebhooks {
    smsUrl: string | null;
    smsMethod: string | null;
    smsFallbackUrl: string | null;
    smsFallbackMethod: string | null;
    statusCallback: string | null;
    statusCallbackMethod: string | null;
}

export interface PhoneNumber extends SmsWebhooks {
    sid: string;
    phoneNumber: string;
    /** A TwiML App (AP…) whose URLs Twilio uses instead of the number's own. */
    smsApplicationSid: string | null;
}

const base = (accountSid: string) => `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/IncomingPhoneNumbers`;
const fromApi = (n: any): PhoneNumber => ({
    sid: n.sid,
    phoneNumber: n.phone_number,
    smsUrl: n.sms_url || null,
    smsMethod: n.sms_method || null,
    smsFallbackUrl: n.sms_fallback_url || null,
    smsFallbackMethod: n.sms_fallback_method || null,
    statusCallback: n.status_callback || null,
    statusCallbackMethod: n.status_callback_method || null,
    smsApplicationSid: n.sms_application_sid || null,
});

/** The account's number, or an error naming it when the account does not own it. */
export async function findNumber(api: ApiRequest, accountSid: string, phoneNumber: string): Promise<PhoneNumber> {
    const { body } = await api<{ incoming_phone_numbers: unknown[] }>("GET", `${base(accountSid)}.json`, { searchParams: { PhoneNumber: phoneNumber } });
    const found = (body.incoming_phone_numbers ?? []).map(fromApi).find((n) => n.phoneNumber === phoneNumber);
    if (!found) throw new Error(`Twilio account ${accountSid} has no phone number ${phoneNumber}; buy or port it first`);
    return found;
}

/** Null when the number is no longer the account's (released or ported away: Twilio answers 404). */
export async function getNumber(api: ApiRequest, accountSid: string, sid: string): Promise<PhoneNumber | null> {
    const found = await unlessGone(api("GET", `${base(accountSid)}/${encodeURIComponent(sid)}.json`));
    return found && fromApi(found.body);
}

interface Page {
    meta?: { next_page_url?: string | null };
}

/** Every item of a Messaging v1 list, following `meta.next_page_url`. */
async function listAll<T>(messaging: ApiRequest, path: string, key: string): Promise<T[]> {
    const items: T[] = [];
    for (let next: string | null | undefined = `${path}?PageSize=50`; next;) {
        const url: URL = new URL(next, "https://messaging.twilio.com");
        const { body }: { body: Page & Record<string, unknown> } = await messaging("GET", url.pathname, { searchParams: Object.fromEntries(url.searchParams) });
        items.push(...((body[key] as T[] | undefined) ?? []));
        next = body.meta?.next_page_url;
    }
    return items;
}

/**
 * Why Twilio would ignore the number's own SMS URLs, or undefined when it uses them: a TwiML App in
 * `sms_application_sid`, or a Messaging Service holding the number that does not defer to it
 * (`use_inbound_webhook_on_number` off). Reporting success while Twilio calls someone else's URL
 * would be worse than failing.
 */
export async function inboundOverride(messaging: ApiRequest, number: PhoneNumber): Promise<string | undefined> {
    if (number.smsApplicationSid) {
        return (
            `Twilio number ${number.phoneNumber} hands incoming SMS to the TwiML App ${number.smsApplicationSid} (its SmsApplicationSid), which ignores the number's own SMS URLs; ` +
            "point the app's SMS URL at the webhook, or clear the number's SmsApplicationSid in the Twilio console"
        );
    }
    const services = await listAll<{ sid: string; friendly_name: string; use_inbound_webhook_on_number: boolean }>(messaging, "/v1/Services", "services");
    for (const service of services) {
        const members = await listAll<{ sid: string }>(messaging, `/v1/Services/${encodeURIComponent(service.sid)}/PhoneNumbers`, "phone_numbers");
        if (!members.some((m) => m.sid === number.sid) || service.use_inbound_webhook_on_number) continue;
        return (
            `Twilio number ${number.phoneNumber} is in the Messaging Service ${service.sid} ("${service.friendly_name}"), whose integration settings handle incoming messages, so the number's own SMS URLs are ignored; ` +
            `turn on "use inbound webhook on number" for that service (Messaging → Services → Integration), or take the number out of it`
        );
    }
    return undefined;
}

/** Sets every webhook field; an empty value clears it. */
export async function setWebhooks(api: ApiRequest, accountSid: string, sid: string, hooks: SmsWebhooks): Promise<PhoneNumber> {
    const { body } = await api("POST", `${base(accountSid)}/${encodeURIComponent(sid)}.json`, {
        form: {
            SmsUrl: hooks.smsUrl ?? "",
            SmsMethod: hooks.smsMethod ?? "POST",
            SmsFallbackUrl: hooks.smsFallbackUrl ?? "",
            SmsFallbackMethod: hooks.smsFallbackMethod ?? "POST",
            StatusCallback: hooks.statusCallback ?? "",
            StatusCallbackMethod: hooks.statusCallbackMethod ?? "POST",
        },
    });
    return fromApi(body);
}
