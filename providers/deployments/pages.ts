// Cloudflare Pages' deployments API (API v4; the `cloudflare` SDK's pages.projects.deployments):
// `POST /accounts/{account}/pages/projects/{project}/deployments` with the form field `branch`
// starts a new deployment of a git-connected project from that branch's HEAD (a build reads the
// project's env vars of that moment); `GET …/deployments/{id}` until its latest stage, `deploy`,
// succeeds. Pages, like Vercel, applies env changes to new deployments only.
import type { ApiRequest } from "../webhooks/http";
import { DeploymentFailed, pollUntil, WaitOptions } from "./poll";

/** A stage: queued, initialize, clone_repo, build, deploy; status idle, active, success, failure, canceled. */
export interface Stage {
    name: string;
    status: string;
}

export interface PagesDeployment {
    id: string;
    environment: "production" | "preview";
    latest_stage: Stage;
    /** The deployment's own address, https://<short id>.<project>.pages.dev. */
    url: string;
    created_on?: string;
    deployment_trigger?: { metadata?: { branch?: string; commit_hash?: string; commit_message?: string } };
}

export interface PagesScope {
    accountId: string;
    projectName: string;
}

type Envelope<T> = { success: boolean; result: T };
const base = (s: PagesScope) => `/accounts/${encodeURIComponent(s.accountId)}/pages/projects/${encodeURIComponent(s.projectName)}/deployments`;

/** Whether production has been deployed at all (before the first git deployment there is nothing to refresh). */
export async function hasProductionDeployment(api: ApiRequest, scope: PagesScope): Promise<boolean> {
    const { body } = await api<Envelope<PagesDeployment[]>>("GET", base(scope), { searchParams: { env: "production", per_page: "1" } });
    return body.result.length > 0;
}

/** A new production deployment from `branch` (the production branch); answers at once. */
export async function deployBranch(api: ApiRequest, scope: PagesScope, branch: string): Promise<PagesDeployment> {
    const { body } = await api<Envelope<PagesDeployment>>("POST", base(scope), { multipart: { branch } });
    return body.result;
}

/** Polls until the deploy stage succeeds; a failed or canceled stage, or the timeout, fail with what to do. */
export async function waitDeployed(api: ApiRequest, scope: PagesScope, id: string, opts: WaitOptions): Promise<PagesDeployment> {
    return pollUntil<PagesDeployment>(
        async () => {
            const { body } = await api<Envelope<PagesDeployment>>("GET", `${base(scope)}/${encodeURIComponent(id)}`);
            const stage = body.result.latest_stage;
            if (stage.name === "deploy" && stage.status === "success") return { done: body.result };
            if (stage.status === "failure" || stage.status === "canceled") {
                throw new DeploymentFailed(
                    `Cloudflare Pages deployment ${id} ended at stage ${stage.name}: ${stage.status}. The running app keeps its previous env vars and the ` +
                        `signers were not switched; fix the build (Pages → ${scope.projectName} → Deployments → ${id}), then run pulumi up again to redeploy.`,
                );
            }
            return { state: `at stage ${stage.name} (${stage.status})` };
        },
        opts,
        (state) =>
            `Cloudflare Pages deployment ${id} is still ${state} after ${Math.round(opts.timeoutMs / 60_000)} min (hosting.redeploy.timeoutMinutes). ` +
            `The signers were not switched; run pulumi up again once it is deployed (or raise the timeout).`,
    );
}

/** Production deployments, newest first (`GET …/deployments?env=production`). */
export async function productionDeployments(api: ApiRequest, scope: PagesScope, perPage = 20): Promise<PagesDeployment[]> {
    const { body } = await api<Envelope<PagesDeployment[]>>("GET", base(scope), { searchParams: { env: "production", per_page: String(perPage) } });
    return body.result;
}

/** The deployment production's domains serve: the project's `canonical_deployment` (null before the first). */
export async function canonicalDeployment(api: ApiRequest, scope: PagesScope): Promise<PagesDeployment | null> {
    const project = `/accounts/${encodeURIComponent(scope.accountId)}/pages/projects/${encodeURIComponent(scope.projectName)}`;
    const { body } = await api<Envelope<{ canonical_deployment: PagesDeployment | null }>>("GET", project);
    return body.result.canonical_deployment ?? null;
}

/** Points production back at `id`, an earlier successful production deployment (`POST …/deployments/{id}/rollback`). */
export async function rollback(api: ApiRequest, scope: PagesScope, id: string): Promise<PagesDeployment> {
    const { body } = await api<Envelope<PagesDeployment>>("POST", `${base(scope)}/${encodeURIComponent(id)}/rollback`);
    return body.result;
}
