// Recovery objectives against the stack's real backups: each data store's recovery point (Atlas's
// continuous backup or snapshots; PostgreSQL's point-in-time recovery or the nightly dump), checked
// against the RPO, with how a restore runs.
import * as pulumi from "@pulumi/pulumi";
import { CheckContext, NAMESPACE } from "../stackConfig";
import type { CoreConfig } from "../schema";
import type { RecoveryEntry, RecoveryStore } from "../outputs";
import { recoveryPoint } from "../../components/atlasCluster";
import { pointInTimeDays } from "../../components/postgresProviders";
import type { Area } from "../area";

const KEY = `${NAMESPACE}:recovery`;
const HOURS = 60;

/** What each data store of the stack can be restored to, and how. */
export function recoveryStores(cfg: CoreConfig): RecoveryStore[] {
    const stores: RecoveryStore[] = [];
    if (cfg.atlas) {
        const point = recoveryPoint(cfg.atlas.backup);
        stores.push({
            store: "atlas",
            recoveryPointMinutes: point.minutes,
            backups: point.description,
            restore: `the cluster → Backup → ${cfg.atlas.backup.pointInTime ? "Point in Time Restore" : "Snapshots → Restore"} (docs/runbooks.md, "Restore MongoDB Atlas")`,
        });
    }
    if (cfg.migrations || cfg.database || cfg.postgres) {
        // A managed project's own window, else the one declared by hand.
        const days = cfg.postgres ? pointInTimeDays(cfg.postgres) : 0;
        const pit = days > 0 ? { provider: cfg.postgres!.provider, windowDays: days } : cfg.recovery?.postgresPointInTime;
        if (pit)
            stores.push({
                store: "postgres",
                recoveryPointMinutes: 1,
                backups: `${pit.provider === "neon" ? "Neon's history retention" : "Supabase's point-in-time recovery"}: any moment of the last ${pit.windowDays} days`,
                restore:
                    pit.provider === "neon"
                        ? `Neon Console → Branches → the default branch → Restore to a timestamp (it keeps the old state as a branch; the URLs stay), or the API: docs/runbooks.md, "Restore Neon to a point in time"`
                        : `Supabase Dashboard → Database → Backups → Point in Time: restore to the moment before the loss (docs/runbooks.md, "Restore Supabase to a point in time")`,
            });
        else if (cfg.postgres?.provider === "supabase")
            stores.push({
                store: "postgres",
                recoveryPointMinutes: 24 * HOURS,
                backups: "Supabase's daily backups (Pro plan and above, the last 7 kept)",
                restore: "Supabase Dashboard → Database → Backups → Scheduled backups: restore the last one before the loss",
            });
        else if (cfg.backups)
            stores.push({
                store: "postgres",
                recoveryPointMinutes: 24 * HOURS,
                backups: "the nightly pg_dump (backup.yml) into the backup bucket, restored and checked each night",
                restore: `the last dump of daily/<stack>/ into a new database with psql, then the migrations (docs/runbooks.md, "Restore from a backup")`,
            });
        else
            stores.push({
                store: "postgres",
                recoveryPointMinutes: null,
                backups: "none declared",
                restore: "none: declare app-platform:backups (nightly dumps) or recovery.postgresPointInTime",
            });
    }
    return stores;
}

/** Production refuses a store whose recovery point misses the RPO; staging is told. */
export function checkRecovery({ cfg, issues, warnings }: CheckContext): void {
    const r = cfg.recovery;
    if (!r) return;
    if (r.postgresPointInTime && cfg.postgres)
        issues.push({
            key: `${KEY}.postgresPointInTime`,
            message: `the project of ${NAMESPACE}:postgres declares its own window (postgres.historyRetentionDays): remove recovery.postgresPointInTime`,
        });
    for (const s of recoveryStores(cfg)) {
        if (s.recoveryPointMinutes !== null && s.recoveryPointMinutes <= r.rpoMinutes) continue;
        const found = s.recoveryPointMinutes === null ? "has no backup" : `recovers to within ${s.recoveryPointMinutes} minutes (${s.backups})`;
        const fix =
            s.store === "atlas"
                ? "turn on atlas.backup.pointInTime"
                : cfg.postgres
                  ? cfg.postgres.provider === "neon"
                      ? "lengthen the project's history (postgres.historyRetentionDays)"
                      : "add point-in-time recovery (postgres.pointInTimeDays: 7, with the PITR add-on)"
                  : "declare the provider's point-in-time recovery (recovery.postgresPointInTime), or app-platform:backups for nightly dumps";
        const message = `${s.store} ${found}, over the RPO of ${r.rpoMinutes} minutes: ${fix}, or raise the RPO`;
        if (cfg.environment === "production") issues.push({ key: `${KEY}.rpoMinutes`, message });
        else warnings.push(`${KEY}.rpoMinutes: ${message}`);
    }
}

export const recoveryArea: Area = {
    check: checkRecovery,
    outputs: ({ cfg }) => ({
        recovery: cfg.recovery
            ? pulumi.output<RecoveryEntry>({ rpoMinutes: cfg.recovery.rpoMinutes, rtoMinutes: cfg.recovery.rtoMinutes, stores: recoveryStores(cfg) })
            : null,
    }),
};
