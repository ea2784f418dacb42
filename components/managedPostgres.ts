// The app's managed PostgreSQL project, one adapter per provider: each makes (or adopts) the project
// and gives the owner's direct URL (migrations, the app role), the pooled URL (the apps) and the
// provider's own env values (Supabase's URL and keys).
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { NeonProjectResource } from "../providers/postgres/neonProvider";
import { SupabaseProjectResource } from "../providers/postgres/supabaseProvider";
import { EXTRA_SOURCES, type NeonArgs, type PostgresArgs, type SupabaseArgs } from "./postgresProviders";

export type ManagedPostgresArgs = {
    settings: PostgresArgs;
    /** Secret: the provider's API key or access token. */
    token: pulumi.Input<string>;
    /** Secret: an adopted Supabase project's database password (dbPasswordSecret). */
    dbPassword?: pulumi.Input<string>;
    /** Production: guard the project against deletion (a replacement too) and keep it if removed from the program; a missing PITR stops the up. */
    protect: boolean;
};

interface Made {
    projectId: pulumi.Output<string>;
    host: pulumi.Output<string>;
    version: pulumi.Output<string>;
    directUrl: pulumi.Output<string>;
    pooledUrl: pulumi.Output<string>;
    extra: Record<string, pulumi.Output<string>>;
}

function neonProject(name: string, a: NeonArgs, args: ManagedPostgresArgs, parent: pulumi.Resource): Made {
    const p = new NeonProjectResource(
        name,
        {
            name: a.project,
            adoptId: a.projectId,
            region: a.region,
            pgVersion: a.version,
            historyRetentionSeconds: Math.round(a.historyRetentionDays * 86_400),
            database: a.database,
            owner: a.owner,
            orgId: a.orgId,
            apiKey: args.token,
            apiBaseUrl: a.apiBaseUrl,
            pollSeconds: a.pollSeconds,
            timeoutMinutes: a.timeoutMinutes,
        },
        { parent, protect: args.protect, retainOnDelete: args.protect },
    );
    return { projectId: p.projectId, host: p.host, version: pulumi.output(String(a.version)), directUrl: p.directUrl, pooledUrl: p.pooledUrl, extra: {} };
}

function supabaseProject(name: string, a: SupabaseArgs, args: ManagedPostgresArgs, parent: pulumi.Resource): Made {
    // A new project's password is made here (Supabase never shows it again); an adopted one's is the team's.
    const password =
        args.dbPassword ??
        new random.RandomPassword(`${name}-db-password`, { length: 32, special: false }, { parent, protect: args.protect, additionalSecretOutputs: ["result"] })
            .result;
    const p = new SupabaseProjectResource(
        name,
        {
            name: a.project,
            adoptRef: a.projectRef,
            organization: a.organization,
            region: a.region,
            instanceSize: a.instanceSize,
            pointInTimeDays: a.pointInTimeDays,
            requirePointInTime: args.protect,
            dbPassword: pulumi.secret(password),
            accessToken: args.token,
            apiBaseUrl: a.apiBaseUrl,
            pollSeconds: a.pollSeconds,
            timeoutMinutes: a.timeoutMinutes,
        },
        { parent, protect: args.protect, retainOnDelete: args.protect },
    );
    return {
        projectId: p.ref,
        host: p.url.apply((u) => new URL(u).hostname),
        version: p.version,
        directUrl: p.dbUrl,
        pooledUrl: p.pooledUrl,
        extra: { "supabase.url": p.url, "supabase.anonKey": p.anonKey, "supabase.serviceRoleKey": p.serviceRoleKey },
    };
}

export class ManagedPostgres extends pulumi.ComponentResource {
    readonly projectId: pulumi.Output<string>;
    readonly host: pulumi.Output<string>;
    readonly version: pulumi.Output<string>;
    /** Secret: the owner's connection string with session features (migrations, DDL; one process). */
    readonly directUrl: pulumi.Output<string>;
    /** Secret: the owner's connection string through the provider's transaction-mode pooler. */
    readonly pooledUrl: pulumi.Output<string>;
    /** The provider's own env values, by source name (secret ones as secrets). */
    readonly extra: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: ManagedPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:data:Postgres", name, {}, opts);
        const s = args.settings;
        const made = s.provider === "neon" ? neonProject(name, s, args, this) : supabaseProject(name, s, args, this);
        this.projectId = made.projectId;
        this.host = made.host;
        this.version = made.version;
        this.directUrl = pulumi.secret(made.directUrl);
        this.pooledUrl = pulumi.secret(made.pooledUrl);
        this.extra = Object.fromEntries(Object.entries(made.extra).map(([k, v]) => [k, EXTRA_SOURCES[s.provider][k].secret ? pulumi.secret(v) : v]));
        this.registerOutputs({ projectId: this.projectId, host: this.host });
    }
}
