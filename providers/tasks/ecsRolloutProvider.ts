// The Pulumi face of the rollout check: once per new task definition of a service, after the
// service's update, it succeeds only when ECS serves that revision. What waits for the new version
// (signers of rotated secrets) depends on it, not on the service. A failed check leaves no state, so
// the next `up` checks again instead of taking the provider's word.
import * as pulumi from "@pulumi/pulumi";
import { RemoteResource, runOnceProvider } from "../remote";
import { EcsRolloutResult, EcsRolloutSpec, waitForRollout } from "./ecsRollout";

export interface EcsRolloutProps extends EcsRolloutSpec {
    timeoutMinutes: number;
    pollSeconds: number;
}

type EcsRolloutState = EcsRolloutProps & EcsRolloutResult;

export const ecsRolloutProvider = runOnceProvider<EcsRolloutProps, EcsRolloutState>({
    run: async (p) => ({ ...p, ...(await waitForRollout(p, { timeoutMs: p.timeoutMinutes * 60_000, pollMs: p.pollSeconds * 1000 })) }),
    changed: (olds, news) => olds.taskDefinition !== news.taskDefinition || olds.service !== news.service || olds.cluster !== news.cluster,
    id: (outs) => `${outs.service}@${outs.taskDefinition.split("/").pop()}`,
});

export type EcsRolloutArgs = { [K in keyof EcsRolloutProps]: pulumi.Input<EcsRolloutProps[K]> };

export class EcsRollout extends RemoteResource {
    declare readonly deploymentId: pulumi.Output<string>;

    constructor(name: string, args: EcsRolloutArgs, opts?: pulumi.CustomResourceOptions) {
        super("EcsRollout", ecsRolloutProvider, name, args, { outputs: ["deploymentId", "completedAt"], secrets: [] }, opts);
    }
}
