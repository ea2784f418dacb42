// The ApiService adapter for AWS: ECS on Fargate behind an Application Load Balancer, an ACM
// certificate validated through the stack's Cloudflare zone, secrets in Secrets Manager.
// Per-module imports: the package's index loads every one of its modules (0.2–0.3 s per preview).
import * as acm from "@pulumi/aws/acm";
import * as appautoscaling from "@pulumi/aws/appautoscaling";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as ecs from "@pulumi/aws/ecs";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as iam from "@pulumi/aws/iam";
import * as elb from "@pulumi/aws/lb";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { EcsRollout } from "../providers/tasks/ecsRolloutProvider";
import { EcsRun } from "../providers/tasks/ecsRunProvider";
import { ecsAlarms } from "./ecsAlarms";
import { EcsWaf, ecsWaf } from "./ecsWaf";
import { boundedName, BuiltService, ServiceSpec } from "./serviceAdapter";

export interface EcsPlatform {
    kind: "aws-ecs";
    /** Fargate CPU units and memory (MiB). */
    cpu: number;
    memoryMiB: number;
    vpcId: string;
    publicSubnetIds: string[];
    /** Without them the tasks run in the public subnets, with public IPs (to pull images); the security group still admits only the load balancer. */
    privateSubnetIds?: string[];
    cpuTargetPercent: number;
    /** Keep a client on one task (an ALB cookie, one day). */
    stickySessions: boolean;
    /** Response headers the HTTPS listener sets on every answer (those it can set). */
    securityHeaders: Record<string, string>;
    /** AWS WAF on the load balancer; false: none. */
    waf: EcsWaf | false;
}

