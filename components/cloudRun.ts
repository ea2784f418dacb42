// The ApiService adapter for Google Cloud: a Cloud Run service under its own service account, its
// secrets in Secret Manager, a pre-start Cloud Run job, and a domain mapping (Google's certificate).
// Per-module imports: the package's index loads every one of its modules (0.2–0.3 s per preview).
import * as cloudrun from "@pulumi/gcp/cloudrun";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { CloudRunJobExecuted } from "../providers/tasks/cloudRunExecutionProvider";
import { cloudRunAlarms } from "./cloudRunAlarms";
import { cloudRunLogs } from "./cloudRunLogs";
import { boundedName, BuiltService, ServiceSpec } from "./serviceAdapter";

export interface CloudRunPlatform {
    kind: "cloud-run";
    project: string;
    region: string;
    cpu: string;
    memory: string;
    concurrency: number;
    /** Enable Vertex AI and grant the service's account roles/aiplatform.user. */
    vertexAi: boolean;
}

/**
 * A token that changes whenever what a deploy runs changes: image, commands, plain env values and the
 * secret store's version references (never the secrets themselves); how often the up polls is not part of it.
 */
function deployToken(spec: Pick<ServiceSpec, "image" | "command" | "preStart">, refs: pulumi.Input<string>[]): pulumi.Output<string> {
    const preStart = spec.preStart;
    return pulumi.all(refs).apply((values) =>
        createHash("sha256")
            .update(
                JSON.stringify([
                    spec.image,
                    spec.command ?? null,
                    preStart ? { command: preStart.command, timeoutMinutes: preStart.timeoutMinutes } : null,
                    values,
                ]),
            )
            .digest("hex")
            .slice(0, 12),
    );
}

/** A Secret Manager id from an env var name: CRON_SECRET → <physical>-cron-secret. */
const secretId = (physical: string, env: string) => `${physical}-${env.toLowerCase().replace(/_/g, "-")}`;

