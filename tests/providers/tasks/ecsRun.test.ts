// The ECS pre-start run against a local ECS held to the API reference (RunTask, DescribeTasks over
// AWS JSON 1.1 with Signature V4): the engine's outcomes, then its provider through the SDK's
// dynamic-provider host, the process `pulumi up` starts.
import * as assert from "assert";
import { ECSClient } from "@aws-sdk/client-ecs";
import { runToCompletion, EcsRunSpec } from "../../../providers/tasks/ecsRun";
import { ecsRunProvider } from "../../../providers/tasks/ecsRunProvider";
import { FakeEcs, startFakeEcs } from "../../support/fakes/ecs";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const REGION = "af-south-1";
const ACCOUNT = "123456789012";
const KEY = { accessKeyId: "AKIAECSTEST", secretAccessKey: "ecs-test-secret" };
const TASK_DEF = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/smartduka-production-api:7`;
const spec = (over: Partial<EcsRunSpec> = {}): EcsRunSpec => ({
    region: REGION,
    cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/smartduka-production-api`,
    taskDefinition: TASK_DEF,
    container: "app",
    command: ["npm", "run", "migrate:prod"],
    subnets: ["subnet-0a1b2c3d4e5f60011"],
    securityGroups: ["sg-0123456789abcdef0"],
    assignPublicIp: false,
    ...over,
});
const WAIT = { timeoutMs: 60_000, pollMs: 0 };