const CONTAINER = "app";
const anywhere = { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };
const assumedBy = (service: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
/** The response headers an HTTPS listener sets itself (Elastic Load Balancing: listener attributes, HTTP header modification). */
const LISTENER_HEADERS: Record<string, keyof elb.ListenerArgs> = {
    "x-frame-options": "routingHttpResponseXFrameOptionsHeaderValue",
    "x-content-type-options": "routingHttpResponseXContentTypeOptionsHeaderValue",
    "strict-transport-security": "routingHttpResponseStrictTransportSecurityHeaderValue",
    "content-security-policy": "routingHttpResponseContentSecurityPolicyHeaderValue",
};
const listenerHeaders = (headers: Record<string, string>): Partial<elb.ListenerArgs> =>
    Object.fromEntries(
        Object.entries(headers).flatMap(([name, value]) => (LISTENER_HEADERS[name.toLowerCase()] ? [[LISTENER_HEADERS[name.toLowerCase()], value]] : [])),
    );

/** ACM gives names and values with the root's trailing dot; Cloudflare stores them without. */
const bare = (name: string) => name.replace(/\.$/, "");

export function ecsFargate(parent: pulumi.Resource, name: string, args: ServiceSpec, p: EcsPlatform): BuiltService {
    const opts = { parent };
    const kept = { parent, protect: args.protect };
    const physical = args.physicalName;
    const short = boundedName(physical, 32); // load balancers

    // One Secrets Manager secret holds the service's secret variables as JSON keys; the task definition
    // names the exact version, so a new value is a new task definition and a rolling deployment.
    const secrets = args.env.filter((v) => v.secret);
    const store =
        secrets.length > 0
            ? new secretsmanager.Secret(
                  `${name}-secrets`,
                  {
                      name: `app-platform/${physical}`,
                      description: `Secret env of ${physical} (app-platform)`,
                      recoveryWindowInDays: args.protect ? 30 : 0,
                  },
                  kept,
              )
            : undefined;
    const version =
        store &&
        new secretsmanager.SecretVersion(
            `${name}-secrets`,
            {
                secretId: store.id,
                secretString: pulumi.secret(
                    pulumi.all(secrets.map((v) => v.value)).apply((values) => JSON.stringify(Object.fromEntries(secrets.map((v, i) => [v.name, values[i]])))),
                ),
            },
            opts,
        );

    const logs = new cloudwatch.LogGroup(`${name}-logs`, { name: `/app-platform/${physical}`, retentionInDays: args.logRetentionDays }, opts);
    const executionRole = new iam.Role(
        `${name}-execution`,
        { name: boundedName(`${physical}-execution`, 64), assumeRolePolicy: assumedBy("ecs-tasks.amazonaws.com") },
        opts,
    );
    new iam.RolePolicyAttachment(
        `${name}-execution`,
        { role: executionRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" },
        opts,
    );
    if (store) {
        new iam.RolePolicy(
            `${name}-read-secrets`,
            {
                role: executionRole.name,
                name: "read-secrets",
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: store.arn }],
                }),
            },
            opts,
        );
    }
    // The app's own role: no permissions until the app needs some.
    const taskRole = new iam.Role(`${name}-task`, { name: boundedName(`${physical}-task`, 64), assumeRolePolicy: assumedBy("ecs-tasks.amazonaws.com") }, opts);

    // Security groups and the target group are replaced when a ForceNew input changes (name, VPC,
    // description; port, protocol): the replacement is made before the old one goes, so a fixed name
    // would collide (InvalidGroup.Duplicate, "target group already exists"). The groups take the
    // provider's auto-names (a fresh suffix per replacement); the target group, whose 32 characters
    // leave no room for one, a name that changes exactly when it is replaced. Descriptions name no host.
    const lbGroup = new ec2.SecurityGroup(
        `${name}-lb`,
        {
            description: `HTTPS to the load balancer of ${physical}`,
            vpcId: p.vpcId,
            ingress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, ...anywhere },
                { protocol: "tcp", fromPort: 80, toPort: 80, ...anywhere },
            ],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, ...anywhere }],
        },
        opts,
    );
    // The tasks answer the load balancer only: no CIDR may reach them.
    const taskGroup = new ec2.SecurityGroup(
        `${name}-tasks`,
        {
            description: `${physical} tasks: from its load balancer only`,
            vpcId: p.vpcId,
            ingress: [{ protocol: "tcp", fromPort: args.port, toPort: args.port, securityGroups: [lbGroup.id] }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, ...anywhere }],
        },
        opts,
    );

    const certificate = new acm.Certificate(`${name}-cert`, { domainName: args.host, validationMethod: "DNS" }, opts);
    const challenge = certificate.domainValidationOptions.apply((o) => o[0]);
    const validationRecord = args.dns.record({
        placeholder: { name: `_acm-validation.${args.host}`, type: "CNAME" },
        name: challenge.apply((c) => bare(c.resourceRecordName)),
        type: challenge.apply((c) => c.resourceRecordType),
        content: challenge.apply((c) => bare(c.resourceRecordValue)),
        purpose: `ACM validation for ${args.host}`,
    });
    const validation = new acm.CertificateValidation(
        `${name}-cert`,
        {
            certificateArn: certificate.arn,
            validationRecordFqdns: [challenge.apply((c) => bare(c.resourceRecordName))],
        },
        { parent, dependsOn: [validationRecord] },
    );

    const lb = new elb.LoadBalancer(
        `${name}-lb`,
        {
            name: short,
            loadBalancerType: "application",
            subnets: p.publicSubnetIds,
            securityGroups: [lbGroup.id],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: args.protect,
        },
        kept,
    );
    const targets = new elb.TargetGroup(
        `${name}-targets`,
        {
            name: boundedName(
                `${physical}-${createHash("sha256")
                    .update(JSON.stringify([args.port, "HTTP", "ip", p.vpcId]))
                    .digest("hex")
                    .slice(0, 6)}`,
                32,
            ),
            port: args.port,
            protocol: "HTTP",
            targetType: "ip",
            vpcId: p.vpcId,
            deregistrationDelay: 30,
            healthCheck: { path: args.healthPath, matcher: "200-299", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
            ...(p.stickySessions ? { stickiness: { type: "lb_cookie", enabled: true, cookieDuration: 86400 } } : {}),
        },
        opts,
    );
    const https = new elb.Listener(
        `${name}-https`,
        {
            loadBalancerArn: lb.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            ...listenerHeaders(p.securityHeaders),
            certificateArn: validation.certificateArn,
            defaultActions: [{ type: "forward", targetGroupArn: targets.arn }],
        },
        opts,
    );
    new elb.Listener(
        `${name}-http`,
        {
            loadBalancerArn: lb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
        },
        opts,
    );
    args.dns.record({
        placeholder: { name: args.host, type: "CNAME" },
        name: args.host,
        type: "CNAME",
        content: lb.dnsName,
        purpose: `${args.host} → load balancer`,
    });

    const cluster = new ecs.Cluster(`${name}-cluster`, { name: physical, settings: [{ name: "containerInsights", value: "enabled" }] }, opts);
    const region = getRegionOutput({}, opts).region;
    // The env arrives sorted by name (the env contract's order). ECS drops a variable whose value is
    // empty and the provider compares what it sent, so one would replace the task definition (a
    // rolling deploy and a pre-start run) on every up (terraform-provider-aws #39533): it is left out
    // here, as ECS would (the config check refuses empty literals; this catches computed ones).
    const plain = args.env.filter((v) => !v.secret);
    const containerDefinitions = pulumi
        .all([logs.name, store?.arn, version?.versionId, region, pulumi.all(plain.map((v) => v.value))])
        .apply(([logGroup, arn, versionId, awsRegion, values]) =>
            JSON.stringify([
                {
                    name: CONTAINER,
                    image: args.image,
                    essential: true,
                    ...(args.command ? { command: args.command } : {}),
                    portMappings: [{ containerPort: args.port, protocol: "tcp" }],
                    // Names only, and where each secret lives: ECS reads the values when a task starts.
                    secrets: secrets.map((v) => ({ name: v.name, valueFrom: `${arn}:${v.name}::${versionId}` })),
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: { "awslogs-group": logGroup, "awslogs-region": awsRegion, "awslogs-stream-prefix": CONTAINER },
                    },
                    environment: plain.map((v, i) => ({ name: v.name, value: values[i] })).filter((e) => e.value !== ""),
                },
            ]),
        );
    const task = new ecs.TaskDefinition(
        `${name}-task`,
        {
            family: physical,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(p.cpu),
            memory: String(p.memoryMiB),
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            containerDefinitions,
        },
        opts,
    );

    // The pre-start command runs once per new task definition (image, env) with the service's network;
    // the service rolls only after it exited 0.
    const subnets = p.privateSubnetIds ?? p.publicSubnetIds;
    const publicTasks = p.privateSubnetIds === undefined;
    const before = args.beforeDeploy?.(task.arn, parent);
    const preStart =
        args.preStart &&
        new EcsRun(
            `${name}-prestart`,
            {
                region,
                cluster: cluster.arn,
                taskDefinition: task.arn,
                container: CONTAINER,
                command: args.preStart.command,
                subnets,
                securityGroups: taskGroup.id.apply((id) => [id]),
                assignPublicIp: publicTasks,
                timeoutMinutes: args.preStart.timeoutMinutes,
                pollSeconds: args.preStart.pollSeconds ?? 6,
            },
            { ...opts, dependsOn: before ? [before] : [] },
        );

    // Rolling: new tasks start beside the old (200%), old ones stop once the new pass the health
    // check (100% kept); a deployment that cannot get healthy rolls back. The up waits for steady state.
    const service = new ecs.Service(
        `${name}-service`,
        {
            name: physical,
            cluster: cluster.arn,
            taskDefinition: task.arn,
            desiredCount: args.instances.min,
            launchType: "FARGATE",
            networkConfiguration: {
                subnets,
                securityGroups: [taskGroup.id],
                assignPublicIp: publicTasks,
            },
            loadBalancers: [{ targetGroupArn: targets.arn, containerName: CONTAINER, containerPort: args.port }],
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            healthCheckGracePeriodSeconds: 60,
            propagateTags: "SERVICE",
            waitForSteadyState: true,
        },
        {
            ...kept,
            dependsOn: [https, ...(preStart ? [preStart] : []), ...(before ? [before] : [])],
            ignoreChanges: ["desiredCount"] /* the autoscaler owns it */,
        },
    );

    const scaling = new appautoscaling.Target(
        `${name}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
            minCapacity: args.instances.min,
            maxCapacity: args.instances.max,
        },
        opts,
    );
    new appautoscaling.Policy(
        `${name}-cpu`,
        {
            name: `${physical}-cpu`,
            policyType: "TargetTrackingScaling",
            serviceNamespace: scaling.serviceNamespace,
            scalableDimension: scaling.scalableDimension,
            resourceId: scaling.resourceId,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: p.cpuTargetPercent,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                scaleInCooldown: 300,
                scaleOutCooldown: 60,
            },
        },
        opts,
    );

    if (p.waf) ecsWaf(parent, name, physical, lb.arn, p.waf);
    if (args.alarms) {
        const targetsOf = { clusterName: cluster.name, serviceName: service.name, loadBalancer: lb.arnSuffix, targetGroup: targets.arnSuffix };
        ecsAlarms(parent, name, physical, targetsOf, args.alarms);
    }

    // What waits for the new version waits for ECS to serve it, not for the provider's word.
    const rollout = new EcsRollout(
        `${name}-rollout`,
        {
            region,
            cluster: cluster.arn,
            service: service.name,
            taskDefinition: task.arn,
            timeoutMinutes: 30,
            pollSeconds: 10,
        },
        { parent, dependsOn: [service] },
    );

    return { service: rollout, endpoint: lb.dnsName, secretStore: store ? store.arn.apply((a) => [a]) : pulumi.output([]) };
}
