// Neon projects through Neon's official client (@neondatabase/api-client): made or adopted by id,
// their operations waited out, and the owner's direct and pooled connection strings read back.
// Retries are axios-retry's on the client's own axios instance: what Neon's API reference calls safe
// to resend (components.responses.GeneralError: 423 Locked, another operation holding the project,
// and 503), a 429 (nothing was done), and a read that got a 5xx or a dropped connection. Each try has
// its own 30-second timeout. A create whose answer is lost is looked up by name, never resent.
import type { Api, Operation } from "@neondatabase/api-client";

export type NeonApi = Api<unknown>;

export interface NeonProjectSpec {
    name: string;
    region: string;
    pgVersion: number;
    /** The point-in-time window (Neon's history retention), 0 to 30 days. */
    historyRetentionSeconds: number;
    database: string;
    owner: string;
    /** The organization the project belongs to (org-…): a personal API key names it. */
    orgId?: string;
}

export interface NeonProject {
    id: string;
    name: string;
    region: string;
    pgVersion: number;
    historyRetentionSeconds: number;
    branchId: string;
    host: string;
    /** Secret: the owner's connection strings. */
    directUrl: string;
    pooledUrl: string;
}

export interface Wait {
    pollMs: number;
    timeoutMs: number;
}

export function neonClient(apiKey: string, baseURL: string, retryBaseMs = 1000): NeonApi {
    // Loaded here, not at the top: a stack without Neon never pays for the client, and a serialized
    // dynamic provider requires it at run time instead of capturing it.
    const { createApiClient } = require("@neondatabase/api-client") as typeof import("@neondatabase/api-client");
    const { default: axiosRetry, exponentialDelay, isIdempotentRequestError } = require("axios-retry") as typeof import("axios-retry");
    const api = createApiClient({ apiKey, baseURL, timeout: 30_000 });
    axiosRetry(api.instance, {
        retries: 5,
        shouldResetTimeout: true,
        retryDelay: (n, err) => exponentialDelay(n, err, retryBaseMs),
        // Not isNetworkOrIdempotentRequestError: it resends a POST whose connection dropped.
        retryCondition: (err) => [423, 429, 503].includes(err.response?.status ?? 0) || (err.config?.method === "get" && isIdempotentRequestError(err)),
    });
    return api;
}

/** Neon's own words for a failed call, without the request (its headers hold the key). */
export class NeonError extends Error {
    constructor(
        message: string,
        readonly status: number | undefined,
    ) {
        super(message);
        this.message = message;
        this.name = "NeonError";
    }
}

async function call<T>(what: string, request: () => Promise<{ data: T }>): Promise<T> {
    try {
        return (await request()).data;
    } catch (err) {
        const e = err as { response?: { status: number; data?: { message?: string; request_id?: string } }; code?: string; message?: string };
        if (!e.response) throw new NeonError(`Neon did not answer ${what}: ${e.code ?? e.message ?? "no answer"}`, undefined);
        const { status, data } = e.response;
        const request = data?.request_id ? ` (request ${data.request_id})` : "";
        throw new NeonError(`Neon refused ${what}: ${status} ${data?.message ?? ""}${request}`.trim(), status);
    }
}

const isGone = (err: unknown) => err instanceof NeonError && err.status === 404;
/** No answer, or a server error: the create may have happened. */
const answerLost = (err: unknown) => err instanceof NeonError && (err.status === undefined || err.status >= 500);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until no operation of the project is scheduled or running. Of `ours` (the ones this run
 * started), one in error stops the run; a failed one is retried by Neon (its docs: not terminal), so
 * it is waited for like a running one. Older operations' failures are history, not this run's.
 */
