// A local HTTP server for a fake service API: parses each request, records it, and can be told
// to misbehave for the next requests (status storms with Retry-After, 500s, dropped connections).
import { randomBytes } from "crypto";
import { createServer, IncomingHttpHeaders } from "http";
import { decodeDeep } from "../contracts/openapi";

export interface ParsedRequest {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    /** The caller's address, as the vendor sees it (an API key's access list is checked against it). */
    remoteAddress: string;
    raw: string;
    /** Form body decoded as the vendors' deepObject style: `key[]` as arrays, `key[sub]` as objects. */
    form?: Record<string, any>;
    json?: any;
}

export interface Reply {
    status: number;
    /** Sent as JSON, or as it is when a string with its own content-type (the AWS Query protocol's XML). */
    body?: unknown;
    headers?: Record<string, string>;
}

/** "drop": the connection dies before the request is handled; "drop-after": after (the response is lost). */
export type Fault = { status: number; retryAfter?: number; body?: unknown } | "drop" | "drop-after";

export interface FakeServer {
    url: string;
    requests: ParsedRequest[];
    /** Requests that broke the API's contract, with why (a test asserts this stays empty). */
    violations: string[];
    /** Consumed one per request, before the handler runs. */
    faults: Fault[];
    /** Like `faults`, but only for requests with that method (e.g. POST). */
    methodFaults: Record<string, Fault[]>;
    close(): Promise<void>;
}

/** `handler` may answer at once or later (a fake that checks a signature with an asynchronous hash). */
export async function startFake(handler: (req: ParsedRequest, fake: FakeServer) => Reply | Promise<Reply>): Promise<FakeServer> {
    const fake: FakeServer = { url: "", requests: [], violations: [], faults: [], methodFaults: {}, close: async () => undefined };
    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
            const url = new URL(req.url ?? "/", "http://localhost");
            const raw = Buffer.concat(chunks).toString();
            const type = String(req.headers["content-type"] ?? "");
            const parsed: ParsedRequest = {
                method: req.method ?? "GET",
                path: url.pathname,
                query: url.searchParams,
                headers: req.headers,
                remoteAddress: req.socket.remoteAddress ?? "",
                raw,
            };
            if (type.startsWith("application/x-www-form-urlencoded")) parsed.form = decodeDeep([...new URLSearchParams(raw)]);
            if (type.startsWith("application/json") && raw) {
                try {
                    parsed.json = JSON.parse(raw);
                } catch {
                    fake.violations.push(`${parsed.method} ${parsed.path}: body is not JSON`);
                }
            }
            fake.requests.push(parsed);
            const fault = fake.methodFaults[parsed.method]?.shift() ?? fake.faults.shift();
            if (fault === "drop" || fault === "drop-after") {
                if (fault === "drop-after") handler(parsed, fake);
                req.socket.destroy();
                return;
            }
            const answer = (reply: Reply) => {
                res.writeHead(reply.status, { "content-type": "application/json", "request-id": `req_${randomBytes(6).toString("hex")}`, ...reply.headers });
                const asIs = typeof reply.body === "string" && reply.headers?.["content-type"];
                res.end(reply.body === undefined ? "" : asIs ? (reply.body as string) : JSON.stringify(reply.body));
            };
            if (fault)
                return answer({
                    status: fault.status,
                    body: fault.body ?? { error: { message: `injected ${fault.status}` } },
                    headers: fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : undefined,
                });
            const reply = handler(parsed, fake);
            if (reply instanceof Promise)
                reply.then(answer, (err: Error) => answer({ status: 500, body: { error: { message: `the fake failed: ${err.message}` } } }));
            else answer(reply);
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    fake.close = () =>
        new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
        });
    return fake;
}
