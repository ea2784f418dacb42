// The Pulumi face of the Vercel deployments engine: a resource whose every change (its trigger is a
// digest of the env vars' values) rebuilds the production deployment and waits until it is READY.
// Resources that sign with a rotated secret depend on it, so they switch only once the app holds it.
import * as pulumi from "@pulumi/pulumi";
import { RedeployProps, RedeployResource, redeployProvider } from "./redeploy";
import * as vercel from "./vercel";

export interface VercelRedeployProps extends RedeployProps {
    projectId: string;
    teamId: string | null;
}

export const vercelRedeployProvider = redeployProvider<VercelRedeployProps>({
    service: "Vercel",
    tokenVariable: "VERCEL_API_TOKEN",
    tokenConfig: "vercel:apiToken",
    id: (p) => `${p.projectId}/redeploy`,
    identity: ["projectId"],
    async deploy(api, p, wait) {
        const scope = { projectId: p.projectId, teamId: p.teamId ?? undefined };
        const live = await vercel.currentProduction(api, scope);
        if (!live) return { deploymentId: null, status: "no-production-deployment" };
        const started = await vercel.redeploy(api, scope, live);
        const ready = await vercel.waitReady(api, scope, started.id, wait);
        return { deploymentId: ready.id, status: "ready" };
    },
});

export type VercelRedeployArgs = { [K in keyof VercelRedeployProps]: pulumi.Input<VercelRedeployProps[K]> };

export class VercelRedeployResource extends RedeployResource {
    constructor(name: string, args: VercelRedeployArgs, opts?: pulumi.CustomResourceOptions) {
        super("VercelRedeploy", vercelRedeployProvider, name, args, opts);
    }
}
