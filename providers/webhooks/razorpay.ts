// Razorpay webhooks (https://razorpay.com/docs/api/partners/webhooks/; the official SDK
// razorpay/razorpay-node, lib/resources/webhooks.js and lib/types/webhooks.d.ts): JSON under
// /v2/accounts/{id}/webhooks. Writing them is a Partner API (an OAuth access token for the
// sub-merchant account); a direct merchant manages its webhooks in the Dashboard and can only read
// them with its key id and secret (fetch-all). Razorpay never returns a webhook's secret
// (`secret_exists` only) and takes no idempotency key.
import { ApiRequest, isApiError, unlessGone } from "./http";

/**
 * The payment-side events a webhook may subscribe to, from Razorpay's "All Webhook Events" and the
 * per-product pages (razorpay.com/docs/webhooks/all, /payments, /route, /settlements; 2026).
 */
export const RAZORPAY_EVENTS = [
    "order.paid",
    "payment.authorized",
    "payment.captured",
    "payment.failed",
    "payment.pending",
    "payment.downtime.started",
    "payment.downtime.updated",
    "payment.downtime.resolved",
    "payment.dispute.created",
    "payment.dispute.won",
    "payment.dispute.lost",
    "payment.dispute.closed",
    "payment.dispute.under_review",
    "payment.dispute.action_required",
    "refund.created",
    "refund.processed",
    "refund.failed",
    "refund.speed_changed",
    "invoice.paid",
    "invoice.partially_paid",
    "invoice.expired",
    "subscription.authenticated",
    "subscription.activated",
    "subscription.charged",
    "subscription.completed",
    "subscription.updated",
    "subscription.pending",
    "subscription.halted",
    "subscription.cancelled",
    "subscription.paused",
    "subscription.resumed",
    "payment_link.paid",
    "payment_link.partially_paid",
    "payment_link.expired",
    "payment_link.cancelled",
    "qr_code.created",
    "qr_code.credited",
    "qr_code.closed",
    "virtual_account.created",
    "virtual_account.credited",
    "virtual_account.closed",
    "transfer.processed",
    "transfer.failed",
    "settlement.processed",
    "product.route.under_review",
    "product.route.needs_clarification",
    "product.route.activated",
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

/** Every webhook of the account: fetch-all pages by `count` (at most 100) and `skip`. */
export async function listWebhooks(api: ApiRequest, accountId: string): Promise<RazorpayWebhook[]> {
    const all: RazorpayWebhook[] = [];
    for (let skip = 0; ; skip += 100) {
        const { body: page } = await api<{ items: unknown[] }>("GET", base(accountId), { searchParams: { count: "100", skip: String(skip) } });
        all.push(...(page.items ?? []).map(fromApi));
        if ((page.items ?? []).length < 100) return all;
    }
}

export interface DashboardWebhookCheck {
    /** `active`: a webhook for the URL is active with exactly the configured events. */
    status: "active" | "missing" | "inactive" | "events-differ";
    webhookId: string | null;
    /** What is wrong, for a warning; empty when active. */
    problem: string;
}

/** Dashboard mode: reads the merchant's webhooks and compares the one for `url` with the config. */
export async function checkDashboardWebhook(
    api: ApiRequest,
    accountId: string,
    spec: Pick<RazorpayWebhookSpec, "url" | "events">,
): Promise<DashboardWebhookCheck> {
    const hook = (await listWebhooks(api, accountId)).find((w) => w.url === spec.url);
    if (!hook) return { status: "missing", webhookId: null, problem: `no webhook for ${spec.url}` };
    if (!hook.active) return { status: "inactive", webhookId: hook.id, problem: `the webhook for ${spec.url} (${hook.id}) is disabled` };
    const missing = spec.events.filter((e) => !hook.events.includes(e));
    const extra = hook.events.filter((e) => !spec.events.includes(e));
    if (missing.length || extra.length) {
        const parts = [missing.length ? `missing ${missing.join(", ")}` : "", extra.length ? `not configured ${extra.join(", ")}` : ""].filter(Boolean);
        return { status: "events-differ", webhookId: hook.id, problem: `the webhook for ${spec.url} (${hook.id}) has other events: ${parts.join("; ")}` };
    }
    return { status: "active", webhookId: hook.id, problem: "" };
}

export async function getWebhook(api: ApiRequest, accountId: string, id: string): Promise<RazorpayWebhook | null> {
    const found = await unlessGone(api("GET", `${base(accountId)}/${encodeURIComponent(id)}`), isGone);
    return found && fromApi(found.body);
}

export async function updateWebhook(api: ApiRequest, accountId: string, id: string, spec: RazorpayWebhookSpec): Promise<RazorpayWebhook> {
    return fromApi((await api("PATCH", `${base(accountId)}/${encodeURIComponent(id)}`, { json: body(spec) })).body);
}

/**
 * Partner mode. Adopts the webhook already registered for this URL (updating its events and secret), or
 * creates one. A create whose answer is lost is not resent blindly: the next attempt looks
 * for the URL again first, so a retry never makes a second webhook.
 */
export async function ensureWebhook(
    api: ApiRequest,
    accountId: string,
    spec: RazorpayWebhookSpec,
    attempts = 3,
): Promise<RazorpayWebhook & { adopted: boolean }> {
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
    await unlessGone(api("DELETE", `${base(accountId)}/${encodeURIComponent(id)}`), isGone);
}
