// Logs kept under mocks: each service's logs stay on its platform for monitoring.logs.retentionDays:
// its CloudWatch log group (ECS), or past Cloud Logging's own 30 days a bucket of its own (Cloud Run).
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load } from "../helpers";

const BUCKET = "gcp:logging/projectBucketConfig:ProjectBucketConfig";
const SINK = "gcp:logging/projectSink:ProjectSink";

describe("logs kept under mocks", function () {
    this.timeout(120_000);

    it("ECS: the log group keeps the stack's retention (30 days by default)", async () => {
        const group = async (days?: number) =>
            (
                await evaluate("smartduka", (c) => {
                    if (days) c["app-platform:monitoring"].logs = { retentionDays: days };
                })
            ).records.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!.revealed as any;
        assert.deepStrictEqual([(await group()).name, (await group()).retentionInDays], ["/app-platform/smartduka-production-api", 30]);
        assert.strictEqual((await group(365)).retentionInDays, 365);
    });

    it("Cloud Run (seed 003, 90 days): a bucket of the service's own, kept 90 days, filled by a sink of its revisions' logs; 30 days needs none", async () => {
        const { records } = await evaluate("raptorflow");
        const [bucket] = records.filter((r) => r.type === BUCKET).map((r) => r.revealed as any);
        const [sink] = records.filter((r) => r.type === SINK).map((r) => r.revealed as any);
        const service = records.find((r) => r.type === "gcp:cloudrunv2/service:Service")!.revealed as any;
        assert.deepStrictEqual(
            [bucket.project, bucket.location, bucket.bucketId, bucket.retentionDays],
            ["raptorflow-prod", "global", `${service.name}-logs`, 90],
        );
        assert.strictEqual(sink.filter, `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${service.name}"`);
        assert.match(sink.destination, new RegExp(`^logging\\.googleapis\\.com/projects/raptorflow-prod/locations/global/buckets/${service.name}-logs$`));
        const short = await evaluate("raptorflow", (c) => void (c["app-platform:monitoring"].logs = { retentionDays: 30 }));
        assert.deepStrictEqual(
            short.records.filter((r) => r.type === BUCKET || r.type === SINK),
            [],
            "Cloud Logging's _Default bucket keeps 30 days already",
        );
    });

    it("config: a retention CloudWatch does not offer is refused with the values it does", () => {
        const err = configErrors(() => load("smartduka", (c) => void (c["app-platform:monitoring"].logs = { retentionDays: 45 })));
        assert.match(issueFor(err, "app-platform:monitoring.logs.retentionDays"), /one of CloudWatch's retention settings: 1, 3, 5, 7, 14, 30, 60, 90/);
    });
});
