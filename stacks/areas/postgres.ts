// The managed PostgreSQL project: its API key checked, the project made (or adopted), its owner's
// direct and pooled URLs as env sources; apps that run as many instances are pointed at the pooler.
import * as pulumi from "@pulumi/pulumi";
import { ManagedPostgres } from "../../components/managedPostgres";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import type { CoreConfig } from "../schema";
import type { PostgresEntry } from "../outputs";
import type { Area } from "../area";

const KEY = `${NAMESPACE}:postgres`;

/** The env sources a provider's project gives: the direct URL and the pooled one. */
export function postgresSourceNames(cfg: CoreConfig): { direct: string; pooled: string } | undefined {
    const p = cfg.postgres;
    return p && { direct: `${p.provider}.dbUrl`, pooled: `${p.provider}.pooledUrl` };
}

export function postgresSources(cfg: CoreConfig): Sources {
    const names = postgresSourceNames(cfg);
    if (!names) return {};
    return {
        [names.direct]: { secret: true, description: "the owner's direct connection string (migrations, admin work; one process)" },
        [names.pooled]: { secret: true, description: "the owner's connection string through the transaction-mode pooler (apps with many instances)" },
    };
}

/** Who reads a source, and how many instances it runs as at most (the frontend's serverless functions: many). */
function readers(cfg: CoreConfig): { who: string; key: string; from: string; instances: number }[] {
    const out: { who: string; key: string; from: string; instances: number }[] = [];
    for (const [name, v] of Object.entries(cfg.env))
        if (v.from)
            out.push({
                who: `the frontend (${cfg.hosting.provider}'s functions scale out)`,
                key: `${NAMESPACE}:env.${name}`,
                from: v.from,
                instances: Infinity,
            });
    for (const [service, s] of Object.entries(cfg.services))
        for (const [name, v] of Object.entries(s.env))
            if (v.from)
                out.push({
                    who: `service ${service} (up to ${s.instances.max} instances)`,
                    key: `${NAMESPACE}:services.${service}.env.${name}`,
                    from: v.from,
                    instances: s.instances.max,
                });
    return out;
}

export function checkPostgres({ cfg, issues, warnings }: CheckContext): void {
    const p = cfg.postgres;
    if (!p) return;
    if (!(p.apiKeySecret in cfg.secrets.external))
        issues.push({
            key: `${KEY}.apiKeySecret`,
            message: `"${p.apiKeySecret}" is not declared under ${NAMESPACE}:secrets.external: declare it and set a Neon API key with pulumi config set --secret`,
        });
    const names = postgresSourceNames(cfg)!;
    // Each instance holds its own connections: many of them on a direct URL exhaust the server's.
    const pooledFor: Record<string, string> = { [names.direct]: names.pooled, ...(cfg.database ? { "database.appUrl": "database.appPooledUrl" } : {}) };
    for (const r of readers(cfg))
        if (pooledFor[r.from] && r.instances > 1)
            warnings.push(`${r.key}: ${r.who} reads ${r.from}, a direct URL; use ${pooledFor[r.from]}, which goes through the pooler`);
}

export const postgresArea: Area = {
    sources: ({ cfg }) => postgresSources(cfg),
    check: checkPostgres,
    before({ cfg, protect, secret }) {
        const p = cfg.postgres;
        if (!p) return {};
        return { postgres: new ManagedPostgres(`${cfg.name}-postgres`, { ...p, apiKey: secret(p.apiKeySecret), protect }) };
    },
    values({ cfg, postgres }) {
        const names = postgresSourceNames(cfg);
        if (!names || !postgres) return {};
        return { [names.direct]: { value: postgres.directUrl }, [names.pooled]: { value: postgres.pooledUrl } };
    },
    outputs: ({ cfg, postgres }) => ({
        postgres:
            cfg.postgres && postgres
                ? pulumi.output({
                      provider: cfg.postgres.provider as PostgresEntry["provider"],
                      project: cfg.postgres.project,
                      projectId: postgres.projectId,
                      region: cfg.postgres.region,
                      version: cfg.postgres.version,
                      host: postgres.host,
                      pointInTimeDays: cfg.postgres.historyRetentionDays,
                      sources: postgresSourceNames(cfg)!,
                  })
                : null,
    }),
};
