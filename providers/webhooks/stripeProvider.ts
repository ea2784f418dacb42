// The Pulumi face of the Stripe engine: a dynamic provider and the resource that uses it.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, RemoteResource, remoteProvider } from "../remote";
import { apiClient } from "./http";
import * as stripe from "./stripe";

export interface StripeWebhookProps extends stripe.StripeEndpointSpec {
    /** Secret: the account's API key. */
    apiKey: string;
    apiBaseUrl: string;
    /** Stable identity of the resource (project/stack/name), kept in the endpoint's metadata to find it after a lost answer. */
    identity: string;
}

export interface StripeWebhookOutputs extends StripeWebhookProps {
    endpointId: string;
    /** Secret: the signing secret, returned by Stripe only at creation and carried forward since. */
    secret: string;
    /** "enabled", "disabled", or "deleted-upstream" when a refresh found it gone. */
    status: string;
}

const spec = (p: StripeWebhookProps): stripe.StripeEndpointSpec => ({
    url: p.url,
    enabledEvents: p.enabledEvents,
    description: p.description,
    metadata: p.metadata,
    apiVersion: p.apiVersion,
    connect: p.connect,
    disabled: p.disabled,
});
const client = (p: StripeWebhookProps) => apiClient({ service: "Stripe", baseUrl: p.apiBaseUrl, auth: { bearer: p.apiKey } });

export const stripeWebhookProvider = remoteProvider<StripeWebhookProps, StripeWebhookOutputs>({
    check: (news) =>
        (news.enabledEvents ?? [])
            .filter((e) => !stripe.isStripeEvent(e))
            .map((e) => ({ property: "enabledEvents", reason: `"${e}" is not a Stripe event name` })),
    replaces: (olds, news) => [
        ...stripe.replaceKeys(spec(olds), spec(news)),
        ...(olds.apiKey !== news.apiKey || olds.apiBaseUrl !== news.apiBaseUrl ? ["apiKey"] : []),
    ],
    changed: (olds, news) => JSON.stringify(spec(olds)) !== JSON.stringify(spec(news)),

    async create(inputs) {
        const endpoint = await stripe.createEndpoint(client(inputs), spec(inputs), inputs.identity, (line) => console.error(`warning: ${line}`));
        return { id: endpoint.id, outs: { ...inputs, endpointId: endpoint.id, secret: endpoint.secret, status: endpoint.status } };
    },
    async update(id, olds, news) {
        const endpoint = await stripe.updateEndpoint(client(news), id, spec(news), news.identity, olds.metadata);
        return { ...news, endpointId: id, secret: olds.secret, status: endpoint.status };
    },
    async read(id, state) {
        const endpoint = await stripe.getEndpoint(client(state), id);
        return endpoint && { url: endpoint.url, enabledEvents: endpoint.enabledEvents, status: endpoint.status, disabled: endpoint.status === "disabled" };
    },
    delete: (id, state) => stripe.deleteEndpoint(client(state), id),
    // Deleted in the dashboard: the next `pulumi up` replaces it, and STRIPE_WEBHOOK_SECRET changes with it.
    gone: deletedUpstream(
        "endpointId",
        (id) => `Stripe webhook endpoint ${id} was deleted upstream; pulumi up will create a new one with a new signing secret`,
    ),
});

export type StripeWebhookArgs = { [K in keyof StripeWebhookProps]: pulumi.Input<StripeWebhookProps[K]> };

/** A Stripe webhook endpoint whose signing secret is a secret output. */
export class StripeWebhookResource extends RemoteResource {
    declare readonly endpointId: pulumi.Output<string>;
    declare readonly secret: pulumi.Output<string>;
    declare readonly status: pulumi.Output<string>;

    constructor(name: string, args: StripeWebhookArgs, opts?: pulumi.CustomResourceOptions) {
        super("StripeWebhook", stripeWebhookProvider, name, args, { outputs: ["endpointId", "secret", "status"], secrets: ["apiKey", "secret"] }, opts);
    }
}
