// Resend's domains and webhooks API as its OpenAPI document (resend/resend-openapi 1.5.0, read with
// the search tools; not fetched at test time) describes it: Bearer auth, JSON; CreateDomainRequest
// (name required; region one of four; custom_return_path naming the SPF subdomain, `send` by
// default), a new domain answering with the DNS records it needs; CreateWebhookRequest (endpoint and
// at least one event, each one of the document's webhook events), 201 with the signing secret,
// which GET /webhooks/{id} also shows; UpdateWebhookRequest (endpoint, events, status
// enabled|disabled); lists as {object: "list", has_more, data}. No idempotency keys.
import { randomBytes, randomUUID } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";
import { RESEND_EVENTS } from "../../../providers/webhooks/resend";

const error = (statusCode: number, name: string, message: string): Reply => ({ status: statusCode, body: { statusCode, name, message } });

export interface FakeResend extends FakeServer {
    domains: Map<string, Record<string, any>>;
    webhooks: Map<string, Record<string, any>>;
    /** What the fake's DNS "sees": verification succeeds only when every DKIM record is published here. */
    publishedDkim: Set<string>;
}

export interface FakeResendOptions {
    /**
     * The DKIM records the account's new domains get: "cnames", three Easy DKIM CNAMEs named relative
     * to the domain with a trailing dot on the target (the API reference's example); "txt", the one
     * `resend._domainkey` TXT key.
     */
    dkim?: "cnames" | "txt";
}

const dkimRecordsFor = (shape: FakeResendOptions["dkim"]) => {
    if (shape === "txt")
        return [
            {
                record: "DKIM",
                name: "resend._domainkey",
                type: "TXT",
                ttl: "Auto",
                status: "not_started",
                value: `p=MIGfMA0GCSqGSIb3DQEB${randomBytes(24).toString("base64")}IDAQAB`,
            },
        ];
    return [1, 2, 3].map(() => {
        const token = randomBytes(20).toString("hex").slice(0, 32);
        return { record: "DKIM", name: `${token}._domainkey`, type: "CNAME", ttl: "Auto", status: "not_started", value: `${token}.dkim.amazonses.com.` };
    });
};

export async function startFakeResend(apiKey: string, options: FakeResendOptions = {}): Promise<FakeResend> {
    const domains = new Map<string, Record<string, any>>();
    const webhooks = new Map<string, Record<string, any>>();
    const publishedDkim = new Set<string>();
    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, "validation_error", "API key is invalid");
        if (["POST", "PATCH"].includes(req.method) && req.raw && !req.json) {
            fake.violations.push(`${req.method} ${req.path}: body is not JSON`);
            return error(422, "validation_error", "Invalid JSON");
        }
        const b = req.json ?? {};
        const [, kind, id, action] = req.path.split("/");
        if (kind === "domains") {
            if (!id && req.method === "GET") return { status: 200, body: { object: "list", data: [...domains.values()].map(({ records: _r, ...d }) => d) } };
            if (!id && req.method === "POST") {
                const unknownField = Object.keys(b).find(
                    (k) =>
                        !["name", "region", "custom_return_path", "open_tracking", "click_tracking", "tls", "capabilities", "tracking_subdomain"].includes(k),
                );
                if (unknownField) return error(422, "validation_error", `Unknown field \`${unknownField}\``);
                if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(b.name ?? "")) return error(422, "validation_error", "The `name` field must be a domain");
                if (b.region !== undefined && !["us-east-1", "eu-west-1", "sa-east-1", "ap-northeast-1"].includes(b.region))
                    return error(422, "validation_error", "Invalid `region` field");
                const region = b.region ?? "us-east-1";
                const returnPath = b.custom_return_path ?? "send";
                const d = {
                    id: randomUUID(),
                    object: "domain",
                    name: b.name,
                    status: "not_started",
                    region,
                    created_at: new Date().toISOString(),
                    records: [
                        {
                            record: "SPF",
                            name: returnPath,
                            type: "MX",
                            ttl: "Auto",
                            status: "not_started",
                            value: `feedback-smtp.${region}.amazonses.com`,
                            priority: 10,
                        },
                        { record: "SPF", name: returnPath, type: "TXT", ttl: "Auto", status: "not_started", value: '"v=spf1 include:amazonses.com ~all"' },
                        ...dkimRecordsFor(options.dkim),
                    ],
                };
                domains.set(d.id, d);
                return { status: 200, body: d };
            }
            const d = domains.get(id);
            if (!d) return error(404, "not_found", "Domain not found");
            if (req.method === "GET") return { status: 200, body: d };
            if (req.method === "POST" && action === "verify") {
                const dkim = d.records.filter((r: any) => r.record === "DKIM");
                for (const r of dkim) r.status = publishedDkim.has(r.value) ? "verified" : "pending";
                d.status = dkim.every((r: any) => r.status === "verified") ? "verified" : "pending";
                return { status: 200, body: { object: "domain", id } };
            }
            if (req.method === "DELETE") {
                domains.delete(id);
                return { status: 200, body: { object: "domain", id, deleted: true } };
            }
        }
        if (kind === "webhooks") {
            if (["POST", "PATCH"].includes(req.method)) {
                const allowed = req.method === "POST" ? ["endpoint", "events"] : ["endpoint", "events", "status"];
                const unknownField = Object.keys(b).find((k) => !allowed.includes(k));
                if (unknownField) return error(422, "validation_error", `Unknown field \`${unknownField}\``);
                if (b.events !== undefined && (!Array.isArray(b.events) || b.events.length === 0))
                    return error(422, "validation_error", "`events` must hold at least one event");
                const unknown = (b.events ?? []).filter((e: string) => !RESEND_EVENTS.includes(e));
                if (unknown.length) return error(422, "validation_error", `Invalid events: ${unknown.join(", ")}`);
                if (b.status !== undefined && !["enabled", "disabled"].includes(b.status)) return error(422, "validation_error", "Invalid `status` field");
            }
            if (!id && req.method === "GET") {
                return { status: 200, body: { object: "list", has_more: false, data: [...webhooks.values()].map(({ signing_secret: _s, ...w }) => w) } };
            }
            if (!id && req.method === "POST") {
                if (!/^https:\/\//.test(b.endpoint ?? "") || !Array.isArray(b.events))
                    return error(422, "validation_error", "endpoint (https) and events are required");
                const w = {
                    id: randomUUID(),
                    object: "webhook",
                    endpoint: b.endpoint,
                    events: b.events,
                    status: "enabled",
                    created_at: new Date().toISOString(),
                    signing_secret: `whsec_${randomBytes(18).toString("base64")}`,
                };
                webhooks.set(w.id, w);
                return { status: 201, body: { object: "webhook", id: w.id, signing_secret: w.signing_secret } };
            }
            const w = webhooks.get(id);
            if (!w) return error(404, "not_found", "Webhook not found");
            if (req.method === "GET") return { status: 200, body: w };
            if (req.method === "PATCH") {
                Object.assign(w, { endpoint: b.endpoint ?? w.endpoint, events: b.events ?? w.events, status: b.status ?? w.status });
                return { status: 200, body: { object: "webhook", id } };
            }
            if (req.method === "DELETE") {
                webhooks.delete(id);
                return { status: 200, body: { object: "webhook", id, deleted: true } };
            }
        }
        return error(404, "not_found", `Route ${req.method} ${req.path} not found`);
    };
    return Object.assign(await startFake(handle), { domains, webhooks, publishedDkim });
}
