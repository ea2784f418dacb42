// A stack whose secrets provider is AWS KMS (`pulumi stack init --secrets-provider awskms://…`), with the
// real Pulumi CLI against a local KMS (tests/support/fakes/kms.ts) reached as the AWS SDK reaches it
// (AWS_ENDPOINT_URL_KMS): `stack init` adds only its `secretsprovider` and `encryptedkey` lines to the
// committed file, `config set --secret` only its own `secure:` line, the doctor reads the secrets as
// `pulumi up` would (KMS decrypts the stack's data key), and credentials KMS refuses are a clear answer.
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { placeholderFor } from "../../inventory/stackFile";
import { runTool } from "../badInput/harness";
import { ROOT } from "../helpers";
import { FakeKms, startFakeKms } from "../support/fakes/kms";
import { createWorkspace, Workspace } from "./workspace";

const STACK = "staging";
const PROVIDER = "awskms://alias/app-platform-secrets?region=eu-west-1";
const DEPLOYER = { accessKeyId: "AKIAKMSDEPLOYER00001", secretAccessKey: "kms-deployer-secret-canary" };
const STRANGER = { accessKeyId: "AKIAKMSSTRANGER00001", secretAccessKey: "kms-stranger-secret-canary" };

describe("secrets provider AWS KMS (awskms://), against a local KMS", function () {
    this.timeout(300_000);
    let ws: Workspace;
    let kms: FakeKms;
    const committed = readFileSync(join(ROOT, `Pulumi.${STACK}.yaml`), "utf8");
    const read = () => readFileSync(join(ws.project, `Pulumi.${STACK}.yaml`), "utf8");
    /** AWS credentials as CI gives them, no passphrase, no ambient AWS configuration. */
    const aws = (key: { accessKeyId: string; secretAccessKey: string }) => ({
        AWS_ENDPOINT_URL_KMS: kms.url,
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
        AWS_SESSION_TOKEN: "",
        AWS_PROFILE: "",
        AWS_CONFIG_FILE: "/nonexistent",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
        AWS_EC2_METADATA_DISABLED: "true",
        PULUMI_CONFIG_PASSPHRASE: "",
    });
    const secret = `${placeholderFor("resendApiKey", "staging")}-kms-canary`;

    before(async () => {
        kms = await startFakeKms(
            [{ alias: "app-platform-secrets", region: "eu-west-1", account: "123456789012", users: [DEPLOYER.accessKeyId] }],
            [DEPLOYER, STRANGER],
        );
        ws = createWorkspace({}, { "Pulumi.yaml": readFileSync(join(ROOT, "Pulumi.yaml"), "utf8"), [`Pulumi.${STACK}.yaml`]: committed });
    });
    after(async () => {
        ws?.dispose();
        await kms?.close();
    });
    afterEach(() => assert.deepStrictEqual(kms.violations, []));

    it("stack init encrypts the stack's key with KMS and adds only its secretsprovider and encryptedkey lines", async () => {
        await ws.ok(["stack", "init", STACK, "--secrets-provider", PROVIDER], { env: aws(DEPLOYER) });
        const initialized = read();
        const added = /\nsecretsprovider: (\S+)\nencryptedkey: \S+\n$/.exec(initialized);
        assert.ok(added, initialized.slice(-300));
        assert.strictEqual(added[1], PROVIDER);
        assert.strictEqual(initialized.slice(0, added.index + 1), committed, "stack init reformatted the file");
        assert.ok(!/encryptionsalt/.test(initialized), "no passphrase salt: the key is KMS's");
        assert.ok(kms.calls.some((c) => c.operation === "Encrypt" && c.accessKeyId === DEPLOYER.accessKeyId));
    });

    it("config set --secret adds its own secure line; the doctor reads it through KMS as pulumi up would, and prints no secret", async () => {
        const before = read();
        await ws.ok(["config", "set", "--secret", "app-platform:resendApiKey", secret, "--stack", STACK], { env: aws(DEPLOYER) });
        const set = read();
        const line = /  app-platform:resendApiKey:\n    secure: v1:\S+\n/;
        assert.match(set, line);
        assert.strictEqual(set.replace(line, ""), before, "config set changed more than its own line");
        assert.ok(!set.includes(secret));

        const decrypts = kms.calls.filter((c) => c.operation === "Decrypt").length;
        const r = await runTool("doctor/cli.ts", ["--stack", STACK, "--cwd", ws.project, "--timeout", "5"], { ...ws.env, ...aws(DEPLOYER) });
        assert.match(r.stdout, /^ok +stack +staging: \d+ keys, 1 of them secret$/m, r.stdout + r.stderr);
        assert.ok(!/^missing +config +app-platform:resendApiKey/m.test(r.stdout), r.stdout);
        assert.match(r.stdout, /^missing +config +app-platform:supabaseDbUrl: required secret is not set/m);
        assert.ok(kms.calls.filter((c) => c.operation === "Decrypt").length > decrypts, "the doctor's read asked KMS");
        assert.ok(![secret, DEPLOYER.secretAccessKey].some((s) => (r.stdout + r.stderr).includes(s)), "a secret was printed");
    });

    it("credentials the key's policy does not allow: the stack check is wrong, in KMS's words, with the AWS fix", async () => {
        const r = await runTool("doctor/cli.ts", ["--stack", STACK, "--cwd", ws.project, "--timeout", "5"], { ...ws.env, ...aws(STRANGER) });
        assert.strictEqual(r.code, 1);
        assert.match(r.stdout, /^wrong +stack +pulumi config: .*AccessDeniedException/m, r.stdout + r.stderr);
        assert.match(r.stdout, /fix: AWS credentials allowed to use the stack's KMS key \(kms:Decrypt\)/);
        assert.ok(!(r.stdout + r.stderr).includes(STRANGER.secretAccessKey));
        assert.ok(!/^\s+at /m.test(r.stdout + r.stderr), "no stack trace");
        // The stack's own config was never read: only the stack line.
        assert.deepStrictEqual(
            r.stdout
                .split("\n")
                .filter((l) => /^\S/.test(l))
                .map((l) => l.split(/\s+/)[1]),
            ["stack"],
        );
        assert.ok(parse(read()).secretsprovider === PROVIDER);
    });
});
