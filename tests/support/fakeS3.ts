// A local S3 endpoint for PutObject (path style), as the AWS SDK calls it: SigV4-signed PUTs,
// optionally aws-chunked bodies. It checks each request and can be told to fail.
import { createServer, IncomingMessage, Server } from "http";

export interface StoredObject {
    key: string;
    body: Buffer;
    headers: IncomingMessage["headers"];
}

export interface FakeS3 {
    endpoint: string;
    objects: Map<string, StoredObject>;
    /** Requests that broke the contract, with why. */
    rejected: string[];
    /** Status to answer the next requests with (e.g. 500), instead of storing. */
    failWith?: number;
    close(): Promise<void>;
}

/** Decodes `Content-Encoding: aws-chunked` (size;chunk-signature\r\ndata\r\n ... 0\r\ntrailers). */
function decodeChunked(raw: Buffer): Buffer {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
        const eol = raw.indexOf("\r\n", at);
        const size = parseInt(raw.subarray(at, eol).toString().split(";")[0], 16);
        if (!size) return Buffer.concat(parts);
        parts.push(raw.subarray(eol + 2, eol + 2 + size));
        at = eol + 2 + size + 2;
    }
}

export async function startFakeS3(bucket: string): Promise<FakeS3> {
    const state: Omit<FakeS3, "endpoint" | "close"> = { objects: new Map(), rejected: [] };
    const server: Server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
            const fake = state as FakeS3;
            const reject = (why: string) => {
                state.rejected.push(why);
                res.writeHead(400, { "content-type": "application/xml" }).end(`<Error><Code>InvalidRequest</Code><Message>${why}</Message></Error>`);
            };
            if (fake.failWith) {
                res.writeHead(fake.failWith, { "content-type": "application/xml" }).end("<Error><Code>InternalError</Code><Message>injected</Message></Error>");
                return;
            }
            const url = new URL(req.url ?? "/", "http://localhost");
            const [, b, ...key] = url.pathname.split("/");
            if (req.method !== "PUT") return reject(`unsupported ${req.method}`);
            if (b !== bucket) return reject(`no such bucket ${b}`);
            if (!String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 Credential=")) return reject("request not signed with SigV4");
            if (!req.headers["x-amz-content-sha256"]) return reject("missing x-amz-content-sha256");
            const raw = Buffer.concat(chunks);
            const body = String(req.headers["content-encoding"] ?? "").includes("aws-chunked") ? decodeChunked(raw) : raw;
            const k = decodeURIComponent(key.join("/"));
            state.objects.set(k, { key: k, body, headers: req.headers });
            res.writeHead(200, { etag: '"fake"' }).end();
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    return Object.assign(state as FakeS3, {
        endpoint: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
    });
}
