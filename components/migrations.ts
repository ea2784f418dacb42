import * as pulumi from "@pulumi/pulumi";
import type { MigrationSet } from "../providers/migrations/files";
import { MigrationsProps, MigrationsResource } from "../providers/migrations/provider";

export interface MigrationsArgs extends Omit<MigrationsProps, "databaseUrl" | "files" | "rollbacks" | "backup" | "pending"> {
    /** Read from disk at program time (files, checksums, rollback scripts). */
    set: MigrationSet;
    /** Direct (non-pooled) connection string. */
    databaseUrl: pulumi.Input<string>;
    backup: { bucket: pulumi.Input<string>; region: pulumi.Input<string>; stack: string; format: "custom" | "plain-gz" } | null;
    /** Production: guard the migration history against deletion. */
    protect: boolean;
}

/** The app's SQL migrations, applied by `pulumi up` (with a pre-migration backup where configured). */
export class Migrations extends pulumi.ComponentResource {
    /** Latest applied version, e.g. 20260210080000; null before the first migration. */
    readonly schemaVersion: pulumi.Output<string | null>;
    readonly appliedVersions: pulumi.Output<string[]>;
    /** Files the last check found pending (shown by name in `pulumi preview`). */
    readonly pending: pulumi.Output<string[]>;

    constructor(name: string, args: MigrationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:data:Migrations", name, {}, opts);
        const { set, databaseUrl, protect, backup, ...options } = args;
        const resource = new MigrationsResource(
            name,
            { ...options, backup: backup && pulumi.output(backup), files: set.files, rollbacks: set.rollbacks, databaseUrl: pulumi.secret(databaseUrl) },
            { parent: this, protect },
        );
        this.schemaVersion = resource.latestVersion;
        this.appliedVersions = resource.appliedVersions;
        this.pending = resource.pending;
        this.registerOutputs({ schemaVersion: this.schemaVersion, appliedVersions: this.appliedVersions });
    }
}
