// The doctor's AWS check against a local STS (tests/support/fakes/sts.ts), reached as the provider would
// reach it (AWS_ENDPOINT_URL_STS): whose the credentials are, in the stack's region.
import * as assert from "assert";
import { join } from "path";
import { tmpdir } from "os";
import { aws } from "../../doctor/vendors/aws";
import type { Finding } from "../../doctor/checks";
import { load } from "../helpers";
import { FakeServer } from "../support/fakes/server";
import { startFakeSts } from "../support/fakes/sts";

const KEY = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "aws-secret-doctor-canary";
const AMBIENT = Object.keys(process.env).filter((k) => k.startsWith("AWS_"));

describe("npm run doctor: AWS credentials and region, against a local STS", function () {
    this.timeout(60_000);
    const cfg = load("smartduka");
    const saved = Object.fromEntries(AMBIENT.map((k) => [k, process.env[k]]));
    let sts: FakeServer;
    const ask = (config: Record<string, string>): Promise<Finding> => aws(cfg, (key) => config[key])!.run(new AbortController().signal);
    const keys = (secret = SECRET) => ({ "aws:accessKey": KEY, "aws:secretKey": secret });

    before(async () => {
        for (const k of AMBIENT) delete process.env[k];
        // Nothing of this machine's: no shared files, no instance metadata.
        Object.assign(process.env, {
            AWS_CONFIG_FILE: join(tmpdir(), "no-aws-config"),
            AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "no-aws-credentials"),
            AWS_EC2_METADATA_DISABLED: "true",
        });
        sts = await startFakeSts([{ accessKeyId: KEY, secretAccessKey: SECRET, account: "123456789012", arn: "arn:aws:iam::123456789012:user/deployer" }]);
        process.env.AWS_ENDPOINT_URL_STS = sts.url;
    });
    after(async () => {
        for (const k of Object.keys(process.env).filter((k) => k.startsWith("AWS_"))) delete process.env[k];
        Object.assign(process.env, saved);
        await sts?.close();
    });
    afterEach(() => assert.deepStrictEqual(sts.violations, []));

    it("no credentials anywhere is missing, with where they come from", async () => {
        const r = await ask({});
        assert.strictEqual(r.verdict, "missing", JSON.stringify(r));
        assert.match(r.found, /^no AWS credentials/);
        assert.match(r.fix!, /AWS_ACCESS_KEY_ID/);
    });

    it("a key STS does not know is wrong in STS's words; another account than aws:allowedAccountIds lists is wrong; never the secret", async () => {
        const unknown = await aws(cfg, (key) => ({ ...keys(), "aws:accessKey": "AKIAOTHERACCOUNT0000" })[key])!.run(new AbortController().signal);
        assert.strictEqual(unknown.verdict, "wrong");
        assert.match(unknown.found, /^AWS STS GetCallerIdentity → 403: The security token included in the request is invalid\. \(InvalidClientTokenId\)$/);
        // The right key id with another secret: the signature does not match.
        const forged = await ask(keys("another-secret-doctor-canary"));
        assert.strictEqual(forged.verdict, "wrong");
        assert.match(forged.found, /^AWS STS GetCallerIdentity → 403: The request signature we calculated does not match .*\(SignatureDoesNotMatch\)$/);
        const other = await ask({ ...keys(), "aws:allowedAccountIds": JSON.stringify(["210987654321"]) });
        assert.deepStrictEqual(other.verdict, "wrong");
        assert.match(other.found, /account 123456789012's, which aws:allowedAccountIds does not list/);
        const malformed = await ask({ ...keys(), "aws:allowedAccountIds": "[123456789012" });
        assert.deepStrictEqual([malformed.verdict, malformed.found], ["wrong", "aws:allowedAccountIds is not a list of 12-digit account ids"]);
        for (const r of [unknown, forged, other, malformed]) assert.ok(!JSON.stringify(r).includes(SECRET));
    });

    it("the stack's credentials: ok, naming the account, the identity and the region the stack uses; the request signed for STS there", async () => {
        // A YAML list of numbers reads as numbers: the same account.
        const r = await ask({ ...keys(), "aws:allowedAccountIds": "[123456789012]" });
        assert.deepStrictEqual(r, { verdict: "ok", found: "account 123456789012 as arn:aws:iam::123456789012:user/deployer, region af-south-1" });
        assert.match(String(sts.requests.at(-1)!.headers.authorization), new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY}/\\d{8}/af-south-1/sts/aws4_request`));
    });

    it("no answer is unreachable", async () => {
        const closed = await startFakeSts([]);
        await closed.close();
        process.env.AWS_ENDPOINT_URL_STS = closed.url;
        try {
            assert.strictEqual((await ask(keys())).verdict, "unreachable");
        } finally {
            process.env.AWS_ENDPOINT_URL_STS = sts.url;
        }
    });
});
