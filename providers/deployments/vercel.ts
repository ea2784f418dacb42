// Vercel's deployments API, used as the CLI's `vercel redeploy` does (vercel/vercel,
// packages/cli/src/commands/redeploy): find the deployment production serves, rebuild it with
// `POST /v13/deployments?forceNew=1` (a build reads the env vars of that moment), and poll
// `GET /v13/deployments/<id>` until production's alias is assigned to it, not merely READY
// (packages/client/src/check-deployment-status.ts). Vercel applies env changes to new deployments only.
import { ApiRequest, unlessGone } from "../webhooks/http";
import { DeploymentFailed, pollUntil, WaitOptions } from "./poll";

/** `readyState` values (Vercel REST API, deployments). */
export type ReadyState = "QUEUED" | "INITIALIZING" | "BUILDING" | "READY" | "ERROR" | "CANCELED" | "DELETED";

export interface Deployment {
    id: string;
    url: string;
    readyState: ReadyState;
}

export interface Scope {
    projectId: string;
    /** The team owning the project (`vercel:team`); the personal account when absent. */
    teamId?: string;
}

const scoped = (scope: Scope, extra: Record<string, string> = {}): Record<string, string> => ({ ...extra, ...(scope.teamId ? { teamId: scope.teamId } : {}) });

/**
 * The deployment `domain`'s alias points at (REST API "Get an Alias", `GET /v4/aliases/{idOrAlias}`,
 * `projectId` keeping it to this project), or null while it has none (404: the domain not assigned yet).
 */
export async function servedBy(api: ApiRequest, scope: Scope, domain: string): Promise<string | null> {
    type Alias = { deploymentId?: string | null };
    const found = await unlessGone(
        api<Alias | Alias[]>("GET", `/v4/aliases/${encodeURIComponent(domain)}`, { searchParams: scoped(scope, { projectId: scope.projectId }) }),
    );
    // The reference's schema answers the alias; its example, a list of one: read either.
    const alias = Array.isArray(found?.body) ? found.body[0] : found?.body;
    return alias?.deploymentId ?? null;
}

/**
 * The deployment production serves: the one the production domain's alias points at. After an
 * Instant Rollback that is older than the newest READY production deployment, and rebuilding the
 * newest would put the rolled-back code live. Without the alias, the newest READY one; undefined
 * before the first.
 */
export async function currentProduction(api: ApiRequest, scope: Scope, domain?: string): Promise<{ id: string; name: string } | undefined> {
    const served = domain ? await servedBy(api, scope, domain) : null;
    if (served) {
        const { body } = await api<{ id: string; name: string }>("GET", `/v13/deployments/${encodeURIComponent(served)}`, { searchParams: scoped(scope) });
        return { id: body.id, name: body.name };
    }
    const { body } = await api<{ deployments: { uid: string; name: string }[] }>("GET", "/v6/deployments", {
        searchParams: scoped(scope, { projectId: scope.projectId, target: "production", state: "READY", limit: "1" }),
    });
    const [latest] = body.deployments;
    return latest && { id: latest.uid, name: latest.name };
}

/** Rebuilds `from` as a new production deployment; answers at once (QUEUED or BUILDING). */
export async function redeploy(api: ApiRequest, scope: Scope, from: { id: string; name: string }): Promise<Deployment> {
    const { body } = await api<Deployment>("POST", "/v13/deployments", {
        searchParams: scoped(scope, { forceNew: "1" }),
        json: { deploymentId: from.id, meta: { action: "redeploy" }, name: from.name, target: "production" },
    });
    return { id: body.id, url: body.url, readyState: body.readyState };
}

const keepsEnv = "The running app keeps its previous env vars and the signers were not switched";

type Polled = Deployment & {
    errorMessage?: string;
    errorCode?: string;
    aliasAssigned?: number | boolean | null;
    aliasError?: { code?: string; message?: string } | null;
};

/** The deployment now; a failed build throws what Vercel said and what to do. */
async function look(api: ApiRequest, scope: Scope, id: string): Promise<Polled> {
    const { body } = await api<Polled>("GET", `/v13/deployments/${encodeURIComponent(id)}`, { searchParams: scoped(scope) });
    if (body.readyState === "ERROR" || body.readyState === "CANCELED" || body.readyState === "DELETED") {
        const why = body.errorMessage ? `: ${body.errorMessage}${body.errorCode ? ` (${body.errorCode})` : ""}` : "";
        throw new DeploymentFailed(
            `Vercel deployment ${id} ended ${body.readyState}${why}. ${keepsEnv}; fix the build (vercel inspect ${id} --logs), then run pulumi up again to redeploy.`,
        );
    }
    return body;
}

const minutesOf = (opts: WaitOptions) => `${Math.round(opts.timeoutMs / 60_000)} min (hosting.redeploy.timeoutMinutes)`;

/** Polls until the build is READY (a staged build goes no further by itself). */
export async function waitReady(api: ApiRequest, scope: Scope, id: string, opts: WaitOptions): Promise<Deployment> {
    return pollUntil<Deployment>(
        async () => {
            const body = await look(api, scope, id);
            return body.readyState === "READY" ? { done: { id: body.id, url: body.url, readyState: body.readyState } } : { state: body.readyState };
        },
        opts,
        (state) =>
            `Vercel deployment ${id} is still ${state} after ${minutesOf(opts)}. The signers were not switched; run pulumi up again once it is READY (or raise the timeout).`,
    );
}