export async function settle(api: NeonApi, projectId: string, wait: Wait, ours: string[] = []): Promise<void> {
    const deadline = Date.now() + wait.timeoutMs;
    for (;;) {
        const { operations } = await call(`the operations of ${projectId}`, () => api.listProjectOperations({ projectId, limit: 100 }));
        const broken = operations.find((o: Operation) => ours.includes(o.id) && o.status === "error");
        if (broken) throw new NeonError(`Neon's ${broken.action} operation on ${projectId} ended in error: ${broken.error ?? "no reason given"}`, undefined);
        const pending = operations.filter(
            (o: Operation) => ["scheduling", "running", "cancelling"].includes(o.status) || (ours.includes(o.id) && o.status === "failed"),
        );
        if (pending.length === 0) return;
        if (Date.now() > deadline)
            throw new NeonError(
                `Neon's project ${projectId} is still busy after ${Math.round(wait.timeoutMs / 60_000)} minutes (${pending.map((o) => `${o.action} ${o.status}`).join(", ")}); run pulumi up again once the Console shows it ready`,
                undefined,
            );
        await sleep(wait.pollMs);
    }
}

async function findByName(api: NeonApi, spec: Pick<NeonProjectSpec, "name" | "orgId">) {
    const { projects } = await call(`the projects named ${spec.name}`, () =>
        api.listProjects({ search: spec.name, limit: 400, ...(spec.orgId ? { org_id: spec.orgId } : {}) }),
    );
    return projects.find((p) => p.name === spec.name);
}

/** The default branch, with the database and owner the config names (refused, naming the key, when missing). */
async function defaultBranch(api: NeonApi, projectId: string, spec: Pick<NeonProjectSpec, "database" | "owner">) {
    const { branches } = await call(`the branches of ${projectId}`, () => api.listProjectBranches({ projectId }));
    const branch = branches.find((b) => b.default);
    if (!branch) throw new NeonError(`Neon's project ${projectId} has no default branch`, undefined);
    const { databases } = await call(`the databases of ${projectId}`, () => api.listProjectBranchDatabases(projectId, branch.id));
    if (!databases.some((d) => d.name === spec.database))
        throw new NeonError(
            `Neon's project ${projectId} has no database ${spec.database} on its default branch (${databases.map((d) => d.name).join(", ") || "none"}): set postgres.database to one of them`,
            undefined,
        );
    const { roles } = await call(`the roles of ${projectId}`, () => api.listProjectBranchRoles(projectId, branch.id));
    if (!roles.some((r) => r.name === spec.owner))
        throw new NeonError(
            `Neon's project ${projectId} has no role ${spec.owner} on its default branch (${roles.map((r) => r.name).join(", ") || "none"}): set postgres.owner to the database's owner`,
            undefined,
        );
    return branch;
}

async function connectionUris(api: NeonApi, projectId: string, branchId: string, spec: Pick<NeonProjectSpec, "database" | "owner">) {
    const uri = async (pooled: boolean) =>
        (
            await call(`the ${pooled ? "pooled " : ""}connection string of ${projectId}`, () =>
                api.getConnectionUri({ projectId, branch_id: branchId, database_name: spec.database, role_name: spec.owner, pooled }),
            )
        ).uri;
    return { directUrl: await uri(false), pooledUrl: await uri(true) };
}

/** What the project is now: null when Neon no longer has it. */
export async function readProject(api: NeonApi, projectId: string, spec: Pick<NeonProjectSpec, "database" | "owner">): Promise<NeonProject | null> {
    let project;
    try {
        ({ project } = await call(`the project ${projectId}`, () => api.getProject(projectId)));
    } catch (err) {
        if (isGone(err)) return null;
        throw err;
    }
    const branch = await defaultBranch(api, projectId, spec);
    const { endpoints } = await call(`the computes of ${projectId}`, () => api.listProjectBranchEndpoints(projectId, branch.id));
    return {
        id: project.id,
        name: project.name,
        region: project.region_id,
        pgVersion: project.pg_version,
        historyRetentionSeconds: project.history_retention_seconds,
        branchId: branch.id,
        host: endpoints.find((e) => e.type === "read_write")?.host ?? "",
        ...(await connectionUris(api, projectId, branch.id, spec)),
    };
}

