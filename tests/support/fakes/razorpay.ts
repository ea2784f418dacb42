// Razorpay's webhooks API as its docs (razorpay.com/docs/api/partners/webhooks) and official SDK
// (razorpay/razorpay-node: lib/resources/webhooks.js, lib/types/webhooks.d.ts) describe it; Razorpay
// publishes no OpenAPI document. Under /v2/accounts/{account_id}/webhooks:
// - writing (POST create, PATCH edit, DELETE) is the Partner API: an OAuth access token
//   (`Authorization: Bearer`, the SDK's `oauthToken`); the merchant's own key id and secret only
//   read (the docs' fetch-all example uses them), so a write with them is refused;
// - a body holds url (required, at most 255 characters), events (required: a list of event names,
//   or the SDK's object form {event: true}), and optionally alert_email, secret, active; any other
//   field is refused as Razorpay refuses extras;
// - fetch-all takes count (default 10, at most 100) and skip; replies never carry the secret, only
//   `secret_exists`; an unknown id answers 400 "The id provided does not exist".
import { randomBytes } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";
import { RAZORPAY_EVENTS } from "../../../providers/webhooks/razorpay";

const error = (status: number, description: string, code = "BAD_REQUEST_ERROR"): Reply => ({ status, body: { error: { code, description } } });
const FIELDS = ["url", "events", "alert_email", "secret", "active"];

export interface FakeRazorpayOptions {
    accountId: string;
    keyId: string;
    keySecret: string;
    /** The partner's OAuth access token for the account; without one, nothing may write. */
    oauthToken?: string;
}

export interface FakeRazorpay extends FakeServer {
    webhooks: Map<string, Record<string, any>>;
    /** A webhook as the merchant makes it in the Dashboard. */
    addDashboardWebhook(w: { url: string; events: string[]; secret?: string; active?: boolean }): string;
}

/** Events as the SDK allows them: a list, or an object whose true keys are the events. */
function eventList(events: unknown): string[] | undefined {
    if (Array.isArray(events) && events.every((e) => typeof e === "string")) return events;
    if (events && typeof events === "object" && !Array.isArray(events))
        return Object.entries(events)
            .filter(([, on]) => on === true || on === "1")
            .map(([e]) => e);
    return undefined;
}

export async function startFakeRazorpay(opts: FakeRazorpayOptions): Promise<FakeRazorpay> {
    const webhooks = new Map<string, Record<string, any>>();
    const basic = `Basic ${Buffer.from(`${opts.keyId}:${opts.keySecret}`).toString("base64")}`;
    const view = ({ secret, ...w }: Record<string, any>) => ({ ...w, secret_exists: Boolean(secret), entity: "webhook" });
    const store = (w: { url: string; events: string[]; alert_email?: string; secret?: string; active?: boolean }) => {
        const now = Math.floor(Date.now() / 1000);
        const hook = {
            id: randomBytes(7).toString("hex").toUpperCase(),
            created_at: now,
            updated_at: now,
            owner_id: opts.accountId.replace(/^acc_/, ""),
            owner_type: "merchant",
            context: [],
            disabled_at: 0,
            active: true,
            ...w,
        };
        webhooks.set(hook.id, hook);
        return hook;
    };

    const validate = (b: Record<string, any>): Reply | undefined => {
        const extra = Object.keys(b).filter((k) => !FIELDS.includes(k));
        if (extra.length) return error(400, `${extra.join(", ")} is/are not required and should not be sent`);
        if (typeof b.url !== "string" || !b.url) return error(400, "The url field is required.");
        if (b.url.length > 255 || !/^https:\/\//.test(b.url)) return error(400, "The url must be a valid https URL of at most 255 characters.");
        const events = eventList(b.events);
        if (!events?.length) return error(400, "The events field is required.");
        const unknown = events.filter((e) => !(RAZORPAY_EVENTS as readonly string[]).includes(e));
        if (unknown.length) return error(400, `Invalid event name(s): ${unknown.join(", ")}`);
        if (b.alert_email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.alert_email))
            return error(400, "The alert email must be a valid email address.");
        return undefined;
    };

    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        const auth = req.headers.authorization;
        const partner = opts.oauthToken !== undefined && auth === `Bearer ${opts.oauthToken}`;
        if (!partner && auth !== basic) return error(401, "The api key provided is invalid", "BAD_REQUEST_ERROR");
        const m = /^\/v2\/accounts\/([^/]+)\/webhooks\/?(?:([^/]+))?$/.exec(req.path);
        if (!m || m[1] !== opts.accountId) return error(404, "The requested URL was not found on the server.");
        if (req.method !== "GET" && !partner) return error(401, "Access Denied: this is a Partner API; use the OAuth access token the account granted");
        if ((req.method === "POST" || req.method === "PATCH") && !req.json) {
            fake.violations.push(`${req.method} ${req.path}: body is not JSON`);
            return error(400, "body must be JSON");
        }
        const b = req.json ?? {};
        const id = m[2];
        if (!id && req.method === "GET") {
            const count = Number(req.query.get("count") ?? 10);
            const skip = Number(req.query.get("skip") ?? 0);
            if (!Number.isInteger(count) || count < 1 || count > 100) return error(400, "The count must be between 1 and 100.");
            const items = [...webhooks.values()].slice(skip, skip + count).map(view);
            return { status: 200, body: { entity: "collection", count: items.length, items } };
        }
        if (!id && req.method === "POST") {
            const bad = validate(b);
            if (bad) return bad;
            return {
                status: 200,
                body: view(store({ url: b.url, events: eventList(b.events)!, alert_email: b.alert_email, secret: b.secret, active: b.active ?? true })),
            };
        }
        const w = id ? webhooks.get(id) : undefined;
        if (!w) return error(400, "The id provided does not exist");
        if (req.method === "GET") return { status: 200, body: view(w) };
        if (req.method === "PATCH") {
            // The SDK's update body is the create body: url and events again, the rest optional.
            const bad = validate(b);
            if (bad) return bad;
            Object.assign(
                w,
                { url: b.url, events: eventList(b.events), updated_at: Math.floor(Date.now() / 1000) },
                Object.fromEntries(["alert_email", "secret", "active"].filter((k) => b[k] !== undefined).map((k) => [k, b[k]])),
            );
            return { status: 200, body: view(w) };
        }
        if (req.method === "DELETE") {
            webhooks.delete(id!);
            return { status: 200, body: [] };
        }
        return error(405, "method not allowed");
    };
    const fake = await startFake(handle);
    return Object.assign(fake, { webhooks, addDashboardWebhook: (w: { url: string; events: string[]; secret?: string; active?: boolean }) => store(w).id });
}
