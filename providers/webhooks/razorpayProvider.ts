// The Pulumi face of the Razorpay engine: a dynamic provider and the resource that uses it.
import * as pulumi from "@pulumi/pulumi";
import { hasUnknowns } from "../unknowns";
import { apiClient } from "./http";
import * as razorpay from "./razorpay";

export interface RazorpayWebhookProps {
    keyId: string;
    /** Secret. */
    keySecret: string;
    accountId: string;
    apiBaseUrl: string;
    url: string;
    events: string[];
    alertEmail: string | null;
    /** Secret: supplied by us (a RotatingSecret); a rotation PATCHes it. */
    secret: string;
}

export interface RazorpayWebhookOutputs extends RazorpayWebhookProps {
    webhookId: string;
    /** True when create found a webhook for the URL and took it over. */
    adopted: boolean;
    status: string;
}

// Only idempotent methods are resent automatically; ensureWebhook handles a lost create itself.
const client = (p: RazorpayWebhookProps) =>
    apiClient({ service: "Razorpay", baseUrl: p.apiBaseUrl, auth: { basic: { user: p.keyId, password: p.keySecret } }, retryMethods: ["get", "patch", "delete"] });
const spec = (p: RazorpayWebhookProps): razorpay.RazorpayWebhookSpec => ({ url: p.url, events: p.events, alertEmail: p.alertEmail ?? undefined, secret: p.secret });

export const razorpayWebhookProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: RazorpayWebhookOutputs, news: RazorpayWebhookProps) {
        if (hasUnknowns(news)) return { changes: true };
        const replaces = [
            ...(["accountId", "apiBaseUrl", "keyId"] as const).filter((k) => olds[k] !== news[k]),
            ...(olds.status === "deleted-upstream" ? ["webhookId"] : []),
        ];
        const changes = replaces.length > 0 || JSON.stringify(spec(olds)) !== JSON.stringify(spec(news)) || olds.keySecret !== news.keySecret;
        return { changes, replaces };
    },

    async create(inputs: RazorpayWebhookProps) {
        const hook = await razorpay.ensureWebhook(client(inputs), inputs.accountId, spec(inputs));
        return { id: hook.id, outs: { ...inputs, webhookId: hook.id, adopted: hook.adopted, status: hook.active ? "active" : "disabled" } };
    },

    async update(id: string, olds: RazorpayWebhookOutputs, news: RazorpayWebhookProps) {
        const hook = await razorpay.updateWebhook(client(news), news.accountId, id, spec(news));
        return { outs: { ...news, webhookId: id, adopted: olds.adopted, status: hook.active ? "active" : "disabled" } };
    },

    async read(id: string, props: RazorpayWebhookOutputs) {
        const hook = await razorpay.getWebhook(client(props), props.accountId, id);
        if (!hook) {
            console.error(`warning: Razorpay webhook ${id} was deleted upstream; pulumi up will register it again`);
            return { id, props: { ...props, status: "deleted-upstream" } };
        }
        return { id, props: { ...props, url: hook.url, events: hook.events, status: hook.active ? "active" : "disabled" } };
    },

    async delete(id: string, props: RazorpayWebhookOutputs) {
        await razorpay.deleteWebhook(client(props), props.accountId, id);
    },
};

export type RazorpayWebhookArgs = { [K in keyof RazorpayWebhookProps]: pulumi.Input<RazorpayWebhookProps[K]> };

/** A Razorpay webhook whose secret we supply (and rotate). */
export class RazorpayWebhookResource extends pulumi.dynamic.Resource {
    declare readonly webhookId: pulumi.Output<string>;
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: RazorpayWebhookArgs, opts?: pulumi.CustomResourceOptions) {
        super(razorpayWebhookProvider, name, { ...args, webhookId: undefined, adopted: undefined, status: undefined },
            { ...opts, additionalSecretOutputs: ["keySecret", "secret"] }, "app-platform", "RazorpayWebhook");
    }
}
