// The policy pack, run by the SDK's own policy host against what the stacks really declare
// (from the inventory's evaluation) and against crafted violations of each rule.
import * as assert from "assert";
import { join } from "path";
import { evaluate, StackName, STACK_OF } from "../helpers";
import { AnalyzedResource, Diagnostic, fromRecords, PolicyHost, POLICY_DIR, startPolicyHost } from "../support/policyHost";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** The sentinel the engine sends for a string it cannot know during preview. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ALL_POLICIES = [
    "payment-keys-match-environment",
    "secret-env-vars-sensitive",
    "no-secrets-in-public-env-vars",
    "backup-bucket-versioned",
    "backup-bucket-encrypted",
    "backup-bucket-not-public",
    "backup-bucket-tls-only",
    "backup-retention-30-days",
    "stateful-resources-protected",
    "vercel-records-not-proxied",
    "scheduled-jobs-authorized",
    "webhook-urls-https",
    "production-migrations-backed-up",
    "production-monitored",
    "production-alarmed",
    "production-edge-protected",
    "services-not-public",
    "service-secrets-in-store",
    "production-services-redundant",
    "database-access-not-open",
    "production-database-backed-up",
];
const PRODUCTION_ONLY = [
    "stateful-resources-protected",
    "production-migrations-backed-up",
    "production-monitored",
    "production-alarmed",
    "production-edge-protected",
    "production-services-redundant",
    "database-access-not-open",
    "production-database-backed-up",
];
/** Policies that judge only stacks with backend services (or their Atlas database). */
const SERVICES_ONLY = [
    "services-not-public",
    "service-secrets-in-store",
    "production-services-redundant",
    "database-access-not-open",
    "production-database-backed-up",
];

interface Judgement {
    diagnostics: Diagnostic[];
    /** Policies that judged at least one resource (or the stack). */
    applied: Set<string>;
}

