// Stripe's webhook-endpoint API as documented: Bearer auth, form-encoded bodies, Idempotency-Key
// replay, the signing secret returned only by create, api_version/connect not updatable.
import { randomBytes } from "crypto";
import { isStripeEvent } from "../../../providers/webhooks/stripe";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const error = (status: number, type: string, message: string, code?: string): Reply => ({ status, body: { error: { type, message, code } } });

export interface FakeStripe extends FakeServer {
    endpoints: Map<string, Record<string, any>>;
}

export async function startFakeStripe(apiKey: string): Promise<FakeStripe> {
    const endpoints = new Map<string, Record<string, any>>();
    const idempotent = new Map<string, { params: string; reply: Reply }>();

    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, "invalid_request_error", "Invalid API Key provided");
        if (req.method === "POST" && !req.form) {
            fake.violations.push(`${req.method} ${req.path}: not form-encoded`);
            return error(400, "invalid_request_error", "Bodies must be form-encoded");
        }
        const form = req.form ?? {};
        const id = /^\/v1\/webhook_endpoints\/([^/]+)$/.exec(req.path)?.[1];
        const unknownEvents = (form.enabled_events ?? []).filter((e: string) => !isStripeEvent(e));
        if (unknownEvents.length) return error(400, "invalid_request_error", `Invalid enabled_events: ${unknownEvents.join(", ")}`, "parameter_invalid");
        const view = (e: Record<string, any>, withSecret = false) => ({ ...e, secret: withSecret ? e.secret : undefined });

        if (req.method === "POST" && req.path === "/v1/webhook_endpoints") {
            const key = req.headers["idempotency-key"] as string | undefined;
            if (key && idempotent.has(key)) {
                const prior = idempotent.get(key)!;
                if (prior.params !== req.raw) return error(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
                return { ...prior.reply, headers: { "idempotent-replayed": "true" } };
            }
            if (!form.url || !form.enabled_events) return error(400, "invalid_request_error", "Missing required param: url or enabled_events", "parameter_missing");
            const endpoint = {
                id: `we_${randomBytes(8).toString("hex")}`, object: "webhook_endpoint", url: form.url, enabled_events: form.enabled_events,
                description: form.description ?? null, metadata: form.metadata ?? {}, api_version: form.api_version ?? null,
                application: null, status: "enabled", secret: `whsec_${randomBytes(16).toString("hex")}`,
            };
            endpoints.set(endpoint.id, endpoint);
            const reply = { status: 200, body: view(endpoint, true) };
            if (key) idempotent.set(key, { params: req.raw, reply });
            return reply;
        }
        if (!id) return error(404, "invalid_request_error", `Unrecognized request URL (${req.method}: ${req.path})`);
        const endpoint = endpoints.get(id);
        if (!endpoint) return error(404, "invalid_request_error", `No such webhook endpoint: '${id}'`, "resource_missing");
        if (req.method === "GET") return { status: 200, body: view(endpoint) };
        if (req.method === "DELETE") {
            endpoints.delete(id);
            return { status: 200, body: { id, object: "webhook_endpoint", deleted: true } };
        }
        if (req.method === "POST") {
            for (const p of Object.keys(form)) {
                if (!["url", "enabled_events", "description", "metadata", "disabled"].includes(p)) return error(400, "invalid_request_error", `Received unknown parameter: ${p}`, "parameter_unknown");
            }
            Object.assign(endpoint, { ...form, status: form.disabled === "true" ? "disabled" : "enabled" });
            delete endpoint.disabled;
            return { status: 200, body: view(endpoint) };
        }
        return error(405, "invalid_request_error", "Method not allowed");
    };
    const fake = await startFake(handle);
    return Object.assign(fake, { endpoints });
}
