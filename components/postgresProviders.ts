// What each managed PostgreSQL provider's project takes and gives, as plain facts (no Pulumi, no
// client): its settings, the secret holding its token, its point-in-time window and its env sources
// beyond the two URLs. The config checks, the recovery check and the doctor read these without
// loading the providers.
interface Polling {
    pollSeconds: number;
    timeoutMinutes: number;
}

export interface NeonArgs extends Polling {
    provider: "neon";
    project: string;
    projectId?: string;
    region: string;
    version: number;
    historyRetentionDays: number;
    database: string;
    owner: string;
    orgId?: string;
    apiKeySecret: string;
    apiBaseUrl: string;
}

export interface SupabaseArgs extends Polling {
    provider: "supabase";
    project: string;
    projectRef?: string;
    organization: string;
    region: string;
    instanceSize: string;
    pointInTimeDays: number;
    dbPasswordSecret?: string;
    accessTokenSecret: string;
    apiBaseUrl: string;
}

export type PostgresArgs = NeonArgs | SupabaseArgs;

/** The external secret holding the provider's API key or access token. */
export const tokenSecret = (a: PostgresArgs) => (a.provider === "neon" ? a.apiKeySecret : a.accessTokenSecret);
/** How far back a point-in-time restore reaches, in days (0: none). */
export const pointInTimeDays = (a: PostgresArgs) => (a.provider === "neon" ? a.historyRetentionDays : a.pointInTimeDays);

/** The env sources a provider's project gives beyond its two URLs, and whether each is secret. */
export const EXTRA_SOURCES: Record<PostgresArgs["provider"], Record<string, { secret: boolean; description: string }>> = {
    neon: {},
    supabase: {
        "supabase.url": { secret: false, description: "https://<ref>.supabase.co (the project's API)" },
        "supabase.anonKey": { secret: false, description: "the anon key (public: row-level security applies)" },
        "supabase.serviceRoleKey": { secret: true, description: "the service_role key (bypasses row-level security; server only)" },
    },
};
