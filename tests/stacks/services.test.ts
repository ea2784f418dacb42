// Backend services under mocks: seed 004's API on ECS Fargate behind a load balancer, seed 003's on
// Cloud Run with its pre-start job and Vertex AI; secrets only through the secret store, rotation
// reaching the service, the hosts' records and certificates, the uptime checks, the config checks.
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load, reveal } from "../helpers";
import type { ResourceRecord } from "../../inventory/mocks";

const one = (records: ResourceRecord[], type: string, name?: string) => {
    const found = records.filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.strictEqual(found.length, 1, `one ${type} ${name ?? ""}: ${found.map((r) => r.name)}`);
    return found[0];
};
const all = (records: ResourceRecord[], type: string) => records.filter((r) => r.type === type);
const ROTATION_DAY = new Date("2026-12-27T12:00:00Z"); // both fixtures' 90-day secrets roll over

describe("backend services under mocks", function () {
    this.timeout(120_000);

    it("seed 004 (smartduka): three tasks behind an Application Load Balancer, rolling deploys, /health on 3000, autoscaling 3-6, the migration before each roll", async () => {
        const { records } = await evaluate("smartduka");
        const service = one(records, "aws:ecs/service:Service").revealed as any;
        assert.deepStrictEqual(
            [
                service.launchType,
                service.desiredCount,
                service.deploymentMinimumHealthyPercent,
                service.deploymentMaximumPercent,
                service.deploymentCircuitBreaker,
                service.waitForSteadyState,
            ],
            ["FARGATE", 3, 100, 200, { enable: true, rollback: true }, true],
        );
        assert.deepStrictEqual(service.loadBalancers, [
            { targetGroupArn: `arn:aws:lb:af-south-1:123456789012:smartduka-api-targets`, containerName: "app", containerPort: 3000 },
        ]);
        // Tasks in the private subnets, no public IP; the load balancer in the public ones.
        assert.deepStrictEqual(service.networkConfiguration.subnets, ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]);
        assert.strictEqual(service.networkConfiguration.assignPublicIp, false);
        const lb = one(records, "aws:lb/loadBalancer:LoadBalancer");
        assert.deepStrictEqual(
            [(lb.revealed as any).subnets, (lb.revealed as any).loadBalancerType, lb.options.protect],
            [["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], "application", true],
        );
        const targets = one(records, "aws:lb/targetGroup:TargetGroup").revealed as any;
        assert.deepStrictEqual([targets.port, targets.targetType, targets.healthCheck.path], [3000, "ip", "/health"]);
        assert.deepStrictEqual(targets.stickiness, { type: "lb_cookie", enabled: true, cookieDuration: 86400 }, "Socket.IO's polling stays on one task");
        // The tasks admit the load balancer's group only; the load balancer admits the web.
        const tasks = one(records, "aws:ec2/securityGroup:SecurityGroup", "smartduka-api-tasks").revealed as any;
        assert.deepStrictEqual(tasks.ingress, [{ protocol: "tcp", fromPort: 3000, toPort: 3000, securityGroups: ["smartduka-api-lb-id"] }]);
        // Replaced create-before-delete when a ForceNew input changes (a port, a VPC): no fixed name that
        // would collide (the provider auto-names the groups; the target group's name changes with what
        // replaces it, within 32 characters), and no host in a description (a new host must not replace them).
        for (const r of all(records, "aws:ec2/securityGroup:SecurityGroup")) {
            assert.strictEqual((r.revealed as any).name, undefined, `${r.name} has a fixed name`);
            assert.doesNotMatch(String((r.revealed as any).description), /smartduka\.com/, `${r.name}'s description names the host`);
        }
        const named = async (port: number) =>
            (one((await evaluate("smartduka", (c) => (c["app-platform:services"].api.port = port))).records, "aws:lb/targetGroup:TargetGroup").revealed as any)
                .name;
        assert.match(targets.name, /^smartduka-production-api-[0-9a-f]{6}$/);
        assert.notStrictEqual(await named(3001), targets.name, "a new port, a new target group name");
        // What waits for the new version waits for ECS to serve it (the provider may call a rollback a success).
        const rollout = one(records, "pulumi-nodejs:dynamic/app-platform:EcsRollout").revealed as any;
        assert.deepStrictEqual([rollout.service, rollout.taskDefinition], [service.name, service.taskDefinition]);
        const listeners = all(records, "aws:lb/listener:Listener").map((l) => l.revealed as any);
        const https = listeners.find((l) => l.port === 443);
        assert.ok(https.certificateArn.startsWith("arn:aws:acm:"), "HTTPS with the validated certificate");
        assert.deepStrictEqual(listeners.find((l) => l.port === 80).defaultActions[0].redirect, { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" });
        const scaling = one(records, "aws:appautoscaling/target:Target").revealed as any;
        assert.deepStrictEqual([scaling.minCapacity, scaling.maxCapacity], [3, 6]);
        assert.strictEqual((one(records, "aws:appautoscaling/policy:Policy").revealed as any).targetTrackingScalingPolicyConfiguration.targetValue, 60);
        // Seed 004's migration runs once on each new task definition, on the service's network, before the service rolls.
        const preStart = one(records, "pulumi-nodejs:dynamic/app-platform:EcsRun").revealed as any;
        assert.deepStrictEqual(
            [preStart.command, preStart.container, preStart.subnets, preStart.assignPublicIp, preStart.taskDefinition],
            [["npm", "run", "migrate:prod"], "app", service.networkConfiguration.subnets, false, service.taskDefinition],
        );
        // The image as configured: deployed, never built.
        const [container] = JSON.parse((one(records, "aws:ecs/taskDefinition:TaskDefinition").revealed as any).containerDefinitions);
        assert.strictEqual(container.image, "123456789012.dkr.ecr.af-south-1.amazonaws.com/smartduka-api:1.4.2");
        assert.deepStrictEqual(container.portMappings, [{ containerPort: 3000, protocol: "tcp" }]);
    });

    it("seed 004: secrets only by reference to one Secrets Manager version; plain env in the task definition; the frontend reads the API's URL", async () => {
        const { records, inventory } = await evaluate("smartduka");
        const version = one(records, "aws:secretsmanager/secretVersion:SecretVersion");
        assert.strictEqual(version.inputs.secretString, "[secret]");
        const stored = JSON.parse(String(version.revealed.secretString)) as Record<string, string>;
        assert.deepStrictEqual(Object.keys(stored).sort(), [
            "JWT_SECRET",
            "JWT_SECRET_PREVIOUS",
            "MONGODB_URI",
            "MPESA_CONSUMER_KEY",
            "MPESA_CONSUMER_SECRET",
            "MPESA_PASSKEY",
            "REDIS_URL",
        ]);
        const task = one(records, "aws:ecs/taskDefinition:TaskDefinition");
        const definitions = String(task.revealed.containerDefinitions);
        for (const value of Object.values(stored)) assert.ok(!definitions.includes(value), "no secret value in the task definition");
        const [container] = JSON.parse(definitions);
        assert.deepStrictEqual(container.secrets.map((s: any) => s.name).sort(), Object.keys(stored).sort());
        for (const s of container.secrets) assert.match(s.valueFrom, new RegExp(`^arn:aws:secretsmanager:[^:]+:\\d{12}:.+:${s.name}::[0-9a-f-]{36}$`));
        assert.deepStrictEqual(
            container.environment.map((e: any) => `${e.name}=${e.name === "SENTRY_DSN" ? e.value.replace(/\/\/\w+@/, "//<key>@") : e.value}`),
            [
                "FRONTEND_URL=https://smartduka.com",
                "JWT_EXPIRES=7d",
                "MPESA_CALLBACK_URL=https://api.smartduka.com/payments/callback",
                "MPESA_ENV=production",
                "MPESA_SHORTCODE=4012345",
                "NODE_ENV=production",
                "PORT=3000",
                "SENTRY_DSN=https://<key>@o1000.ingest.sentry.io/" + container.environment.at(-1).value.split("/").pop(),
            ],
        );
        // The execution role reads exactly that secret.
        const policy = JSON.parse(String(one(records, "aws:iam/rolePolicy:RolePolicy", "smartduka-api-read-secrets").revealed.policy));
        assert.deepStrictEqual(policy.Statement[0].Action, "secretsmanager:GetSecretValue");
        const env = Object.fromEntries(
            all(records, "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable").map((r) => [r.revealed.key, r.revealed]),
        );
        for (const name of ["NEXT_PUBLIC_API_URL", "NEXT_PUBLIC_SOCKET_URL"])
            assert.deepStrictEqual([env[name].value, env[name].sensitive], ["https://api.smartduka.com", false]);
        // The outputs name sources and where secrets live, never values.
        const services = inventory.outputs.services as any;
        assert.deepStrictEqual([services.api.platform, services.api.url, services.api.instances], ["aws-ecs", "https://api.smartduka.com", { min: 3, max: 6 }]);
        assert.deepStrictEqual(
            services.api.env.find((e: any) => e.name === "JWT_SECRET"),
            { name: "JWT_SECRET", secret: true, source: "generated.jwtSecret" },
        );
        assert.ok(!JSON.stringify(inventory).includes(stored.JWT_SECRET), "the inventory never shows a secret");
    });

    it("seed 004: a rotation day stores a new secret version, so the task definition (a new revision) and the service change", async () => {
        const before = await evaluate("smartduka");
        const after = await evaluate("smartduka", undefined, ROTATION_DAY);
        const versionOf = (e: typeof before) => String((one(e.records, "aws:secretsmanager/secretVersion:SecretVersion").revealed as any).secretString);
        const taskOf = (e: typeof before) => String((one(e.records, "aws:ecs/taskDefinition:TaskDefinition").revealed as any).containerDefinitions);
        const serviceOf = (e: typeof before) => String((one(e.records, "aws:ecs/service:Service").revealed as any).taskDefinition);
        assert.notStrictEqual(versionOf(after), versionOf(before));
        const [was, now] = [before, after].map((e) => JSON.parse(versionOf(e)));
        assert.strictEqual(now.JWT_SECRET_PREVIOUS, was.JWT_SECRET, "the previous value stays valid for a period");
        assert.notStrictEqual(taskOf(after), taskOf(before));
        assert.notStrictEqual(serviceOf(after), serviceOf(before));
        const again = await evaluate("smartduka");
        assert.strictEqual(taskOf(again), taskOf(before), "no change without a rotation");
    });

    it("the hosts: api.<domain> CNAMEs (the load balancer's, published by the service; Cloud Run's fixed one), ACM's validation record, CAA for each platform's authority", async () => {
        const sd = await evaluate("smartduka");
        const records = all(sd.records, "cloudflare:index/dnsRecord:DnsRecord").map((r) => r.revealed as any);
        const api = records.find((r) => r.name === "api.smartduka.com");
        assert.deepStrictEqual([api.type, api.proxied], ["CNAME", false]);
        assert.match(api.content, /\.elb\.amazonaws\.com$/);
        const validation = records.find((r) => String(r.comment).includes("ACM validation"));
        assert.match(validation.name, /^_[0-9a-f]+\.api\.smartduka\.com$/, "without the root's trailing dot");
        assert.match(validation.content, /\.acm-validations\.aws$/);
        assert.deepStrictEqual(
            records.filter((r) => r.type === "CAA").map((r) => r.data.value),
            ["letsencrypt.org", "amazon.com"],
        );
        assert.deepStrictEqual(one(sd.records, "aws:acm/certificateValidation:CertificateValidation").revealed.validationRecordFqdns, [validation.name]);

        const rf = await evaluate("raptorflow");
        const rfRecords = all(rf.records, "cloudflare:index/dnsRecord:DnsRecord").map((r) => r.revealed as any);
        assert.deepStrictEqual(
            rfRecords.filter((r) => r.name === "api.raptorflow.com").map((r) => [r.type, r.content, r.proxied]),
            [["CNAME", "ghs.googlehosted.com", false]],
        );
        assert.deepStrictEqual(
            rfRecords.filter((r) => r.type === "CAA").map((r) => r.data.value),
            ["letsencrypt.org", "pki.goog"],
        );
        const mapping = one(rf.records, "gcp:cloudrun/domainMapping:DomainMapping").revealed as any;
        assert.deepStrictEqual(
            [mapping.name, mapping.spec.routeName, mapping.metadata.namespace],
            ["api.raptorflow.com", "raptorflow-production-api", "raptorflow-prod"],
        );
    });

    it("seed 003 (raptorflow): Cloud Run on 8000 with probes on /api/health, 2-10 instances, alembic as a pre-start job, Vertex AI through its own account", async () => {
        const { records } = await evaluate("raptorflow");
        const service = one(records, "gcp:cloudrunv2/service:Service");
        const spec = service.revealed as any;
        const [c] = spec.template.containers;
        assert.deepStrictEqual(
            [c.image, c.ports.containerPort, c.commands, c.args],
            ["asia-southeast1-docker.pkg.dev/raptorflow-prod/api/api:2.3.0", 8000, ["uvicorn"], ["main:app", "--host", "0.0.0.0", "--port", "8000"]],
        );
        assert.deepStrictEqual([c.startupProbe.httpGet.path, c.livenessProbe.httpGet.path], ["/api/health", "/api/health"]);
        assert.deepStrictEqual(spec.template.scaling, { minInstanceCount: 2, maxInstanceCount: 10 });
        assert.deepStrictEqual([spec.location, spec.deletionProtection, service.options.protect], ["asia-southeast1", true, true]);
        const job = one(records, "gcp:cloudrunv2/job:Job").revealed as any;
        const [jc] = job.template.template.containers;
        assert.deepStrictEqual(
            [jc.image, jc.commands, jc.args, job.template.template.maxRetries],
            [c.image, ["python"], ["-m", "alembic", "upgrade", "head"], 0],
        );
        assert.deepStrictEqual(jc.envs, c.envs, "the job runs with the service's env");
        assert.match(job.runExecutionToken, /^[0-9a-f]{12}$/);
        // Vertex AI: the API enabled, the role on the service's own account, and no key file anywhere.
        const account = one(records, "gcp:serviceaccount/account:Account").revealed as any;
        assert.strictEqual(spec.template.serviceAccount, `${account.accountId}@raptorflow-prod.iam.gserviceaccount.com`);
        assert.deepStrictEqual(
            all(records, "gcp:projects/service:Service")
                .map((r) => r.revealed.service)
                .sort(),
            ["aiplatform.googleapis.com", "monitoring.googleapis.com", "run.googleapis.com", "secretmanager.googleapis.com"],
            "Vertex AI, Cloud Run, Secret Manager, and Cloud Monitoring for the alert policies",
        );
        const vertex = one(records, "gcp:projects/iAMMember:IAMMember").revealed as any;
        assert.deepStrictEqual([vertex.role, vertex.member], ["roles/aiplatform.user", `serviceAccount:${spec.template.serviceAccount}`]);
        assert.deepStrictEqual(all(records, "gcp:serviceaccount/key:Key"), []);
        assert.deepStrictEqual(one(records, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember").revealed.member, "allUsers");
    });

    it("seed 003: each secret in Secret Manager, read by the service's account at a pinned version; the token reruns the job only when a deploy changes", async () => {
        const before = await evaluate("raptorflow");
        const [c] = (one(before.records, "gcp:cloudrunv2/service:Service").revealed as any).template.containers;
        const secretEnvs = c.envs.filter((e: any) => e.valueSource);
        assert.deepStrictEqual(secretEnvs.map((e: any) => e.name).sort(), [
            "DATABASE_URL",
            "INTERNAL_API_SECRET",
            "INTERNAL_API_SECRET_PREVIOUS",
            "PHONEPE_CLIENT_SECRET",
            "PHONEPE_WEBHOOK_PASSWORD",
            "PHONEPE_WEBHOOK_PASSWORD_PREVIOUS",
            "REDIS_URL",
            "RESEND_API_KEY",
            "SUPABASE_SERVICE_ROLE_KEY",
            "UPSTASH_REDIS_REST_TOKEN",
        ]);
        const versions = all(before.records, "gcp:secretmanager/secretVersion:SecretVersion");
        assert.strictEqual(versions.length, secretEnvs.length);
        for (const v of versions) assert.strictEqual(v.inputs.secretData, "[secret]");
        const values = versions.map((v) => String(v.revealed.secretData));
        const spec = JSON.stringify(c);
        for (const value of values) assert.ok(!spec.includes(value), "no secret value in the revision");
        for (const e of secretEnvs) assert.match(e.valueSource.secretKeyRef.version, /^\d+$/, `${e.name} pinned to a version, not latest`);
        assert.strictEqual(
            all(before.records, "gcp:secretmanager/secretIamMember:SecretIamMember").filter((m) => m.revealed.role === "roles/secretmanager.secretAccessor")
                .length,
            secretEnvs.length,
        );

        const tokenOf = (e: typeof before) => String((one(e.records, "gcp:cloudrunv2/job:Job").revealed as any).runExecutionToken);
        const versionOf = (e: typeof before, name: string) =>
            (one(e.records, "gcp:cloudrunv2/service:Service").revealed as any).template.containers[0].envs.find((x: any) => x.name === name).valueSource
                .secretKeyRef.version;
        assert.strictEqual(tokenOf(await evaluate("raptorflow")), tokenOf(before));
        const rotated = await evaluate("raptorflow", undefined, ROTATION_DAY);
        assert.notStrictEqual(
            versionOf(rotated, "INTERNAL_API_SECRET"),
            versionOf(before, "INTERNAL_API_SECRET"),
            "a rotated secret is a new version: a new revision",
        );
        assert.strictEqual(versionOf(rotated, "RESEND_API_KEY"), versionOf(before, "RESEND_API_KEY"));
        assert.notStrictEqual(tokenOf(rotated), tokenOf(before), "the new revision's env runs the pre-start job again");
        const image = await evaluate(
            "raptorflow",
            (c) => (c["app-platform:services"].api.image = c["app-platform:services"].api.image.replace("2.3.0", "2.3.1")),
        );
        assert.notStrictEqual(tokenOf(image), tokenOf(before), "a new image runs it again");
    });

    it("uptime checks watch each service's health path and the paths it names", async () => {
        // In registration order, which the engine does not promise: the set is what counts.
        const checks = (records: ResourceRecord[]) =>
            all(records, "checkly:index/check:Check")
                .map((r) => (r.revealed as any).request.url)
                // The services' hosts (api.<domain>), not GitHub's API that the database check reads.
                .filter((u: string) => u.includes("//api.") && !u.startsWith("https://api.github.com/"))
                .sort();
        assert.deepStrictEqual(checks((await evaluate("raptorflow")).records), [
            "https://api.raptorflow.com/api/health",
            "https://api.raptorflow.com/api/health/database",
            "https://api.raptorflow.com/api/health/redis",
            "https://api.raptorflow.com/api/payments/v2/health",
        ]);
        assert.deepStrictEqual(checks((await evaluate("smartduka")).records), ["https://api.smartduka.com/health"]);
    });

    it("the staging host of seed 004 (api-staging.) with one task: staging may run one, and the name stays within the load balancer's 32 characters", async () => {
        const { records, inventory } = await evaluate("smartduka", (c) => {
            c["app-platform:environment"] = "staging";
            c["app-platform:domains"] = { primary: "staging.smartduka.com" };
            c["app-platform:services"].api.host = "api-staging.smartduka.com";
            c["app-platform:services"].api.instances = { min: 1, max: 2 };
            // Staging takes Daraja's sandbox and its test shortcode.
            Object.assign(c["app-platform:payments"], { environment: "sandbox", shortcode: "174379" });
        });
        assert.strictEqual((inventory.outputs.services as any).api.url, "https://api-staging.smartduka.com");
        assert.strictEqual((one(records, "aws:ecs/service:Service").revealed as any).desiredCount, 1);
        assert.ok(String(one(records, "aws:lb/loadBalancer:LoadBalancer").revealed.name).length <= 32);
        assert.deepStrictEqual(one(records, "aws:lb/loadBalancer:LoadBalancer").options.protect, false);
    });

    it("config errors: each names its key and the fix", () => {
        const services = (c: any) => c["app-platform:services"].api;
        const noDns = configErrors(() => load("smartduka", (c) => delete c["app-platform:dns"]));
        assert.match(issueFor(noDns, "app-platform:services.api.host"), /needs the stack's Cloudflare zone .*configure app-platform:dns/);
        const e = configErrors(() =>
            load("smartduka", (c) => {
                Object.assign(services(c), {
                    image: "123456789012.dkr.ecr.af-south-1.amazonaws.com/smartduka-api:latest",
                    host: "smartduka.com",
                    instances: { min: 0, max: 6 },
                    memoryMiB: 3000,
                });
                services(c).env.SECRET_KEY = { value: "sk_live_0123456789abcdefghijklmn" };
                services(c).env.DB = { from: "atlas.url" };
            }),
        );
        assert.match(issueFor(e, "app-platform:services.api.image"), /latest names no particular build.*version tag or a digest/);
        assert.match(issueFor(e, "app-platform:services.api.host"), /smartduka\.com is the app's own domain.*api\.smartduka\.com/);
        assert.match(issueFor(e, "app-platform:services.api.instances.min"), /at least 1 task/);
        assert.match(issueFor(e, "app-platform:services.api.memoryMiB"), /3000 MiB does not fit 512 CPU units on Fargate: use 1024 to 4096 in steps of 1024/);
        assert.match(issueFor(e, "app-platform:services.api.env.SECRET_KEY.value"), /looks like .* in plaintext \(the value is not shown\)/);
        assert.ok(!e.message.includes("0123456789abcdefghijklmn"));
        assert.match(issueFor(e, "app-platform:services.api.env.DB.from"), /unknown source "atlas\.url"\. Did you mean atlas\.uri\?/);

        const run = configErrors(() =>
            load("raptorflow", (c) => {
                services(c).env.PORT = { value: "8000" };
                services(c).instances = { min: 5, max: 2 };
                c["app-platform:dns"].caa = ["letsencrypt.org"];
            }),
        );
        assert.match(issueFor(run, "app-platform:services.api.env.PORT"), /cloud-run sets PORT itself \(to the service's port, 8000\); remove it/);
        assert.match(issueFor(run, "app-platform:services.api.instances.min"), /5 is above instances\.max \(2\)/);
        assert.match(
            issueFor(run, "app-platform:dns.caa"),
            /cloud-run certificates come from pki\.goog and letsencrypt\.org; the zone's CAA does not allow pki\.goog: add it/,
        );
        const region = configErrors(() => load("raptorflow", (c) => void (services(c).region = "asia-south1")));
        assert.match(issueFor(region, "app-platform:services.api.region"), /a Cloud Run region with domain mappings: .*asia-southeast1/);
    });

    it("a stack without services exports an empty map and declares no service resources", async () => {
        const { records, inventory } = await evaluate("production");
        assert.deepStrictEqual(inventory.outputs.services, {});
        assert.deepStrictEqual(
            records.filter((r) => r.type.startsWith("gcp:") || r.type.startsWith("aws:ecs") || r.type === "app-platform:service:ApiService"),
            [],
        );
        assert.deepStrictEqual((await reveal((await evaluate("smartduka")).outputs.services)).secret, false, "the services output holds no secret");
    });
});
