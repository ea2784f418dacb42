// Production's services and data stores are watched by their platform's metrics, not only from the
// outside, and its uptime checks are measured against an availability objective.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { requireProductionSite } from "./environment";
import { known, TYPES } from "./resources";

const FIX = "Fix: declare app-platform:monitoring with alerts.email; its alarms (monitoring.alarms) come with every service and Atlas cluster.";
const filters = (policy: PolicyResource) =>
    (known(() => policy.props.conditions as { conditionThreshold?: { filter?: string } }[] | undefined) ?? []).map((c) => c.conditionThreshold?.filter ?? "");
const sameProject = (a: PolicyResource, b: PolicyResource) => {
    const [pa, pb] = [known(() => a.props.projectId as string | undefined), known(() => b.props.projectId as string | undefined)];
    if (pa !== undefined && pb !== undefined) return pa === pb;
    // Before the project exists its id is unknown: both then depend on the same project resource.
    return a.dependencies.some((d) => d.type === TYPES.atlasProject && b.dependencies.some((e) => e.urn === d.urn));
};

export const productionAlarmed: StackValidationPolicy = {
    name: "production-alarmed",
    description:
        "In production, every backend service has CPU and memory alarms on its platform (CloudWatch, Cloud Monitoring) that notify someone, every Atlas cluster has alert configurations, and the uptime checks carry an availability objective.",
    severity: "high",
    validateStack: (args, reportViolation) => {
        requireProductionSite(args, "alarms are required in production only");
        const of = (type: string) => args.resources.filter((r) => r.type === type);

        const alarms = of(TYPES.metricAlarm);
        for (const service of of(TYPES.ecsService)) {
            const name = known(() => service.props.name as string | undefined);
            if (name === undefined) continue;
            const own = alarms.filter((a) => known(() => (a.props.dimensions as Record<string, string> | undefined)?.ServiceName) === name);
            for (const metric of ["CPUUtilization", "MemoryUtilization"]) {
                const alarm = own.find((a) => known(() => a.props.metricName) === metric);
                if (!alarm) reportViolation(`ECS service ${name} has no ${metric} alarm, so a saturated service is found by its users. ${FIX}`, service.urn);
                else if ((known(() => alarm.props.alarmActions as unknown[] | undefined) ?? [undefined]).length === 0)
                    reportViolation(`alarm ${alarm.name} notifies no one (no alarmActions). ${FIX}`, alarm.urn);
            }
        }
        const policies = of(TYPES.alertPolicy);
        for (const service of of(TYPES.cloudRunService)) {
            const name = known(() => service.props.name as string | undefined);
            if (name === undefined) continue;
            const own = policies.filter((p) => filters(p).some((f) => f.includes(`resource.labels.service_name = "${name}"`)));
            for (const metric of ["cpu", "memory"]) {
                const policy = own.find((p) => filters(p).some((f) => f.includes(`run.googleapis.com/container/${metric}/utilizations`)));
                if (!policy)
                    reportViolation(
                        `Cloud Run service ${name} has no ${metric} alert policy, so a saturated service is found by its users. ${FIX}`,
                        service.urn,
                    );
                else if ((known(() => policy.props.notificationChannels as unknown[] | undefined) ?? [undefined]).length === 0)
                    reportViolation(`alert policy ${policy.name} notifies no one (no notificationChannels). ${FIX}`, policy.urn);
            }
        }
        const atlasAlerts = of(TYPES.atlasAlert);
        for (const cluster of of(TYPES.atlasCluster)) {
            if (!atlasAlerts.some((a) => sameProject(a, cluster)))
                reportViolation(
                    `Atlas cluster ${cluster.name} has no alert configuration, so full connections or a lagging secondary go unnoticed. ${FIX}`,
                    cluster.urn,
                );
        }
        const objective = of(TYPES.check).some((c) =>
            (known(() => c.props.tags as string[] | undefined) ?? ["availability:?"]).some((t) => t.startsWith("availability:")),
        );
        if (of(TYPES.check).length > 0 && !objective)
            reportViolation(
                "no uptime check carries an availability objective (tag availability:<percent>), so downtime is measured against nothing. Fix: set app-platform:monitoring.availability.objectivePercent (default 99.9).",
            );
    },
};
