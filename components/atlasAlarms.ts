// Atlas alert configurations on a project's cluster: metric thresholds Atlas checks itself and emails.
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";

export interface AtlasAlarms {
    connectionsPercent: number;
    cpuPercent: number;
    memoryPercent: number;
    diskPercent: number;
    replicationLagSeconds: number;
    /** How long a threshold stays crossed before Atlas sends the alert. */
    forMinutes: number;
    emails: string[];
}

/**
 * One alert configuration per metric (seed 004: connection limits and replication lag; seeds 002 and
 * 003: database CPU and memory; disk), each emailing every address, repeated hourly while it holds.
 * Metric names and units: Atlas Administration API, alert configurations (metricThreshold).
 */
export function atlasAlarms(parent: pulumi.Resource, name: string, projectId: pulumi.Input<string>, a: AtlasAlarms): void {
    const metrics: [string, string, number, string][] = [
        ["connections", "CONNECTIONS_PERCENT", a.connectionsPercent, "RAW"],
        ["cpu", "NORMALIZED_SYSTEM_CPU_USER", a.cpuPercent, "RAW"],
        ["memory", "SYSTEM_MEMORY_PERCENT_USED", a.memoryPercent, "RAW"],
        ["disk", "DISK_PARTITION_SPACE_USED_DATA", a.diskPercent, "RAW"],
        ["replication-lag", "OPLOG_SLAVE_LAG_MASTER_TIME", a.replicationLagSeconds, "SECONDS"],
    ];
    for (const [suffix, metricName, threshold, units] of metrics) {
        new mongodbatlas.AlertConfiguration(
            `${name}-${suffix}`,
            {
                projectId,
                eventType: "OUTSIDE_METRIC_THRESHOLD",
                enabled: true,
                metricThresholdConfig: { metricName, operator: "GREATER_THAN", threshold, units, mode: "AVERAGE" },
                notifications: a.emails.map((emailAddress) => ({ typeName: "EMAIL", emailAddress, delayMin: a.forMinutes, intervalMin: 60 })),
            },
            { parent },
        );
    }
}
