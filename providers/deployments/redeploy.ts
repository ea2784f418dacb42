// What both redeploy resources share, written once: the props every platform takes (its token, its
// API, the trigger, the wait), the token lookup, and the provider whose every trigger change deploys
// production again. A deployment is the app's history: nothing to refresh, nothing to delete.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, RemoteResource, remoteProvider } from "../remote";
import { apiClient, ApiRequest } from "../webhooks/http";
import { DeploymentFailed } from "./poll";

export interface RedeployProps {
    /** Secret: the platform token (`<provider>:apiToken`); null: the provider's variable, read when the provider runs. */
    apiToken: string | null;
    apiBaseUrl: string;
    /** Secret: a digest of the env vars' names, targets and values; a change redeploys. */
    trigger: string;
    timeoutMinutes: number;
    pollSeconds: number;
}

export interface Redeployed {
    /** The deployment built with the env vars of this trigger; null while the project has no production deployment. */
    deploymentId: string | null;
    /** The platform's word for live ("ready", "deployed"), or "no-production-deployment" before the first git deployment. */
    status: string;
}

export interface Platform<P extends RedeployProps> {
    /** Named in errors, e.g. "Vercel". */
    service: string;
    /** Where the token comes from when the stack config has none, e.g. VERCEL_API_TOKEN, and the config key. */
    tokenVariable: string;
    tokenConfig: string;
    /** The resource's id, from its inputs. */
    id(p: P): string;
    /** Props (besides the trigger) whose change redeploys. */
    identity: (keyof P)[];
    /** Deploys production again and waits until it is live. */
    deploy(api: ApiRequest, p: P, wait: { timeoutMs: number; pollMs: number }): Promise<Redeployed>;
}

export function redeployProvider<P extends RedeployProps>(platform: Platform<P>): pulumi.dynamic.ResourceProvider {
    const deploy = async (p: P): Promise<P & Redeployed> => {
        const token = p.apiToken ?? process.env[platform.tokenVariable];
        if (!token)
            throw new DeploymentFailed(
                `the redeploy needs a ${platform.service} token: set ${platform.tokenVariable}, or pulumi config set --secret ${platform.tokenConfig} <token>`,
            );
        const api = apiClient({ service: platform.service, baseUrl: p.apiBaseUrl, auth: { bearer: token } });
        return { ...p, ...(await platform.deploy(api, p, { timeoutMs: p.timeoutMinutes * 60_000, pollMs: p.pollSeconds * 1000 })) };
    };
    return remoteProvider<P, P & Redeployed>({
        replaces: () => [],
        changed: (olds, news) => olds.trigger !== news.trigger || platform.identity.some((k) => olds[k] !== news[k]),
        create: async (inputs) => ({ id: platform.id(inputs), outs: await deploy(inputs) }),
        update: (_id, _olds, news) => deploy(news),
        read: async () => ({}),
        delete: async () => undefined,
        gone: deletedUpstream("deploymentId"),
    });
}

/** A redeploy resource of `kind`: its outputs declared, its token and trigger kept secret. */
export class RedeployResource extends RemoteResource {
    declare readonly deploymentId: pulumi.Output<string | null>;
    declare readonly status: pulumi.Output<string>;

    constructor(kind: string, provider: pulumi.dynamic.ResourceProvider, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
        super(kind, provider, name, args, { outputs: ["deploymentId", "status"], secrets: ["apiToken", "trigger"] }, opts);
    }
}