/** Why an existing project cannot stand for the config (Neon moves no project and upgrades none in place). */
export function adoptionProblem(
    project: Pick<NeonProject, "id" | "region" | "pgVersion">,
    spec: Pick<NeonProjectSpec, "region" | "pgVersion">,
): string | undefined {
    if (project.region !== spec.region)
        return `Neon's project ${project.id} is in ${project.region}, not ${spec.region}: set postgres.region to ${project.region} (Neon cannot move a project)`;
    if (project.pgVersion !== spec.pgVersion)
        return `Neon's project ${project.id} runs PostgreSQL ${project.pgVersion}, not ${spec.pgVersion}: set postgres.version to ${project.pgVersion}`;
    return undefined;
}

/** An existing project, read and left as it is. */
export async function adoptProject(api: NeonApi, projectId: string, spec: NeonProjectSpec, wait: Wait): Promise<NeonProject> {
    const exists = await call(`the project ${projectId}`, () => api.getProject(projectId)).catch((err) => (isGone(err) ? null : Promise.reject(err)));
    if (exists) await settle(api, projectId, wait);
    const project = exists && (await readProject(api, projectId, spec));
    if (!project) throw new NeonError(`Neon has no project ${projectId} (postgres.projectId): copy the id from the Console, Settings → General`, 404);
    const problem = adoptionProblem(project, spec);
    if (problem) throw new NeonError(problem, undefined);
    return project;
}

/**
 * A new project with the config's settings: its id as soon as Neon has it, then `ready` waits out its
 * operations and reads it back (the caller records the id first, so a project that fails to become
 * ready is never lost).
 */
export async function createProject(api: NeonApi, spec: NeonProjectSpec): Promise<{ id: string; operations: string[] }> {
    const existing = await findByName(api, spec);
    if (existing)
        throw new NeonError(
            `Neon already has a project named ${spec.name} (${existing.id}): to manage it, set postgres.projectId: ${existing.id}; for a new one, choose another postgres.project`,
            409,
        );
    try {
        const made = await call(`the new project ${spec.name}`, () =>
            api.createProject({
                project: {
                    name: spec.name,
                    region_id: spec.region,
                    pg_version: spec.pgVersion,
                    history_retention_seconds: spec.historyRetentionSeconds,
                    branch: { name: "main", database_name: spec.database, role_name: spec.owner },
                    ...(spec.orgId ? { org_id: spec.orgId } : {}),
                },
            }),
        );
        return { id: made.project.id, operations: made.operations.map((o) => o.id) };
    } catch (err) {
        const made = answerLost(err) ? await findByName(api, spec) : undefined;
        if (!made) throw err;
        return { id: made.id, operations: [] };
    }
}

/** The project once its operations (`ours`, and any other running) are done. */
export async function ready(api: NeonApi, projectId: string, spec: NeonProjectSpec, wait: Wait, ours: string[] = []): Promise<NeonProject> {
    await settle(api, projectId, wait, ours);
    const project = await readProject(api, projectId, spec);
    if (!project) throw new NeonError(`Neon's project ${projectId} was deleted while the up waited for it`, 404);
    return project;
}

/** What Neon changes in place: the name (of a project this stack made) and the history window. */
export async function updateProject(api: NeonApi, projectId: string, spec: NeonProjectSpec, wait: Wait, rename: boolean): Promise<NeonProject> {
    await settle(api, projectId, wait);
    const { operations } = await call(`the change of ${projectId}`, () =>
        api.updateProject(projectId, {
            project: { ...(rename ? { name: spec.name } : {}), history_retention_seconds: spec.historyRetentionSeconds },
        }),
    );
    return ready(
        api,
        projectId,
        spec,
        wait,
        operations.map((o) => o.id),
    );
}

export async function deleteProject(api: NeonApi, projectId: string): Promise<void> {
    try {
        await call(`the deletion of ${projectId}`, () => api.deleteProject(projectId));
    } catch (err) {
        if (!isGone(err)) throw err;
    }
}