describe("ECS pre-start run (local ECS API)", function () {
    this.timeout(60_000);
    let ecs: FakeEcs;
    let client: ECSClient;
    beforeEach(async () => {
        ecs = await startFakeEcs({ accessKeyId: KEY.accessKeyId, region: REGION, account: ACCOUNT });
        ecs.clusters.add("smartduka-production-api");
        ecs.containersOf = (td) => (td === TASK_DEF ? ["app"] : undefined);
        client = new ECSClient({ region: REGION, endpoint: ecs.url, credentials: KEY });
    });
    afterEach(async () => {
        assert.deepStrictEqual(ecs.violations, []);
        await ecs.close();
    });

    it("runs the new task definition once with the command on the service's network, and waits until it exits 0", async () => {
        const r = await runToCompletion(spec(), WAIT, client);
        assert.strictEqual(r.exitCode, 0);
        const run = JSON.parse(ecs.requests[0].raw);
        assert.deepStrictEqual(
            [run.launchType, run.count, run.taskDefinition, run.overrides.containerOverrides],
            ["FARGATE", 1, TASK_DEF, [{ name: "app", command: ["npm", "run", "migrate:prod"] }]],
        );
        assert.deepStrictEqual(run.networkConfiguration.awsvpcConfiguration, {
            subnets: ["subnet-0a1b2c3d4e5f60011"],
            securityGroups: ["sg-0123456789abcdef0"],
            assignPublicIp: "DISABLED",
        });
        assert.strictEqual(
            ecs.requests.filter((q) => String(q.headers["x-amz-target"]).endsWith("DescribeTasks")).length,
            4,
            "polled through PENDING, RUNNING, DEPROVISIONING to STOPPED",
        );
        assert.strictEqual(ecs.tasks.get(r.taskArn)!.step, 4);
    });

    it("a non-zero exit fails with the command, exit code and ECS's reason", async () => {
        ecs.ends.push({ exitCode: 3 });
        await assert.rejects(runToCompletion(spec(), WAIT, client), (err: Error) => {
            assert.match(
                err.message,
                /^the pre-start task `npm run migrate:prod` \(smartduka-production-api:7\) failed \(exit code 3; EssentialContainerExited; Essential container in task exited\); the service was not changed\. Its logs: arn:aws:ecs:/,
            );
            assert.strictEqual(err.stack, `DeploymentFailed: ${err.message}`, "no stack frames");
            return true;
        });
    });

    it("a task that never started (the image cannot be pulled) says why", async () => {
        ecs.ends.push({ failedToStart: "CannotPullContainerError: pull image manifest has been retried 5 time(s)" });
        await assert.rejects(runToCompletion(spec(), WAIT, client), /failed \(no exit code; TaskFailedToStart; CannotPullContainerError: pull image manifest/);
    });

    it("RunTask's capacity failures (no task started) are an error, not a success", async () => {
        ecs.capacityFailures.push({ reason: "RESOURCE:ENI", detail: "no free network interfaces in the subnet" });
        await assert.rejects(
            runToCompletion(spec(), WAIT, client),
            /ECS did not start the pre-start task `npm run migrate:prod` \(smartduka-production-api:7\): RESOURCE:ENI: no free network interfaces/,
        );
    });

    it("the API's own refusals come through: an unregistered task definition, an unknown cluster, a wrong key", async () => {
        await assert.rejects(runToCompletion(spec({ taskDefinition: `${TASK_DEF.slice(0, -1)}8` }), WAIT, client), /Unable to describe task definition/);
        await assert.rejects(runToCompletion(spec({ cluster: "nope" }), WAIT, client), /Cluster not found/);
        const stranger = new ECSClient({ region: REGION, endpoint: ecs.url, credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "x" } });
        await assert.rejects(runToCompletion(spec(), WAIT, stranger), /security token included in the request is invalid/);
    });

    it("a task still running at the deadline fails, naming its last status and that it may still run", async () => {
        let t = 0;
        await assert.rejects(
            runToCompletion(spec(), { timeoutMs: 2, pollMs: 0, now: () => t++, sleep: async () => undefined }, client),
            /did not finish in time \(last status (PENDING|RUNNING)\); it may still be running: arn:aws:ecs:/,
        );
    });

    describe("through the SDK's dynamic-provider host over gRPC", () => {
        let host: ProviderHost;
        const saved = { ...process.env };
        beforeEach(async () => {
            // The host process reads the endpoint and credentials from its environment, as under `pulumi up`.
            Object.assign(process.env, { AWS_ENDPOINT_URL_ECS: ecs.url, AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey });
            host = await startProviderHost(ecsRunProvider);
        });
        afterEach(async () => {
            await host?.stop();
            for (const k of ["AWS_ENDPOINT_URL_ECS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
                if (saved[k] === undefined) delete process.env[k];
                else process.env[k] = saved[k];
            }
        });
        const props = (over: Partial<EcsRunSpec> = {}) => ({ ...spec(over), timeoutMinutes: 1, pollSeconds: 0 });

        it("creates by running; a new revision runs again; the same one does not; refresh and delete touch nothing", async () => {
            const created = await host.create(props());
            assert.deepStrictEqual([created.outs.status, created.outs.exitCode, created.id], ["succeeded", 0, created.outs.taskArn]);
            assert.strictEqual((await host.diff(created.id, created.outs, props())).changes, false);
            const next = `${TASK_DEF.slice(0, -1)}8`;
            ecs.containersOf = (td) => ([TASK_DEF, next].includes(td) ? ["app"] : undefined);
            assert.strictEqual((await host.diff(created.id, created.outs, props({ taskDefinition: next }))).changes, true);
            assert.strictEqual((await host.diff(created.id, created.outs, props({ command: ["npm", "run", "seed"] }))).changes, true);
            const updated = await host.update(created.id, created.outs, props({ taskDefinition: next }));
            assert.notStrictEqual(updated.outs.taskArn, created.outs.taskArn);
            const requests = ecs.requests.length;
            await host.read(created.id, updated.outs);
            await host.delete(created.id, updated.outs);
            assert.strictEqual(ecs.requests.length, requests, "a past run is history");
        });

        it("a failed run fails the create with the engine's message and no stack trace", async () => {
            ecs.ends.push({ exitCode: 1 });
            await assert.rejects(host.create(props()), (err: Error) => {
                assert.match(err.message, /the pre-start task `npm run migrate:prod` \(smartduka-production-api:7\) failed \(exit code 1;/);
                assert.doesNotMatch(err.message, /^\s+at /m);
                return true;
            });
        });
    });
});
