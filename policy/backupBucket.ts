// The backup bucket's hardening, checked across the bucket and the S3 resources that configure it.
import { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { isOneOf, known, parseJson, S3 } from "./resources";

/** Retention the seeds require of database dumps (seed 000: daily backups kept 30 days). */
export const MIN_RETENTION_DAYS = 30;
/** Days an overwritten dump must stay recoverable (a week to notice a bad overwrite). */
export const MIN_OVERWRITE_DAYS = 7;

/** The resources that configure a bucket, by role. */
const { bucket: BUCKET_TYPES, ...PART_TYPES } = S3;

interface BucketView {
    bucket: PolicyResource;
    label: string;
    parts: { [K in keyof typeof PART_TYPES]: PolicyResource[] };
}

/**
 * Each bucket with its configuration resources. A part belongs to the bucket whose name or id its
 * `bucket` property holds; while that is unknown (a first preview), to the bucket under the same parent.
 */
function buckets(resources: PolicyResource[]): BucketView[] {
    return resources
        .filter((r) => isOneOf(r.type, BUCKET_TYPES))
        .map((bucket) => {
            const ids = [known(() => bucket.props.bucket), known(() => bucket.props.id)].filter((x) => x !== undefined);
            const owns = (r: PolicyResource) => {
                const target = known(() => r.props.bucket);
                return target !== undefined ? ids.includes(target) : r.parent?.urn === bucket.parent?.urn;
            };
            const parts = Object.fromEntries(
                Object.entries(PART_TYPES).map(([role, types]) => [role, resources.filter((r) => isOneOf(r.type, types) && owns(r))]),
            ) as BucketView["parts"];
            return { bucket, label: `bucket ${known(() => bucket.props.bucket) ?? bucket.name}`, parts };
        });
}

function bucketPolicy(name: string, description: string, check: (b: BucketView, report: (message: string) => void) => void): StackValidationPolicy {
    return {
        name,
        description,
        severity: "high",
        validateStack: (args: StackValidationArgs, reportViolation) => {
            const views = buckets(args.resources);
            if (views.length === 0) return args.notApplicable("the stack declares no S3 bucket");
            for (const view of views) check(view, (message) => reportViolation(`${view.label}: ${message}`, view.bucket.urn));
        },
    };
}

const FROM_COMPONENT = "declare the bucket with the BackupBucket component (components/backupBucket.ts), which adds it";

export const backupBucketVersioned = bucketPolicy(
    "backup-bucket-versioned",
    "The backup bucket keeps object versions, so an overwritten or deleted dump can be recovered.",
    ({ parts }, report) => {
        const statuses = parts.versioning.map((v) => known(() => v.props.versioningConfiguration?.status));
        if (statuses.length === 0)
            report(
                `has no versioning, so an overwritten or deleted dump is gone for good. Fix: add an aws.s3.BucketVersioning with status "Enabled" (${FROM_COMPONENT}).`,
            );
        else if (statuses.some((s) => s !== undefined && s !== "Enabled"))
            report(
                `versioning is "${statuses.find((s) => s !== "Enabled")}". Fix: set versioningConfiguration.status to "Enabled" on its aws.s3.BucketVersioning.`,
            );
    },
);

export const backupBucketEncrypted = bucketPolicy(
    "backup-bucket-encrypted",
    "The backup bucket encrypts objects at rest by default (SSE-S3 or SSE-KMS).",
    ({ parts }, report) => {
        const algorithms = parts.encryption.flatMap((e) =>
            (known(() => e.props.rules) ?? []).map((r: any) => known(() => r.applyServerSideEncryptionByDefault?.sseAlgorithm)),
        );
        if (!algorithms.some((a) => a === undefined || a === "AES256" || String(a).startsWith("aws:kms"))) {
            report(
                `has no default encryption. Fix: add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "AES256" or "aws:kms" (set app-platform:backups.kmsKeyArn for KMS), or ${FROM_COMPONENT}.`,
            );
        }
    },
);

const BLOCKS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

export const backupBucketNotPublic = bucketPolicy(
    "backup-bucket-not-public",
    "The backup bucket blocks every form of public access (all four public-access-block settings) and grants none.",
    ({ parts }, report) => {
        const block = parts.publicAccessBlock[0];
        // A setting is off when false or absent; one still computed at preview counts as on.
        const off = block ? BLOCKS.filter((k) => known(() => block.props[k]) === false || !(k in block.props)) : [...BLOCKS];
        if (off.length > 0) {
            report(
                `public access is not fully blocked (${off.join(", ")} ${block ? "off" : "missing: no public-access block"}); database dumps must never be readable from the internet. Fix: add an aws.s3.BucketPublicAccessBlock with all four settings true (${FROM_COMPONENT}).`,
            );
        }
        for (const acl of parts.acl) {
            const canned = known(() => acl.props.acl);
            if (PUBLIC_ACLS.includes(canned))
                report(`its ACL "${canned}" makes objects public. Fix: remove the aws.s3.BucketAcl; the bucket uses BucketOwnerEnforced ownership.`);
        }
        for (const policy of parts.policy) {
            if (statements(policy).some((s) => s.Effect === "Allow" && isEveryone(s.Principal))) {
                report(`its bucket policy allows everyone (Principal "*"). Fix: grant access to named roles only (the writer role), never to "*".`);
            }
        }
    },
);

export const backupBucketTlsOnly = bucketPolicy(
    "backup-bucket-tls-only",
    "The backup bucket's policy denies every request not made over TLS (aws:SecureTransport false).",
    ({ parts }, report) => {
        const policies = parts.policy.filter((p) => known(() => p.props.policy) !== undefined);
        if (parts.policy.length > policies.length) return; // computed during preview: checked on `up`
        const denies = policies
            .flatMap(statements)
            .some((s) => s.Effect === "Deny" && isEveryone(s.Principal) && [s.Condition?.Bool?.["aws:SecureTransport"]].flat().map(String).includes("false"));
        if (!denies)
            report(
                `does not refuse plain-HTTP requests. Fix: add a bucket policy statement { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } } (${FROM_COMPONENT}).`,
            );
    },
);

export const backupRetention = bucketPolicy(
    "backup-retention-30-days",
    `Backups are kept at least ${MIN_RETENTION_DAYS} days (current, then as a prior version), and an overwritten one stays recoverable ${MIN_OVERWRITE_DAYS} days.`,
    ({ parts }, report) => {
        const rules: any[] = parts.lifecycle.flatMap((l) => known(() => l.props.rules) ?? []);
        if (parts.lifecycle.length === 0) {
            report(
                `has no lifecycle configuration, so retention is unmanaged. Fix: expire daily/ after ${MIN_RETENTION_DAYS}+ days and pre-migration/ after 90 (app-platform:backups.retention), ${FROM_COMPONENT}.`,
            );
        }
        const enabled = rules.filter((rule) => known(() => rule.status) !== "Disabled");
        const noncurrentOf = (rule: any) => known(() => rule.noncurrentVersionExpiration?.noncurrentDays);
        // Noncurrent expiry for objects a rule expires: its own, else the bucket-wide rule's.
        const bucketWide = enabled
            .filter((r) => !known(() => r.filter?.prefix))
            .map(noncurrentOf)
            .filter((d): d is number => typeof d === "number");
        for (const rule of enabled) {
            const where = `lifecycle rule "${known(() => rule.id) ?? "?"}"`;
            const days = known(() => rule.expiration?.days);
            const noncurrent = noncurrentOf(rule);
            if (typeof days === "number") {
                const prior = typeof noncurrent === "number" ? noncurrent : bucketWide.length ? Math.min(...bucketWide) : 0;
                if (days + prior < MIN_RETENTION_DAYS) {
                    report(
                        `${where} deletes backups after ${days + prior} days (${days} current + ${prior} as a prior version). Fix: raise app-platform:backups.retention.<prefix>.expireDays to at least ${MIN_RETENTION_DAYS}.`,
                    );
                }
            }
            if (typeof noncurrent === "number" && noncurrent < MIN_OVERWRITE_DAYS) {
                report(
                    `${where} deletes overwritten versions after ${noncurrent} days. Fix: raise app-platform:backups.noncurrentVersionDays to at least ${MIN_OVERWRITE_DAYS}.`,
                );
            }
        }
    },
);

type Statement = { Effect?: string; Principal?: unknown; Condition?: any };

function statements(policy: PolicyResource): Statement[] {
    const text = known(() => policy.props.policy);
    return typeof text === "string" ? [parseJson<{ Statement?: Statement | Statement[] }>(text, {}).Statement ?? []].flat() : [];
}

const isEveryone = (principal: unknown) =>
    principal === "*" || (typeof principal === "object" && principal !== null && [(principal as any).AWS].flat().includes("*"));
