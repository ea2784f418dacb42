// Vercel's deployments API, used as the CLI's `vercel redeploy` does (vercel/vercel,
// packages/cli/src/commands/redeploy): find the project's current production deployment, rebuild
// it with `POST /v13/deployments?forceNew=1` (a build reads the env vars of that moment), and poll
// `GET /v13/deployments/<id>` until it is READY. Vercel applies env changes to new deployments only.
import type { ApiRequest } from "../webhooks/http";
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

/** The project's live production deployment (the newest READY one), or undefined before the first. */
export async function currentProduction(api: ApiRequest, scope: Scope): Promise<{ id: string; name: string } | undefined> {
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

/** Polls until READY; ERROR, CANCELED or the timeout fail with what to do (the running app keeps its env). */
export async function waitReady(api: ApiRequest, scope: Scope, id: string, opts: WaitOptions): Promise<Deployment> {
    return pollUntil<Deployment>(
        async () => {
            const { body } = await api<Deployment & { errorMessage?: string; errorCode?: string }>("GET", `/v13/deployments/${encodeURIComponent(id)}`, { searchParams: scoped(scope) });
            if (body.readyState === "READY") return { done: { id: body.id, url: body.url, readyState: body.readyState } };
            if (body.readyState === "ERROR" || body.readyState === "CANCELED" || body.readyState === "DELETED") {
                const why = body.errorMessage ? `: ${body.errorMessage}${body.errorCode ? ` (${body.errorCode})` : ""}` : "";
                throw new DeploymentFailed(
                    `Vercel deployment ${id} ended ${body.readyState}${why}. The running app keeps its previous env vars and the signers ` +
                        `were not switched; fix the build (vercel inspect ${id} --logs), then run pulumi up again to redeploy.`,
                );
            }
            return { state: body.readyState };
        },
        opts,
        (state) => `Vercel deployment ${id} is still ${state} after ${Math.round(opts.timeoutMs / 60_000)} min (hosting.redeploy.timeoutMinutes). ` +
            `The signers were not switched; run pulumi up again once it is READY (or raise the timeout).`,
    );
}
