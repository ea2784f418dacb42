// The Pulumi face of the Twilio engine: a dynamic provider and the resource that uses it.
import * as pulumi from "@pulumi/pulumi";
import { hasUnknowns } from "../unknowns";
import { apiClient } from "./http";
import * as twilio from "./twilio";

export interface TwilioWebhookProps {
    accountSid: string;
    /** Secret. */
    authToken: string;
    apiBaseUrl: string;
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
}

const client = (p: TwilioWebhookProps) => apiClient({ service: "Twilio", baseUrl: p.apiBaseUrl, auth: { basic: { user: p.accountSid, password: p.authToken } } });
const hooks = (p: TwilioWebhookProps): twilio.SmsWebhooks => ({
    smsUrl: p.smsUrl, smsMethod: p.smsMethod, smsFallbackUrl: p.smsFallbackUrl, smsFallbackMethod: p.smsFallbackUrl ? "POST" : null,
    statusCallback: p.statusCallback, statusCallbackMethod: p.statusCallback ? "POST" : null,
});
const webhooksOf = ({ sid: _sid, phoneNumber: _pn, ...rest }: twilio.PhoneNumber): twilio.SmsWebhooks => rest;
/**
 * What takes effect: a method counts only beside its URL (Twilio keeps and reports "POST" for an
 * unset one), and an unset method is Twilio's default, POST. Drift is judged on this.
 */
const effective = (h: twilio.SmsWebhooks) => ({
    smsUrl: h.smsUrl, smsMethod: h.smsUrl ? h.smsMethod ?? "POST" : null,
    smsFallbackUrl: h.smsFallbackUrl, smsFallbackMethod: h.smsFallbackUrl ? h.smsFallbackMethod ?? "POST" : null,
    statusCallback: h.statusCallback, statusCallbackMethod: h.statusCallback ? h.statusCallbackMethod ?? "POST" : null,
});

export const twilioWebhookProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: TwilioWebhookOutputs, news: TwilioWebhookProps) {
        if (hasUnknowns(news)) return { changes: true };
        const replaces = (["accountSid", "phoneNumber", "apiBaseUrl"] as const).filter((k) => olds[k] !== news[k]);
        const drifted = JSON.stringify(effective(olds.current)) !== JSON.stringify(effective(hooks(news)));
        return { changes: replaces.length > 0 || drifted || JSON.stringify(hooks(olds)) !== JSON.stringify(hooks(news)) || olds.authToken !== news.authToken, replaces };
    },

    async create(inputs: TwilioWebhookProps) {
        const api = client(inputs);
        const number = await twilio.findNumber(api, inputs.accountSid, inputs.phoneNumber);
        const updated = await twilio.setWebhooks(api, inputs.accountSid, number.sid, hooks(inputs));
        return { id: number.sid, outs: { ...inputs, numberSid: number.sid, previous: webhooksOf(number), current: webhooksOf(updated) } };
    },

    async update(id: string, olds: TwilioWebhookOutputs, news: TwilioWebhookProps) {
        const updated = await twilio.setWebhooks(client(news), news.accountSid, id, hooks(news));
        return { outs: { ...news, numberSid: id, previous: olds.previous, current: webhooksOf(updated) } };
    },

    async read(id: string, props: TwilioWebhookOutputs) {
        const number = await twilio.getNumber(client(props), props.accountSid, id);
        return { id, props: { ...props, current: webhooksOf(number) } };
    },

    async delete(id: string, props: TwilioWebhookOutputs) {
        await twilio.setWebhooks(client(props), props.accountSid, id, props.previous);
    },
};

export type TwilioWebhookArgs = { [K in keyof TwilioWebhookProps]: pulumi.Input<TwilioWebhookProps[K]> };

/** The messaging webhooks of an existing Twilio number. */
export class TwilioWebhookResource extends pulumi.dynamic.Resource {
    declare readonly numberSid: pulumi.Output<string>;

    constructor(name: string, args: TwilioWebhookArgs, opts?: pulumi.CustomResourceOptions) {
        super(twilioWebhookProvider, name, { ...args, numberSid: undefined, previous: undefined, current: undefined },
            { ...opts, additionalSecretOutputs: ["authToken"] }, "app-platform", "TwilioWebhook");
    }
}
