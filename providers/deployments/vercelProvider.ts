// The Pulumi face of the Vercel deployments engine: a resource whose every change (its trigger is a
// digest of the env vars' values) rebuilds the production deployment and waits until it is READY.
// Resources that sign with a rotated secret depend on it, so they switch only once the app holds it.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, RemoteResource, remoteProvider } from "../remote";
import { apiClient } from "../webhooks/http";
import { DeploymentFailed } from "./poll";
import * as vercel from "./vercel";

export interface VercelRedeployProps {
    /** Secret: the Vercel token (`vercel:apiToken`); null: VERCEL_API_TOKEN, read when the provider runs. */
    apiToken: string | null;
    apiBaseUrl: string;
    projectId: string;
    teamId: string | null;
    /** Secret: a digest of the env vars' names, targets and values; a change redeploys. */
    trigger: string;
    timeoutMinutes: number;
    pollSeconds: number;
}

export interface VercelRedeployOutputs extends VercelRedeployProps {
    /** The deployment built with the env vars of this trigger; null while the project has no production deployment. */
    deploymentId: string | null;
    /** "ready", or "no-production-deployment" (nothing runs yet: the first git deployment reads the env vars). */
    status: string;
}

function client(p: VercelRedeployProps) {
    const token = p.apiToken ?? process.env.VERCEL_API_TOKEN;
    if (!token) throw new DeploymentFailed("the redeploy needs a Vercel token: set VERCEL_API_TOKEN, or pulumi config set --secret vercel:apiToken <token>");
    return apiClient({ service: "Vercel", baseUrl: p.apiBaseUrl, auth: { bearer: token } });
}

async function deploy(p: VercelRedeployProps): Promise<VercelRedeployOutputs> {
    const api = client(p);
    const scope = { projectId: p.projectId, teamId: p.teamId ?? undefined };
    const live = await vercel.currentProduction(api, scope);
    if (!live) return { ...p, deploymentId: null, status: "no-production-deployment" };
    const started = await vercel.redeploy(api, scope, live);
    const ready = await vercel.waitReady(api, scope, started.id, { timeoutMs: p.timeoutMinutes * 60_000, pollMs: p.pollSeconds * 1000 });
    return { ...p, deploymentId: ready.id, status: "ready" };
}

export const vercelRedeployProvider = remoteProvider<VercelRedeployProps, VercelRedeployOutputs>({
    replaces: () => [],
    changed: (olds, news) => olds.trigger !== news.trigger || olds.projectId !== news.projectId,
    async create(inputs) {
        const outs = await deploy(inputs);
        return { id: `${inputs.projectId}/redeploy`, outs };
    },
    update: (_id, _olds, news) => deploy(news),
    // A deployment is the app's history: nothing to refresh, nothing to delete.
    read: async () => ({}),
    delete: async () => undefined,
    gone: deletedUpstream("deploymentId"),
});

export type VercelRedeployArgs = { [K in keyof VercelRedeployProps]: pulumi.Input<VercelRedeployProps[K]> };

export class VercelRedeployResource extends RemoteResource {
    declare readonly deploymentId: pulumi.Output<string | null>;
    declare readonly status: pulumi.Output<string>;

    constructor(name: string, args: VercelRedeployArgs, opts?: pulumi.CustomResourceOptions) {
        super("VercelRedeploy", vercelRedeployProvider, name, args, { outputs: ["deploymentId", "status"], secrets: ["apiToken", "trigger"] }, opts);
    }
}