export function cloudRun(parent: pulumi.Resource, name: string, args: ServiceSpec, p: CloudRunPlatform): BuiltService {
    const opts = { parent };
    const { project, region: location } = p;
    const physical = args.physicalName;

    // Enabled once per project; left enabled on destroy (other stacks of the project may use them).
    // Cloud Monitoring for the alert policies.
    const apis = [
        "run.googleapis.com",
        "secretmanager.googleapis.com",
        ...(p.vertexAi ? ["aiplatform.googleapis.com"] : []),
        ...(args.alarms ? ["monitoring.googleapis.com"] : []),
    ].map(
        (api) =>
            new projects.Service(`${name}-${api.split(".")[0]}`, { project, service: api, disableOnDestroy: false, disableDependentServices: false }, opts),
    );
    const account = new serviceaccount.Account(
        `${name}-account`,
        { project, accountId: boundedName(physical, 30), displayName: `${physical} (app-platform)` },
        opts,
    );
    const member = pulumi.interpolate`serviceAccount:${account.email}`;
    const grants: pulumi.Resource[] = [];
    if (p.vertexAi) grants.push(new projects.IAMMember(`${name}-vertex-ai`, { project, role: "roles/aiplatform.user", member }, opts));

    // One secret per variable; the service names the exact version, so a new value is a new revision.
    const envs = args.env.map((v) => {
        if (!v.secret) return { name: v.name, value: v.value };
        const secret = new secretmanager.Secret(
            `${name}-${v.name}`,
            { project, secretId: secretId(physical, v.name), replication: { auto: {} } },
            { ...opts, dependsOn: apis },
        );
        const version = new secretmanager.SecretVersion(`${name}-${v.name}`, { secret: secret.id, secretData: pulumi.secret(v.value) }, opts);
        grants.push(
            new secretmanager.SecretIamMember(
                `${name}-${v.name}`,
                { project, secretId: secret.secretId, role: "roles/secretmanager.secretAccessor", member },
                opts,
            ),
        );
        return { name: v.name, valueSource: { secretKeyRef: { secret: secret.secretId, version: version.version } } };
    });
    const refs = envs.map((e) =>
        "value" in e ? pulumi.interpolate`${e.name}=${e.value}` : pulumi.interpolate`${e.name}@${e.valueSource.secretKeyRef.version}`,
    );
    const resources = { limits: { cpu: p.cpu, memory: p.memory } };
    const token = deployToken(args, refs);
    const before = args.beforeDeploy ? [args.beforeDeploy(token, parent)] : [];

    // The pre-start job runs the new image with the new env: a new token per deploy starts one
    // execution, and the job is ready only when it succeeds (else the up fails before the service changes).
    const job =
        args.preStart &&
        new cloudrunv2.Job(
            `${name}-prestart`,
            {
                project,
                location,
                name: boundedName(`${physical}-prestart`, 50), // with the execution token: under 63
                deletionProtection: false,
                template: {
                    taskCount: 1,
                    template: {
                        serviceAccount: account.email,
                        maxRetries: 0,
                        timeout: `${args.preStart.timeoutMinutes * 60}s`,
                        containers: [{ image: args.image, commands: [args.preStart.command[0]], args: args.preStart.command.slice(1), envs, resources }],
                    },
                },
                runExecutionToken: token,
            },
            { ...opts, dependsOn: [...apis, ...grants, ...before] },
        );
    // The provider's word is not enough after a failed execution (see cloudRunExecution.ts): the
    // service waits for this deploy's execution to have succeeded, run again here if it did not.
    const preStarted =
        job &&
        new CloudRunJobExecuted(
            `${name}-prestart-run`,
            {
                project,
                location,
                job: job.name,
                token,
                timeoutMinutes: args.preStart!.timeoutMinutes,
                pollSeconds: args.preStart!.pollSeconds ?? 5,
            },
            { parent, dependsOn: [job] },
        );

    const probe = { httpGet: { path: args.healthPath, port: args.port } };
    const service = new cloudrunv2.Service(
        `${name}-service`,
        {
            project,
            location,
            name: boundedName(physical, 49),
            ingress: "INGRESS_TRAFFIC_ALL",
            deletionProtection: args.protect,
            template: {
                serviceAccount: account.email,
                scaling: { minInstanceCount: args.instances.min, maxInstanceCount: args.instances.max },
                maxInstanceRequestConcurrency: p.concurrency,
                containers: [
                    {
                        image: args.image,
                        ...(args.command ? { commands: [args.command[0]], args: args.command.slice(1) } : {}),
                        ports: { containerPort: args.port },
                        envs,
                        resources,
                        startupProbe: { ...probe, periodSeconds: 5, failureThreshold: 24 },
                        livenessProbe: { ...probe, periodSeconds: 30 },
                    },
                ],
            },
            traffics: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
        },
        { parent, protect: args.protect, dependsOn: [...apis, ...grants, ...before, ...(preStarted ? [preStarted] : [])] },
    );
    // A public API: anyone may invoke it (the app authenticates its callers).
    new cloudrunv2.ServiceIamMember(`${name}-public`, { project, location, name: service.name, role: "roles/run.invoker", member: "allUsers" }, opts);
    // Google issues the certificate once the host's CNAME (planned in the zone) points at ghs.googlehosted.com.
    new cloudrun.DomainMapping(
        `${name}-domain`,
        {
            project,
            location,
            name: args.host,
            metadata: { namespace: project },
            spec: { routeName: service.name },
        },
        { parent, protect: args.protect },
    );

    const secretIds = args.env.filter((v) => v.secret).map((v) => `projects/${project}/secrets/${secretId(physical, v.name)}`);
    if (args.alarms) cloudRunAlarms(parent, name, physical, project, args.alarms, apis);
    cloudRunLogs(parent, name, physical, project, args.logRetentionDays);
    return { service, endpoint: service.uri, secretStore: pulumi.output(secretIds) };
}
