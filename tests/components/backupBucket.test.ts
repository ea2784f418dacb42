import * as assert from "assert";
import { BackupBucket, BackupBucketArgs } from "../../components/backupBucket";
import { configErrors, declare, issueFor, load, reveal } from "../helpers";

const base: BackupBucketArgs = {
    bucketName: "shop-staging-backups",
    region: "us-east-1",
    retention: { daily: { expireDays: 30 }, preMigration: { expireDays: 90, transitionDays: 30 } },
    noncurrentVersionDays: 7,
    abortIncompleteUploadDays: 7,
    writer: { kind: "github-oidc", repository: "acme/shop", branches: ["main"], createOidcProvider: false },
    protect: false,
};
const S3 = (t: string) => `aws:s3/${t[0].toLowerCase()}${t.slice(1)}:${t}`;
const policy = (r: { inputs: Record<string, unknown> }, field = "policy") => JSON.parse(r.inputs[field] as string);

describe("BackupBucket", () => {
    it("versions, encrypts (SSE-S3), fully blocks public access and enforces bucket-owner ownership", async () => {
        const { of } = await declare(() => new BackupBucket("backups", base));
        assert.strictEqual(of(S3("Bucket"))[0].inputs.bucket, "shop-staging-backups");
        assert.deepStrictEqual(of(S3("BucketVersioning"))[0].inputs.versioningConfiguration, { status: "Enabled" });
        assert.deepStrictEqual(of(S3("BucketServerSideEncryptionConfiguration"))[0].inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
        ]);
        const block = of(S3("BucketPublicAccessBlock"))[0].inputs;
        assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
        assert.deepStrictEqual(of(S3("BucketOwnershipControls"))[0].inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
    });

    it("uses the KMS key when one is configured", async () => {
        const kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const { of } = await declare(() => new BackupBucket("backups", { ...base, kmsKeyArn }));
        assert.deepStrictEqual(of(S3("BucketServerSideEncryptionConfiguration"))[0].inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn }, bucketKeyEnabled: true },
        ]);
        const writer = policy(of("aws:iam/rolePolicy:RolePolicy")[0]);
        assert.deepStrictEqual(writer.Statement[1], { Sid: "EncryptBackups", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [kmsKeyArn] });
    });

    it("denies every request that is not over TLS", async () => {
        const { of } = await declare(() => new BackupBucket("backups", base));
        const doc = policy(of(S3("BucketPolicy"))[0]);
        assert.deepStrictEqual(doc.Statement, [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: ["arn:aws:s3:::shop-staging-backups", "arn:aws:s3:::shop-staging-backups/*"],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("keeps daily/ 30 days and pre-migration/ 90 days in all (the last 7 as a prior version; STANDARD_IA after 30), clears expired delete markers, aborts stale uploads", async () => {
        const { of } = await declare(() => new BackupBucket("backups", base));
        // On a versioned bucket expiry only adds a delete marker: current days + noncurrent days = the configured retention.
        assert.deepStrictEqual(of(S3("BucketLifecycleConfiguration"))[0].inputs.rules, [
            {
                id: "expire-daily",
                status: "Enabled",
                filter: { prefix: "daily/" },
                expiration: { days: 23 },
                noncurrentVersionExpiration: { noncurrentDays: 7 },
            },
            {
                id: "expire-pre-migration",
                status: "Enabled",
                filter: { prefix: "pre-migration/" },
                expiration: { days: 83 },
                noncurrentVersionExpiration: { noncurrentDays: 7 },
                transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
            },
            {
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: {},
                expiration: { expiredObjectDeleteMarker: true },
                noncurrentVersionExpiration: { noncurrentDays: 7 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
        ]);
    });

    it("rejects a retention the prior-version window would swallow, or one ending before its STANDARD_IA transition", () => {
        const swallowed = configErrors(() => load("staging", (c) => (c["app-platform:backups"].retention = { daily: { expireDays: 7 } })));
        assert.match(
            issueFor(swallowed, "app-platform:backups.retention.daily.expireDays"),
            /keeps backups 7 days in all, but the last 7 \(noncurrentVersionDays\) are as a prior version/,
        );
        const early = configErrors(() =>
            load("staging", (c) => (c["app-platform:backups"].retention = { preMigration: { expireDays: 35, transitionDays: 30 } })),
        );
        assert.match(
            issueFor(early, "app-platform:backups.retention.preMigration.expireDays"),
            /35 days \(28 current \+ 7 as a prior version\), so they expire before the 30-day transition/,
        );
    });

    it("lets CI assume a writer role through GitHub OIDC, allowed only s3:PutObject under the backup prefixes", async () => {
        const { of, built } = await declare(() => new BackupBucket("backups", base));
        const trust = policy(of("aws:iam/role:Role")[0], "assumeRolePolicy");
        assert.deepStrictEqual(trust.Statement[0].Principal, { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" });
        assert.strictEqual(trust.Statement[0].Action, "sts:AssumeRoleWithWebIdentity");
        assert.deepStrictEqual(trust.Statement[0].Condition, {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme/shop:ref:refs/heads/main"] },
        });
        const doc = policy(of("aws:iam/rolePolicy:RolePolicy")[0]);
        assert.deepStrictEqual(doc.Statement, [
            {
                Sid: "PutBackupsOnly",
                Effect: "Allow",
                Action: ["s3:PutObject"],
                Resource: ["arn:aws:s3:::shop-staging-backups/daily/*", "arn:aws:s3:::shop-staging-backups/pre-migration/*"],
            },
        ]);
        assert.strictEqual(of("aws:iam/openIdConnectProvider:OpenIdConnectProvider").length, 0);
        assert.strictEqual((await reveal(built.writerRoleArn)).value, "arn:aws:iam::123456789012:role/backups-writer");
    });

    it("creates GitHub's OIDC provider when asked, and never deletes it with the stack", async () => {
        const { of } = await declare(() => new BackupBucket("backups", { ...base, writer: { ...base.writer, createOidcProvider: true } } as BackupBucketArgs));
        const [provider] = of("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.deepStrictEqual(
            [provider.inputs.url, provider.inputs.clientIdLists, provider.options.retainOnDelete],
            ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"], true],
        );
    });

    it("offers an IAM user writer whose secret access key stays secret", async () => {
        const { of, built } = await declare(() => new BackupBucket("backups", { ...base, writer: { kind: "iam-user" } }));
        assert.strictEqual(of("aws:iam/role:Role").length, 0);
        assert.deepStrictEqual(policy(of("aws:iam/userPolicy:UserPolicy")[0]).Statement[0].Action, ["s3:PutObject"]);
        assert.ok((await reveal(built.writerSecretAccessKey)).secret);
        assert.ok(of("aws:iam/accessKey:AccessKey")[0].options.additionalSecretOutputs.includes("secret"));
    });

    it("production: protected and retained, never force-destroyed; staging may be destroyed", async () => {
        const prod = await declare(() => new BackupBucket("backups", { ...base, protect: true }));
        const [bucket] = prod.of(S3("Bucket"));
        assert.deepStrictEqual([bucket.options.protect, bucket.options.retainOnDelete, bucket.inputs.forceDestroy], [true, true, false]);
        const staging = await declare(() => new BackupBucket("backups", base));
        const [sBucket] = staging.of(S3("Bucket"));
        assert.deepStrictEqual([sBucket.options.protect, sBucket.inputs.forceDestroy], [false, true]);
    });

    it("rejects a retention no longer than its transition", () => {
        const err = configErrors(() =>
            load("staging", (c) => (c["app-platform:backups"].retention = { preMigration: { expireDays: 30, transitionDays: 30 } })),
        );
        assert.match(
            issueFor(err, "app-platform:backups.retention.preMigration.expireDays"),
            /keeps backups 30 days \(23 current \+ 7 as a prior version\), so they expire before the 30-day transition to STANDARD_IA/,
        );
    });
});
