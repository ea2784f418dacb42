// CloudTrail: the AWS account's API calls, kept in a bucket of their own (seed 004: audit logging).
// Per-module imports: the package's index loads every one of its modules (0.2–0.3 s per preview).
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";

export interface AuditTrailArgs {
    /** The trail's name; its bucket is `<name>-audit`. */
    name: string;
    /** How long the log files are kept. */
    retentionDays: number;
    /** Production: the bucket is protected and kept when the stack is destroyed. */
    protect: boolean;
}

/**
 * A multi-region trail of management events with log-file validation (a digest per hour proves no
 * file was altered), into a private, encrypted, versioned, TLS-only bucket that expires them after
 * `retentionDays`. The bucket policy is CloudTrail's documented one (docs: "Amazon S3 bucket policy
 * for CloudTrail"): its aws:SourceArn names the trail, so the trail's name is fixed, and the trail
 * waits for the policy (CreateTrail fails with InsufficientS3BucketPolicyException before it).
 */
export class AuditTrail extends pulumi.ComponentResource {
    readonly bucket: pulumi.Output<string>;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:audit:AuditTrail", name, {}, opts);
        const parent = { parent: this };
        const account = getCallerIdentityOutput({}, parent).accountId;
        const region = getRegionOutput({}, parent).region;
        // Outside production a destroy empties it (CloudTrail keeps writing, and versions stay).
        const bucket = new s3.Bucket(
            `${name}-logs`,
            { bucket: `${args.name}-audit`, forceDestroy: !args.protect },
            { parent: this, protect: args.protect, retainOnDelete: args.protect },
        );
        const scoped = { bucket: bucket.id };
        new s3.BucketPublicAccessBlock(
            `${name}-logs`,
            { ...scoped, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            parent,
        );
        new s3.BucketServerSideEncryptionConfiguration(
            `${name}-logs`,
            { ...scoped, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            parent,
        );
        new s3.BucketVersioning(`${name}-logs`, { ...scoped, versioningConfiguration: { status: "Enabled" } }, parent);
        new s3.BucketLifecycleConfiguration(
            `${name}-logs`,
            {
                ...scoped,
                rules: [
                    {
                        id: "expire-audit-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                    },
                ],
            },
            parent,
        );
        const trailArn = pulumi.interpolate`arn:aws:cloudtrail:${region}:${account}:trail/${args.name}`;
        const policy = new s3.BucketPolicy(
            `${name}-logs`,
            {
                ...scoped,
                policy: pulumi.all([bucket.arn, account, trailArn]).apply(([arn, accountId, source]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "AWSCloudTrailAclCheck",
                                Effect: "Allow",
                                Principal: { Service: "cloudtrail.amazonaws.com" },
                                Action: "s3:GetBucketAcl",
                                Resource: arn,
                                Condition: { StringEquals: { "aws:SourceArn": source } },
                            },
                            {
                                Sid: "AWSCloudTrailWrite",
                                Effect: "Allow",
                                Principal: { Service: "cloudtrail.amazonaws.com" },
                                Action: "s3:PutObject",
                                Resource: `${arn}/AWSLogs/${accountId}/*`,
                                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": source } },
                            },
                            {
                                Sid: "DenyInsecureTransport",
                                Effect: "Deny",
                                Principal: "*",
                                Action: "s3:*",
                                Resource: [arn, `${arn}/*`],
                                Condition: { Bool: { "aws:SecureTransport": "false" } },
                            },
                        ],
                    }),
                ),
            },
            parent,
        );
        new cloudtrail.Trail(
            name,
            {
                name: args.name,
                s3BucketName: bucket.bucket,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
            },
            { parent: this, dependsOn: [policy] },
        );
        this.bucket = bucket.bucket;
        this.registerOutputs({ bucket: this.bucket });
    }
}