/** Polls until production's `domain` serves `id` (after a promote: Vercel answers before the domains move). */
export async function waitServed(api: ApiRequest, scope: Scope, id: string, opts: WaitOptions, domain: string): Promise<void> {
    await pollUntil<void>(
        async () => {
            const served = await servedBy(api, scope, domain);
            return served === id ? { done: undefined } : { state: `serving ${served ?? "nothing"}` };
        },
        opts,
        (state) =>
            `Vercel promoted deployment ${id}, but ${domain} is still ${state} after ${minutesOf(opts)}. ${keepsEnv}; see the project's Deployments page, then run pulumi up again.`,
    );
}

/**
 * Polls as the CLI's checkDeploymentStatus does: done once `aliasAssigned` (a timestamp) is set,
 * failed on `aliasError` or a failed build. READY alone is not live: production's domains move
 * after it. Then, given the production domain, checks that it serves this deployment: after an
 * Instant Rollback Vercel assigns production's domains to no new deployment until one is promoted.
 */
export async function waitLive(api: ApiRequest, scope: Scope, id: string, opts: WaitOptions, domain?: string): Promise<Deployment> {
    const live = await pollUntil<Deployment>(
        async () => {
            const body = await look(api, scope, id);
            if (body.aliasAssigned) return { done: { id: body.id, url: body.url, readyState: body.readyState } };
            if (body.aliasError) {
                const e = body.aliasError;
                throw new DeploymentFailed(
                    `Vercel built deployment ${id} but could not assign production's domains to it: ${e.message ?? "no message"}${e.code ? ` (${e.code})` : ""}. ` +
                        `${keepsEnv}; fix the domain (vercel inspect ${id}; the project's Domains settings), then run pulumi up again to redeploy.`,
                );
            }
            return { state: body.readyState };
        },
        opts,
        (state) => {
            const minutes = minutesOf(opts);
            return state === "READY"
                ? `Vercel deployment ${id} is READY but production's domains were not assigned to it after ${minutes}. ${keepsEnv}. ` +
                      `After an Instant Rollback Vercel assigns them to no new deployment until one is promoted: promote it (vercel promote ${id}) or undo the rollback, then run pulumi up again (or raise the timeout).`
                : `Vercel deployment ${id} is still ${state} after ${minutes}. The signers were not switched; run pulumi up again once it is READY (or raise the timeout).`;
        },
    );
    const served = domain ? await servedBy(api, scope, domain) : null;
    if (served && served !== live.id) {
        throw new DeploymentFailed(
            `Vercel deployment ${id} is READY but ${domain} still serves ${served}: production is pinned, as an Instant Rollback leaves it until a deployment is promoted. ` +
                `${keepsEnv}; promote it (vercel promote ${id}) or undo the rollback, then run pulumi up again.`,
        );
    }
    return live;
}

/** A production deployment as a release reads it: where it answers and the commit it built. */
export interface ProductionDeployment {
    id: string;
    /** Its own host (`<project>-<hash>.vercel.app`), whether or not production's domains point at it. */
    url: string;
    readyState: ReadyState;
    created: number;
    /** The git commit Vercel's git integration built (the deployment's `meta.githubCommit*`). */
    commit: { sha?: string; ref?: string; message?: string };
}

type Listed = {
    uid: string;
    url: string;
    readyState?: ReadyState;
    state?: ReadyState;
    created: number;
    meta?: Record<string, string | undefined>;
};

/**
 * Production deployments, newest first (`GET /v6/deployments`, target production): `rollbackCandidate`
 * keeps those Vercel would roll back to (they served production before).
 */
export async function productionDeployments(
    api: ApiRequest,
    scope: Scope,
    opts: { limit?: number; rollbackCandidate?: boolean } = {},
): Promise<ProductionDeployment[]> {
    const { body } = await api<{ deployments: Listed[] }>("GET", "/v6/deployments", {
        searchParams: scoped(scope, {
            projectId: scope.projectId,
            target: "production",
            limit: String(opts.limit ?? 20),
            ...(opts.rollbackCandidate ? { rollbackCandidate: "true" } : {}),
        }),
    });
    return body.deployments.map((d) => ({
        id: d.uid,
        url: d.url,
        readyState: (d.readyState ?? d.state)!,
        created: d.created,
        commit: { sha: d.meta?.githubCommitSha, ref: d.meta?.githubCommitRef, message: d.meta?.githubCommitMessage },
    }));
}

/**
 * Points production's domains at `id`, a READY production deployment, without rebuilding it (`POST
 * /v10/projects/{projectId}/promote/{deploymentId}`, "requestPromote" in Vercel's SDK and what `vercel
 * promote` calls; 201, or 202 while queued). Vercel answers before the domains have moved: servedBy
 * tells when they have.
 */
export async function promote(api: ApiRequest, scope: Scope, id: string): Promise<void> {
    await api("POST", `/v10/projects/${encodeURIComponent(scope.projectId)}/promote/${encodeURIComponent(id)}`, { searchParams: scoped(scope) });
}

/**
 * Instant Rollback to `id`, a deployment that served production before (`POST
 * /v1/projects/{projectId}/rollback/{deploymentId}`, "requestRollback" in Vercel's SDK, vercel/sdk
 * src/funcs/projectsRequestRollback.ts; `description` the reason). Afterwards Vercel assigns
 * production's domains to no new deployment until one is promoted.
 */
export async function rollback(api: ApiRequest, scope: Scope, id: string, description?: string): Promise<void> {
    await api("POST", `/v1/projects/${encodeURIComponent(scope.projectId)}/rollback/${encodeURIComponent(id)}`, {
        searchParams: scoped(scope, description ? { description } : {}),
    });
}
