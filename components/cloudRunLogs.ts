// Cloud Run's logs kept past Cloud Logging's default: a log bucket of the service's own, filled by a
// sink. Per-module imports, as in cloudRun.ts.
import * as logging from "@pulumi/gcp/logging";
import * as pulumi from "@pulumi/pulumi";
import { CLOUD_LOGGING_DEFAULT_DAYS } from "./cloudLogging";

/**
 * Past 30 days, the service's logs also go to a bucket `<service>-logs` kept `retentionDays` (the
 * _Default bucket still holds its 30 days: the project's own setting, which other services share).
 * A deleted bucket keeps its id for 7 days, so a stack torn down and brought up again within a week
 * fails to create it: restore it instead (`gcloud logging buckets undelete`).
 */
export function cloudRunLogs(parent: pulumi.Resource, name: string, physical: string, project: string, retentionDays: number): void {
    if (retentionDays <= CLOUD_LOGGING_DEFAULT_DAYS) return;
    const opts = { parent };
    const bucketId = `${physical}-logs`;
    const bucket = new logging.ProjectBucketConfig(
        `${name}-logs`,
        {
            project,
            location: "global",
            bucketId,
            retentionDays,
            description: `Logs of Cloud Run service ${physical}, kept ${retentionDays} days (app-platform)`,
        },
        opts,
    );
    new logging.ProjectSink(
        `${name}-logs`,
        {
            project,
            name: bucketId,
            destination: pulumi.interpolate`logging.googleapis.com/${bucket.name}`,
            filter: `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${physical}"`,
            uniqueWriterIdentity: true,
        },
        opts,
    );
}
