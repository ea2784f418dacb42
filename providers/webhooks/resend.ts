// Resend sending domains and webhooks (https://resend.com/docs/api-reference): JSON, Bearer auth.
import { ApiRequest, isApiError, unlessGone } from "./http";

/** Event types Resend webhooks accept: the `webhooks` of Resend's OpenAPI document (resend/resend-openapi, 1.5.0). */
export const RESEND_EVENTS = [
    "email.sent",
    "email.delivered",
    "email.delivery_delayed",
    "email.bounced",
    "email.complained",
    "email.opened",
    "email.clicked",
    "email.failed",
    "email.scheduled",
    "email.suppressed",
    "email.received",
    "contact.created",
    "contact.updated",
    "contact.deleted",
    "domain.created",
    "domain.updated",
    "domain.deleted",
];

/**
 * Resend takes no idempotency key on POST /domains or /webhooks, so a POST is never resent blindly:
 * when its answer is lost (a dropped connection, a timeout, a 5xx) the engine lists what exists and
 * adopts what the POST made, if it made anything.
 */
export const RETRY_METHODS = ["get", "patch", "delete"];
const answerLost = (err: unknown) => !isApiError(err) || err.status === undefined || err.status >= 500;

export interface DomainRecord {
    record: string;
    name: string;
    type: string;
    value: string;
    priority?: number;
    status?: string;
}

export interface ResendDomain {
    id: string;
    name: string;
    status: string;
    region: string;
    records: DomainRecord[];
}

const domainFromApi = (d: any): ResendDomain => ({ id: d.id, name: d.name, status: d.status, region: d.region, records: d.records ?? [] });

async function findDomain(api: ApiRequest, name: string, region: string): Promise<ResendDomain | undefined> {
    const { body } = await api<{ data: { id: string; name: string }[] }>("GET", "/domains");
    const existing = (body.data ?? []).find((d) => d.name === name);
    const domain = existing ? await getDomain(api, existing.id) : null;
    if (!domain) return undefined;
    if (domain.region !== region) {
        throw new Error(
            `Resend already has the domain ${name} in ${domain.region}, but the config asks for ${region}; set email.domain.region to ${domain.region}, or delete the domain in Resend first`,
        );
    }
    return domain;
}

/**
 * Adopts the domain if the account already has it (in the configured region), else creates it with
 * the configured Return-Path subdomain; either way with its DNS records.
 */
export async function ensureDomain(api: ApiRequest, name: string, region: string, returnPath?: string): Promise<ResendDomain & { adopted: boolean }> {
    const existing = await findDomain(api, name, region);
    if (existing) return { ...existing, adopted: true };
    try {
        return {
            ...domainFromApi((await api("POST", "/domains", { json: { name, region, ...(returnPath ? { custom_return_path: returnPath } : {}) } })).body),
            adopted: false,
        };
    } catch (err) {
        const made = answerLost(err) ? await findDomain(api, name, region) : undefined;
        if (!made) throw err;
        return { ...made, adopted: false };
    }
}

export async function getDomain(api: ApiRequest, id: string): Promise<ResendDomain | null> {
    const found = await unlessGone(api("GET", `/domains/${encodeURIComponent(id)}`));
    return found && domainFromApi(found.body);
}

/** Asks Resend to check the DNS records (call once they exist). */
export async function verifyDomain(api: ApiRequest, id: string): Promise<void> {
    await api("POST", `/domains/${encodeURIComponent(id)}/verify`);
}

export async function deleteDomain(api: ApiRequest, id: string): Promise<void> {
    await unlessGone(api("DELETE", `/domains/${encodeURIComponent(id)}`));
}

/** A DKIM record Resend asks to be published, its name fully qualified. */
export interface DkimRecord {
    name: string;
    type: string;
    value: string;
}

/**
 * The domain's DKIM records, however many Resend gives and of whichever type (one `resend._domainkey`
 * TXT, or three Easy DKIM CNAMEs as in its API reference). Resend names records relative to the
 * domain (`x._domainkey`), some in full, and some dashboards relative to the zone
 * (`x._domainkey.staging` for staging.ecoo.com in ecoo.com): each is made fully qualified. CNAME
 * targets lose their trailing dot, as Cloudflare stores them.
 */
