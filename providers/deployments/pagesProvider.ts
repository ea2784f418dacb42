// The Pulumi face of the Pages deployments engine: like VercelRedeploy, every change of its trigger
// (a digest of the env vars) deploys the production branch again and waits until it is live.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, RemoteResource, remoteProvider } from "../remote";
import { apiClient } from "../webhooks/http";
import * as pages from "./pages";
import { DeploymentFailed } from "./poll";

export interface PagesRedeployProps {
    /** Secret: the Cloudflare token (`cloudflare:apiToken`); null: CLOUDFLARE_API_TOKEN, read when the provider runs. */
    apiToken: string | null;
    apiBaseUrl: string;
    accountId: string;
    projectName: string;
    /** The production branch, deployed again. */
    branch: string;
    /** Secret: a digest of the env vars' names, targets and values; a change redeploys. */
    trigger: string;
    timeoutMinutes: number;
    pollSeconds: number;
}

export interface PagesRedeployOutputs extends PagesRedeployProps {
    deploymentId: string | null;
    /** "deployed", or "no-production-deployment" before the project's first git deployment. */
    status: string;
}

function client(p: PagesRedeployProps) {
    const token = p.apiToken ?? process.env.CLOUDFLARE_API_TOKEN;
    if (!token) throw new DeploymentFailed("the redeploy needs a Cloudflare token: set CLOUDFLARE_API_TOKEN, or pulumi config set --secret cloudflare:apiToken <token>");
    return apiClient({ service: "Cloudflare Pages", baseUrl: p.apiBaseUrl, auth: { bearer: token } });
}

async function deploy(p: PagesRedeployProps): Promise<PagesRedeployOutputs> {
    const api = client(p);
    const scope = { accountId: p.accountId, projectName: p.projectName };
    if (!(await pages.hasProductionDeployment(api, scope))) return { ...p, deploymentId: null, status: "no-production-deployment" };
    const started = await pages.deployBranch(api, scope, p.branch);
    const done = await pages.waitDeployed(api, scope, started.id, { timeoutMs: p.timeoutMinutes * 60_000, pollMs: p.pollSeconds * 1000 });
    return { ...p, deploymentId: done.id, status: "deployed" };
}

export const pagesRedeployProvider = remoteProvider<PagesRedeployProps, PagesRedeployOutputs>({
    replaces: () => [],
    changed: (olds, news) => olds.trigger !== news.trigger || olds.projectName !== news.projectName || olds.branch !== news.branch,
    async create(inputs) {
        return { id: `${inputs.accountId}/${inputs.projectName}/redeploy`, outs: await deploy(inputs) };
    },
    update: (_id, _olds, news) => deploy(news),
    // A deployment is the app's history: nothing to refresh, nothing to delete.
    read: async () => ({}),
    delete: async () => undefined,
    gone: deletedUpstream("deploymentId"),
});

export type PagesRedeployArgs = { [K in keyof PagesRedeployProps]: pulumi.Input<PagesRedeployProps[K]> };

export class PagesRedeployResource extends RemoteResource {
    declare readonly deploymentId: pulumi.Output<string | null>;
    declare readonly status: pulumi.Output<string>;

    constructor(name: string, args: PagesRedeployArgs, opts?: pulumi.CustomResourceOptions) {
        super("PagesRedeploy", pagesRedeployProvider, name, args, { outputs: ["deploymentId", "status"], secrets: ["apiToken", "trigger"] }, opts);
    }
}
