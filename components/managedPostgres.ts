// The app's managed PostgreSQL project, one adapter per provider: each makes (or adopts) the project
// and gives the owner's direct URL (migrations, the app role) and the pooled URL (the apps).
import * as pulumi from "@pulumi/pulumi";
import { NeonProjectResource } from "../providers/postgres/neonProvider";

export interface NeonArgs {
    provider: "neon";
    project: string;
    projectId?: string;
    region: string;
    version: number;
    historyRetentionDays: number;
    database: string;
    owner: string;
    apiBaseUrl: string;
    pollSeconds: number;
    timeoutMinutes: number;
}

export type ManagedPostgresArgs = NeonArgs & {
    /** Secret: the provider's API key or access token. */
    apiKey: pulumi.Input<string>;
    /** Production: guard the project against deletion (a replacement too). */
    protect: boolean;
};

interface Made {
    projectId: pulumi.Output<string>;
    host: pulumi.Output<string>;
    directUrl: pulumi.Output<string>;
    pooledUrl: pulumi.Output<string>;
}

function neonProject(name: string, a: ManagedPostgresArgs & NeonArgs, parent: pulumi.Resource): Made {
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
            apiKey: a.apiKey,
            apiBaseUrl: a.apiBaseUrl,
            pollSeconds: a.pollSeconds,
            timeoutMinutes: a.timeoutMinutes,
        },
        { parent, protect: a.protect },
    );
    return { projectId: p.projectId, host: p.host, directUrl: p.directUrl, pooledUrl: p.pooledUrl };
}

const ADAPTERS = { neon: neonProject };

export class ManagedPostgres extends pulumi.ComponentResource {
    readonly projectId: pulumi.Output<string>;
    readonly host: pulumi.Output<string>;
    /** Secret: the owner's direct connection string (session features, DDL). */
    readonly directUrl: pulumi.Output<string>;
    /** Secret: the owner's connection string through the provider's transaction-mode pooler. */
    readonly pooledUrl: pulumi.Output<string>;

    constructor(name: string, args: ManagedPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:data:Postgres", name, {}, opts);
        const made = ADAPTERS[args.provider](name, args, this);
        this.projectId = made.projectId;
        this.host = made.host;
        this.directUrl = pulumi.secret(made.directUrl);
        this.pooledUrl = pulumi.secret(made.pooledUrl);
        this.registerOutputs({ projectId: this.projectId, host: this.host });
    }
}
