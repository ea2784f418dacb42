// The managed PostgreSQL project: its API key checked, the project made (or adopted), its owner's
// direct and pooled URLs as env sources; apps that run as many instances are pointed at the pooler.
import * as pulumi from "@pulumi/pulumi";
import { ManagedPostgres } from "../../components/managedPostgres";
import { EXTRA_SOURCES, pointInTimeDays, tokenSecret } from "../../components/postgresProviders";
import { adminUrlSecret, CheckContext, NAMESPACE, Sources } from "../stackConfig";
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
        [names.direct]: { secret: true, description: "the owner's connection string with session features (migrations, admin work; one process)" },
        [names.pooled]: { secret: true, description: "the owner's connection string through the transaction-mode pooler (apps with many instances)" },
        ...EXTRA_SOURCES[cfg.postgres!.provider],
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
    const [tokenKey, token] = p.provider === "neon" ? ["apiKeySecret", "a Neon API key"] : ["accessTokenSecret", "a Supabase access token"];
    const declared = (key: string, name: string, what: string) => {
        if (!(name in cfg.secrets.external))
            issues.push({
                key: `${KEY}.${key}`,
                message: `"${name}" is not declared under ${NAMESPACE}:secrets.external: declare it and set ${what} with pulumi config set --secret`,
            });
    };
    declared(tokenKey, tokenSecret(p), token);
    if (p.provider === "supabase") {
        if (p.projectRef && !p.dbPasswordSecret)
            issues.push({
                key: `${KEY}.dbPasswordSecret`,
                message: "an adopted project's database password is needed (Supabase never shows it): name the external secret that holds it",
            });
        if (p.dbPasswordSecret) declared("dbPasswordSecret", p.dbPasswordSecret, "the project's database password");
        // A new project cannot have the add-on yet: said before the first up, not discovered after it.
        if (!p.projectRef && p.pointInTimeDays > 0)
            warnings.push(
                `${KEY}.pointInTimeDays: a new Supabase project has no point-in-time recovery until its PITR add-on is added (Dashboard → Project Settings → Add-ons): the first up makes the project, then each up${cfg.environment === "production" ? " stops" : " warns"} until the add-on is on; until then its recovery point is the daily backups'`,
            );
    }
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
        const dbPassword = p.provider === "supabase" && p.dbPasswordSecret ? secret(p.dbPasswordSecret) : undefined;
        return { postgres: new ManagedPostgres(`${cfg.name}-postgres`, { settings: p, token: secret(tokenSecret(p)), dbPassword, protect }) };
    },
    values({ cfg, postgres }) {
        const names = postgresSourceNames(cfg);
        if (!names || !postgres) return {};
        return {
            [names.direct]: { value: postgres.directUrl },
            [names.pooled]: { value: postgres.pooledUrl },
            ...Object.fromEntries(Object.entries(postgres.extra).map(([k, value]) => [k, { value }])),
        };
    },
    outputs: ({ cfg, postgres, secret }) => ({
        // What the nightly backup and the database check sign in with (a secret output): a named secret's, else the project owner's.
        databaseAdminUrl: adminUrlSecret(cfg) ? secret(adminUrlSecret(cfg)!) : (postgres?.directUrl ?? null),
        postgres:
            cfg.postgres && postgres
                ? pulumi.output({
                      provider: cfg.postgres.provider as PostgresEntry["provider"],
                      project: cfg.postgres.project,
                      projectId: postgres.projectId,
                      region: cfg.postgres.region,
                      version: postgres.version,
                      host: postgres.host,
                      pointInTimeDays: pointInTimeDays(cfg.postgres),
                      sources: postgresSourceNames(cfg)!,
                  })
                : null,
    }),
};
