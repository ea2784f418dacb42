// The AWS account's audit trail under mocks (seed 004: audit logging): CloudTrail into a bucket of
// its own that only CloudTrail writes, over TLS, kept a year; opt-in, and needing the stack's region.
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load } from "../helpers";

describe("audit trail under mocks", function () {
    this.timeout(120_000);

    it("seed 004: a multi-region trail with log-file validation, into a bucket whose policy lets CloudTrail write, and nothing without auditTrail", async () => {
        const { records } = await evaluate("smartduka");
        const trail = records.find((r) => r.type === "aws:cloudtrail/trail:Trail")!;
        const t = trail.revealed as any;
        assert.deepStrictEqual(
            [t.name, t.s3BucketName, t.isMultiRegionTrail, t.includeGlobalServiceEvents, t.enableLogFileValidation],
            ["smartduka-production", "smartduka-production-audit", true, true, true],
        );
        const policyRecord = records.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "smartduka-audit-logs")!;
        const statements = JSON.parse((policyRecord.revealed as any).policy).Statement;
        const source = `arn:aws:cloudtrail:af-south-1:123456789012:trail/smartduka-production`;
        assert.deepStrictEqual(
            statements.map((s: any) => [s.Sid, s.Effect, s.Action, s.Condition]),
            [
                ["AWSCloudTrailAclCheck", "Allow", "s3:GetBucketAcl", { StringEquals: { "aws:SourceArn": source } }],
                ["AWSCloudTrailWrite", "Allow", "s3:PutObject", { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": source } }],
                ["DenyInsecureTransport", "Deny", "s3:*", { Bool: { "aws:SecureTransport": "false" } }],
            ],
        );
        assert.match(statements[1].Resource, /^arn:aws:s3:::smartduka-production-audit\/AWSLogs\/123456789012\/\*$/);
        const lifecycle = records.find(
            (r) => r.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration" && r.name === "smartduka-audit-logs",
        )!;
        assert.strictEqual((lifecycle.revealed as any).rules[0].expiration.days, 365);
        const bucket = records.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "smartduka-audit-logs")!;
        assert.deepStrictEqual([bucket.options.protect, bucket.options.retainOnDelete], [true, true]);

        const none = await evaluate("smartduka", (c) => delete c["app-platform:auditTrail"]);
        assert.deepStrictEqual(
            none.records.filter((r) => r.type === "aws:cloudtrail/trail:Trail"),
            [],
        );
    });

    it("config: a trail without the stack's AWS region, or kept under 30 days, is refused", () => {
        const region = configErrors(() =>
            load("production", (c) => {
                c["app-platform:auditTrail"] = {};
                delete c["aws:region"];
            }),
        );
        assert.match(issueFor(region, "app-platform:auditTrail"), /add aws:region to the stack file/);
        const short = configErrors(() => load("smartduka", (c) => void (c["app-platform:auditTrail"] = { retentionDays: 7 })));
        assert.match(issueFor(short, "app-platform:auditTrail.retentionDays"), />=30/);
    });
});
