// Cloud Monitoring alert policies on a Cloud Run service, sent through email notification channels
// to the stack's alert addresses. Per-module imports, as in cloudRun.ts.
import * as monitoring from "@pulumi/gcp/monitoring";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceAlarms } from "./serviceAdapter";

/**
 * Alert policies for one service (seed 003: server CPU under 70 %, memory under 80 %): the
 * instances' CPU and memory (99th percentile), the share of 5xx answers, and the hour's availability
 * under the stack's objective, once the project's APIs (`apis`, Monitoring's among them) are on. Metrics: cloud.google.com/monitoring/api/metrics_gcp (run.googleapis.com).
 */
export function cloudRunAlarms(parent: pulumi.Resource, name: string, physical: string, project: string, a: ServiceAlarms, apis: pulumi.Resource[]): void {
    const channels = a.emails.map(
        (address) =>
            new monitoring.NotificationChannel(
                `${name}-alarms-${address.replace(/[^\w.-]+/g, "-")}`,
                { project, type: "email", displayName: `${physical} alarms: ${address}`, labels: { email_address: address } },
                { parent, dependsOn: apis },
            ),
    );
    const revisions = `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${physical}"`;
    const requests = `${revisions} AND metric.type = "run.googleapis.com/request_count"`;
    const sustained = `${a.forMinutes * 60}s`;
    const policy = (suffix: string, summary: string, condition: inputs.monitoring.AlertPolicyCondition) =>
        new monitoring.AlertPolicy(
            `${name}-${suffix}`,
            {
                project,
                displayName: `${physical}-${suffix}`,
                combiner: "OR",
                conditions: [condition],
                notificationChannels: channels.map((c) => c.name),
                documentation: { content: `${physical}: ${summary}`, mimeType: "text/markdown" },
            },
            { parent, dependsOn: apis },
        );
    const utilization = (metric: string, percent: number) => ({
        displayName: `${metric} above ${percent} %`,
        conditionThreshold: {
            filter: `${revisions} AND metric.type = "run.googleapis.com/container/${metric}/utilizations"`,
            aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_PERCENTILE_99" }],
            comparison: "COMPARISON_GT",
            thresholdValue: percent / 100,
            duration: sustained,
        },
    });
    /** 5xx answers over all answers, per `period`. */
    const errorShare = (period: string) => ({
        filter: `${requests} AND metric.labels.response_code_class = "5xx"`,
        aggregations: [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" }],
        denominatorFilter: requests,
        denominatorAggregations: [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" }],
        comparison: "COMPARISON_GT",
    });

    policy("cpu", `instances' CPU above ${a.cpuPercent} % for ${a.forMinutes} minutes`, utilization("cpu", a.cpuPercent));
    policy("memory", `instances' memory above ${a.memoryPercent} % for ${a.forMinutes} minutes`, utilization("memory", a.memoryPercent));
    policy("5xx", `more than ${a.errorRatePercent} % of answers are 5xx for ${a.forMinutes} minutes`, {
        displayName: `5xx above ${a.errorRatePercent} %`,
        conditionThreshold: { ...errorShare("60s"), thresholdValue: a.errorRatePercent / 100, duration: sustained },
    });
    policy("availability", `the hour's answers were under ${a.availabilityPercent} % non-5xx (the availability objective)`, {
        displayName: `availability under ${a.availabilityPercent} %`,
        conditionThreshold: { ...errorShare("3600s"), thresholdValue: Number(((100 - a.availabilityPercent) / 100).toFixed(6)), duration: "0s" },
    });
}
