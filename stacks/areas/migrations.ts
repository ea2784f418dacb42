// Migrations: a declared, direct connection string (or the managed project's); a bucket for pre-migration dumps; rollbacks outside supabase/migrations.
import type * as pulumi from "@pulumi/pulumi";
import type { BackupBucket } from "../../components/backupBucket";
import { Migrations } from "../../components/migrations";
import { connectionProblem } from "../../providers/migrations/connection";
import type { MigrationSet } from "../../providers/migrations/files";
import type { BuildContext } from "../buildContext";
import { CheckContext, NAMESPACE } from "../stackConfig";
import { SecretValue } from "../secretValue";
import type { Area } from "../area";

export function checkMigrations({ cfg, issues }: CheckContext, values: Record<string, SecretValue>): void {
    const m = cfg.migrations;
    if (!m) return;
    const key = `${NAMESPACE}:migrations`;
    if (!m.databaseUrlSecret) {
        if (!cfg.postgres)
            issues.push({
                key: `${key}.databaseUrlSecret`,
                message: `which database? Name the external secret with its direct connection string, or declare ${NAMESPACE}:postgres (the project's own)`,
            });
    } else if (!(m.databaseUrlSecret in cfg.secrets.external)) {
        issues.push({
            key: `${key}.databaseUrlSecret`,
            message: `"${m.databaseUrlSecret}" is not declared under ${NAMESPACE}:secrets.external; declare it and set the direct connection string with pulumi config set --secret`,
        });
    }
    const url = m.databaseUrlSecret && values[m.databaseUrlSecret];
    if (url) {
        const problem = connectionProblem(url.reveal());
        if (problem) issues.push({ key: `${NAMESPACE}:${m.databaseUrlSecret}`, message: `${problem} (the value is not shown)` });
    }
    if (m.backup && !cfg.backups) {
        issues.push({
            key: `${key}.backup`,
            message: `pre-migration backups need ${NAMESPACE}:backups (the bucket they go to); configure it, or set backup: false`,
        });
    }
    if (m.rollbackDir && /(^|\/)supabase\/migrations\/?$/.test(m.rollbackDir)) {
        issues.push({ key: `${key}.rollbackDir`, message: "the Supabase CLI would take rollback files there for migrations; keep them in another folder" });
    }
}

/** Applies the migration files, after a pre-migration dump into `backups` when configured. */
export function buildMigrations(
    { cfg, protect, secret }: BuildContext,
    files: MigrationSet | undefined,
    backups: BackupBucket | undefined,
    projectUrl?: pulumi.Output<string>,
): Migrations | undefined {
    const m = cfg.migrations;
    if (!m || !files) return undefined;
    return new Migrations(
        `${cfg.name}-migrations`,
        {
            set: files,
            databaseUrl: m.databaseUrlSecret ? secret(m.databaseUrlSecret) : projectUrl!,
            schema: m.schema,
            lockTimeout: m.lockTimeout,
            statementTimeout: m.statementTimeout,
            lockWaitMs: m.lockWaitSeconds * 1000,
            acceptChecksums: m.acceptChecksums,
            outOfOrder: m.outOfOrder,
            baseline: m.baseline ?? null,
            rollbackTo: m.rollbackTo ?? null,
            supabaseInterop: m.supabaseInterop,
            backup: backups && m.backup ? { bucket: backups.bucketName, region: backups.region, stack: cfg.stack, format: m.backupFormat } : null,
            appliedBy: `pulumi up (stack ${cfg.stack})`,
            protect,
        },
        { dependsOn: backups ? [backups] : [] },
    );
}

export const migrationsArea: Area = {
    check: (ctx) => checkMigrations(ctx, ctx.externalValues),
    after: (state) => ({ migrations: buildMigrations(state, state.migrationFiles, state.backups, state.postgres?.directUrl) }),
    outputs: ({ migrations }) => ({ schemaVersion: migrations ? migrations.schemaVersion : null }),
};
