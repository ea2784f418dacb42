// AWS STS's GetCallerIdentity as the AWS SDK for JavaScript v3 calls it (@aws-sdk/client-sts: the
// AWS Query protocol, a form-encoded POST of Action=GetCallerIdentity&Version=2011-06-15, Signature V4
// for service `sts` in the client's region) and as the API reference answers it: XML
// GetCallerIdentityResponse { GetCallerIdentityResult { Arn, UserId, Account } }; an unknown access key
// 403 ErrorResponse InvalidClientTokenId "The security token included in the request is invalid."
// (docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html, CommonErrors).
// The signature is checked as AWS checks it: signed again with the identity's secret key (the SDK's own
// signer, @smithy/signature-v4) over the headers the request names; a mismatch is 403
// SignatureDoesNotMatch.
import { createHash, createHmac, randomUUID } from "crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export interface FakeStsIdentity {
    accessKeyId: string;
    secretAccessKey: string;
    account: string;
    arn: string;
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

/** Whether `req` carries the signature the identity's secret key gives its signed headers and body. */
async function signedBy(req: ParsedRequest, who: FakeStsIdentity, region: string, signedHeaders: string[]): Promise<boolean> {
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const at = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!at) return false;
    const headers = Object.fromEntries(signedHeaders.map((h) => [h, String(req.headers[h] ?? "")]));
    const signer = new SignatureV4({ credentials: who, region, service: "sts", sha256: Sha256 });
    const [host, port] = String(req.headers.host).split(":");
    const signed = await signer.sign(
        { method: req.method, protocol: "http:", hostname: host, port: Number(port), path: req.path, query: {}, headers, body: req.raw },
        { signingDate: new Date(Date.UTC(+at[1], +at[2] - 1, +at[3], +at[4], +at[5], +at[6])) },
    );
    return signed.headers.authorization === req.headers.authorization;
}

const XML = { "content-type": "text/xml" };
const error = (status: number, code: string, message: string): Reply => ({
    status,
    headers: XML,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
});

export async function startFakeSts(identities: FakeStsIdentity[]): Promise<FakeServer> {
    return startFake(async (req: ParsedRequest, fake: FakeServer): Promise<Reply> => {
        if (req.method !== "POST" || req.path !== "/") {
            fake.violations.push(`${req.method} ${req.path}: the Query protocol posts to /`);
            return error(400, "InvalidAction", "Could not find operation");
        }
        const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/([^/]+)\/aws4_request, SignedHeaders=([\w;-]+), Signature=[0-9a-f]{64}$/.exec(
            String(req.headers.authorization ?? ""),
        );
        if (!scope) return error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        if (scope[3] !== "sts") return error(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'.");
        const who = identities.find((i) => i.accessKeyId === scope[1]);
        if (!who) return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        if (!(await signedBy(req, who, scope[2], scope[4].split(";"))))
            return error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            );
        const form = new URLSearchParams(req.raw);
        if (form.get("Action") !== "GetCallerIdentity" || form.get("Version") !== "2011-06-15") {
            fake.violations.push(`unexpected call ${req.raw}`);
            return error(400, "InvalidAction", `Could not find operation ${form.get("Action")} for version ${form.get("Version")}`);
        }
        return {
            status: 200,
            headers: XML,
            body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${who.arn}</Arn><UserId>AIDA${who.account}</UserId><Account>${who.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        };
    });
}
