// The Pulumi face of the migration engine: a dynamic provider (serialized into the state and run
// by the engine's dynamic-provider host) and the resource that uses it. All work is in engine.ts.
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "../dynamicResource";
import { hasUnknowns } from "../unknowns";
import type { BackupOptions } from "./backup";
import * as engine from "./engine";
import { isMigrationError } from "./errors";
import type { MigrationFile, MigrationSet, SqlScript } from "./files";

export interface MigrationsProps {
    /** Direct connection string. Secret: marked so in inputs and outputs. */
    databaseUrl: string;
    files: MigrationFile[];
    rollbacks: Record<string, SqlScript>;
    schema: string;
    lockTimeout: string;
    statementTimeout: string;
    lockWaitMs: number;
    acceptChecksums: string[];
    outOfOrder: boolean;
    baseline: string | null;
    rollbackTo: string | null;
    supabaseInterop: boolean;
    /** Pre-migration backup into the backup bucket, or null. */
    backup: { bucket: string; region: string; stack: string; format: BackupOptions["format"] } | null;
    appliedBy: string;
    /** Filled by `check`: what `up` would apply (from the database when reachable, else from disk). */
    pending?: string[];
}

export interface MigrationsOutputs extends MigrationsProps {
    appliedVersions: string[];
    latestVersion: string | null;
    appliedCount: number;
}

const fileLabel = (f: { version: string; name: string }) => `${f.version}_${f.name}`;

/**
 * The provider. Pulumi serializes it with the engine's code (by value; `pg` and other packages by
 * `require`); every method builds its own connections and gets the connection string only
 * through its arguments, so no credential is captured in the serialized closure.
 */
export const migrationsProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds: MigrationsProps, news: MigrationsProps) {
        // The backup target is often unknown in a preview (the bucket is new): planning does not
        // need it, and `pending` must be the same in the saved plan as in the update.
        const { backup, ...planned } = news;
        if (hasUnknowns(planned)) return { inputs: news };
        const set: MigrationSet = { files: news.files, rollbacks: news.rollbacks };
        try {
            const plan = await engine.plan(set, { ...engineOptions({ ...news, backup: hasUnknowns(backup) ? null : backup }), connectTimeoutMs: 5_000 });
            return { inputs: { ...news, pending: plan.pending.map(fileLabel) } };
        } catch (err) {
            if (isMigrationError(err) && !/^cannot connect to /.test(err.message)) {
                // The database answered and the run would be refused: say so in the preview.
                return { inputs: news, failures: [{ property: "files", reason: err.message }] };
            }
            // Unreachable (PR previews usually are): list what is new on disk since the last apply.
            const known = new Set((olds.files ?? []).map((f) => f.version));
            return { inputs: { ...news, pending: news.files.filter((f) => !known.has(f.version)).map(fileLabel) } };
        }
    },

    async diff(_id: string, olds: MigrationsOutputs, news: MigrationsProps) {
        if (hasUnknowns(news)) return { changes: true };
        // Compare what the user controls: files by version and checksum, rollbacks, options.
        const key = (p: MigrationsProps) =>
            JSON.stringify([
                p.files.map((f) => [f.version, f.checksum]),
                Object.keys(p.rollbacks).sort(),
                p.schema,
                p.lockTimeout,
                p.statementTimeout,
                p.lockWaitMs,
                p.acceptChecksums,
                p.outOfOrder,
                p.baseline,
                p.rollbackTo,
                p.supabaseInterop,
                p.backup,
                p.appliedBy,
            ]);
        // `pending` is what check found before the last apply; a refresh diffs those old inputs
        // against the refreshed state, so only files the database has not applied count.
        const applied = new Set(olds.appliedVersions ?? []);
        const pending = (news.pending ?? []).filter((label) => !applied.has(label.split("_")[0]));
        const changed = pending.length > 0 || key(olds) !== key(news) || olds.databaseUrl !== news.databaseUrl;
        return { changes: changed, stables: ["databaseUrl"].filter(() => olds.databaseUrl === news.databaseUrl) };
    },

    async create(inputs: MigrationsProps) {
        const outs = await apply(inputs);
        return { id: `migrations-${inputs.schema}`, outs };
    },

    async update(_id: string, _olds: MigrationsOutputs, news: MigrationsProps) {
        return { outs: await apply(news) };
    },

    async read(id: string, props: MigrationsOutputs) {
        // Drift: report what the database has applied now.
        try {
            const rows = await engine.status({ files: props.files, rollbacks: props.rollbacks }, { ...engineOptions(props), connectTimeoutMs: 5_000 });
            const appliedVersions = rows.filter((r) => r.state === "applied" || r.state === "changed").map((r) => r.version);
            return {
                id,
                props: { ...props, appliedVersions, latestVersion: appliedVersions[appliedVersions.length - 1] ?? null, appliedCount: appliedVersions.length },
            };
        } catch {
            return { id, props };
        }
    },

    async delete() {
        // Removing the resource leaves the database as it is: schema changes are undone by rollback files, not by delete.
    },
};

function engineOptions(p: MigrationsProps): engine.EngineOptions {
    return {
        databaseUrl: p.databaseUrl,
        schema: p.schema,
        lockTimeout: p.lockTimeout,
        statementTimeout: p.statementTimeout,
        lockWaitMs: p.lockWaitMs,
        acceptChecksums: p.acceptChecksums,
        outOfOrder: p.outOfOrder,
        baseline: p.baseline ?? undefined,
        rollbackTo: p.rollbackTo ?? undefined,
        supabaseInterop: p.supabaseInterop,
        appliedBy: p.appliedBy,
        backup: p.backup
            ? { target: { kind: "s3", bucket: p.backup.bucket, region: p.backup.region }, stack: p.backup.stack, format: p.backup.format }
            : undefined,
    };
}

async function apply(p: MigrationsProps): Promise<MigrationsOutputs> {
    const result = await engine.migrate(
        { files: p.files, rollbacks: p.rollbacks },
        {
            ...engineOptions(p),
            log: (line) => console.error(line),
        },
    );
    return { ...p, pending: [], appliedVersions: result.appliedVersions, latestVersion: result.latestVersion, appliedCount: result.appliedVersions.length };
}

export type MigrationsResourceArgs = { [K in keyof MigrationsProps]: pulumi.Input<MigrationsProps[K]> };

/** One migration history: applying is `pulumi up`; the plan shows pending files by name. */
export class MigrationsResource extends DynamicResource {
    declare readonly pending: pulumi.Output<string[]>;
    declare readonly appliedVersions: pulumi.Output<string[]>;
    declare readonly latestVersion: pulumi.Output<string | null>;
    declare readonly appliedCount: pulumi.Output<number>;

    constructor(name: string, args: MigrationsResourceArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            migrationsProvider,
            name,
            { ...args, pending: undefined, appliedVersions: undefined, latestVersion: undefined, appliedCount: undefined },
            { ...opts, additionalSecretOutputs: ["databaseUrl"] },
            "app-platform",
            "Migrations",
        );
    }
}
