// AWS STS's GetCallerIdentity as the AWS SDK for JavaScript v3 calls it (@aws-sdk/client-sts: the
// AWS Query protocol, a form-encoded POST of Action=GetCallerIdentity&Version=2011-06-15, Signature V4
// for service `sts` in the client's region) and as the API reference answers it: XML
// GetCallerIdentityResponse { GetCallerIdentityResult { Arn, UserId, Account } }; an unknown access key
// 403 ErrorResponse InvalidClientTokenId "The security token included in the request is invalid."
// (docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html, CommonErrors).
// The signature is checked as AWS checks it (./sigv4.ts); a mismatch is 403 SignatureDoesNotMatch.
import { randomUUID } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";
import { signatureScope, signedBy } from "./sigv4";

export interface FakeStsIdentity {
    accessKeyId: string;
    secretAccessKey: string;
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
    return startFake(async (req: ParsedRequest, fake: FakeServer): Promise<Reply> => {
        if (req.method !== "POST" || req.path !== "/") {
            fake.violations.push(`${req.method} ${req.path}: the Query protocol posts to /`);
            return error(400, "InvalidAction", "Could not find operation");
        }
        const scope = signatureScope(req);
        if (!scope) return error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        if (scope.service !== "sts") return error(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'.");
        const who = identities.find((i) => i.accessKeyId === scope.accessKeyId);
        if (!who) return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        if (!(await signedBy(req, who, scope.region, "sts", scope.signedHeaders)))
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
