// Cloudflare Pages as a release sees it. Pages offers no staged production build: every push to the
// production branch builds and goes live (a project could only turn those deployments off and rebuild
// later, which would smoke-test one build and publish another). So a release verifies the build the
// push published, at its own address, and goes back on failure; and a move to any successful production
// deployment, older or newer, is Pages' rollback endpoint ("Any production deployment that has been
// successfully built is a valid rollback target … you may still rollback to deployments that are newer",
// developers.cloudflare.com/pages/platform/rollbacks).
import * as api from "../providers/deployments/pages";
import type { ApiRequest } from "../providers/webhooks/http";
import type { Deployment, ReleasePlatform } from "./platform";

function asDeployment(d: api.PagesDeployment): Deployment {
    const { name, status } = d.latest_stage;
    const state = name === "deploy" && status === "success" ? "ready" : status === "failure" || status === "canceled" ? "failed" : "building";
    const meta = d.deployment_trigger?.metadata ?? {};
    return {
        id: d.id,
        url: d.url,
        state,
        created: d.created_on ? Date.parse(d.created_on) : 0,
        commit: { sha: meta.commit_hash, ref: meta.branch, message: meta.commit_message },
    };
}

export function pagesRelease(request: ApiRequest, scope: api.PagesScope): ReleasePlatform {
    const move = async (d: Deployment) => void (await api.rollback(request, scope, d.id));
    return {
        title: "Cloudflare Pages",
        staged: false,
        deployments: async () => (await api.productionDeployments(request, scope)).map(asDeployment),
        live: async () => (await api.canonicalDeployment(request, scope))?.id ?? null,
        smokeHeaders: () => ({}),
        promote: move,
        rollbackTargets: async () => (await api.productionDeployments(request, scope)).map(asDeployment),
        rollback: move,
    };
}
