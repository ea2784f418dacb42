// AWS STS's GetCallerIdentity as the AWS SDK for JavaScript v3 calls it (@aws-sdk/client-sts: the
// AWS Query protocol, a form-encoded POST of Action=GetCallerIdentity&Version=2011-06-15, Signature V4
// for service `sts` in the client's region) and as the API reference answers it: XML
// GetCallerIdentityResponse { GetCallerIdentityResult { Arn, UserId, Account } }; an unknown access key
// 403 ErrorResponse InvalidClientTokenId "The security token included in the request is invalid."
// (docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html, CommonErrors).
import { randomUUID } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export interface FakeStsIdentity {
    accessKeyId: string;
    account: string;
    arn: string;
}

const XML = { "content-type": "text/xml" };
const error = (status: number, code: string, message: string): Reply => ({
    status,
    headers: XML,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
});

export async function startFakeSts(identities: FakeStsIdentity[]): Promise<FakeServer> {
    return startFake((req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.method !== "POST" || req.path !== "/") {
            fake.violations.push(`${req.method} ${req.path}: the Query protocol posts to /`);
            return error(400, "InvalidAction", "Could not find operation");
        }
        const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/([^/]+)\/aws4_request, SignedHeaders=[\w;-]+, Signature=[0-9a-f]{64}$/.exec(
            String(req.headers.authorization ?? ""),
        );
        if (!scope) return error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        if (scope[3] !== "sts") return error(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'.");
        const who = identities.find((i) => i.accessKeyId === scope[1]);
        if (!who) return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
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
