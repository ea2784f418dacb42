// Vercel as a release sees it: production builds are staged (the project's autoAssignCustomDomains is
// off: Vercel builds every push to the production branch but leaves production's domains alone), a
// release promotes one, and a rollback is Vercel's Instant Rollback. A staged build's own URL sits
// behind Deployment Protection: the smoke test passes it with Vercel's bypass for automation.
import * as api from "../providers/deployments/vercel";
import type { ApiRequest } from "../providers/webhooks/http";
import type { Deployment, ReleasePlatform } from "./platform";

/** Vercel's documented variable and header for Protection Bypass for Automation. */
export const BYPASS_VARIABLE = "VERCEL_AUTOMATION_BYPASS_SECRET";
const BYPASS_HEADER = "x-vercel-protection-bypass";

const STATE: Partial<Record<api.ReadyState, Deployment["state"]>> = { READY: "ready", ERROR: "failed", CANCELED: "failed", DELETED: "failed" };

const asDeployment = (d: api.ProductionDeployment): Deployment => ({
    id: d.id,
    url: `https://${d.url}`,
    state: STATE[d.readyState] ?? "building",
    created: d.created,
    commit: d.commit,
});

export function vercelRelease(request: ApiRequest, scope: api.Scope & { projectName: string }, productionDomain: string, staged: boolean): ReleasePlatform {
    const { projectName } = scope;
    return {
        title: "Vercel",
        staged,
        deployments: async () => (await api.productionDeployments(request, scope)).map(asDeployment),
        live: () => api.servedBy(request, scope, productionDomain),
        smokeHeaders(url): Record<string, string> {
            const secret = process.env[BYPASS_VARIABLE];
            // The bypass opens the team's protected deployments: it goes to Vercel's own hosts only.
            return secret && new URL(url).hostname.endsWith(".vercel.app") ? { [BYPASS_HEADER]: secret } : {};
        },
        // What `vercel redeploy` does: the same commit, the env vars of now; staged like any production build.
        rebuild: async (d, wait) => {
            const started = await api.redeploy(request, scope, { id: d.id, name: projectName });
            return (await api.waitReady(request, scope, started.id, wait)).id;
        },
        promote: (d) => api.promote(request, scope, d.id),
        rollbackTargets: async () => (await api.productionDeployments(request, scope, { rollbackCandidate: true })).map(asDeployment),
        rollback: (d) => api.rollback(request, scope, d.id, "npm run release -- rollback"),
    };
}