export function dkimRecords(records: DomainRecord[], domain: string, zone = domain): DkimRecord[] {
    const below = domain === zone ? "" : domain.slice(0, -zone.length - 1);
    const fqdn = (name: string) =>
        name === domain || name.endsWith(`.${domain}`)
            ? name
            : below && (name === below || name.endsWith(`.${below}`))
              ? `${name}.${zone}`
              : `${name}.${domain}`;
    return records
        .filter((r) => r.record === "DKIM")
        .map((r) => ({ name: fqdn(r.name), type: r.type, value: r.type === "CNAME" ? r.value.replace(/\.$/, "") : r.value }));
}

/** Fails when Resend gives another number of DKIM records than the DNS plan declares. */
export function checkDkimCount(domain: string, records: DomainRecord[], declared: number): void {
    const dkim = records.filter((r) => r.record === "DKIM");
    if (dkim.length === declared) return;
    const shapes = dkim.map((r) => `${r.type} ${r.name}`).join(", ") || "none";
    throw new Error(
        `Resend gives ${domain} ${dkim.length} DKIM record(s) (${shapes}), but app-platform:email.domain.dkimRecords is ${declared}; set it to ${dkim.length}, so that the DNS plan publishes each of them`,
    );
}

export interface ResendWebhookSpec {
    endpoint: string;
    events: string[];
}

export interface ResendWebhook extends ResendWebhookSpec {
    id: string;
    status: string;
    /** Resend shows it on every read, not only at creation. */
    signingSecret: string;
}

async function findWebhook(api: ApiRequest, endpoint: string): Promise<ResendWebhook | null> {
    for (let after: string | undefined; ;) {
        const { body } = await api<{ data: { id: string; endpoint: string }[]; has_more?: boolean }>("GET", "/webhooks", {
            searchParams: { limit: "100", ...(after ? { after } : {}) },
        });
        const hit = (body.data ?? []).find((w) => w.endpoint === endpoint);
        if (hit) return getWebhook(api, hit.id);
        if (!body.has_more || !body.data?.length) return null;
        after = body.data[body.data.length - 1].id;
    }
}

/**
 * The webhook for `spec.endpoint`: an existing one is adopted (its events set, its secret read
 * back), else one is created; a create whose answer is lost is found and adopted, not re-sent.
 */
export async function ensureWebhook(api: ApiRequest, spec: ResendWebhookSpec): Promise<ResendWebhook & { adopted: boolean }> {
    const existing = await findWebhook(api, spec.endpoint);
    if (existing) {
        if (JSON.stringify(existing.events) !== JSON.stringify(spec.events)) await updateWebhook(api, existing.id, spec);
        return { ...existing, events: spec.events, adopted: true };
    }
    try {
        const { body } = await api<{ id: string; signing_secret: string }>("POST", "/webhooks", { json: spec });
        return { id: body.id, ...spec, status: "enabled", signingSecret: body.signing_secret, adopted: false };
    } catch (err) {
        const made = answerLost(err) ? await findWebhook(api, spec.endpoint) : null;
        if (!made) throw err;
        return { ...made, adopted: false };
    }
}

export async function getWebhook(api: ApiRequest, id: string): Promise<ResendWebhook | null> {
    const found = await unlessGone(api<any>("GET", `/webhooks/${encodeURIComponent(id)}`));
    if (!found) return null;
    const { body } = found;
    return { id: body.id, endpoint: body.endpoint, events: body.events ?? [], status: body.status, signingSecret: body.signing_secret };
}

export async function updateWebhook(api: ApiRequest, id: string, spec: ResendWebhookSpec): Promise<void> {
    await api("PATCH", `/webhooks/${encodeURIComponent(id)}`, { json: spec });
}

export async function deleteWebhook(api: ApiRequest, id: string): Promise<void> {
    await unlessGone(api("DELETE", `/webhooks/${encodeURIComponent(id)}`));
}
