// Stripe webhook endpoints (https://docs.stripe.com/api/webhook_endpoints): plain async functions.
import { randomUUID } from "crypto";
import { ApiRequest, isApiError, unlessGone } from "./http";
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

/** Metadata key that marks an endpoint as this resource's (its stack and name), to find it after a lost answer. */
export const IDENTITY_KEY = "app_platform_identity";

/**
 * A fresh Idempotency-Key for one create attempt. Stripe replays a key's first result for 24 hours,
 * a 500 included: the key covers the retries of one attempt (a lost answer comes back), never a
 * later attempt (a deleted endpoint must not come back, a 500 must not be replayed forever).
 */
export function newIdempotencyKey(): string {
    return randomUUID();
}

/** Every endpoint of the account (Stripe pages 100 at a time). */
export async function listEndpoints(api: ApiRequest): Promise<(StripeEndpoint & { metadata: Record<string, string> })[]> {
    const all: (StripeEndpoint & { metadata: Record<string, string> })[] = [];
    for (let after: string | undefined; ;) {
        const { body } = await api<{ data: any[]; has_more: boolean }>("GET", "/v1/webhook_endpoints", {
            searchParams: { limit: "100", ...(after ? { starting_after: after } : {}) },
        });
        all.push(...body.data.map((e) => ({ ...fromApi(e), metadata: e.metadata ?? {} })));
        if (!body.has_more || body.data.length === 0) return all;
        after = body.data[body.data.length - 1].id;
    }
}

async function createOnce(api: ApiRequest, spec: StripeEndpointSpec, identity: string): Promise<StripeEndpoint> {
    const { body } = await api("POST", "/v1/webhook_endpoints", {
        headers: { "idempotency-key": newIdempotencyKey() },
        form: {
            url: spec.url,
            enabled_events: spec.enabledEvents,
            description: spec.description,
            metadata: { ...spec.metadata, [IDENTITY_KEY]: identity },
            api_version: spec.apiVersion,
            connect: spec.connect ? true : undefined,
        },
    });
    return fromApi(body);
}

/**
 * Endpoints marked as `identity`'s that the state does not hold: a create whose answer never
 * arrived (all retries lost, or a 500 after Stripe acted). Their signing secret was never seen, so
 * they cannot be adopted: they are deleted, and the caller creates anew.
 */
async function removeOrphans(api: ApiRequest, identity: string, log: (line: string) => void): Promise<void> {
    for (const e of (await listEndpoints(api)).filter((x) => x.metadata[IDENTITY_KEY] === identity)) {
        log(
            `Stripe endpoint ${e.id} (${e.url}) is this resource's from an earlier create whose answer was lost; its signing secret was never seen, so it is replaced`,
        );
        await deleteEndpoint(api, e.id);
    }
}

/**
 * Creates the endpoint and returns it with its signing secret. Retries of one attempt share its
 * Idempotency-Key; a 500 (which Stripe replays for that key) gets one more attempt with a new key
 * after any endpoint the failed attempt left behind is removed.
 */
export async function createEndpoint(
    api: ApiRequest,
    spec: StripeEndpointSpec,
    identity: string,
    log: (line: string) => void = () => undefined,
): Promise<StripeEndpoint & { secret: string }> {
    await removeOrphans(api, identity, log);
    let endpoint: StripeEndpoint;
    try {
        endpoint = await createOnce(api, spec, identity);
    } catch (err) {
        if (!(isApiError(err) && err.status !== undefined && err.status >= 500)) throw err;
        await removeOrphans(api, identity, log);
        endpoint = await createOnce(api, spec, identity);
    }
    if (!endpoint.secret) throw new Error("Stripe returned no signing secret on create");
    if (spec.disabled) await updateEndpoint(api, endpoint.id, spec, identity);
    return endpoint as StripeEndpoint & { secret: string };
}

/** Null when the endpoint no longer exists. */
export async function getEndpoint(api: ApiRequest, id: string): Promise<StripeEndpoint | null> {
    const found = await unlessGone(api("GET", `/v1/webhook_endpoints/${encodeURIComponent(id)}`));
    return found && fromApi(found.body);
}

/**
 * URL, events, description, metadata and disabled change in place. Stripe merges metadata key by
 * key, so a key dropped from the config (in `previous` only) is removed with an empty value.
 */
export async function updateEndpoint(
    api: ApiRequest,
    id: string,
    spec: StripeEndpointSpec,
    identity: string,
    previous: Record<string, string> = {},
): Promise<StripeEndpoint> {
    const removed = Object.fromEntries(
        Object.keys(previous)
            .filter((k) => !(k in spec.metadata) && k !== IDENTITY_KEY)
            .map((k) => [k, ""]),
    );
    const { body } = await api("POST", `/v1/webhook_endpoints/${encodeURIComponent(id)}`, {
        form: {
            url: spec.url,
            enabled_events: spec.enabledEvents,
            description: spec.description,
            metadata: { ...removed, ...spec.metadata, [IDENTITY_KEY]: identity },
            disabled: spec.disabled,
        },
    });
    return fromApi(body);
}

export async function deleteEndpoint(api: ApiRequest, id: string): Promise<void> {
    await unlessGone(api("DELETE", `/v1/webhook_endpoints/${encodeURIComponent(id)}`));
}

/** Stripe cannot update these: a change means a new endpoint (and a new signing secret). */
export function replaceKeys(olds: StripeEndpointSpec, news: StripeEndpointSpec): string[] {
    return (["apiVersion", "connect"] as const).filter((k) => olds[k] !== news[k]);
}
