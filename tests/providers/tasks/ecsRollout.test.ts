// The rollout check against a local ECS held to the API reference (DescribeServices over AWS JSON 1.1
// with Signature V4): a completed deployment passes; a deployment the circuit breaker rolled back,
// which the provider may report as success, fails in ECS's words.
import * as assert from "assert";
import { ECSClient } from "@aws-sdk/client-ecs";
import { waitForRollout, EcsRolloutSpec } from "../../../providers/tasks/ecsRollout";
import { FakeEcs, FakeService, startFakeEcs } from "../../support/fakes/ecs";

const REGION = "af-south-1";
const ACCOUNT = "123456789012";
const KEY = { accessKeyId: "AKIAECSTEST", secretAccessKey: "ecs-test-secret" };
const td = (n: number) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/smartduka-production-api:${n}`;
const spec: EcsRolloutSpec = {
    region: REGION,
    cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/smartduka-production-api`,
    service: "smartduka-production-api",
    taskDefinition: td(8),
};
const WAIT = { timeoutMs: 60_000, pollMs: 0 };
const deployment = (status: string, n: number, rolloutState: string, rolloutStateReason: string) => ({
    id: `ecs-svc/${n}00`,
    status,
    taskDefinition: td(n),
    rolloutState,
    rolloutStateReason,
    updatedAt: 1_700_000_000,
});

describe("ECS rollout check (local ECS API)", function () {
    this.timeout(60_000);
    let ecs: FakeEcs;
    let client: ECSClient;
    /** What DescribeServices answers, one state per call (the last one repeats). */
    let states: FakeService[];
    beforeEach(async () => {
        ecs = await startFakeEcs({ accessKeyId: KEY.accessKeyId, region: REGION, account: ACCOUNT });
        ecs.clusters.add("smartduka-production-api");
        ecs.serviceOf = (_c, name) => (name === spec.service ? (states.length > 1 ? states.shift() : states[0]) : undefined);
        client = new ECSClient({ region: REGION, endpoint: ecs.url, credentials: KEY });
    });
    afterEach(async () => {
        assert.deepStrictEqual(ecs.violations, []);
        await ecs.close();
    });

    it("waits while the new revision rolls out, and passes once it is the PRIMARY deployment, completed", async () => {
        states = [
            {
                taskDefinition: td(8),
                deployments: [deployment("PRIMARY", 8, "IN_PROGRESS", "ECS deployment in progress."), deployment("ACTIVE", 7, "COMPLETED", "")],
                events: [],
            },
            {
                taskDefinition: td(8),
                deployments: [deployment("PRIMARY", 8, "COMPLETED", "ECS deployment completed.")],
                events: [{ message: "(service smartduka-production-api) has reached a steady state." }],
            },
        ];
        const r = await waitForRollout(spec, WAIT, client);
        assert.strictEqual(r.deploymentId, "ecs-svc/800");
        assert.strictEqual(ecs.requests.length, 2);
    });

    it("a deployment the circuit breaker rolled back fails with ECS's reason, the revision it serves and its latest events", async () => {
        states = [
            {
                taskDefinition: td(7),
                deployments: [
                    deployment("PRIMARY", 7, "IN_PROGRESS", "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/800"),
                    deployment("ACTIVE", 8, "FAILED", "ECS deployment circuit breaker: tasks failed to start."),
                ],
                events: [
                    { message: "(service smartduka-production-api) rolling back to deployment ecs-svc/700." },
                    { message: "(service smartduka-production-api) (deployment ecs-svc/800) deployment failed: tasks failed to start." },
                ],
            },
        ];
        await assert.rejects(waitForRollout(spec, WAIT, client), (err: Error) => {
            assert.match(
                err.message,
                /^ECS did not deploy smartduka-production-api:8 to smartduka-production-api: ECS deployment circuit breaker: tasks failed to start\. It serves smartduka-production-api:7, so nothing that waits/,
            );
            assert.match(err.message, /rolling back to deployment ecs-svc\/700\.\n.*deployment failed: tasks failed to start\./);
            assert.strictEqual(err.stack, `DeploymentFailed: ${err.message}`, "no stack frames");
            return true;
        });
    });

    it("a service ECS does not know fails saying so; a rollout that never completes stops at the time limit", async () => {
        await assert.rejects(waitForRollout({ ...spec, service: "other" }, WAIT, client), /ECS does not know the service other .*MISSING/);
        states = [{ taskDefinition: td(7), deployments: [deployment("PRIMARY", 8, "IN_PROGRESS", ""), deployment("ACTIVE", 7, "COMPLETED", "")], events: [] }];
        let now = 0;
        await assert.rejects(
            waitForRollout(spec, { timeoutMs: 1000, pollMs: 500, sleep: async (ms) => void (now += ms), now: () => now }, client),
            /still IN_PROGRESS after the wait/,
        );
    });
});
