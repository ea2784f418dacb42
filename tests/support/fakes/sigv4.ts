// AWS Signature Version 4 as AWS checks it (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html):
// the request's Authorization names a credential scope and the headers it signed; AWS signs the same
// request again with that access key's secret (here with the SDK's own signer, @smithy/signature-v4)
// and compares. The fakes of AWS APIs (STS, KMS) answer an unsigned or mis-signed request as AWS does.
import { createHash, createHmac } from "crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ParsedRequest } from "./server";

export interface AwsKey {
    accessKeyId: string;
    secretAccessKey: string;
}

const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
    typeof d === "string" ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** SHA-256 (and its HMAC) in the shape the signer takes, as @smithy/hash-node makes it. */
class Sha256 {
    private readonly hash;
    constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.hash = secret ? createHmac("sha256", bytes(secret)) : createHash("sha256");
    }
    update(data: string | ArrayBuffer | ArrayBufferView) {
        this.hash.update(bytes(data));
    }
    async digest() {
        return new Uint8Array(this.hash.digest());
    }
}

/** The Authorization header's parts: access key, region, service and signed headers; undefined when it is not SigV4. */
export function signatureScope(req: ParsedRequest): { accessKeyId: string; region: string; service: string; signedHeaders: string[] } | undefined {
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([\w;-]+), ?Signature=[0-9a-f]{64}$/.exec(
        String(req.headers.authorization ?? ""),
    );
    return m ? { accessKeyId: m[1], region: m[2], service: m[3], signedHeaders: m[4].split(";") } : undefined;
}

/** Whether `req` carries the signature the key's secret gives its signed headers and body, for `service` in `region`. */
export async function signedBy(req: ParsedRequest, key: AwsKey, region: string, service: string, signedHeaders: string[]): Promise<boolean> {
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const at = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!at) return false;
    const headers = Object.fromEntries(signedHeaders.map((h) => [h, String(req.headers[h] ?? "")]));
    // Only the headers the client signed: the signer adds no checksum header of its own.
    const signer = new SignatureV4({ credentials: key, region, service, sha256: Sha256, applyChecksum: false });
    const [host, port] = String(req.headers.host).split(":");
    const signed = await signer.sign(
        { method: req.method, protocol: "http:", hostname: host, port: Number(port), path: req.path, query: {}, headers, body: req.raw },
        { signingDate: new Date(Date.UTC(+at[1], +at[2] - 1, +at[3], +at[4], +at[5], +at[6])) },
    );
    return signed.headers.authorization === req.headers.authorization;
}
