// Razorpay's webhooks API as documented: basic auth (key id, key secret), JSON bodies, the secret
// written but never returned (`secret_exists`), PATCH to update, up to 30 webhooks an account.
import { randomBytes } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const error = (status: number, description: string, code = "BAD_REQUEST_ERROR"): Reply => ({ status, body: { error: { code, description } } });

export interface FakeRazorpay extends FakeServer {
    webhooks: Map<string, Record<string, any>>;
}

export async function startFakeRazorpay(accountId: string, keyId: string, keySecret: string): Promise<FakeRazorpay> {
    const webhooks = new Map<string, Record<string, any>>();
    const expected = `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString("base64")}`;
    const view = (w: Record<string, any>) => ({ ...w, secret: undefined, secret_exists: Boolean(w.secret), entity: "webhook" });

    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== expected) return error(401, "The api key provided is invalid", "BAD_REQUEST_ERROR");
        const m = /^\/v2\/accounts\/([^/]+)\/webhooks(?:\/([^/]+))?$/.exec(req.path);
        if (!m || m[1] !== accountId) return error(404, "The requested URL was not found on the server.");
        if ((req.method === "POST" || req.method === "PATCH") && !req.json) {
            fake.violations.push(`${req.method} ${req.path}: body is not JSON`);
            return error(400, "body must be JSON");
        }
        const b = req.json ?? {};
        if (req.method === "POST" || req.method === "PATCH") {
            if (b.url !== undefined && !/^https:\/\//.test(b.url)) return error(400, "The url must be https");
            if (b.events !== undefined && (!Array.isArray(b.events) || b.events.some((e: unknown) => typeof e !== "string"))) return error(400, "events must be an array of event names");
        }
        const id = m[2];
        if (!id && req.method === "GET") return { status: 200, body: { entity: "collection", count: webhooks.size, items: [...webhooks.values()].map(view) } };
        if (!id && req.method === "POST") {
            if (!b.url || !b.events) return error(400, "The url and events fields are required.");
            if (webhooks.size >= 30) return error(400, "You can create up to 30 webhooks");
            const w = { id: randomBytes(7).toString("hex").toUpperCase(), url: b.url, events: b.events, alert_email: b.alert_email, secret: b.secret, active: true, created_at: Date.now() };
            webhooks.set(w.id, w);
            return { status: 200, body: view(w) };
        }
        const w = id ? webhooks.get(id) : undefined;
        if (!w) return error(400, "The id provided does not exist");
        if (req.method === "GET") return { status: 200, body: view(w) };
        if (req.method === "PATCH") {
            Object.assign(w, Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
            return { status: 200, body: view(w) };
        }
        if (req.method === "DELETE") {
            webhooks.delete(id!);
            return { status: 200, body: [] };
        }
        return error(405, "method not allowed");
    };
    const fake = await startFake(handle);
    return Object.assign(fake, { webhooks });
}
