// Runs one ECS task to completion: RunTask with a command override on the service's own task
// definition and network, then DescribeTasks until it stops. Exit code 0 is success; anything else
// (a non-zero exit, a task that failed to start, RunTask's failures, a timeout) fails with what ECS
// said, never with the task's environment.
import { DescribeTasksCommand, ECSClient, RunTaskCommand, Task } from "@aws-sdk/client-ecs";
import { DeploymentFailed, pollUntil, WaitOptions } from "../deployments/poll";

export interface EcsRunSpec {
    region: string;
    cluster: string;
    /** The task definition's ARN with its revision: the new version's image and env. */
    taskDefinition: string;
    container: string;
    command: string[];
    subnets: string[];
    securityGroups: string[];
    assignPublicIp: boolean;
}

export interface EcsRunResult {
    taskArn: string;
    exitCode: number;
    stoppedAt: string;
}

/** What the task ran as, for messages: the command, never its environment. */
const what = (s: EcsRunSpec) => `\`${s.command.join(" ")}\` (${s.taskDefinition.split("/").pop()})`;

function outcome(spec: EcsRunSpec, task: Task): { done: EcsRunResult } | { state: string } {
    if (task.lastStatus !== "STOPPED") return { state: task.lastStatus ?? "PENDING" };
    const container = task.containers?.find((c) => c.name === spec.container);
    const exitCode = container?.exitCode;
    if (exitCode === 0) return { done: { taskArn: task.taskArn!, exitCode, stoppedAt: (task.stoppedAt ?? new Date()).toISOString() } };
    const why = [exitCode !== undefined ? `exit code ${exitCode}` : "no exit code", task.stopCode, task.stoppedReason, container?.reason]
        .filter(Boolean)
        .join("; ");
    throw new DeploymentFailed(`the pre-start task ${what(spec)} failed (${why}); the service was not changed. Its logs: ${task.taskArn}`);
}

export async function runToCompletion(spec: EcsRunSpec, wait: WaitOptions, client = new ECSClient({ region: spec.region })): Promise<EcsRunResult> {
    const started = await client.send(
        new RunTaskCommand({
            cluster: spec.cluster,
            taskDefinition: spec.taskDefinition,
            launchType: "FARGATE",
            count: 1,
            startedBy: "app-platform",
            networkConfiguration: {
                awsvpcConfiguration: {
                    subnets: spec.subnets,
                    securityGroups: spec.securityGroups,
                    assignPublicIp: spec.assignPublicIp ? "ENABLED" : "DISABLED",
                },
            },
            overrides: { containerOverrides: [{ name: spec.container, command: spec.command }] },
        }),
    );
    const task = started.tasks?.[0];
    if (!task?.taskArn) {
        const reasons = (started.failures ?? []).map((f) => [f.reason, f.detail].filter(Boolean).join(": ")).join("; ");
        throw new DeploymentFailed(`ECS did not start the pre-start task ${what(spec)}: ${reasons || "no task and no reason given"}`);
    }
    return pollUntil(
        async () => {
            const described = await client.send(new DescribeTasksCommand({ cluster: spec.cluster, tasks: [task.taskArn!] }));
            const now = described.tasks?.[0];
            if (!now) throw new DeploymentFailed(`ECS no longer knows the pre-start task ${task.taskArn}`);
            return outcome(spec, now);
        },
        wait,
        (state) => `the pre-start task ${what(spec)} did not finish in time (last status ${state}); it may still be running: ${task.taskArn}`,
    );
}
