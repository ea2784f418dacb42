// CloudWatch alarms on an ECS service and its Application Load Balancer, sent through an SNS topic
// to the stack's alert addresses. Per-module imports, as in ecsFargate.ts.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceAlarms } from "./serviceAdapter";

export interface EcsAlarmTargets {
    clusterName: pulumi.Input<string>;
    serviceName: pulumi.Input<string>;
    /** The load balancer's and target group's ARN suffixes: CloudWatch's LoadBalancer and TargetGroup dimensions. */
    loadBalancer: pulumi.Input<string>;
    targetGroup: pulumi.Input<string>;
}

const MINUTE = 60;

/**
 * The load balancer's share of 5xx answers (the targets' and its own: 502/503 when no task is healthy)
 * over `period` seconds, as CloudWatch metric math; no requests is no error.
 */
function errorShare(t: EcsAlarmTargets, period: number, expression: string): cloudwatch.MetricAlarmArgs["metricQueries"] {
    const count = (id: string, metricName: string) => ({
        id,
        metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: { LoadBalancer: t.loadBalancer }, period, stat: "Sum" },
    });
    return [
        count("target5xx", "HTTPCode_Target_5XX_Count"),
        count("elb5xx", "HTTPCode_ELB_5XX_Count"),
        count("requests", "RequestCount"),
        { id: "share", expression, label: "percent", returnData: true },
    ];
}
const FIVE_XX = "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / FILL(requests, 1)";

/**
 * Alarms for one service (seed 004: CloudWatch alerts; seed 003's targets by default): task CPU and
 * memory, the share of 5xx answers, unhealthy tasks behind the load balancer, and the hour's
 * availability under the stack's objective. Each address gets AWS's confirmation email once and
 * receives nothing until it confirms (SNS email subscriptions).
 */
export function ecsAlarms(parent: pulumi.Resource, name: string, physical: string, t: EcsAlarmTargets, a: ServiceAlarms): void {
    const opts = { parent };
    const topic = new sns.Topic(`${name}-alarms`, { name: `${physical}-alarms` }, opts);
    for (const address of a.emails) {
        new sns.TopicSubscription(`${name}-alarms-${address.replace(/[^\w.-]+/g, "-")}`, { topic: topic.arn, protocol: "email", endpoint: address }, opts);
    }
    const notify = { alarmActions: [topic.arn], okActions: [topic.arn], treatMissingData: "notBreaching" };
    const service = { namespace: "AWS/ECS", dimensions: { ClusterName: t.clusterName, ServiceName: t.serviceName }, period: MINUTE, statistic: "Average" };
    const alarm = (suffix: string, args: cloudwatch.MetricAlarmArgs) =>
        new cloudwatch.MetricAlarm(`${name}-${suffix}`, { name: `${physical}-${suffix}`, ...notify, ...args }, opts);

    alarm("cpu", {
        ...service,
        metricName: "CPUUtilization",
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.cpuPercent,
        evaluationPeriods: a.forMinutes,
        alarmDescription: `${physical}: tasks' CPU above ${a.cpuPercent} % for ${a.forMinutes} minutes`,
    });
    alarm("memory", {
        ...service,
        metricName: "MemoryUtilization",
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.memoryPercent,
        evaluationPeriods: a.forMinutes,
        alarmDescription: `${physical}: tasks' memory above ${a.memoryPercent} % for ${a.forMinutes} minutes`,
    });
    alarm("5xx", {
        metricQueries: errorShare(t, MINUTE, FIVE_XX),
        comparisonOperator: "GreaterThanThreshold",
        threshold: a.errorRatePercent,
        evaluationPeriods: a.forMinutes,
        alarmDescription: `${physical}: more than ${a.errorRatePercent} % of answers are 5xx for ${a.forMinutes} minutes`,
    });
    alarm("unhealthy", {
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { LoadBalancer: t.loadBalancer, TargetGroup: t.targetGroup },
        period: MINUTE,
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: a.forMinutes,
        alarmDescription: `${physical}: a task fails the load balancer's health check for ${a.forMinutes} minutes`,
    });
    alarm("availability", {
        metricQueries: errorShare(t, 60 * MINUTE, `100 - ${FIVE_XX}`),
        comparisonOperator: "LessThanThreshold",
        threshold: a.availabilityPercent,
        evaluationPeriods: 1,
        alarmDescription: `${physical}: the hour's answers were under ${a.availabilityPercent} % non-5xx (the availability objective)`,
    });
}
