// The Pulumi face of the Twilio engine: a dynamic provider and the resource that uses it.
import * as pulumi from "@pulumi/pulumi";
import { RemoteResource, remoteProvider } from "../remote";
import { apiClient, unlessGone } from "./http";
import * as twilio from "./twilio";

export interface TwilioWebhookProps {
    accountSid: string;
    /** Secret. */
    authToken: string;
    apiBaseUrl: string;
    /** Messaging v1 (https://messaging.twilio.com), read to find a Messaging Service that overrides the number. */
    messagingApiBaseUrl: string;
    phoneNumber: string;
    smsUrl: string;
    smsMethod: "GET" | "POST";
    smsFallbackUrl: string | null;
    statusCallback: string | null;
}

export interface TwilioWebhookOutputs extends TwilioWebhookProps {
    numberSid: string;
    /** What the number had before, restored on delete. */
    previous: twilio.SmsWebhooks;
    /** What Twilio holds now (a refresh shows drift here). */
    current: twilio.SmsWebhooks;
    /** A refresh found the number gone from the account (404). */
    released?: boolean;
}

const client = (p: TwilioWebhookProps, baseUrl = p.apiBaseUrl) =>
    apiClient({ service: "Twilio", baseUrl, auth: { basic: { user: p.accountSid, password: p.authToken } } });

/** Fails, before anything changes, when Twilio would ignore the URLs set on the number. */
async function requireNumberUrlsUsed(p: TwilioWebhookProps, number: twilio.PhoneNumber): Promise<void> {
    // Stacks brought up before the field existed hold no messagingApiBaseUrl in their state.
    const why = await twilio.inboundOverride(client(p, p.messagingApiBaseUrl ?? "https://messaging.twilio.com"), number);
    if (why) throw new Error(why);
}
const hooks = (p: TwilioWebhookProps): twilio.SmsWebhooks => ({
    smsUrl: p.smsUrl,
    smsMethod: p.smsMethod,
    smsFallbackUrl: p.smsFallbackUrl,
    smsFallbackMethod: p.smsFallbackUrl ? "POST" : null,
    statusCallback: p.statusCallback,
    statusCallbackMethod: p.statusCallback ? "POST" : null,
});
const webhooksOf = ({ sid: _sid, phoneNumber: _pn, smsApplicationSid: _app, ...rest }: twilio.PhoneNumber): twilio.SmsWebhooks => rest;
/**
 * What takes effect: a method counts only beside its URL (Twilio keeps and reports "POST" for an
 * unset one), and an unset method is Twilio's default, POST. Drift is judged on this.
 */
const effective = (h: twilio.SmsWebhooks) => ({
    smsUrl: h.smsUrl,
    smsMethod: h.smsUrl ? (h.smsMethod ?? "POST") : null,
    smsFallbackUrl: h.smsFallbackUrl,
    smsFallbackMethod: h.smsFallbackUrl ? (h.smsFallbackMethod ?? "POST") : null,
    statusCallback: h.statusCallback,
    statusCallbackMethod: h.statusCallback ? (h.statusCallbackMethod ?? "POST") : null,
});

export const twilioWebhookProvider = remoteProvider<TwilioWebhookProps, TwilioWebhookOutputs>({
    replaces: (olds, news) => (["accountSid", "phoneNumber", "apiBaseUrl"] as const).filter((k) => olds[k] !== news[k]),
    changed(olds, news) {
        const drifted = JSON.stringify(effective(olds.current)) !== JSON.stringify(effective(hooks(news)));
        return drifted || JSON.stringify(hooks(olds)) !== JSON.stringify(hooks(news)) || olds.authToken !== news.authToken;
    },
    async create(inputs) {
        const api = client(inputs);
        const number = await twilio.findNumber(api, inputs.accountSid, inputs.phoneNumber);
        await requireNumberUrlsUsed(inputs, number);
        const updated = await twilio.setWebhooks(api, inputs.accountSid, number.sid, hooks(inputs));
        return { id: number.sid, outs: { ...inputs, numberSid: number.sid, previous: webhooksOf(number), current: webhooksOf(updated) } };
    },
    async update(id, olds, news) {
        const number = await twilio.getNumber(client(news), news.accountSid, id);
        if (!number) throw new Error(`Twilio number ${news.phoneNumber} (${id}) is no longer the account's (released or ported); run pulumi refresh, then up`);
        await requireNumberUrlsUsed(news, number);
        const updated = await twilio.setWebhooks(client(news), news.accountSid, id, hooks(news));
        return { ...news, numberSid: id, previous: olds.previous, current: webhooksOf(updated) };
    },
    async read(id, state) {
        const number = await twilio.getNumber(client(state), state.accountSid, id);
        return number && { released: false, current: webhooksOf(number) };
    },
    async delete(id, state) {
        if (state.released) return;
        // Released since the last refresh: no URLs left to restore.
        await unlessGone(twilio.setWebhooks(client(state), state.accountSid, id, state.previous));
    },
    // Released or ported away: deleted upstream. The next up looks the number up again.
    gone: {
        mark: { released: true },
        is: (state) => state.released === true,
        replaceOn: "numberSid",
        warning: (id, state) => `Twilio number ${state.phoneNumber} (${id}) is no longer the account's; pulumi up will look it up again and fail if it is gone`,
    },
});

export type TwilioWebhookArgs = { [K in keyof TwilioWebhookProps]: pulumi.Input<TwilioWebhookProps[K]> };

/** The messaging webhooks of an existing Twilio number. */
export class TwilioWebhookResource extends RemoteResource {
    declare readonly numberSid: pulumi.Output<string>;

    constructor(name: string, args: TwilioWebhookArgs, opts?: pulumi.CustomResourceOptions) {
        super("TwilioWebhook", twilioWebhookProvider, name, args, { outputs: ["numberSid", "previous", "current"], secrets: ["authToken"] }, opts);
    }
}
