// The backup bucket: its region (backups.region, or the stack's aws:region) and retention that adds up.
import { BackupBucket } from "../../components/backupBucket";
import type { BuildContext } from "../buildContext";
import { CheckContext, NAMESPACE } from "../stackConfig";
import { physicalName } from "../../shared/naming";
import * as pulumi from "@pulumi/pulumi";
import type { Area } from "../area";

/** The bucket's region configures the explicit AWS provider that manages it. */
export function resolveBackupsRegion({ cfg, issues }: CheckContext, awsRegion: string | undefined): void {
    if (!cfg.backups) return;
    cfg.backups.region ??= awsRegion;
    if (!cfg.backups.region) {
        issues.push({
            key: `${NAMESPACE}:backups.region`,
            message: "the bucket's AWS region is not set: add backups.region (e.g. us-east-1), or aws:region to the stack file",
        });
    }
}

export function checkBackups({ cfg, issues }: CheckContext): void {
    const retention = cfg.backups?.retention;
    if (!retention) return;
    // A dump is current for expireDays - noncurrentVersionDays, then a prior version for the rest.
    const nc = cfg.backups!.noncurrentVersionDays;
    for (const [prefix, rule] of Object.entries(retention)) {
        const current = rule.expireDays - nc;
        const key = `${NAMESPACE}:backups.retention.${prefix}.expireDays`;
        if (current < 1) {
            issues.push({
                key,
                message: `keeps backups ${rule.expireDays} days in all, but the last ${nc} (noncurrentVersionDays) are as a prior version: keep them longer than ${nc} days, or lower backups.noncurrentVersionDays`,
            });
        } else if (rule.transitionDays !== undefined && current <= rule.transitionDays) {
            issues.push({
                key,
                message: `keeps backups ${rule.expireDays} days (${current} current + ${nc} as a prior version), so they expire before the ${rule.transitionDays}-day transition to STANDARD_IA; keep them longer or drop transitionDays`,
            });
        }
    }
}

export function buildBackups({ cfg, protect }: BuildContext): BackupBucket | undefined {
    if (!cfg.backups) return undefined;
    return new BackupBucket(`${cfg.name}-backups`, {
        ...cfg.backups,
        bucketName: cfg.backups.bucketName ?? physicalName(cfg.name, cfg.stack, "backups"),
        region: cfg.backups.region!, // resolved (backups.region or aws:region) by the config check
        protect,
    });
}

export const backupsArea: Area = {
    resolve(ctx, raw) {
        resolveBackupsRegion(ctx, raw["aws:region"]);
        return {};
    },
    check: checkBackups,
    // Before the services: their deploys wait for the database's pre-change dump into the bucket.
    before: (state) => ({ backups: buildBackups(state) }),
    outputs: ({ backups }) => ({
        backups: backups
            ? pulumi.output({
                  bucketName: backups.bucketName,
                  bucketArn: backups.bucketArn,
                  region: backups.region,
                  writerRoleArn: backups.writerRoleArn ?? null,
                  writerUserName: backups.writerUserName ?? null,
              })
            : null,
    }),
};
