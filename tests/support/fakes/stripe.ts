// Stripe's webhook-endpoint API held to Stripe's OpenAPI document (tests/support/contracts/stripe.ts):
// every request is checked against the documented operation (unknown, missing and invalid
// parameters are refused as Stripe refuses them) and every reply against its schema. Modelled as
// Stripe documents it: Bearer auth; the signing secret only in the create's answer; metadata keys
// merged on update and removed by an empty value; and Idempotency-Key, whose first result (a 500
// included) is replayed for 24 hours, refused with other parameters, and not saved for a request
// that failed validation.
import { randomBytes } from "crypto";
import { ContractIssue } from "../contracts/openapi";
import { stripeContract } from "../contracts/stripe";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const error = (status: number, type: string, message: string, code?: string, param?: string): Reply => ({
    status,
    body: { error: { type, message, ...(code ? { code } : {}), ...(param ? { param } : {}) } },
});
const DAY_MS = 24 * 60 * 60 * 1000;

export interface FakeStripe extends FakeServer {
    endpoints: Map<string, Record<string, any>>;
    /**
     * The next creates fail with a 500, after creating the endpoint (`acted`) or before; the
     * answer is saved under the request's Idempotency-Key like any other.
     */
    serverErrors: { acted: boolean }[];
    /** The fake's clock (ms); move it to age idempotency keys. */
    now: number;
}

function refusal(issues: ContractIssue[]): Reply {
    const [first] = issues;
    const code = first.kind === "unknown" ? "parameter_unknown" : first.kind === "missing" ? "parameter_missing" : "parameter_invalid_string";
    return error(400, "invalid_request_error", issues.map((i) => i.message).join(" "), code, first.param.split(".")[0]);
}

export async function startFakeStripe(apiKey: string): Promise<FakeStripe> {
    const contract = stripeContract();
    const endpoints = new Map<string, Record<string, any>>();
    const saved = new Map<string, { params: string; at: number; reply: Reply }>();
    let state: FakeStripe;

    const view = (e: Record<string, any>, withSecret = false) => {
        const { secret, ...rest } = e;
        return withSecret ? { ...rest, secret } : rest;
    };

    const act = (req: ParsedRequest, form: Record<string, any>): Reply => {
        const id = /^\/v1\/webhook_endpoints\/([^/]+)$/.exec(req.path)?.[1];
        if (req.method === "GET" && req.path === "/v1/webhook_endpoints") {
            const all = [...endpoints.values()].reverse(); // newest first, as Stripe lists
            const after = req.query.get("starting_after");
            const from = after ? all.findIndex((e) => e.id === after) + 1 : 0;
            const limit = Number(req.query.get("limit") ?? 10);
            const page = all.slice(from, from + limit);
            return { status: 200, body: { object: "list", url: "/v1/webhook_endpoints", has_more: from + limit < all.length, data: page.map((e) => view(e)) } };
        }
        if (req.method === "POST" && req.path === "/v1/webhook_endpoints") {
            const failure = state.serverErrors.shift();
            if (failure && !failure.acted) return error(500, "api_error", "An unknown error occurred");
            const endpoint = {
                id: `we_${randomBytes(12).toString("hex")}`,
                object: "webhook_endpoint",
                url: form.url,
                enabled_events: form.enabled_events,
                description: form.description ?? null,
                metadata: typeof form.metadata === "object" ? form.metadata : {},
                api_version: form.api_version ?? null,
                application: null,
                created: Math.floor(state.now / 1000),
                livemode: apiKey.startsWith("sk_live_"),
                status: "enabled",
                secret: `whsec_${randomBytes(16).toString("hex")}`,
            };
            endpoints.set(endpoint.id, endpoint);
            return failure ? error(500, "api_error", "An unknown error occurred") : { status: 200, body: view(endpoint, true) };
        }
        const endpoint = id ? endpoints.get(id) : undefined;
        if (!endpoint) return error(404, "invalid_request_error", `No such webhook endpoint: '${id}'`, "resource_missing", "id");
        if (req.method === "GET") return { status: 200, body: view(endpoint) };
        if (req.method === "DELETE") {
            endpoints.delete(endpoint.id);
            return { status: 200, body: { id: endpoint.id, object: "webhook_endpoint", deleted: true } };
        }
        // Update: given fields replace, metadata merges key by key ("" removes a key, or all of it).
        for (const k of ["url", "enabled_events", "description"]) if (form[k] !== undefined) endpoint[k] = form[k];
        if (form.metadata === "") endpoint.metadata = {};
        else if (typeof form.metadata === "object") {
            for (const [k, v] of Object.entries(form.metadata as Record<string, string>)) {
                if (v === "") delete endpoint.metadata[k];
                else endpoint.metadata[k] = v;
            }
        }
        if (form.disabled !== undefined) endpoint.status = String(form.disabled) === "true" ? "disabled" : "enabled";
        return { status: 200, body: view(endpoint) };
    };

    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, "invalid_request_error", "Invalid API Key provided");
        if (req.method === "POST" && req.raw && !req.form) return error(400, "invalid_request_error", "Bodies must be form-encoded");
        const form = req.method === "POST" ? (req.form ?? {}) : undefined;
        const issues = contract.checkRequest(req.method, req.path, req.query, form, "application/x-www-form-urlencoded");
        if (issues === "no-such-route") return error(404, "invalid_request_error", `Unrecognized request URL (${req.method}: ${req.path})`);
        if (issues.length > 0) return refusal(issues); // not saved under an idempotency key

        const key = req.method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
        const prior = key ? saved.get(key) : undefined;
        if (key && prior && state.now - prior.at < DAY_MS) {
            if (prior.params !== req.raw) {
                return error(
                    400,
                    "idempotency_error",
                    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
                );
            }
            return { ...prior.reply, headers: { ...prior.reply.headers, "idempotent-replayed": "true" } };
        }
        const reply = act(req, form ?? {});
        const problems = contract.checkResponse(req.method, req.path, reply.status, reply.body);
        for (const p of problems) fake.violations.push(`the fake's own ${req.method} ${req.path} answer breaks Stripe's schema: ${p.message}`);
        if (key) saved.set(key, { params: req.raw, at: state.now, reply });
        return reply;
    };
    const fake = await startFake(handle);
    state = Object.assign(fake, { endpoints, serverErrors: [] as { acted: boolean }[], now: Date.now() });
    return state;
}
