// Metric alarms under mocks: each service's and data store's own platform watches its metrics
// (CloudWatch for ECS and its load balancer, Cloud Monitoring for Cloud Run, Atlas's alerts) at the
// seeds' thresholds or the stack's, emailing the stack's alert addresses; the availability objective.
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load } from "../helpers";
import type { ResourceRecord } from "../../inventory/mocks";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const ATLAS = "mongodbatlas:index/alertConfiguration:AlertConfiguration";
const byName = (records: ResourceRecord[], type: string) => Object.fromEntries(records.filter((r) => r.type === type).map((r) => [r.name, r.revealed as any]));

describe("metric alarms under mocks", function () {
    this.timeout(120_000);

    it("seed 004 on ECS: task CPU over 70 % and memory over 80 % for 5 minutes, 5xx over 1 %, an unhealthy task, the hour under 99.9 %, all to an SNS topic emailing the on-call", async () => {
        const { records } = await evaluate("smartduka");
        const alarms = byName(records, ALARM);
        assert.deepStrictEqual(
            Object.keys(alarms).sort(),
            ["5xx", "availability", "cpu", "memory", "unhealthy"].map((s) => `smartduka-api-${s}`),
        );
        const [topic] = records.filter((r) => r.type === "aws:sns/topic:Topic").map((r) => r.revealed as any);
        const subscriptions = records.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription").map((r) => r.revealed as any);
        assert.deepStrictEqual(
            subscriptions.map((s) => [s.protocol, s.endpoint]),
            [["email", "oncall@smartduka.com"]],
        );
        const topicArn = `arn:aws:sns:af-south-1:123456789012:${topic.name}`;
        const service = records.find((r) => r.type === "aws:ecs/service:Service")!.revealed as any;
        const cluster = records.find((r) => r.type === "aws:ecs/cluster:Cluster")!;
        for (const a of Object.values(alarms)) {
            assert.deepStrictEqual([a.alarmActions, a.okActions], [[topicArn], [topicArn]], a.name);
            assert.strictEqual(a.treatMissingData, "notBreaching", "no traffic is no alarm");
        }
        const { cpu, memory } = { cpu: alarms["smartduka-api-cpu"], memory: alarms["smartduka-api-memory"] };
        assert.deepStrictEqual(
            [cpu.namespace, cpu.metricName, cpu.dimensions, cpu.threshold, cpu.period, cpu.evaluationPeriods, cpu.comparisonOperator],
            ["AWS/ECS", "CPUUtilization", { ClusterName: (cluster.revealed as any).name, ServiceName: service.name }, 70, 60, 5, "GreaterThanThreshold"],
        );
        assert.deepStrictEqual([memory.metricName, memory.threshold], ["MemoryUtilization", 80]);
        // The load balancer's dimensions are ARN suffixes (app/<name>/<id>, targetgroup/<name>/<id>), as CloudWatch names them.
        const unhealthy = alarms["smartduka-api-unhealthy"];
        assert.match(unhealthy.dimensions.LoadBalancer, /^app\/[\w-]+\/\w+$/);
        assert.match(unhealthy.dimensions.TargetGroup, /^targetgroup\/[\w-]+\/\w+$/);
        assert.deepStrictEqual([unhealthy.metricName, unhealthy.statistic, unhealthy.threshold], ["UnHealthyHostCount", "Maximum", 0]);
        const errors = alarms["smartduka-api-5xx"];
        const share = errors.metricQueries.find((q: any) => q.returnData);
        assert.strictEqual(share.expression, "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / FILL(requests, 1)");
        assert.deepStrictEqual(
            errors.metricQueries.filter((q: any) => q.metric).map((q: any) => [q.metric.metricName, q.metric.period, q.metric.stat]),
            [
                ["HTTPCode_Target_5XX_Count", 60, "Sum"],
                ["HTTPCode_ELB_5XX_Count", 60, "Sum"],
                ["RequestCount", 60, "Sum"],
            ],
        );
        assert.deepStrictEqual([errors.threshold, errors.evaluationPeriods], [1, 5]);
        const availability = alarms["smartduka-api-availability"];
        assert.deepStrictEqual(
            [availability.comparisonOperator, availability.threshold, availability.evaluationPeriods, availability.metricQueries[0].metric.period],
            ["LessThanThreshold", 99.9, 1, 3600],
        );
    });

    it("seed 004's Atlas cluster: connections over 80 % of the limit, CPU 70 %, memory 80 %, disk 80 %, replication lag over 60 s, emailed hourly while they hold", async () => {
        const { records } = await evaluate("smartduka");
        const alerts = Object.values(byName(records, ATLAS));
        const project = records.find((r) => r.type === "mongodbatlas:index/project:Project")!;
        assert.deepStrictEqual(
            alerts.map((a) => [a.metricThresholdConfig.metricName, a.metricThresholdConfig.threshold, a.metricThresholdConfig.units]).sort(),
            [
                ["CONNECTIONS_PERCENT", 80, "RAW"],
                ["DISK_PARTITION_SPACE_USED_DATA", 80, "RAW"],
                ["NORMALIZED_SYSTEM_CPU_USER", 70, "RAW"],
                ["OPLOG_SLAVE_LAG_MASTER_TIME", 60, "SECONDS"],
                ["SYSTEM_MEMORY_PERCENT_USED", 80, "RAW"],
            ],
        );
        for (const a of alerts) {
            assert.deepStrictEqual(
                [a.projectId, a.eventType, a.enabled, a.metricThresholdConfig.operator, a.metricThresholdConfig.mode],
                [`${project.name}-id`, "OUTSIDE_METRIC_THRESHOLD", true, "GREATER_THAN", "AVERAGE"],
            );
            // emailEnabled/smsEnabled are not set: Atlas does not return them for EMAIL, which would diff forever.
            assert.deepStrictEqual(a.notifications, [{ typeName: "EMAIL", emailAddress: "oncall@smartduka.com", delayMin: 5, intervalMin: 60 }]);
        }
    });

    it("seed 003 on Cloud Run: alert policies on CPU and memory (99th percentile), 5xx share and the hour's availability, to an email channel per address", async () => {
        const { records } = await evaluate("raptorflow");
        const channels = records.filter((r) => r.type === "gcp:monitoring/notificationChannel:NotificationChannel").map((r) => r.revealed as any);
        assert.deepStrictEqual(
            channels.map((c) => [c.type, c.labels.email_address]),
            [
                ["email", "devops@raptorflow.com"],
                ["email", "backend@raptorflow.com"],
            ],
        );
        const policies = byName(records, POLICY);
        assert.deepStrictEqual(
            Object.keys(policies).sort(),
            ["5xx", "availability", "cpu", "memory"].map((s) => `raptorflow-api-${s}`),
        );
        const service = records.find((r) => r.type === "gcp:cloudrunv2/service:Service")!.revealed as any;
        for (const p of Object.values(policies)) {
            assert.strictEqual(p.notificationChannels.length, 2);
            assert.match(
                p.conditions[0].conditionThreshold.filter,
                new RegExp(`resource.type = "cloud_run_revision" AND resource.labels.service_name = "${service.name}"`),
            );
        }
        const cpu = policies["raptorflow-api-cpu"].conditions[0].conditionThreshold;
        assert.deepStrictEqual(
            [cpu.thresholdValue, cpu.duration, cpu.comparison, cpu.aggregations],
            [0.7, "300s", "COMPARISON_GT", [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_PERCENTILE_99" }]],
        );
        assert.match(cpu.filter, /metric.type = "run.googleapis.com\/container\/cpu\/utilizations"$/);
        assert.strictEqual(policies["raptorflow-api-memory"].conditions[0].conditionThreshold.thresholdValue, 0.8);
        const errors = policies["raptorflow-api-5xx"].conditions[0].conditionThreshold;
        assert.match(errors.filter, /metric.type = "run.googleapis.com\/request_count" AND metric.labels.response_code_class = "5xx"$/);
        assert.match(errors.denominatorFilter, /metric.type = "run.googleapis.com\/request_count"$/);
        assert.strictEqual(errors.thresholdValue, 0.01);
        const availability = policies["raptorflow-api-availability"].conditions[0].conditionThreshold;
        assert.deepStrictEqual([availability.thresholdValue, availability.aggregations[0].alignmentPeriod], [0.001, "3600s"]);
    });

    it("thresholds and the objective from config; the site's and services' uptime checks carry the objective; no monitoring, no alarms", async () => {
        const { records } = await evaluate("smartduka", (c) => {
            c["app-platform:monitoring"].alarms = { cpuPercent: 85, forMinutes: 15, database: { replicationLagSeconds: 120 } };
            c["app-platform:monitoring"].availability = { objectivePercent: 99.5 };
        });
        const alarms = byName(records, ALARM);
        assert.deepStrictEqual([alarms["smartduka-api-cpu"].threshold, alarms["smartduka-api-cpu"].evaluationPeriods], [85, 15]);
        assert.strictEqual(alarms["smartduka-api-memory"].threshold, 80, "the default where the stack says nothing");
        assert.strictEqual(alarms["smartduka-api-availability"].threshold, 99.5);
        const lag = Object.values(byName(records, ATLAS)).find((a) => a.metricThresholdConfig.metricName === "OPLOG_SLAVE_LAG_MASTER_TIME");
        assert.deepStrictEqual([lag.metricThresholdConfig.threshold, lag.notifications[0].delayMin], [120, 15]);
        const checks = records.filter((r) => r.type === "checkly:index/check:Check").map((r) => r.revealed as any);
        assert.ok(checks.length >= 2);
        for (const c of checks) assert.deepStrictEqual(c.tags, ["smartduka", "production", "availability:99.5"], c.name);

        const bare = await evaluate("smartduka", (c) => {
            delete c["app-platform:monitoring"];
            delete c["app-platform:env"].NEXT_PUBLIC_SENTRY_DSN; // Sentry's DSN comes with monitoring
            delete c["app-platform:services"].api.env.SENTRY_DSN;
        });
        assert.deepStrictEqual(
            bare.records.filter((r) => [ALARM, ATLAS, "aws:sns/topic:Topic"].includes(r.type)),
            [],
        );
    });

    it("config: alarms without an address to email, thresholds out of range, an objective the checks cannot report in time", () => {
        const silent = configErrors(() =>
            load("smartduka", (c) => {
                c["app-platform:monitoring"].alerts = { email: [], sms: [{ name: "oncall", number: "+254700000000" }] };
            }),
        );
        assert.match(
            issueFor(silent, "app-platform:monitoring.alerts.email"),
            /^services\.api, atlas get metric alarms from their platform, which sends them by email: add an address \(e\.g\. oncall@smartduka\.com\)/,
        );
        const range = configErrors(() => load("smartduka", (c) => void (c["app-platform:monitoring"].alarms = { cpuPercent: 150, forMinutes: 7 })));
        assert.match(issueFor(range, "app-platform:monitoring.alarms.cpuPercent"), /100/);
        assert.match(issueFor(range, "app-platform:monitoring.alarms.forMinutes"), /one of 5, 10, 15, 30, 60 \(minutes\)/);
        const strict = configErrors(() => load("production", (c) => void (c["app-platform:monitoring"].availability = { objectivePercent: 99.99 })));
        assert.match(
            issueFor(strict, "app-platform:monitoring.availability.objectivePercent"),
            /^99\.99 % leaves 4\.3 minutes of downtime a month, but an outage is reported only after 10 \(uptime\.frequencyMinutes 5 \+ alerts\.afterMinutes 5\): lower the objective or check more often$/,
        );
    });
});
