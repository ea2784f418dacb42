// Stripe webhook endpoints (https://docs.stripe.com/api/webhook_endpoints): plain async functions.
import { createHash } from "crypto";
import { ApiRequest, isApiError } from "./http";
import stripeEvents from "./stripeEvents.json";

/** Event names Stripe accepts, derived from the official `stripe` package's types (see the test that pins them). */
export const STRIPE_EVENTS: readonly string[] = stripeEvents.events;

// An array, not a Set: Pulumi's closure serializer copies plain data but not Sets.
export function isStripeEvent(name: string): boolean {
    return STRIPE_EVENTS.includes(name);
}
export const STRIPE_API_VERSION = stripeEvents.apiVersion;

export interface StripeEndpointSpec {
    url: string;
    enabledEvents: string[];
    description: string;
    metadata: Record<string, string>;
    apiVersion: string;
    connect: boolean;
    disabled: boolean;
}

export interface StripeEndpoint {
    id: string;
    url: string;
    enabledEvents: string[];
    status: string;
    /** Only in the response to create. */
    secret?: string;
}

const fromApi = (e: any): StripeEndpoint => ({ id: e.id, url: e.url, enabledEvents: e.enabled_events, status: e.status, secret: e.secret ?? undefined });

/** A key that makes a retried create of the same resource return the same endpoint. */
export function idempotencyKey(identity: string, spec: StripeEndpointSpec): string {
    return createHash("sha256").update(JSON.stringify([identity, spec])).digest("hex");
}

export async function createEndpoint(api: ApiRequest, spec: StripeEndpointSpec, key: string): Promise<StripeEndpoint & { secret: string }> {
    const { body } = await api("POST", "/v1/webhook_endpoints", {
        headers: { "idempotency-key": key },
        form: {
            url: spec.url,
            enabled_events: spec.enabledEvents,
            description: spec.description,
            metadata: spec.metadata,
            api_version: spec.apiVersion,
            connect: spec.connect ? true : undefined,
        },
    });
    const endpoint = fromApi(body);
    if (!endpoint.secret) throw new Error("Stripe returned no signing secret on create");
    if (spec.disabled) await updateEndpoint(api, endpoint.id, spec);
    return endpoint as StripeEndpoint & { secret: string };
}

/** Null when the endpoint no longer exists. */
export async function getEndpoint(api: ApiRequest, id: string): Promise<StripeEndpoint | null> {
    try {
        return fromApi((await api("GET", `/v1/webhook_endpoints/${encodeURIComponent(id)}`)).body);
    } catch (err) {
        if (isApiError(err) && err.status === 404) return null;
        throw err;
    }
}

/** URL, events, description, metadata and disabled change in place. */
export async function updateEndpoint(api: ApiRequest, id: string, spec: StripeEndpointSpec): Promise<StripeEndpoint> {
    const { body } = await api("POST", `/v1/webhook_endpoints/${encodeURIComponent(id)}`, {
        form: { url: spec.url, enabled_events: spec.enabledEvents, description: spec.description, metadata: spec.metadata, disabled: spec.disabled },
    });
    return fromApi(body);
}

export async function deleteEndpoint(api: ApiRequest, id: string): Promise<void> {
    try {
        await api("DELETE", `/v1/webhook_endpoints/${encodeURIComponent(id)}`);
    } catch (err) {
        if (!(isApiError(err) && err.status === 404)) throw err;
    }
}

/** Stripe cannot update these: a change means a new endpoint (and a new signing secret). */
export function replaceKeys(olds: StripeEndpointSpec, news: StripeEndpointSpec): string[] {
    return (["apiVersion", "connect"] as const).filter((k) => olds[k] !== news[k]);
}
