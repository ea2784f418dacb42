// Supabase projects through the Management API (api.supabase.com/v1; Supabase publishes no official
// TypeScript client for it, so the program's own HTTP client, with its retries): made or adopted by
// ref, waited on until healthy, and read back: its keys, its pooler (Supavisor) and whether
// point-in-time recovery is on. A paused project is refused with the way to wake it.
import { ApiRequest, isApiError } from "../webhooks/http";

/** POST /v1/projects takes no idempotency key: never resent blindly; a lost answer is looked up by name. */
export const RETRY_METHODS = ["get", "patch", "delete"];

export interface SupabaseProjectSpec {
    name: string;
    organization: string;
    region: string;
    instanceSize: string;
    /** The point-in-time window the project must have (its PITR add-on), 0 for daily backups only. */
    pointInTimeDays: number;
}

export interface SupabaseProject {
    ref: string;
    name: string;
    region: string;
    status: string;
    version: string;
    /** https://<ref>.supabase.co */
    url: string;
    anonKey: string;
    /** Secret. */
    serviceRoleKey: string;
    /** Supavisor: host, user (postgres.<ref>) and database. */
    pooler: { host: string; user: string; database: string };
    pitrEnabled: boolean;
}

export interface Wait {
    pollMs: number;
    timeoutMs: number;
}

interface ApiProject {
    id: string;
    ref?: string;
    name: string;
    organization_id: string;
    organization_slug?: string;
    region: string;
    status: string;
    database?: { host: string; version: string };
}

/** Supavisor's ports (supabase.com/docs/guides/database/connecting-to-postgres): session 5432, transaction 6543. */
export const SESSION_PORT = 5432;
export const TRANSACTION_PORT = 6543;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isGone = (err: unknown) => isApiError(err) && err.status === 404;
const answerLost = (err: unknown) => isApiError(err) && (err.status === undefined || err.status >= 500);
export const refOf = (p: Pick<ApiProject, "ref" | "id">) => p.ref ?? p.id;

/** The organization's project of that name (Supabase's names are unique within an organization). */
export async function findByName(api: ApiRequest, spec: Pick<SupabaseProjectSpec, "name" | "organization">): Promise<ApiProject | undefined> {
    const { body } = await api<ApiProject[]>("GET", "/v1/projects");
    return body.find((p) => p.name === spec.name && (p.organization_slug ?? p.organization_id) === spec.organization);
}

/** Why the project cannot be used now, if it cannot: paused, failed or going away. */
function statusProblem(p: ApiProject): string | undefined {
    if (["INACTIVE", "PAUSING", "PAUSE_FAILED"].includes(p.status))
        return `Supabase project ${refOf(p)} is paused (${p.status}): restore it in the Dashboard (Project → Restore project), then run pulumi up again; nothing was changed`;
    if (["INIT_FAILED", "REMOVED", "GOING_DOWN", "RESTORE_FAILED"].includes(p.status)) return `Supabase project ${refOf(p)} is ${p.status}: see the Dashboard`;
    return undefined;
}

/** Waits until the project is healthy (a new or restarting one comes up in minutes). */
async function healthy(api: ApiRequest, ref: string, wait: Wait): Promise<ApiProject> {
    const deadline = Date.now() + wait.timeoutMs;
    for (;;) {
        const { body } = await api<ApiProject>("GET", `/v1/projects/${ref}`);
        const problem = statusProblem(body);
        if (problem) throw new Error(problem);
        if (body.status === "ACTIVE_HEALTHY") return body;
        if (Date.now() > deadline)
            throw new Error(
                `Supabase project ${ref} is still ${body.status} after ${Math.round(wait.timeoutMs / 60_000)} minutes; run pulumi up again once the Dashboard shows it healthy`,
            );
        await sleep(wait.pollMs);
    }
}

/** The project as Supabase lists it (its status: ACTIVE_HEALTHY, COMING_UP, INACTIVE…): null when it is gone. */
export async function getProject(api: ApiRequest, ref: string): Promise<ApiProject | null> {
    try {
        return (await api<ApiProject>("GET", `/v1/projects/${ref}`)).body;
    } catch (err) {
        if (isGone(err)) return null;
        throw err;
    }
}

/** The project's legacy API keys: anon (public) and service_role (secret). */
export async function apiKeys(api: ApiRequest, ref: string): Promise<{ anonKey: string; serviceRoleKey: string }> {
    // Without `reveal`: the legacy keys (anon, service_role) come whole; only the new secret keys are masked.
    const keys = (await api<{ name: string; api_key: string }[]>("GET", `/v1/projects/${ref}/api-keys`)).body;
    const key = (name: string) => {
        const k = keys.find((x) => x.name === name);
        if (!k) throw new Error(`Supabase project ${ref} has no ${name} key (its API keys: ${keys.map((x) => x.name).join(", ")})`);
        return k.api_key;
    };
    return { anonKey: key("anon"), serviceRoleKey: key("service_role") };
}

