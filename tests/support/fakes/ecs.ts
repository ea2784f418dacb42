// Amazon ECS's RunTask and DescribeTasks as the API reference and the SDK's model give them: the
// AWS JSON 1.1 protocol (POST /, `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>`,
// `application/x-amz-json-1.1`), Signature V4 for service `ecs` in the client's region, errors as
// 400 `{ __type, message }` (ClientException, InvalidParameterException, ClusterNotFoundException,
// UnrecognizedClientException). RunTask: `taskDefinition` required and registered, the cluster
// known, `count` 1-10, `launchType` one of EC2|FARGATE|EXTERNAL|MANAGED_INSTANCES and never with a
// capacity provider strategy, an awsvpc task (Fargate) needs `awsvpcConfiguration.subnets` (1-16,
// at most 5 security groups, `assignPublicIp` ENABLED|DISABLED), each container override names a
// container of the definition; capacity failures come back in `failures`, not as an error.
// DescribeTasks: `tasks` required (1-100); an unknown task is a `MISSING` failure. A started task
// walks PROVISIONING → PENDING → RUNNING → DEPROVISIONING → STOPPED, one step per DescribeTasks.
// DescribeServices: `services` required (1-10), in `cluster`; an unknown one is a `MISSING` failure;
// a service carries its current taskDefinition, its deployments (status PRIMARY | ACTIVE, rolloutState
// COMPLETED | FAILED | IN_PROGRESS with rolloutStateReason, as the circuit breaker words them) and its
// events, newest first (timestamps in epoch seconds, as the JSON protocol sends them).
import { randomBytes } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const TARGET = "AmazonEC2ContainerServiceV20141113.";
const LAUNCH_TYPES = ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"];
const STEPS = ["PROVISIONING", "PENDING", "RUNNING", "DEPROVISIONING", "STOPPED"] as const;
const error = (type: string, message: string): Reply => ({ status: 400, body: { __type: type, message } });

/** How a started task ends: its essential container's exit code, or a task that never started. */
export type TaskEnd = { exitCode: number } | { failedToStart: string };

export interface FakeTask {
    taskArn: string;
    cluster: string;
    taskDefinitionArn: string;
    container: string;
    command: string[] | undefined;
    step: number;
    end: TaskEnd;
}

export interface FakeEcs extends FakeServer {
    tasks: Map<string, FakeTask>;
    clusters: Set<string>;
    /** The containers of a task definition (ARN with revision, or family:revision); undefined: not registered. */
    containersOf: (taskDefinition: string) => string[] | undefined;
    /** How the next started tasks end (one per task); default exit code 0. */
    ends: TaskEnd[];
    /** RunTask's capacity failures for the next calls, e.g. { reason: "RESOURCE:ENI" }. */
    capacityFailures: { reason: string; detail?: string }[];
    /** A service as ECS holds it (the test wires it to the stand-in's deployments); undefined: no such service. */
    serviceOf: (cluster: string, name: string) => FakeService | undefined;
}

export interface FakeService {
    taskDefinition: string;
    deployments: { id: string; status: string; taskDefinition: string; rolloutState: string; rolloutStateReason: string; updatedAt: number }[];
    events: { message: string }[];
}

