// Database backups: the S3 bucket, its retention and who may write to it.
import { z } from "zod";
import { ownerRepo } from "../fieldRules";

const retention = z.strictObject({
    expireDays: z.number().int().min(1),
    // S3 moves objects to STANDARD_IA no sooner than 30 days after creation.
    transitionDays: z.number().int().min(30, "S3 allows STANDARD_IA transitions from 30 days").optional(),
});

const backupWriter = z.discriminatedUnion("kind", [
    z.strictObject({
        kind: z.literal("github-oidc"),
        repository: ownerRepo,
        branches: z.array(z.string().min(1)).min(1).default(["main"]),
        /** GitHub's OIDC provider exists once per AWS account: create it in one stack only. */
        createOidcProvider: z.boolean().default(false),
    }),
    z.strictObject({ kind: z.literal("iam-user") }),
]);

export const backups = z
    .strictObject({
        bucketName: z
            .string()
            .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name: 3-63 lowercase letters, digits, dots, dashes")
            .optional(),
        region: z
            .string()
            .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "an AWS region such as us-east-1")
            .optional(),
        kmsKeyArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, "a KMS key ARN")
            .optional(),
        retention: z
            .strictObject({
                daily: retention.default({ expireDays: 30 }),
                preMigration: retention.default({ expireDays: 90, transitionDays: 30 }),
            })
            .prefault({}),
        /** Days an overwritten or expired dump stays recoverable as a prior version; part of each prefix's retention. */
        noncurrentVersionDays: z.number().int().min(1).default(7),
        abortIncompleteUploadDays: z.number().int().min(1).default(7),
        writer: backupWriter,
    })
    .optional();
