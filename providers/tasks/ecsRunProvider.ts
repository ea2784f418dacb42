// The Pulumi face of the ECS run engine: a resource that runs the service's new task definition
// once with the pre-start command, on every new revision (a new image or env) or command, and fails
// the up when the task fails. The service depends on it, so it rolls only after a success. A run is
// history: nothing to refresh, nothing to delete.
import * as pulumi from "@pulumi/pulumi";
import { RemoteResource, runOnceProvider } from "../remote";
import { EcsRunResult, EcsRunSpec, runToCompletion } from "./ecsRun";

export interface EcsRunProps extends EcsRunSpec {
    timeoutMinutes: number;
    pollSeconds: number;
}

type EcsRunState = EcsRunProps & EcsRunResult & { status: string };

const runOnce = async (p: EcsRunProps): Promise<EcsRunState> => ({
    ...p,
    ...(await runToCompletion(p, { timeoutMs: p.timeoutMinutes * 60_000, pollMs: p.pollSeconds * 1000 })),
    status: "succeeded",
});

export const ecsRunProvider = runOnceProvider<EcsRunProps, EcsRunState>({
    run: runOnce,
    changed: (olds, news) =>
        olds.taskDefinition !== news.taskDefinition || olds.cluster !== news.cluster || JSON.stringify(olds.command) !== JSON.stringify(news.command),
    id: (outs) => outs.taskArn,
});

export type EcsRunArgs = { [K in keyof EcsRunProps]: pulumi.Input<EcsRunProps[K]> };

export class EcsRun extends RemoteResource {
    declare readonly taskArn: pulumi.Output<string>;
    declare readonly exitCode: pulumi.Output<number>;

    constructor(name: string, args: EcsRunArgs, opts?: pulumi.CustomResourceOptions) {
        super("EcsRun", ecsRunProvider, name, args, { outputs: ["taskArn", "exitCode", "stoppedAt", "status"], secrets: [] }, opts);
    }
}