/** What a project just read is now: its keys, its pooler, its backups. */
export async function readProject(api: ApiRequest, project: ApiProject): Promise<SupabaseProject> {
    const ref = refOf(project);
    const keys = await apiKeys(api, ref);
    const poolers = (
        await api<{ database_type: string; db_host: string; db_user: string; db_name: string }[]>("GET", `/v1/projects/${ref}/config/database/pooler`)
    ).body;
    const primary = poolers.find((p) => p.database_type === "PRIMARY");
    if (!primary) throw new Error(`Supabase project ${ref} has no pooler for its primary database`);
    const backups = (await api<{ pitr_enabled: boolean }>("GET", `/v1/projects/${ref}/database/backups`)).body;
    return {
        ref,
        name: project.name,
        region: project.region,
        status: project.status,
        version: project.database?.version ?? "",
        url: `https://${ref}.supabase.co`,
        ...keys,
        pooler: { host: primary.db_host, user: primary.db_user, database: primary.db_name },
        pitrEnabled: backups.pitr_enabled,
    };
}

/** The owner's URLs through Supavisor: session mode (migrations, over IPv4) and transaction mode (apps). */
export function connectionUrls(p: Pick<SupabaseProject, "pooler">, password: string): { dbUrl: string; pooledUrl: string } {
    const url = (port: number) =>
        `postgresql://${encodeURIComponent(p.pooler.user)}:${encodeURIComponent(password)}@${p.pooler.host}:${port}/${p.pooler.database}?sslmode=require`;
    return { dbUrl: url(SESSION_PORT), pooledUrl: url(TRANSACTION_PORT) };
}

/** Why an existing project cannot stand for the config; what the config promises it must have. */
export function projectProblem(
    p: Pick<SupabaseProject, "ref" | "region" | "pitrEnabled">,
    spec: Pick<SupabaseProjectSpec, "region" | "pointInTimeDays">,
): string | undefined {
    if (p.region !== spec.region)
        return `Supabase project ${p.ref} is in ${p.region}, not ${spec.region}: set postgres.region to ${p.region} (Supabase cannot move a project)`;
    if (spec.pointInTimeDays > 0 && !p.pitrEnabled)
        return `Supabase project ${p.ref} has no point-in-time recovery, but postgres.pointInTimeDays is ${spec.pointInTimeDays}: add the PITR add-on (Dashboard → Project Settings → Add-ons; Pro plan, Small compute or larger), or set pointInTimeDays: 0`;
    return undefined;
}

/** An existing project, read and left as it is. */
export async function adoptProject(api: ApiRequest, ref: string, spec: SupabaseProjectSpec, wait: Wait): Promise<SupabaseProject> {
    let found: ApiProject;
    try {
        found = await healthy(api, ref, wait);
    } catch (err) {
        if (isGone(err)) throw new Error(`Supabase has no project ${ref} (postgres.projectRef): copy the ref from the Dashboard, Project Settings → General`);
        throw err;
    }
    const project = await readProject(api, found);
    const problem = projectProblem(project, spec);
    if (problem) throw new Error(problem);
    return project;
}

/**
 * A new project with the config's settings: its ref as soon as Supabase has it (the caller records it
 * before waiting, so a project that fails to come up is never lost). The database password is the
 * caller's: Supabase never shows it again.
 */
export async function createProject(api: ApiRequest, spec: SupabaseProjectSpec, dbPassword: string): Promise<string> {
    const existing = await findByName(api, spec);
    if (existing)
        throw new Error(
            `Supabase's organization ${spec.organization} already has a project named ${spec.name} (${refOf(existing)}): to manage it, set postgres.projectRef: ${refOf(existing)} and its database password's secret; for a new one, choose another postgres.project`,
        );
    for (let attempt = 0; ; attempt++) {
        try {
            const { body } = await api<ApiProject>("POST", "/v1/projects", {
                json: {
                    name: spec.name,
                    organization_slug: spec.organization,
                    region: spec.region,
                    desired_instance_size: spec.instanceSize,
                    db_pass: dbPassword,
                },
            });
            return refOf(body);
        } catch (err) {
            // A 429 made nothing: wait it out, a few times. Anything else may have made the project.
            if (isApiError(err) && err.status === 429 && attempt < 3) {
                await sleep(1000 * 2 ** attempt);
                continue;
            }
            const made = answerLost(err) ? await findByName(api, spec) : undefined;
            if (!made) throw err;
            return refOf(made);
        }
    }
}

/** The project once healthy, read back. */
export async function ready(api: ApiRequest, ref: string, wait: Wait): Promise<SupabaseProject> {
    return readProject(api, await healthy(api, ref, wait));
}

export async function deleteProject(api: ApiRequest, ref: string): Promise<void> {
    try {
        await api("DELETE", `/v1/projects/${ref}`);
    } catch (err) {
        if (!isGone(err)) throw err;
    }
}
