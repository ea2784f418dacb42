// The Pulumi face of the Vercel deployments engine: a resource whose every change (its trigger is a
// digest of the env vars' values) rebuilds the production deployment and waits until production serves it.
// Resources that sign with a rotated secret depend on it, so they switch only once the app holds it.
import * as pulumi from "@pulumi/pulumi";
import { RedeployProps, RedeployResource, redeployProvider } from "./redeploy";
import * as vercel from "./vercel";

export interface VercelRedeployProps extends RedeployProps {
    projectId: string;
    teamId: string | null;
    /** The project's primary domain: its alias names the deployment production serves. Not an identity: a new domain redeploys nothing. */
    productionDomain: string;
    /**
     * Staged releases (the project's autoAssignCustomDomains off): the rebuild does not go live by
     * itself; it is promoted, being the code production already serves with the new env vars.
     */
    promote?: boolean;
}

export const vercelRedeployProvider = redeployProvider<VercelRedeployProps>({
    service: "Vercel",
    tokenVariable: "VERCEL_API_TOKEN",
    tokenConfig: "vercel:apiToken",
    id: (p) => `${p.projectId}/redeploy`,
    identity: ["projectId"],
    async deploy(api, p, wait) {
        const scope = { projectId: p.projectId, teamId: p.teamId ?? undefined };
        const live = await vercel.currentProduction(api, scope, p.productionDomain);
        if (!live) return { deploymentId: null, status: "no-production-deployment" };
        const started = await vercel.redeploy(api, scope, live);
        if (p.promote) {
            const built = await vercel.waitReady(api, scope, started.id, wait);
            await vercel.promote(api, scope, built.id);
            await vercel.waitServed(api, scope, built.id, wait, p.productionDomain);
            return { deploymentId: built.id, status: "ready" };
        }
        const done = await vercel.waitLive(api, scope, started.id, wait, p.productionDomain);
        return { deploymentId: done.id, status: "ready" };
    },
});

export type VercelRedeployArgs = { [K in keyof VercelRedeployProps]: pulumi.Input<VercelRedeployProps[K]> };

export class VercelRedeployResource extends RedeployResource {
    constructor(name: string, args: VercelRedeployArgs, opts?: pulumi.CustomResourceOptions) {
        super("VercelRedeploy", vercelRedeployProvider, name, args, opts);
    }
}
