// Per-module imports: the package's index loads every one of its modules (0.2–0.3 s per preview).
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
import { Provider } from "@pulumi/aws/provider";
import * as s3 from "@pulumi/aws/s3";
import type { Region } from "@pulumi/aws/types/enums";
import * as pulumi from "@pulumi/pulumi";

/** Key prefixes backups are written under; lifecycle rules and the writer's policy follow them. */
export const BACKUP_PREFIXES = { daily: "daily/", preMigration: "pre-migration/" } as const;
const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** How long objects under one prefix live: moved to STANDARD_IA after `transitionDays`, deleted after `expireDays`. */
export interface Retention {
    expireDays: number;
    transitionDays?: number;
}

/** Who may put dumps: a role CI assumes through GitHub's OIDC provider, or an IAM user with an access key. */
export type BackupWriter =
    { kind: "github-oidc"; repository: string; branches: string[]; /** Once per AWS account. */ createOidcProvider: boolean } | { kind: "iam-user" };

export interface BackupBucketArgs {
    bucketName: string;
    kmsKeyArn?: string;
    retention: { daily: Retention; preMigration: Retention };
    /** Days an overwritten or expired dump stays recoverable as a prior version. */
    noncurrentVersionDays: number;
    abortIncompleteUploadDays: number;
    writer: BackupWriter;
    /** The AWS region of the bucket, and of the provider that manages it. */
    region: string;
    /** Production: protect and retain the bucket, never force-destroy it. Staging may be torn down. */
    protect: boolean;
}

/**
 * The S3 bucket database dumps go to: versioned, encrypted, private, TLS-only, with retention per
 * prefix, and a writer that can only put objects under the backup prefixes.
 */
export class BackupBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    /** Role a CI job assumes through GitHub's OIDC provider (writer kind github-oidc). */
    readonly writerRoleArn?: pulumi.Output<string>;
    /** IAM user name (writer kind iam-user); its access key is in `writerAccessKey*`, secret. */
    readonly writerUserName?: pulumi.Output<string>;
    readonly writerAccessKeyId?: pulumi.Output<string>;
    readonly writerSecretAccessKey?: pulumi.Output<string>;

    constructor(name: string, args: BackupBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:data:BackupBucket", name, {}, opts);
        const region = args.region;
        // An explicit provider in the bucket's region: a per-resource `region` does not configure
        // the AWS provider itself, which fails without aws:region / AWS_REGION.
        const provider = new Provider(`${name}-aws`, { region: region as Region }, { parent: this });
        const stateful = { parent: this, provider, protect: args.protect, retainOnDelete: args.protect };
        const child = { parent: this, provider, protect: args.protect };

        const bucket = new s3.Bucket(name, { bucket: args.bucketName, region, forceDestroy: !args.protect }, stateful);
        const on = { bucket: bucket.id, region };

        new s3.BucketVersioning(`${name}-versioning`, { ...on, versioningConfiguration: { status: "Enabled" } }, child);
        new s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                ...on,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: args.kmsKeyArn
                            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }
                            : { sseAlgorithm: "AES256" },
                        bucketKeyEnabled: args.kmsKeyArn !== undefined,
                    },
                ],
            },
            child,
        );
        const publicAccess = new s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { ...on, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        new s3.BucketOwnershipControls(`${name}-ownership`, { ...on, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        new s3.BucketPolicy(
            `${name}-tls-only`,
            {
                ...on,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            },
            // S3 refuses a bucket policy while the public-access block is being applied.
            { ...child, dependsOn: [publicAccess] },
        );
        // On a versioned bucket "expire after N days" only stacks a delete marker: the dump lives
        // on as a noncurrent version until noncurrent expiry. So each prefix's current objects
        // expire `noncurrentVersionDays` early, and a dump exists exactly `expireDays` in all.
        const { retention } = args;
        const nc = args.noncurrentVersionDays;
        new s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                ...on,
                rules: [
                    ...(
                        [
                            ["daily", BACKUP_PREFIXES.daily, retention.daily],
                            ["pre-migration", BACKUP_PREFIXES.preMigration, retention.preMigration],
                        ] as const
                    ).map(([id, prefix, rule]) => ({
                        id: `expire-${id}`,
                        status: "Enabled",
                        filter: { prefix },
                        expiration: { days: rule.expireDays - nc },
                        noncurrentVersionExpiration: { noncurrentDays: nc },
                        transitions: rule.transitionDays ? [{ days: rule.transitionDays, storageClass: "STANDARD_IA" }] : undefined,
                    })),
                    {
                        // Overwritten objects stay recoverable `nc` days; expired delete markers go.
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        expiration: { expiredObjectDeleteMarker: true },
                        noncurrentVersionExpiration: { noncurrentDays: nc },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadDays },
                    },
                ],
            },
            child,
        );

        const writePolicy = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "PutBackupsOnly",
                    Effect: "Allow",
                    Action: ["s3:PutObject"],
                    Resource: Object.values(BACKUP_PREFIXES).map((p) => pulumi.interpolate`${bucket.arn}/${p}*`),
                },
                ...(args.kmsKeyArn ? [{ Sid: "EncryptBackups", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [args.kmsKeyArn] }] : []),
            ],
        });

        if (args.writer.kind === "github-oidc") {
            const writer = args.writer;
            const providerArn = writer.createOidcProvider
                ? new iam.OpenIdConnectProvider(
                      `${name}-github-oidc`,
                      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ["sts.amazonaws.com"] },
                      // Account-wide and shared with other stacks: never deleted with this one.
                      { parent: this, provider, retainOnDelete: true },
                  ).arn
                : getCallerIdentityOutput({}, { parent: this, provider }).apply((id) => `arn:aws:iam::${id.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`);
            const role = new iam.Role(
                `${name}-writer`,
                {
                    description: `Writes database backups to ${args.bucketName} from ${writer.repository} (GitHub OIDC)`,
                    maxSessionDuration: 3600,
                    assumeRolePolicy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Federated: providerArn },
                                Action: "sts:AssumeRoleWithWebIdentity",
                                Condition: {
                                    StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com" },
                                    StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: writer.branches.map((b) => `repo:${writer.repository}:ref:refs/heads/${b}`) },
                                },
                            },
                        ],
                    }),
                },
                { parent: this, provider },
            );
            new iam.RolePolicy(`${name}-writer-policy`, { role: role.id, policy: writePolicy }, { parent: this, provider });
            this.writerRoleArn = role.arn;
        } else {
            const user = new iam.User(`${name}-writer`, { path: "/backups/" }, { parent: this, provider });
            new iam.UserPolicy(`${name}-writer-policy`, { user: user.name, policy: writePolicy }, { parent: this, provider });
            const key = new iam.AccessKey(`${name}-writer-key`, { user: user.name }, { parent: this, provider, additionalSecretOutputs: ["secret"] });
            this.writerUserName = user.name;
            this.writerAccessKeyId = key.id;
            this.writerSecretAccessKey = pulumi.secret(key.secret);
        }

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.region = bucket.region;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, region: this.region, writerRoleArn: this.writerRoleArn });
    }
}
