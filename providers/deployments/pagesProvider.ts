// The Pulumi face of the Pages deployments engine: like VercelRedeploy, every change of its trigger
// (a digest of the env vars) deploys the production branch again and waits until it is live.
import * as pulumi from "@pulumi/pulumi";
import * as pages from "./pages";
import { RedeployProps, RedeployResource, redeployProvider } from "./redeploy";

export interface PagesRedeployProps extends RedeployProps {
    accountId: string;
    projectName: string;
    /** The production branch, deployed again. */
    branch: string;
}

export const pagesRedeployProvider = redeployProvider<PagesRedeployProps>({
    service: "Cloudflare Pages",
    tokenVariable: "CLOUDFLARE_API_TOKEN",
    tokenConfig: "cloudflare:apiToken",
    id: (p) => `${p.accountId}/${p.projectName}/redeploy`,
    identity: ["projectName", "branch"],
    async deploy(api, p, wait) {
        const scope = { accountId: p.accountId, projectName: p.projectName };
        if (!(await pages.hasProductionDeployment(api, scope))) return { deploymentId: null, status: "no-production-deployment" };
        const started = await pages.deployBranch(api, scope, p.branch);
        const done = await pages.waitDeployed(api, scope, started.id, wait);
        return { deploymentId: done.id, status: "deployed" };
    },
});

export type PagesRedeployArgs = { [K in keyof PagesRedeployProps]: pulumi.Input<PagesRedeployProps[K]> };

export class PagesRedeployResource extends RedeployResource {
    constructor(name: string, args: PagesRedeployArgs, opts?: pulumi.CustomResourceOptions) {
        super("PagesRedeploy", pagesRedeployProvider, name, args, opts);
    }
}
