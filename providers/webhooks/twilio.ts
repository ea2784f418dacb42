// Twilio messaging webhooks on an existing phone number (IncomingPhoneNumbers, 2010-04-01 API):
// form-encoded, basic auth with the account SID and auth token. Twilio signs requests with the
// auth token, so there is no webhook secret; delete restores the URLs that were there before.
import { ApiRequest } from "./http";

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
});

/** The account's number, or an error naming it when the account does not own it. */
export async function findNumber(api: ApiRequest, accountSid: string, phoneNumber: string): Promise<PhoneNumber> {
    const { body } = await api<{ incoming_phone_numbers: unknown[] }>("GET", `${base(accountSid)}.json`, { searchParams: { PhoneNumber: phoneNumber } });
    const found = (body.incoming_phone_numbers ?? []).map(fromApi).find((n) => n.phoneNumber === phoneNumber);
    if (!found) throw new Error(`Twilio account ${accountSid} has no phone number ${phoneNumber}; buy or port it first`);
    return found;
}

export async function getNumber(api: ApiRequest, accountSid: string, sid: string): Promise<PhoneNumber> {
    return fromApi((await api("GET", `${base(accountSid)}/${encodeURIComponent(sid)}.json`)).body);
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