export async function startFakeEcs(opts: { accessKeyId: string; region: string; account: string }): Promise<FakeEcs> {
    const tasks = new Map<string, FakeTask>();
    const clusterName = (c: string) => c.split("/").pop()!;
    /** How a stopped task reads: its container's exit code or reason, the stop code and reason. */
    const stopped = (t: FakeTask) =>
        "failedToStart" in t.end
            ? { container: { reason: t.end.failedToStart }, task: { stopCode: "TaskFailedToStart", stoppedReason: t.end.failedToStart } }
            : { container: { exitCode: t.end.exitCode }, task: { stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" } };
    const view = (t: FakeTask) => {
        const status = STEPS[t.step];
        const end = status === "STOPPED" ? stopped(t) : undefined;
        return {
            taskArn: t.taskArn,
            clusterArn: `arn:aws:ecs:${opts.region}:${opts.account}:cluster/${clusterName(t.cluster)}`,
            taskDefinitionArn: t.taskDefinitionArn,
            lastStatus: status,
            desiredStatus: t.step >= 3 ? "STOPPED" : "RUNNING",
            launchType: "FARGATE",
            startedBy: "app-platform",
            createdAt: 1_700_000_000,
            containers: [{ name: t.container, lastStatus: end ? "STOPPED" : status === "RUNNING" ? "RUNNING" : "PENDING", ...end?.container }],
            ...(end ? { ...end.task, stoppedAt: 1_700_000_100 } : {}),
        };
    };

    const runTask = (b: any, f: FakeEcs): Reply => {
        if (typeof b.taskDefinition !== "string" || !b.taskDefinition) return error("InvalidParameterException", "taskDefinition can not be blank.");
        const cluster = b.cluster ?? "default";
        if (!f.clusters.has(clusterName(cluster))) return error("ClusterNotFoundException", "Cluster not found.");
        const containers = f.containersOf(b.taskDefinition);
        if (!containers) return error("ClientException", "Unable to describe task definition.");
        const count = b.count ?? 1;
        if (!Number.isInteger(count) || count < 1 || count > 10) return error("InvalidParameterException", "count must be between 1 and 10.");
        if (b.launchType !== undefined && !LAUNCH_TYPES.includes(b.launchType))
            return error("InvalidParameterException", `launchType ${b.launchType} is not valid.`);
        if (b.launchType !== undefined && b.capacityProviderStrategy?.length)
            return error("InvalidParameterException", "Specifying both a launch type and capacity provider strategy is not supported.");
        const vpc = b.networkConfiguration?.awsvpcConfiguration;
        if (!vpc?.subnets?.length) return error("InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        if (vpc.subnets.length > 16) return error("InvalidParameterException", "subnets can have at most 16 items.");
        if ((vpc.securityGroups ?? []).length > 5) return error("InvalidParameterException", "securityGroups can have at most 5 items.");
        if (vpc.assignPublicIp !== undefined && !["ENABLED", "DISABLED"].includes(vpc.assignPublicIp))
            return error("InvalidParameterException", "assignPublicIp must be ENABLED or DISABLED.");
        const overrides: { name?: string; command?: string[] }[] = b.overrides?.containerOverrides ?? [];
        for (const o of overrides) {
            if (!o.name || !containers.includes(o.name))
                return error("InvalidParameterException", `Override for container named ${o.name} is not a container in the TaskDefinition.`);
        }
        if (typeof b.startedBy === "string" && b.startedBy.length > 128) return error("InvalidParameterException", "startedBy can be at most 128 characters.");
        const capacity = f.capacityFailures.shift();
        if (capacity) return { status: 200, body: { tasks: [], failures: [{ arn: b.taskDefinition, ...capacity }] } };
        const started = Array.from({ length: count }, () => {
            const id = randomBytes(16).toString("hex");
            const t: FakeTask = {
                taskArn: `arn:aws:ecs:${opts.region}:${opts.account}:task/${clusterName(cluster)}/${id}`,
                cluster,
                taskDefinitionArn: b.taskDefinition,
                container: overrides[0]?.name ?? containers[0],
                command: overrides[0]?.command,
                step: 0,
                end: f.ends.shift() ?? { exitCode: 0 },
            };
            tasks.set(t.taskArn, t);
            return view(t);
        });
        return { status: 200, body: { tasks: started, failures: [] } };
    };

    const describeTasks = (b: any): Reply => {
        if (!Array.isArray(b.tasks) || b.tasks.length === 0) return error("InvalidParameterException", "Tasks cannot be empty.");
        if (b.tasks.length > 100) return error("InvalidParameterException", "Tasks can have at most 100 items.");
        const found: unknown[] = [];
        const failures: unknown[] = [];
        for (const arn of b.tasks as string[]) {
            const t = tasks.get(arn);
            if (!t || clusterName(t.cluster) !== clusterName(b.cluster ?? "default")) {
                failures.push({ arn, reason: "MISSING" });
                continue;
            }
            if (t.step < STEPS.length - 1) t.step += 1;
            found.push(view(t));
        }
        return { status: 200, body: { tasks: found, failures } };
    };

    const describeServices = (b: any, f: FakeEcs): Reply => {
        if (!Array.isArray(b.services) || b.services.length === 0) return error("InvalidParameterException", "Services cannot be empty.");
        if (b.services.length > 10) return error("InvalidParameterException", "services can have at most 10 items.");
        const cluster = clusterName(b.cluster ?? "default");
        if (!f.clusters.has(cluster)) return error("ClusterNotFoundException", "Cluster not found.");
        const found: unknown[] = [];
        const failures: unknown[] = [];
        for (const ref of b.services as string[]) {
            const name = ref.split("/").pop()!;
            const svc = f.serviceOf(cluster, name);
            const serviceArn = `arn:aws:ecs:${opts.region}:${opts.account}:service/${cluster}/${name}`;
            if (!svc) {
                failures.push({ arn: serviceArn, reason: "MISSING" });
                continue;
            }
            found.push({
                serviceArn,
                serviceName: name,
                clusterArn: `arn:aws:ecs:${opts.region}:${opts.account}:cluster/${cluster}`,
                status: "ACTIVE",
                launchType: "FARGATE",
                taskDefinition: svc.taskDefinition,
                deployments: svc.deployments.map((d) => ({ ...d, createdAt: d.updatedAt, launchType: "FARGATE" })),
                events: svc.events.map((e, i) => ({ id: `${i}`, createdAt: 1_700_000_000 - i, message: e.message })),
            });
        }
        return { status: 200, body: { services: found, failures } };
    };

    const handle = (req: ParsedRequest, f: FakeServer): Reply => {
        const fake = f as FakeEcs;
        if (req.method !== "POST" || req.path !== "/") return error("UnknownOperationException", "");
        if (req.headers["content-type"] !== "application/x-amz-json-1.1") fake.violations.push(`content-type ${req.headers["content-type"]}`);
        const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[\w;-]+, Signature=[0-9a-f]{64}$/.exec(
            String(req.headers.authorization ?? ""),
        );
        if (!scope || scope[1] !== opts.accessKeyId) return error("UnrecognizedClientException", "The security token included in the request is invalid.");
        if (scope[2] !== opts.region || scope[3] !== "ecs")
            return error("InvalidSignatureException", `Credential should be scoped to a valid region and to the service ecs.`);
        let body: any;
        try {
            body = JSON.parse(req.raw || "{}");
        } catch {
            return error("SerializationException", "");
        }
        const op = String(req.headers["x-amz-target"] ?? "");
        if (op === `${TARGET}RunTask`) return runTask(body, fake);
        if (op === `${TARGET}DescribeTasks`) return describeTasks(body);
        if (op === `${TARGET}DescribeServices`) return describeServices(body, fake);
        fake.violations.push(`unexpected operation ${op}`);
        return error("UnknownOperationException", `${op} is not an operation of this fake`);
    };

    const fake = (await startFake(handle)) as FakeEcs;
    Object.assign(fake, { tasks, clusters: new Set<string>(), containersOf: () => undefined, serviceOf: () => undefined, ends: [], capacityFailures: [] });
    return fake;
}
