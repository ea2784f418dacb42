// Waits until an ECS service runs a given task definition: DescribeServices until the deployment of
// that revision is the PRIMARY one and COMPLETED. The AWS provider's waitForSteadyState can report
// success after the deployment circuit breaker rolled the service back (terraform-provider-aws
// #19519, #20858), and after a failed update it records the new revision in the state anyway, so
// the next `up` sees no change: without this check, signers of a rotated secret would switch while
// the old revision still serves. A rollback fails with ECS's own words and its latest events.
import { DescribeServicesCommand, ECSClient, Service } from "@aws-sdk/client-ecs";
import { DeploymentFailed, pollUntil, WaitOptions } from "../deployments/poll";

export interface EcsRolloutSpec {
    region: string;
    cluster: string;
    service: string;
    /** The task definition's ARN with its revision: the one that must be serving. */
    taskDefinition: string;
}

export interface EcsRolloutResult {
    deploymentId: string;
    completedAt: string;
}

const revision = (arn: string | undefined) => arn?.split("/").pop() ?? "none";

function outcome(spec: EcsRolloutSpec, service: Service): { done: EcsRolloutResult } | { state: string } {
    const ours = service.deployments?.find((d) => d.taskDefinition === spec.taskDefinition);
    const primary = service.deployments?.find((d) => d.status === "PRIMARY");
    if (ours && ours === primary && ours.rolloutState === "COMPLETED" && service.taskDefinition === spec.taskDefinition) {
        return { done: { deploymentId: ours.id ?? "", completedAt: (ours.updatedAt ?? new Date()).toISOString() } };
    }
    const rolledBack =
        ours?.rolloutState === "FAILED" ||
        (primary !== undefined && primary !== ours && /circuit breaker|rolling back/i.test(primary.rolloutStateReason ?? ""));
    if (rolledBack || (!ours && service.taskDefinition !== spec.taskDefinition && primary?.rolloutState === "COMPLETED")) {
        const events = (service.events ?? [])
            .slice(0, 4)
            .map((e) => `  ${e.message}`)
            .join("\n");
        throw new DeploymentFailed(
            `ECS did not deploy ${revision(spec.taskDefinition)} to ${spec.service}: ${(ours?.rolloutStateReason ?? primary?.rolloutStateReason ?? "another revision is serving").replace(/\.$/, "")}. ` +
                `It serves ${revision(service.taskDefinition)}, so nothing that waits for the new version (the rotated secrets' signers) was switched. ` +
                `ECS's latest events:\n${events}\nFix the image or its env (the tasks' logs say why they stopped), then run pulumi up --refresh ` +
                `(the provider's state already names the new revision; a refresh reads back the one ECS serves, so the service deploys again).`,
        );
    }
    return { state: ours?.rolloutState ?? "not started" };
}

export async function waitForRollout(spec: EcsRolloutSpec, wait: WaitOptions, client = new ECSClient({ region: spec.region })): Promise<EcsRolloutResult> {
    return pollUntil(
        async () => {
            const described = await client.send(new DescribeServicesCommand({ cluster: spec.cluster, services: [spec.service] }));
            const service = described.services?.[0];
            if (!service)
                throw new DeploymentFailed(
                    `ECS does not know the service ${spec.service} in ${spec.cluster}: ${(described.failures ?? []).map((f) => f.reason).join("; ")}`,
                );
            return outcome(spec, service);
        },
        wait,
        (state) =>
            `${spec.service}'s deployment of ${revision(spec.taskDefinition)} is still ${state} after the wait; nothing that waits for it was switched. Run pulumi up again once it completes.`,
    );
}
