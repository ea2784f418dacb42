// Resend sending domains and webhooks (https://resend.com/docs/api-reference): JSON, Bearer auth.
import { ApiRequest, isApiError } from "./http";

/** Event types Resend webhooks accept. */
export const RESEND_EVENTS = [
    "email.sent", "email.delivered", "email.delivery_delayed", "email.complained", "email.bounced", "email.opened",
    "email.clicked", "email.received", "email.failed", "contact.created", "contact.updated", "contact.deleted",
    "domain.created", "domain.updated", "domain.deleted",
];

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
const gone = (err: unknown) => isApiError(err) && err.status === 404;

/** Adopts the domain if the account already has it, else creates it; either way with its DNS records. */
export async function ensureDomain(api: ApiRequest, name: string, region: string): Promise<ResendDomain & { adopted: boolean }> {
    const { body } = await api<{ data: { id: string; name: string }[] }>("GET", "/domains");
    const existing = (body.data ?? []).find((d) => d.name === name);
    if (existing) return { ...(await getDomain(api, existing.id))!, adopted: true };
    return { ...domainFromApi((await api("POST", "/domains", { json: { name, region } })).body), adopted: false };
}

export async function getDomain(api: ApiRequest, id: string): Promise<ResendDomain | null> {
    try {
        return domainFromApi((await api("GET", `/domains/${encodeURIComponent(id)}`)).body);
    } catch (err) {
        if (gone(err)) return null;
        throw err;
    }
}

/** Asks Resend to check the DNS records (call once they exist). */
export async function verifyDomain(api: ApiRequest, id: string): Promise<void> {
    await api("POST", `/domains/${encodeURIComponent(id)}/verify`);
}

export async function deleteDomain(api: ApiRequest, id: string): Promise<void> {
    try {
        await api("DELETE", `/domains/${encodeURIComponent(id)}`);
    } catch (err) {
        if (!gone(err)) throw err;
    }
}

/** The DKIM record's value, which only Resend knows (the key it generated for this domain). */
export function dkimValue(domain: ResendDomain): string {
    const dkim = domain.records.find((r) => r.record === "DKIM" && r.type === "TXT");
    if (!dkim) throw new Error(`Resend returned no DKIM TXT record for ${domain.name}`);
    return dkim.value;
}

export interface ResendWebhookSpec {
    endpoint: string;
    events: string[];
}

export async function createWebhook(api: ApiRequest, spec: ResendWebhookSpec): Promise<{ id: string; signingSecret: string }> {
    const { body } = await api<{ id: string; signing_secret: string }>("POST", "/webhooks", { json: spec });
    return { id: body.id, signingSecret: body.signing_secret };
}

export async function getWebhook(api: ApiRequest, id: string): Promise<(ResendWebhookSpec & { id: string; status: string }) | null> {
    try {
        const { body } = await api<any>("GET", `/webhooks/${encodeURIComponent(id)}`);
        return { id: body.id, endpoint: body.endpoint, events: body.events, status: body.status };
    } catch (err) {
        if (gone(err)) return null;
        throw err;
    }
}

export async function updateWebhook(api: ApiRequest, id: string, spec: ResendWebhookSpec): Promise<void> {
    await api("PATCH", `/webhooks/${encodeURIComponent(id)}`, { json: spec });
}

export async function deleteWebhook(api: ApiRequest, id: string): Promise<void> {
    try {
        await api("DELETE", `/webhooks/${encodeURIComponent(id)}`);
    } catch (err) {
        if (!gone(err)) throw err;
    }
}
