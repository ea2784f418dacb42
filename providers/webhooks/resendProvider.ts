// The Pulumi face of the Resend engine: the sending domain, its verification (once DNS exists),
// and the webhook whose signing secret becomes RESEND_WEBHOOK_SECRET.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, RemoteResource, remoteProvider } from "../remote";
import { hasUnknowns } from "../unknowns";
import { apiClient } from "./http";
import * as resend from "./resend";

interface Connection {
    /** Secret. */
    apiKey: string;
    apiBaseUrl: string;
}

export interface ResendDomainProps extends Connection {
    name: string;
    region: string;
    /** Return-Path subdomain (`custom_return_path`), sent at creation. */
    returnPath?: string;
    /** How many DKIM records the DNS plan publishes: Resend must give exactly these. */
    dkimRecords: number;
}

export interface ResendWebhookProps extends Connection {
    endpoint: string;
    events: string[];
}

interface ResendDomainOutputs extends ResendDomainProps {
    domainId: string;
    status: string;
    records: resend.DomainRecord[];
    adopted: boolean;
}

interface ResendWebhookOutputs extends ResendWebhookProps {
    webhookId: string;
    /** Secret. */
    secret: string;
    status: string;
}

const client = (p: Connection) => apiClient({ service: "Resend", baseUrl: p.apiBaseUrl, auth: { bearer: p.apiKey }, retryMethods: resend.RETRY_METHODS });

export const resendDomainProvider = remoteProvider<ResendDomainProps, ResendDomainOutputs>({
    replaces: (olds, news) => (["name", "region", "apiBaseUrl"] as const).filter((k) => olds[k] !== news[k]),
    changed(olds, news) {
        // The domain stays: a preview fails here, before any change, if the plan's DKIM slots do not fit it.
        resend.checkDkimCount(news.name, olds.records, news.dkimRecords);
        return olds.apiKey !== news.apiKey;
    },
    async create(inputs) {
        const api = client(inputs);
        const d = await resend.ensureDomain(api, inputs.name, inputs.region, inputs.returnPath);
        try {
            resend.checkDkimCount(inputs.name, d.records, inputs.dkimRecords);
        } catch (err) {
            // Nothing half-made is left behind: a domain this create made goes again (an adopted one stays).
            if (!d.adopted) await resend.deleteDomain(api, d.id);
            throw new Error(`${(err as Error).message}${d.adopted ? "" : "; the domain this run created was deleted again"}`);
        }
        return { id: d.id, outs: { ...inputs, domainId: d.id, status: d.status, records: d.records, adopted: d.adopted } };
    },
    update: async (id, olds, news) => ({ ...olds, ...news, domainId: id }),
    async read(id, state) {
        const d = await resend.getDomain(client(state), id);
        return d && { status: d.status, records: d.records };
    },
    delete: (id, state) => resend.deleteDomain(client(state), id),
    gone: deletedUpstream<ResendDomainOutputs>("name"),
});

/** Requests verification after the DNS records exist; re-runs when they change. */
export const resendVerificationProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: any, news: any) {
        return { changes: hasUnknowns(news) || olds.recordsDigest !== news.recordsDigest || olds.domainId !== news.domainId };
    },
    async create(inputs: Connection & { domainId: string; recordsDigest: string }) {
        await resend.verifyDomain(client(inputs), inputs.domainId);
        const d = await resend.getDomain(client(inputs), inputs.domainId);
        return { id: `${inputs.domainId}-verification`, outs: { ...inputs, status: d?.status ?? "unknown" } };
    },
    async update(_id: string, _olds: any, news: Connection & { domainId: string; recordsDigest: string }) {
        await resend.verifyDomain(client(news), news.domainId);
        const d = await resend.getDomain(client(news), news.domainId);
        return { outs: { ...news, status: d?.status ?? "unknown" } };
    },
    async read(id: string, props: any) {
        const d = await resend.getDomain(client(props), props.domainId);
        return { id, props: { ...props, status: d?.status ?? "deleted-upstream" } };
    },
    async delete() {
        // Nothing to undo: verification is a request, not a thing.
    },
};

export const resendWebhookProvider = remoteProvider<ResendWebhookProps, ResendWebhookOutputs>({
    check: (news) =>
        (news.events ?? [])
            .filter((e) => !resend.RESEND_EVENTS.includes(e))
            .map((e) => ({ property: "events", reason: `"${e}" is not a Resend webhook event` })),
    replaces: (olds, news) => (olds.apiBaseUrl !== news.apiBaseUrl ? ["apiBaseUrl"] : []),
    changed: (olds, news) => olds.endpoint !== news.endpoint || JSON.stringify(olds.events) !== JSON.stringify(news.events) || olds.apiKey !== news.apiKey,
    async create(inputs) {
        const w = await resend.ensureWebhook(client(inputs), { endpoint: inputs.endpoint, events: inputs.events });
        if (w.adopted) console.error(`warning: adopted the existing Resend webhook ${w.id} for ${w.endpoint}; its signing secret was read back`);
        return { id: w.id, outs: { ...inputs, webhookId: w.id, secret: w.signingSecret, status: w.status } };
    },
    async update(id, olds, news) {
        await resend.updateWebhook(client(news), id, { endpoint: news.endpoint, events: news.events });
        return { ...news, webhookId: id, secret: olds.secret, status: "enabled" };
    },
    async read(id, state) {
        const w = await resend.getWebhook(client(state), id);
        // Resend shows the signing secret on every read: the state follows it.
        return w && { endpoint: w.endpoint, events: w.events, status: w.status, secret: w.signingSecret ?? state.secret };
    },
    delete: (id, state) => resend.deleteWebhook(client(state), id),
    gone: deletedUpstream("webhookId", (id) => `Resend webhook ${id} was deleted upstream; pulumi up will create a new one with a new signing secret`),
});

type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export class ResendDomainResource extends RemoteResource {
    declare readonly domainId: pulumi.Output<string>;
    declare readonly status: pulumi.Output<string>;
    declare readonly records: pulumi.Output<resend.DomainRecord[]>;
    constructor(name: string, args: Args<ResendDomainProps>, opts?: pulumi.CustomResourceOptions) {
        super("ResendDomain", resendDomainProvider, name, args, { outputs: ["domainId", "status", "records", "adopted"], secrets: ["apiKey"] }, opts);
    }
}

export class ResendVerificationResource extends RemoteResource {
    declare readonly status: pulumi.Output<string>;
    constructor(name: string, args: Args<Connection & { domainId: string; recordsDigest: string }>, opts?: pulumi.CustomResourceOptions) {
        super("ResendDomainVerification", resendVerificationProvider, name, args, { outputs: ["status"], secrets: ["apiKey"] }, opts);
    }
}

export class ResendWebhookResource extends RemoteResource {
    declare readonly webhookId: pulumi.Output<string>;
    declare readonly secret: pulumi.Output<string>;
    constructor(name: string, args: Args<ResendWebhookProps>, opts?: pulumi.CustomResourceOptions) {
        super("ResendWebhook", resendWebhookProvider, name, args, { outputs: ["webhookId", "secret", "status"], secrets: ["apiKey", "secret"] }, opts);
    }
}
