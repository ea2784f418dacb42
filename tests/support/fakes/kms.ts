// AWS KMS's Encrypt and Decrypt, the two calls a Pulumi stack with an `awskms://` secrets provider makes
// (gocloud.dev/secrets/awskms: Encrypt of the stack's data key at `stack init`, Decrypt of the
// `encryptedkey` at every later read), as the KMS API Reference has them: the AWS JSON 1.1 protocol
// (POST / with X-Amz-Target TrentService.<Operation>, Content-Type application/x-amz-json-1.1, Signature
// V4 for service `kms`); Encrypt {KeyId, Plaintext (base64, 1 to 4096 bytes), EncryptionContext?} →
// {CiphertextBlob, KeyId (the key's ARN), EncryptionAlgorithm}; Decrypt {CiphertextBlob, KeyId?,
// EncryptionContext?} → {KeyId, Plaintext, EncryptionAlgorithm}. Errors are HTTP 400 with
// {__type, message}: NotFoundException for an unknown alias, AccessDeniedException for an identity the
// key policy does not allow, UnrecognizedClientException for an unknown access key,
// InvalidSignatureException, InvalidCiphertextException (a blob of another key or context), IncorrectKeyException
// (a KeyId that is not the blob's key). The
// ciphertext is opaque to the caller; here it is AES-256-GCM under the key's own secret, bound to the
// encryption context as KMS binds it.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";
import { AwsKey, signatureScope, signedBy } from "./sigv4";

export interface FakeKmsKey {
    alias: string;
    region: string;
    account: string;
    /** The access keys the key policy allows to use it (kms:Encrypt, kms:Decrypt). */
    users: string[];
}

export interface FakeKms extends FakeServer {
    /** Each call the fake answered: operation, caller's access key, and the key it used. */
    calls: { operation: string; accessKeyId: string; keyArn?: string }[];
}

const error = (type: string, message: string): Reply => ({
    status: 400,
    body: { __type: type, message },
    headers: { "content-type": "application/x-amz-json-1.1" },
});
/** The context as KMS binds it: the same pairs, in any order, decrypt. */
const aad = (context: Record<string, string> | undefined) => Buffer.from(JSON.stringify(Object.entries(context ?? {}).sort(([a], [b]) => a.localeCompare(b))));

export async function startFakeKms(keys: FakeKmsKey[], identities: AwsKey[]): Promise<FakeKms> {
    const secrets = keys.map(() => randomBytes(32));
    const ids: string[] = keys.map(() => randomUUID());
    const arn = (i: number) => `arn:aws:kms:${keys[i].region}:${keys[i].account}:key/${ids[i]}`;
    const calls: FakeKms["calls"] = [];
    const fake = (await startFake(async (req: ParsedRequest, f: FakeServer): Promise<Reply> => {
        const target = String(req.headers["x-amz-target"] ?? "");
        if (req.method !== "POST" || req.path !== "/" || !String(req.headers["content-type"]).startsWith("application/x-amz-json-1.1")) {
            f.violations.push(`${req.method} ${req.path} (${req.headers["content-type"]}): not the AWS JSON 1.1 protocol`);
            return error("UnknownOperationException", "");
        }
        const scope = signatureScope(req);
        if (!scope) return error("MissingAuthenticationTokenException", "Missing Authentication Token");
        const who = identities.find((i) => i.accessKeyId === scope.accessKeyId);
        if (!who) return error("UnrecognizedClientException", "The security token included in the request is invalid.");
        if (scope.service !== "kms" || !(await signedBy(req, who, scope.region, "kms", scope.signedHeaders)))
            return error(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            );
        const body = JSON.parse(req.raw || "{}") as { KeyId?: string; Plaintext?: string; CiphertextBlob?: string; EncryptionContext?: Record<string, string> };
        const user = `arn:aws:iam::${keys[0]?.account ?? "000000000000"}:user/${who.accessKeyId}`;
        const usable = (i: number, operation: string): Reply | undefined =>
            keys[i].users.includes(who.accessKeyId)
                ? undefined
                : error(
                      "AccessDeniedException",
                      `User: ${user} is not authorized to perform: kms:${operation} on resource: ${arn(i)} because no resource-based policy allows the kms:${operation} action`,
                  );
        /** The key a KeyId names in this region: alias/…, its alias ARN, the key id or its ARN. */
        const find = (keyId: string) =>
            keys.findIndex(
                (k, i) =>
                    k.region === scope.region && [`alias/${k.alias}`, `arn:aws:kms:${k.region}:${k.account}:alias/${k.alias}`, ids[i], arn(i)].includes(keyId),
            );

        if (target === "TrentService.Encrypt") {
            if (!body.KeyId || !body.Plaintext) return error("ValidationException", "KeyId and Plaintext are required");
            const plaintext = Buffer.from(body.Plaintext, "base64");
            if (plaintext.length < 1 || plaintext.length > 4096)
                return error(
                    "ValidationException",
                    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
                );
            const i = find(body.KeyId);
            if (i < 0) return error("NotFoundException", `Alias arn:aws:kms:${scope.region}:${keys[0]?.account}:${body.KeyId} is not found.`);
            const denied = usable(i, "Encrypt");
            if (denied) return denied;
            const iv = randomBytes(12);
            const cipher = createCipheriv("aes-256-gcm", secrets[i], iv).setAAD(aad(body.EncryptionContext));
            const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
            const blob = Buffer.concat([Buffer.from(ids[i]), iv, cipher.getAuthTag(), sealed]);
            calls.push({ operation: "Encrypt", accessKeyId: who.accessKeyId, keyArn: arn(i) });
            return { status: 200, body: { CiphertextBlob: blob.toString("base64"), KeyId: arn(i), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" } };
        }
        if (target === "TrentService.Decrypt") {
            if (!body.CiphertextBlob) return error("ValidationException", "CiphertextBlob is required");
            const blob = Buffer.from(body.CiphertextBlob, "base64");
            const i = ids.indexOf(blob.subarray(0, 36).toString());
            if (i < 0 || keys[i].region !== scope.region) return error("InvalidCiphertextException", "");
            if (body.KeyId && find(body.KeyId) !== i)
                return error("IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation.");
            const denied = usable(i, "Decrypt");
            if (denied) return denied;
            try {
                const decipher = createDecipheriv("aes-256-gcm", secrets[i], blob.subarray(36, 48)).setAAD(aad(body.EncryptionContext));
                decipher.setAuthTag(blob.subarray(48, 64));
                const plaintext = Buffer.concat([decipher.update(blob.subarray(64)), decipher.final()]);
                calls.push({ operation: "Decrypt", accessKeyId: who.accessKeyId, keyArn: arn(i) });
                return { status: 200, body: { KeyId: arn(i), Plaintext: plaintext.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" } };
            } catch {
                return error("InvalidCiphertextException", "");
            }
        }
        f.violations.push(`${target}: not an operation a secrets provider calls`);
        return error("UnknownOperationException", "");
    })) as FakeKms;
    fake.calls = calls;
    return fake;
}
