// Razorpay webhooks (https://razorpay.com/docs/api/partners/webhooks/): JSON, basic auth with the
// key id and secret. Razorpay never returns a webhook's secret and takes no idempotency key, so
// creating first looks for a webhook with the same URL and adopts it.
import { ApiRequest, isApiError } from "./http";

/**
 * The payment-side events a webhook may subscribe to, from Razorpay's "All Webhook Events" and the
 * per-product pages (razorpay.com/docs/webhooks/all, /payments, /route, /settlements; 2026).
 */
export const RAZORPAY_EVENTS = [
    "order.paid",
    "payment.authorized", "payment.captured", "payment.failed", "payment.pending",
    "payment.downtime.started", "payment.downtime.updated", "payment.downtime.resolved",
    "payment.dispute.created", "payment.dispute.won", "payment.dispute.lost", "payment.dispute.closed",
    "payment.dispute.under_review", "payment.dispute.action_required",
    "refund.created", "refund.processed", "refund.failed", "refund.speed_changed",
    "invoice.paid", "invoice.partially_paid", "invoice.expired",
    "subscription.authenticated", "subscription.activated", "subscription.charged", "subscription.completed",
    "subscription.updated", "subscription.pending", "subscription.halted", "subscription.cancelled",
    "subscription.paused", "subscription.resumed",
    "payment_link.paid", "payment_link.partially_paid", "payment_link.expired", "payment_link.cancelled",
    "qr_code.created", "qr_code.credited", "qr_code.closed",
    "virtual_account.created", "virtual_account.credited", "virtual_account.closed",
    "transfer.processed", "transfer.failed", "settlement.processed",
    "product.route.under_review", "product.route.needs_clarification", "product.route.activated",
] as const;

export interface RazorpayWebhookSpec {
    url: string;
    events: string[];
    alertEmail?: string;
    /** Written, never read back: Razorpay only reports `secret_exists`. */
    secret: string;
}

export interface RazorpayWebhook {
    id: string;
    url: string;
    events: string[];
    active: boolean;
}

/** Razorpay answers an unknown id with 400 "The id provided does not exist" (or a 404). */
const isGone = (err: unknown) => isApiError(err) && (err.status === 404 || (err.status === 400 && /does not exist/i.test(err.message)));
const base = (accountId: string) => `/v2/accounts/${encodeURIComponent(accountId)}/webhooks`;
const fromApi = (w: any): RazorpayWebhook => ({ id: w.id, url: w.url, events: w.events ?? [], active: w.active !== false });
const body = (spec: RazorpayWebhookSpec) => ({ url: spec.url, events: spec.events, secret: spec.secret, alert_email: spec.alertEmail });

export async function listWebhooks(api: ApiRequest, accountId: string): Promise<RazorpayWebhook[]> {
    const { body: page } = await api<{ items: unknown[] }>("GET", base(accountId), { searchParams: { count: "100" } });
    return (page.items ?? []).map(fromApi);
}

export async function getWebhook(api: ApiRequest, accountId: string, id: string): Promise<RazorpayWebhook | null> {
    try {
        return fromApi((await api("GET", `${base(accountId)}/${encodeURIComponent(id)}`)).body);
    } catch (err) {
        if (isGone(err)) return null;
        throw err;
    }
}

export async function updateWebhook(api: ApiRequest, accountId: string, id: string, spec: RazorpayWebhookSpec): Promise<RazorpayWebhook> {
    return fromApi((await api("PATCH", `${base(accountId)}/${encodeURIComponent(id)}`, { json: body(spec) })).body);
}

/**
 * Adopts the webhook already registered for this URL (updating its events and secret), or
 * creates one. A create whose answer is lost is not resent blindly: the next attempt looks
 * for the URL again first, so a retry never makes a second webhook.
 */
export async function ensureWebhook(api: ApiRequest, accountId: string, spec: RazorpayWebhookSpec, attempts = 3): Promise<RazorpayWebhook & { adopted: boolean }> {
    for (let attempt = 1; ; attempt++) {
        const existing = (await listWebhooks(api, accountId)).find((w) => w.url === spec.url);
        if (existing) return { ...(await updateWebhook(api, accountId, existing.id, spec)), adopted: attempt === 1 };
        try {
            return { ...fromApi((await api("POST", base(accountId), { json: body(spec) })).body), adopted: false };
        } catch (err) {
            const retryable = isApiError(err) && (err.status === undefined || err.status === 429 || err.status >= 500);
            if (!retryable || attempt >= attempts) throw err;
            await new Promise((r) => setTimeout(r, 200 * attempt * (0.5 + Math.random())));
        }
    }
}

export async function deleteWebhook(api: ApiRequest, accountId: string, id: string): Promise<void> {
    try {
        await api("DELETE", `${base(accountId)}/${encodeURIComponent(id)}`);
    } catch (err) {
        if (!isGone(err)) throw err;
    }
}