describe("policy pack (policy/, run by the SDK's policy host)", function () {
    this.timeout(120_000);
    let host: PolicyHost;
    const declared = new Map<StackName, AnalyzedResource[]>();

    before(async () => {
        host = await startPolicyHost();
        for (const name of ["staging", "production", "mystic", "dirtfree", "smartduka", "raptorflow"] as const) {
            declared.set(name, fromRecords(STACK_OF[name], (await evaluate(name)).records));
        }
    });
    after(() => host?.stop());

    /** Runs the pack as `pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json` would. */
    async function judge(stack: string, resources: AnalyzedResource[], opts: { config?: string; tags?: Record<string, string> } = {}): Promise<Judgement> {
        await host.configure(join(POLICY_DIR, "config", `${opts.config ?? stack}.json`));
        await host.configureStack(stack, opts.tags);
        const diagnostics: Diagnostic[] = [];
        const applied = new Set<string>();
        const record = (v: { diagnostics: Diagnostic[]; notApplicable: string[] }, candidates: string[]) => {
            diagnostics.push(...v.diagnostics);
            candidates.filter((p) => !v.notApplicable.includes(p)).forEach((p) => applied.add(p));
        };
        const policies = await host.policies();
        const resourcePolicies = policies.filter((p) => !p.stackPolicy).map((p) => p.name);
        for (const r of resources) record(await host.analyze(r), resourcePolicies);
        record(
            await host.analyzeStack(resources),
            policies.filter((p) => p.stackPolicy).map((p) => p.name),
        );
        return { diagnostics, applied };
    }

    /** A deep copy of a stack's resources, changed by `change`. */
    function crafted(name: StackName, change: (resources: AnalyzedResource[]) => AnalyzedResource[] | void): AnalyzedResource[] {
        const copy = JSON.parse(JSON.stringify(declared.get(name))) as AnalyzedResource[];
        return change(copy) ?? copy;
    }
    const find = (resources: AnalyzedResource[], type: string, name?: string | RegExp) => {
        const r = resources.find((x) => x.type === type && (name === undefined || (typeof name === "string" ? x.name === name : name.test(x.name))));
        assert.ok(r, `no ${type} ${name ?? ""}`);
        return r;
    };
    /** Sets a property, keeping Pulumi's secret envelope when the property has one. */
    const set = (r: AnalyzedResource, key: string, value: unknown) => {
        const current = r.props[key] as Record<string, unknown> | undefined;
        if (current && typeof current === "object" && SECRET_SIG in current) current.value = value;
        else r.props[key] = value;
    };
    const envVar = (resources: AnalyzedResource[], key: string) =>
        find(resources, "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable", new RegExp(`-env-${key}$`));

    /** Expects violations of exactly one policy; returns them. */
    function only(j: Judgement, policy: string): Diagnostic[] {
        assert.deepStrictEqual([...new Set(j.diagnostics.map((d) => d.policy))], [policy], JSON.stringify(j.diagnostics, null, 1));
        for (const d of j.diagnostics) assert.match(d.message, /Fix: \S/, `${policy} must say how to fix it: ${d.message}`);
        return j.diagnostics;
    }

    it("serves every policy, mandatory unless a stack's config says otherwise", async () => {
        const policies = await host.policies();
        assert.deepStrictEqual(
            policies.map((p) => p.name),
            ALL_POLICIES,
        );
        for (const p of policies) {
            assert.strictEqual(p.level, "mandatory", p.name);
            assert.ok(p.description.length > 20, p.name);
        }
    });

    for (const name of ["production", "staging", "mystic", "dirtfree", "smartduka", "raptorflow"] as const) {
        it(`passes the ${name} stack, with each policy that concerns it applied`, async () => {
            const j = await judge(STACK_OF[name], declared.get(name)!);
            if (name === "dirtfree") {
                // The fixture keeps staging's daily dumps 14 days: below the floor, reported without blocking.
                const [d] = only(j, "backup-retention-30-days");
                assert.strictEqual(d.level, "advisory");
                assert.match(d.message, /lifecycle rule "expire-daily" deletes backups after 14 days/);
                return;
            }
            assert.deepStrictEqual(j.diagnostics, []);
            if (name === "production") assert.deepStrictEqual([...j.applied].sort(), ALL_POLICIES.filter((p) => !SERVICES_ONLY.includes(p)).sort());
            if (name === "staging")
                assert.deepStrictEqual([...j.applied].sort(), ALL_POLICIES.filter((p) => !PRODUCTION_ONLY.includes(p) && !SERVICES_ONLY.includes(p)).sort());
            // Cloud Run has no security groups: its own front end is the only way in.
            // Cloud Run has no security groups; seed 003 keeps its data in Supabase, not Atlas.
            const ATLAS = ["database-access-not-open", "production-database-backed-up"];
            if (name === "smartduka" || name === "raptorflow")
                SERVICES_ONLY.filter((p) => name === "smartduka" || (p !== "services-not-public" && !ATLAS.includes(p))).forEach((p) =>
                    assert.ok(j.applied.has(p), `${name}: ${p}`),
                );
            if (name === "mystic")
                ["payment-keys-match-environment", "stateful-resources-protected", "webhook-urls-https"].forEach((p) => assert.ok(j.applied.has(p), p));
        });
    }

    it("flags a production stack given a rzp_test_ key (mandatory), without printing the key", async () => {
        const key = "rzp_test_LeakedKey12345";
        const j = await judge(
            "production",
            crafted("production", (rs) => set(envVar(rs, "RAZORPAY_KEY_ID"), "value", key)),
        );
        const [d] = only(j, "payment-keys-match-environment");
        assert.strictEqual(j.diagnostics.length, 1);
        assert.strictEqual(d.level, "mandatory");
        assert.match(d.message, /RAZORPAY_KEY_ID \(Vercel production\) holds a test-mode payment key \(rzp_test_…\) in the production stack/);
        assert.match(d.message, /live/);
        assert.ok(!d.message.includes(key) && !d.message.includes("LeakedKey"));
    });

    it("flags a staging stack given a live key (advisory there)", async () => {
        const j = await judge(
            "staging",
            crafted("staging", (rs) => set(envVar(rs, "NEXT_PUBLIC_RAZORPAY_KEY_ID"), "value", "rzp_live_RealMoney0001")),
        );
        const [d] = only(j, "payment-keys-match-environment");
        assert.strictEqual(d.level, "advisory");
        assert.match(d.message, /holds a live-mode payment key \(rzp_live_…\) in the staging stack.*Fix: .*test key/);
    });

    it("flags the Stripe webhook registered with a test key in production", async () => {
        const j = await judge(
            "production",
            crafted("mystic", (rs) => set(find(rs, "pulumi-nodejs:dynamic/app-platform:StripeWebhook"), "apiKey", "sk_test_Wrong000000000")),
            { config: "production" },
        );
        assert.match(only(j, "payment-keys-match-environment")[0].message, /the Stripe webhook's API key holds a test-mode payment key \(sk_test_…\)/);
    });

    it("flags a public backup bucket", async () => {
        const j = await judge(
            "production",
            crafted("production", (rs) => {
                const block = find(rs, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
                for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) block.props[k] = false;
            }),
        );
        const [d] = only(j, "backup-bucket-not-public");
        assert.match(
            d.message,
            /^bucket ecoo-production-backups: public access is not fully blocked \(blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets off\)/,
        );
    });

    it("flags a bucket policy or ACL that opens the bucket to everyone", async () => {
        const j = await judge(
            "production",
            crafted("production", (rs) => {
                const policy = find(rs, "aws:s3/bucketPolicy:BucketPolicy");
                const doc = JSON.parse(policy.props.policy as string);
                doc.Statement.push({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::ecoo-production-backups/*" });
                policy.props.policy = JSON.stringify(doc);
                rs.push({
                    ...find(rs, "aws:s3/bucketOwnershipControls:BucketOwnershipControls"),
                    type: "aws:s3/bucketAcl:BucketAcl",
                    name: "public-acl",
                    urn: "urn:pulumi:production::app-platform::aws:s3/bucketAcl:BucketAcl::public-acl",
                    props: { bucket: "ecoo-backups-id", acl: "public-read" },
                });
            }),
        );
        const messages = only(j, "backup-bucket-not-public").map((d) => d.message);
        assert.ok(
            messages.some((m) => /ACL "public-read" makes objects public/.test(m)),
            messages.join("\n"),
        );
        assert.ok(
            messages.some((m) => /bucket policy allows everyone/.test(m)),
            messages.join("\n"),
        );
    });

    it("flags a bucket without versioning, with its own message", async () => {
        const j = await judge(
            "production",
            crafted("production", (rs) => rs.filter((r) => r.type !== "aws:s3/bucketVersioning:BucketVersioning")),
        );
        const [d] = only(j, "backup-bucket-versioned");
        assert.match(d.message, /^bucket ecoo-production-backups: has no versioning.*Fix: add an aws\.s3\.BucketVersioning with status "Enabled"/);
        const suspended = await judge(
            "staging",
            crafted("staging", (rs) => {
                (find(rs, "aws:s3/bucketVersioning:BucketVersioning").props.versioningConfiguration as { status: string }).status = "Suspended";
            }),
        );
        assert.match(only(suspended, "backup-bucket-versioned")[0].message, /versioning is "Suspended"/);
    });

    it("flags an unencrypted bucket, a bucket that accepts plain HTTP, and retention under 30 days", async () => {
        const unencrypted = await judge(
            "production",
            crafted("production", (rs) => rs.filter((r) => !r.type.includes("bucketServerSideEncryption"))),
        );
        assert.match(only(unencrypted, "backup-bucket-encrypted")[0].message, /has no default encryption/);
        const plain = await judge(
            "production",
            crafted("production", (rs) => {
                find(rs, "aws:s3/bucketPolicy:BucketPolicy").props.policy = JSON.stringify({ Version: "2012-10-17", Statement: [] });
            }),
        );
        assert.match(only(plain, "backup-bucket-tls-only")[0].message, /does not refuse plain-HTTP requests.*aws:SecureTransport/);
        const short = await judge(
            "production",
            crafted("production", (rs) => {
                const rules = find(rs, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").props.rules as any[];
                rules[0].expiration.days = 7;
                rules[2].noncurrentVersionExpiration.noncurrentDays = 1;
            }),
        );
        const messages = only(short, "backup-retention-30-days").map((d) => d.message);
        assert.deepStrictEqual(messages.length, 2);
        assert.match(
            messages[0],
            /lifecycle rule "expire-daily" deletes backups after 14 days \(7 current \+ 7 as a prior version\).*expireDays to at least 30/,
        );
        assert.match(messages[1], /lifecycle rule "expire-noncurrent-versions" deletes overwritten versions after 1 days.*at least 7/);
    });

    it("flags an unprotected stateful resource in production only", async () => {
        const unprotect = (rs: AnalyzedResource[]) => void (find(rs, "upstash:index/redisDatabase:RedisDatabase").protect = false);
        const j = await judge("production", crafted("production", unprotect));
        assert.match(
            only(j, "stateful-resources-protected")[0].message,
            /^the Redis database \(ecoo-redis\) is not protected.*pulumi state protect 'urn:pulumi:production::app-platform::upstash:index\/redisDatabase:RedisDatabase::ecoo-redis'/,
        );
        assert.deepStrictEqual((await judge("staging", crafted("staging", unprotect))).diagnostics, []);
    });

    it("flags production's GitHub environment or branch rule left unprotected: deleting either lifts a gate", async () => {
        for (const [type, what] of [
            ["github:index/repositoryEnvironment:RepositoryEnvironment", "the GitHub environment \\(its required reviewers\\)"],
            ["github:index/branchProtection:BranchProtection", "the production branch's rule"],
        ]) {
            const j = await judge(
                "production",
                crafted("production", (rs) => void (find(rs, type).protect = false)),
            );
            assert.match(only(j, "stateful-resources-protected")[0].message, new RegExp(`^${what} \\(ecoo-github(-main)?\\) is not protected`));
        }
    });

    it("reads the environment from the app-platform:environment stack tag when the stack's name does not say", async () => {
        const renamed = (stack: string) =>
            crafted("production", (rs) => {
                for (const r of rs) r.urn = r.urn.replace("urn:pulumi:production::", `urn:pulumi:${stack}::`);
                find(rs, "upstash:index/redisDatabase:RedisDatabase").protect = false;
            });
        const untagged = await judge("eu-1", renamed("eu-1"), { config: "production" });
        assert.deepStrictEqual(untagged.diagnostics, []);
        assert.ok(!untagged.applied.has("stateful-resources-protected"));
        const tagged = await judge("eu-1", renamed("eu-1"), { config: "production", tags: { "app-platform:environment": "production" } });
        assert.strictEqual(only(tagged, "stateful-resources-protected").length, 1);
        const byName = await judge("acme-prod", renamed("acme-prod"), { config: "production" });
        assert.strictEqual(only(byName, "stateful-resources-protected").length, 1);
    });

    it("flags a Vercel-pointing record proxied through Cloudflare", async () => {
        const j = await judge(
            "production",
            crafted("production", (rs) => void (find(rs, "cloudflare:index/dnsRecord:DnsRecord", "ecoo-dns-www.ecoo.com").props.proxied = true)),
        );
        assert.match(only(j, "vercel-records-not-proxied")[0].message, /^CNAME www\.ecoo\.com → cname\.vercel-dns\.com is proxied.*Fix: set proxied: false/);
    });

    it("flags a scheduled job without an Authorization header, or over plain http", async () => {
        const j = await judge(
            "production",
            crafted("production", (rs) => {
                const job = find(rs, "upstash:index/qStashScheduleV2:QStashScheduleV2");
                set(job, "forwardHeaders", {});
                job.props.destination = "http://ecoo.com/api/cron/retry-emails";
            }),
        );
        const messages = only(j, "scheduled-jobs-authorized").map((d) => d.message);
        assert.match(messages[0], /sends no Authorization: Bearer <secret> header.*app-platform:crons/);
        assert.match(messages[1], /is not https, so its bearer token would travel in clear text/);
    });

    it("decides a scheduled job's Authorization in preview, when the cron secret is not known yet (first preview, rotation day)", async () => {
        // The header's value is computed (a new secret): the check passes on its name, and is mandatory, not "can't run".
        const pending = await judge(
            "production",
            crafted("production", (rs) =>
                set(find(rs, "upstash:index/qStashScheduleV2:QStashScheduleV2"), "forwardHeaders", { Authorization: UNKNOWN_STRING }),
            ),
        );
        assert.deepStrictEqual(pending.diagnostics, []);
        const none = await judge(
            "production",
            crafted("production", (rs) => set(find(rs, "upstash:index/qStashScheduleV2:QStashScheduleV2"), "forwardHeaders", { "X-Cron": UNKNOWN_STRING })),
        );
        const [violation] = only(none, "scheduled-jobs-authorized");
        assert.match(violation.message, /sends no Authorization: Bearer <secret> header/);
        assert.strictEqual(violation.level, "mandatory");
    });

    it("flags production without uptime checks or an alert channel, and a check that alerts no one (production only)", async () => {
        const isMonitoring = (r: AnalyzedResource) => r.type.startsWith("checkly:");
        const bare = await judge(
            "production",
            crafted("production", (rs) => rs.filter((r) => !isMonitoring(r))),
        );
        const messages = only(bare, "production-monitored").map((d) => d.message);
        assert.match(messages[0], /^production has no uptime check, so an outage goes unnoticed.*Fix: declare app-platform:monitoring/);
        assert.match(messages[1], /^production has no alert channel, so a failing check tells no one/);
        const silent = await judge(
            "production",
            crafted("production", (rs) => {
                find(rs, "checkly:index/check:Check", "ecoo-checks-uptime-home").props.alertChannelSubscriptions = [];
            }),
        );
        assert.match(only(silent, "production-monitored")[0].message, /^check ecoo-checks-uptime-home alerts no channel/);
        assert.deepStrictEqual(
            (
                await judge(
                    "staging",
                    crafted("staging", (rs) => rs.filter((r) => !isMonitoring(r))),
                )
            ).diagnostics,
            [],
        );
    });

    it("flags a production service or Atlas cluster without its platform's alarms, an alarm that notifies no one, and checks without an availability objective", async () => {
        const alarmTypes = ["aws:cloudwatch/metricAlarm:MetricAlarm", "mongodbatlas:index/alertConfiguration:AlertConfiguration"];
        const bare = await judge(
            "production",
            crafted("smartduka", (rs) => rs.filter((r) => !alarmTypes.includes(r.type))),
        );
        assert.deepStrictEqual(
            only(bare, "production-alarmed").map((d) => d.message.split(",")[0]),
            [
                "ECS service smartduka-production-api has no CPUUtilization alarm",
                "ECS service smartduka-production-api has no MemoryUtilization alarm",
                "Atlas cluster smartduka-atlas has no alert configuration",
            ],
        );
        const silent = await judge(
            "production",
            crafted("smartduka", (rs) => {
                find(rs, "aws:cloudwatch/metricAlarm:MetricAlarm", "smartduka-api-cpu").props.alarmActions = [];
            }),
        );
        assert.match(only(silent, "production-alarmed")[0].message, /^alarm smartduka-api-cpu notifies no one \(no alarmActions\)/);
        const cloudRun = await judge(
            "production",
            crafted("raptorflow", (rs) => rs.filter((r) => !(r.type === "gcp:monitoring/alertPolicy:AlertPolicy" && /-memory$/.test(r.name)))),
        );
        assert.match(only(cloudRun, "production-alarmed")[0].message, /^Cloud Run service raptorflow-production-api has no memory alert policy/);
        const untagged = await judge(
            "production",
            crafted("production", (rs) => {
                for (const r of rs.filter((x) => x.type === "checkly:index/check:Check")) r.props.tags = ["ecoo", "production"];
            }),
        );
        assert.match(only(untagged, "production-alarmed")[0].message, /^no uptime check carries an availability objective/);
        const staging = crafted("smartduka", (rs) => rs.filter((r) => !alarmTypes.includes(r.type))).map((r) => ({
            ...r,
            urn: r.urn.replace("urn:pulumi:production::", "urn:pulumi:staging::"),
        }));
        assert.deepStrictEqual(
            (await judge("staging", staging)).diagnostics.filter((d) => d.policy === "production-alarmed"),
            [],
        );
    });

    it("flags production's front doors without a limit: a proxied host without a rate rule, a Vercel project without one, a load balancer without WAF", async () => {
        const pages = await judge(
            "production",
            crafted("mystic", (rs) => rs.filter((r) => !(r.type === "cloudflare:index/ruleset:Ruleset" && r.name === "mystic-edge-rate-limit"))),
        );
        assert.match(
            only(pages, "production-edge-protected")[0].message,
            /^mystic-ecom\.com is proxied through Cloudflare without a rate-limiting rule.*Fix: /,
        );
        const vercel = await judge(
            "production",
            crafted("production", (rs) => rs.filter((r) => r.type !== "vercel:index/firewallConfig:FirewallConfig")),
        );
        assert.match(only(vercel, "production-edge-protected")[0].message, /^Vercel project ecoo has no rate-limit rule in its firewall/);
        const ecs = await judge(
            "production",
            crafted("smartduka", (rs) => rs.filter((r) => r.type !== "aws:wafv2/webAclAssociation:WebAclAssociation")),
        );
        assert.match(only(ecs, "production-edge-protected")[0].message, /^load balancer smartduka-api-lb has no WAF web ACL/);
        const staging = crafted("smartduka", (rs) => rs.filter((r) => r.type !== "aws:wafv2/webAclAssociation:WebAclAssociation")).map((r) => ({
            ...r,
            urn: r.urn.replace("urn:pulumi:production::", "urn:pulumi:staging::"),
        }));
        assert.deepStrictEqual(
            (await judge("staging", staging)).diagnostics.filter((d) => d.policy === "production-edge-protected"),
            [],
        );
    });

    it("flags an ECS service without a load balancer, and a security group open to the internet beyond 80/443", async () => {
        const j = await judge(
            "production",
            crafted("smartduka", (rs) => {
                find(rs, "aws:ecs/service:Service").props.loadBalancers = [];
                (find(rs, "aws:ec2/securityGroup:SecurityGroup", "smartduka-api-tasks").props.ingress as any[]).push({
                    protocol: "tcp",
                    fromPort: 3000,
                    toPort: 3000,
                    cidrBlocks: ["0.0.0.0/0"],
                });
            }),
        );
        const messages = only(j, "services-not-public")
            .map((d) => d.message)
            .sort();
        assert.strictEqual(messages.length, 2);
        assert.match(messages[0], /^ECS service smartduka-api-service has no load balancer/);
        assert.match(messages[1], /^security group smartduka-api-tasks admits 0\.0\.0\.0\/0 on port 3000, which bypasses the load balancer/);
    });

    it("flags a secret in a service's plain environment (ECS task definition, Cloud Run revision), without printing it", async () => {
        const token = "sk_live_ServiceLeak000000001";
        const ecs = await judge(
            "production",
            crafted("smartduka", (rs) => {
                const task = find(rs, "aws:ecs/taskDefinition:TaskDefinition");
                const containers = JSON.parse(task.props.containerDefinitions as string);
                containers[0].environment.push({ name: "JWT_SECRET", value: "plain-jwt-secret" }, { name: "BILLING", value: token });
                task.props.containerDefinitions = JSON.stringify(containers);
            }),
        );
        const messages = only(ecs, "service-secrets-in-store").map((d) => d.message);
        assert.deepStrictEqual(
            messages.map((m) => m.split(" ")[0]),
            ["JWT_SECRET", "BILLING"],
        );
        assert.match(messages[1], /^BILLING of smartduka-api-task is plain environment but holds a Stripe secret key.*Fix: map it from a secret source/);
        assert.ok(messages.every((m) => !m.includes("ServiceLeak") && !m.includes("plain-jwt-secret")));
        const run = await judge(
            "production",
            crafted("raptorflow", (rs) => {
                ((find(rs, "gcp:cloudrunv2/service:Service").props.template as any).containers[0].envs as any[]).push({
                    name: "DATABASE_PASSWORD",
                    value: "hunter2",
                });
            }),
        );
        assert.match(
            only(run, "service-secrets-in-store")[0].message,
            /^DATABASE_PASSWORD of raptorflow-api-service is plain environment but is named like a secret/,
        );
    });

    it("flags a production service with one instance (ECS tasks, autoscaling floor, Cloud Run minimum), not a staging one", async () => {
        const single = (stack: "smartduka" | "raptorflow") =>
            crafted(stack, (rs) => {
                for (const r of rs) {
                    if (r.type === "aws:ecs/service:Service") r.props.desiredCount = 1;
                    if (r.type === "aws:appautoscaling/target:Target") r.props.minCapacity = 1;
                    if (r.type === "gcp:cloudrunv2/service:Service") (r.props.template as any).scaling.minInstanceCount = 1;
                }
            });
        const ecs = only(await judge("production", single("smartduka")), "production-services-redundant").map((d) => d.message);
        assert.deepStrictEqual(ecs.map((m) => m.split(" ")[0]).sort(), ["smartduka-api-scaling", "smartduka-api-service"]);
        assert.match(ecs[0], /keeps 1 instance\(s\) in production.*Fix: set app-platform:services\.<name>\.instances\.min to 2/);
        assert.strictEqual(only(await judge("production", single("raptorflow")), "production-services-redundant").length, 1);
        const staging = (rs: AnalyzedResource[]) => rs.map((r) => ({ ...r, urn: r.urn.replace("urn:pulumi:production::", "urn:pulumi:staging::") }));
        assert.deepStrictEqual(
            (await judge("staging", staging(single("smartduka")))).diagnostics.filter((d) => d.policy === "production-services-redundant"),
            [],
        );
    });

    it("flags an Atlas access list open to the internet and a cluster without point-in-time restore, in production only", async () => {
        const open = crafted("smartduka", (rs) => {
            find(rs, "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList").props.cidrBlock = "0.0.0.0/0";
            find(rs, "mongodbatlas:index/advancedCluster:AdvancedCluster").props.pitEnabled = false;
        });
        const j = await judge("production", open);
        assert.deepStrictEqual(j.diagnostics.map((d) => d.policy).sort(), ["database-access-not-open", "production-database-backed-up"]);
        assert.match(
            j.diagnostics.find((d) => d.policy === "database-access-not-open")!.message,
            /^Atlas access list entry smartduka-atlas-access-nat-[0-9a-f]{17} admits 0\.0\.0\.0\/0.*Fix: list the API's egress/,
        );
        assert.match(j.diagnostics.find((d) => d.policy === "production-database-backed-up")!.message, /no point-in-time restore \(pitEnabled\).*Fix: /);
        const staging = open.map((r) => ({ ...r, urn: r.urn.replace("urn:pulumi:production::", "urn:pulumi:staging::") }));
        assert.deepStrictEqual(
            (await judge("staging", staging)).diagnostics.filter((d) => d.policy.includes("database")),
            [],
        );
    });

    it("flags M-Pesa's sandbox and PhonePe's UAT in production: a service's env and the C2B registration", async () => {
        const mpesa = await judge(
            "production",
            crafted("smartduka", (rs) => {
                const task = find(rs, "aws:ecs/taskDefinition:TaskDefinition");
                const containers = JSON.parse(task.props.containerDefinitions as string);
                for (const v of containers[0].environment) if (v.name === "MPESA_ENV") v.value = "sandbox";
                task.props.containerDefinitions = JSON.stringify(containers);
                find(rs, "pulumi-nodejs:dynamic/app-platform:MpesaC2bUrls").props.shortCode = "174379";
            }),
        );
        const messages = only(mpesa, "payment-keys-match-environment")
            .map((d) => d.message)
            .sort();
        assert.deepStrictEqual(
            messages.map((m) => m.split(" ")[0]),
            ["MPESA_ENV=sandbox", "MPESA_SHORTCODE=174379"],
        );
        assert.match(
            messages[0],
            /belongs to the sandbox \(M-Pesa\) or UAT \(PhonePe\), not the production stack\. Fix: set app-platform:payments\.environment to production/,
        );
        const phonepe = await judge(
            "production",
            crafted("raptorflow", (rs) => {
                const envs = (find(rs, "gcp:cloudrunv2/service:Service").props.template as any).containers[0].envs as { name: string; value?: string }[];
                envs.find((e) => e.name === "PHONEPE_ENV")!.value = "SANDBOX";
            }),
        );
        assert.match(only(phonepe, "payment-keys-match-environment")[0].message, /^PHONEPE_ENV=SANDBOX \(raptorflow-api-service\)/);
    });

    it("flags a webhook registered at an http URL", async () => {
        const j = await judge(
            "staging",
            crafted("dirtfree", (rs) => {
                find(rs, "pulumi-nodejs:dynamic/app-platform:TwilioWebhook").props.statusCallback = "http://dirtfree.example/api/sms/status";
                (find(rs, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").props.rules as any[])[0].expiration.days = 30;
            }),
        );
        assert.match(only(j, "webhook-urls-https")[0].message, /^TwilioWebhook .*: statusCallback http:\/\/dirtfree\.example\/api\/sms\/status is not https/);
    });

    it("flags production migrations without a pre-migration backup, also under the SDK's shared dynamic type token", async () => {
        const j = await judge(
            "production",
            crafted("production", (rs) => void (find(rs, "pulumi-nodejs:dynamic/app-platform:Migrations").props.backup = null)),
        );
        assert.match(only(j, "production-migrations-backed-up")[0].message, /no pre-migration backup.*Fix: set app-platform:migrations\.backup: true/);
        const generic = await judge(
            "production",
            crafted("production", (rs) => {
                const m = find(rs, "pulumi-nodejs:dynamic/app-platform:Migrations");
                m.type = "pulumi-nodejs:dynamic:Resource";
                m.props.backup = null;
            }),
        );
        assert.strictEqual(only(generic, "production-migrations-backed-up").length, 1);
        assert.deepStrictEqual(
            (
                await judge(
                    "staging",
                    crafted("staging", (rs) => void (find(rs, "pulumi-nodejs:dynamic/app-platform:Migrations").props.backup = null)),
                )
            ).diagnostics,
            [],
        );
    });

    it("flags a secret env var that is not sensitive, by name or by value, without printing it", async () => {
        const url = "postgresql://postgres:hunter2hunter2@db.ecoo.supabase.co:5432/postgres";
        const j = await judge(
            "production",
            crafted("production", (rs) => {
                envVar(rs, "RESEND_API_KEY").props.sensitive = false;
                const admin = envVar(rs, "ADMIN_EMAIL");
                set(admin, "value", url);
            }),
        );
        const messages = only(j, "secret-env-vars-sensitive")
            .map((d) => d.message)
            .sort();
        assert.match(messages[0], /^ADMIN_EMAIL \(Vercel production\) holds a connection string with a password but is not marked sensitive/);
        assert.match(
            messages[1],
            /^RESEND_API_KEY \(Vercel production\) is named like a secret but is not marked sensitive.*Fix: store the value with pulumi config set --secret/,
        );
        assert.ok(messages.every((m) => !m.includes("hunter2")));
    });

    it("flags a secret in a browser-public variable (Vercel and Cloudflare Pages)", async () => {
        const serviceRole = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ role: "service_role" })).toString("base64url")}.sig`;
        const vercel = await judge(
            "production",
            crafted("production", (rs) => set(envVar(rs, "NEXT_PUBLIC_SUPABASE_ANON_KEY"), "value", serviceRole)),
        );
        assert.match(
            only(vercel, "no-secrets-in-public-env-vars")[0].message,
            /^NEXT_PUBLIC_SUPABASE_ANON_KEY \(Vercel production\) is public .* holds a Supabase service-role key.*Fix: rename it without NEXT_PUBLIC_/,
        );
        const pages = await judge(
            "production",
            crafted("mystic", (rs) => {
                const project = find(rs, "cloudflare:index/pagesProject:PagesProject");
                // The whole block travels as one secret: it holds secret values.
                const envVars = (project.props.deploymentConfigs as any).value.production.envVars;
                envVars.PUBLIC_STRIPE_SECRET = { ...envVars.STRIPE_SECRET_KEY };
            }),
        );
        assert.match(
            only(pages, "no-secrets-in-public-env-vars")[0].message,
            /^PUBLIC_STRIPE_SECRET \(Cloudflare Pages production\) is public .* holds a Stripe secret key/,
        );
    });

    it("judges values computed during preview as unknown instead of failing", async () => {
        const j = await judge(
            "production",
            crafted("production", (rs) => {
                set(envVar(rs, "WEBHOOK_SECRET"), "value", UNKNOWN_STRING);
                find(rs, "aws:s3/bucketPolicy:BucketPolicy").props.policy = UNKNOWN_STRING;
            }),
        );
        assert.deepStrictEqual(j.diagnostics, []);
    });
});
