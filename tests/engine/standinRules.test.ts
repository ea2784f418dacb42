// The stand-ins' provider behaviour, rule by rule, against what the program declared before and after
// the first-contact fixes: each rule would have caught the defect (the lifecycle runs them for real).
import * as assert from "assert";
import { changedInputs, INVOKES, Props, RULES } from "./standins/rules";

const rule = (type: string) => RULES[type];
/** What the stand-in's diff reports for a config, after a create stored (and read back) `stored`. */
function diffs(type: string, inputs: Props, stored = inputs): string[] {
    const r = rule(type);
    const state = r.readBack ? r.readBack({ ...stored }) : stored;
    return changedInputs(r, Object.keys(state), state, inputs, () => false);
}

describe("stand-in provider behaviour (rules.ts)", () => {
    it("ECS stores containers without empty-valued variables, and the provider's comparison does not forgive it", () => {
        const td = "aws:ecs/taskDefinition:TaskDefinition";
        const containers = (env: { name: string; value: string }[]) =>
            JSON.stringify([
                { name: "app", image: "api:1", essential: true, portMappings: [{ containerPort: 3000, protocol: "tcp" }], secrets: [], environment: env },
            ]);
        assert.deepStrictEqual(
            diffs(td, {
                family: "f",
                containerDefinitions: containers([
                    { name: "B", value: "2" },
                    { name: "A", value: "1" },
                ]),
            }),
            [],
            "order, defaults and host ports are the provider's equivalences",
        );
        assert.deepStrictEqual(
            diffs(td, {
                family: "f",
                containerDefinitions: containers([
                    { name: "A", value: "1" },
                    { name: "EMPTY", value: "" },
                ]),
            }),
            ["containerDefinitions"],
            "an empty value: a new task definition on every up",
        );
    });

    it("Checkly reads back all five alert-settings blocks: a partial declaration diffs forever; reminder counts the API refuses fail", () => {
        const check = "checkly:index/check:Check";
        const before = { alertSettings: { escalationType: "TIME_BASED", timeBasedEscalations: [{ minutesFailingThreshold: 5 }], reminders: [] } };
        assert.deepStrictEqual(diffs(check, before), ["alertSettings"]);
        const after = {
            alertSettings: {
                escalationType: "TIME_BASED",
                timeBasedEscalations: [{ minutesFailingThreshold: 5 }],
                runBasedEscalations: [{ failedRunThreshold: 1 }],
                reminders: [{ amount: 0, interval: 5 }],
                sslCertificates: [{ enabled: false }],
            },
        };
        assert.deepStrictEqual(diffs(check, after), []);
        assert.match(
            rule(check).refuse!({ alertSettings: { reminders: [{ amount: 10, interval: 10 }] } })!,
            /reminders\.amount" must be one of \[0, 1, 2, 3, 4, 5, 100000\]/,
        );
    });

    it("Sentry: any platform but `other` fails the provider's check (docs.sentry.io answers 404); transaction alerts are refused; event types read back", () => {
        assert.deepStrictEqual(rule("sentry:index/sentryProject:SentryProject").validate!({ platform: "javascript-nextjs" }), {
            property: "platform",
            reason: "javascript-nextjs is not a valid platform",
        });
        assert.strictEqual(rule("sentry:index/sentryProject:SentryProject").validate!({}), undefined);
        const alert = "sentry:index/sentryMetricAlert:SentryMetricAlert";
        assert.match(rule(alert).refuse!({ dataset: "transactions" })!, /Creation of transaction-based alerts is disabled/);
        assert.deepStrictEqual(diffs(alert, { dataset: "events", query: "event.type:error" }), ["eventTypes"]);
        assert.deepStrictEqual(diffs(alert, { dataset: "events", eventTypes: ["error"], query: "event.type:error" }), []);
        for (const type of ["sentryProject:SentryProject", "sentryKey:SentryKey", "sentryMetricAlert:SentryMetricAlert"])
            assert.deepStrictEqual(rule(`sentry:index/${type}`).replaces, [], "no ForceNew in v0.11.2");
    });

    it("Atlas refuses a backup policy out of order or a restore window longer than the snapshots; replace rules as upstream", () => {
        const schedule = "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule";
        const items = (daily: number, weeks: number) => ({
            projectId: "p",
            restoreWindowDays: 7,
            policyItemHourly: { retentionUnit: "days", retentionValue: 2 },
            policyItemDaily: { retentionUnit: "days", retentionValue: daily },
            policyItemWeeklies: [{ retentionUnit: "weeks", retentionValue: weeks }],
            policyItemMonthlies: [{ retentionUnit: "months", retentionValue: 12 }],
        });
        assert.strictEqual(rule(schedule).refuse!(items(7, 4)), undefined);
        assert.match(rule(schedule).refuse!(items(14, 1))!, /less frequent policy items/);
        assert.match(rule(schedule).refuse!({ ...items(7, 4), restoreWindowDays: 14 })!, /policy item retention cannot be less than restore window/);
        assert.deepStrictEqual(rule(schedule).replaces, ["projectId"]);
        assert.deepStrictEqual(rule("mongodbatlas:index/maintenanceWindow:MaintenanceWindow").replaces, []);
        assert.deepStrictEqual(rule("mongodbatlas:index/databaseUser:DatabaseUser").replaces, ["projectId", "username"]);
    });

    it("a VPC with a NAT gateway per zone: looking one up by VPC fails as the provider does; by route table, each subnet names its own", () => {
        assert.throws(() => INVOKES["aws:ec2/getNatGateway:getNatGateway"]({ vpcId: "vpc-1", state: "available" }), /multiple EC2 NAT Gateways matched/);
        const [a, b] = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"].map((subnet) => {
            const [routeTableId] = INVOKES["aws:ec2/getRouteTables:getRouteTables"]({
                vpcId: "vpc-1",
                filters: [{ name: "association.subnet-id", values: [subnet] }],
            }).ids;
            return INVOKES["aws:ec2/getRouteTable:getRouteTable"]({ routeTableId }).routes.find((r: Props) => r.natGatewayId).natGatewayId;
        });
        assert.notStrictEqual(a, b);
    });

    it("a target group name over 32 characters fails the provider's check (an auto-name of a long logical name would)", () => {
        assert.match(
            rule("aws:lb/targetGroup:TargetGroup").validate!({ name: "dirt-free-crm-api-targets-1a2b3c4" })!.reason,
            /cannot be longer than 32 characters/,
        );
        assert.strictEqual(rule("aws:lb/targetGroup:TargetGroup").validate!({ name: "dirt-free-crm-production-api" }), undefined);
    });

    it("names the cloud keeps unique: the same key for the same name, so a create-before-delete replacement collides", () => {
        for (const [type, props] of [
            ["aws:lb/targetGroup:TargetGroup", { name: "shop-api" }],
            ["aws:ec2/securityGroup:SecurityGroup", { name: "shop-api-lb", vpcId: "vpc-1" }],
            ["aws:secretsmanager/secret:Secret", { name: "app-platform/shop" }],
        ] as [string, Props][]) {
            const u = rule(type).unique!;
            assert.strictEqual(u.key({ ...props, port: 1 }), u.key({ ...props, port: 2 }), type);
            assert.ok(u.duplicate(props).length > 10);
        }
    });

    it("alarms: CloudWatch's defaults and a condition's computed name are no diff, a changed threshold is; what each provider and API refuse", () => {
        const alarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
        const cpu = {
            name: "a-cpu",
            namespace: "AWS/ECS",
            metricName: "CPUUtilization",
            statistic: "Average",
            period: 60,
            evaluationPeriods: 5,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 70,
        };
        assert.deepStrictEqual(diffs(alarm, cpu), [], "actions_enabled and treat_missing_data read back at their defaults");
        assert.deepStrictEqual(diffs(alarm, { ...cpu, threshold: 80 }, cpu), ["threshold"]);
        assert.deepStrictEqual(rule(alarm).replaces, ["name"], "only alarm_name is ForceNew");
        assert.match(rule(alarm).validate!({ ...cpu, period: 90 })!.reason, /multiple of 60/);
        assert.match(rule(alarm).validate!({ ...cpu, period: 20 })!.reason, /10, 30 or a multiple of 60/);
        const query = (period: number) => ({
            ...cpu,
            metricName: undefined,
            statistic: undefined,
            period: undefined,
            metricQueries: [{ id: "m", metric: { period } }],
        });
        assert.strictEqual(rule(alarm).validate!(query(5)), undefined, "a high-resolution metric");
        assert.match(rule(alarm).validate!(query(7))!.reason, /1, 5, 10, 30/);
        assert.match(rule(alarm).validate!({ ...cpu, statistic: undefined })!.reason, /One of `statistic` or `extended_statistic`/);

        const policy = "gcp:monitoring/alertPolicy:AlertPolicy";
        const condition = { displayName: "cpu", conditionThreshold: { filter: "f", comparison: "COMPARISON_GT", thresholdValue: 0.7, duration: "300s" } };
        const declared = { project: "p", displayName: "a-cpu", combiner: "OR", conditions: [condition], name: "projects/p/alertPolicies/1" };
        assert.deepStrictEqual(diffs(policy, declared), [], "conditions[].name is computed");
        const changed = { ...declared, conditions: [{ ...condition, conditionThreshold: { ...condition.conditionThreshold, thresholdValue: 0.8 } }] };
        assert.deepStrictEqual(diffs(policy, changed, declared), ["conditions"]);
        assert.match(rule(policy).validate!({ ...declared, combiner: "ANY" })!.reason, /expected combiner to be one of/);

        const atlas = "mongodbatlas:index/alertConfiguration:AlertConfiguration";
        const email = { typeName: "EMAIL", emailAddress: "oncall@example.com", intervalMin: 60, delayMin: 5 };
        const config = {
            projectId: "p1",
            eventType: "OUTSIDE_METRIC_THRESHOLD",
            enabled: true,
            metricThresholdConfig: { metricName: "CONNECTIONS_PERCENT", operator: "GREATER_THAN", threshold: 80, units: "RAW", mode: "AVERAGE" },
            notifications: [email],
        };
        assert.deepStrictEqual(diffs(atlas, config), [], "emailEnabled and smsEnabled read back false, as the provider plans them");
        assert.strictEqual(rule(atlas).refuse!(config), undefined);
        assert.match(
            rule(atlas).validate!({ ...config, notifications: [{ ...email, emailEnabled: true }] })!.reason,
            /GROUP, ORG, USER, TEAM notifications only/,
        );
        assert.match(rule(atlas).refuse!({ ...config, notifications: [{ ...email, intervalMin: 3 }] })!, /intervalMin must be at least 5/);
        assert.match(
            rule(atlas).refuse!({ ...config, metricThresholdConfig: { ...config.metricThresholdConfig, metricName: "CONNECTIONS_MAX_PERCENT" } })!,
            /METRIC_TYPE_UNSUPPORTED/,
        );
        assert.match(rule(atlas).refuse!({ ...config, metricThresholdConfig: { ...config.metricThresholdConfig, units: "SECONDS" } })!, /INVALID_ENUM_VALUE/);

        const topic = rule("aws:sns/topic:Topic");
        assert.strictEqual(topic.unique!.duplicate({ name: "a-alarms" }), "SNS Topic (a-alarms) already exists", "pulumi-aws's patch: not adopted");
        const subscription = "aws:sns/topicSubscription:TopicSubscription";
        assert.deepStrictEqual(diffs(subscription, { topic: "arn:t", protocol: "email", endpoint: "a@example.com" }), []);
        assert.deepStrictEqual(rule(subscription).computed!("s", { topic: "arn:t", protocol: "email" }).pendingConfirmation, true, "a recipient confirms");
    });

    it("edge: Cloudflare keeps one entry point per phase, takes its rate-limit values only; WAF rule groups take an override action; a firewall rule's id is no diff", () => {
        const ruleset = rule("cloudflare:index/ruleset:Ruleset");
        const limit = { zoneId: "z", kind: "zone", phase: "http_ratelimit", name: "a: rate limit" };
        assert.strictEqual(ruleset.unique!.key(limit), ruleset.unique!.key({ ...limit, name: "b: rate limit" }), "one per phase and zone, whatever its name");
        assert.ok(ruleset.replaces.includes("name"));
        const rl = { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 100, mitigationTimeout: 10 };
        assert.strictEqual(ruleset.refuse!({ ...limit, rules: [{ ratelimit: rl }] }), undefined);
        assert.match(ruleset.refuse!({ ...limit, rules: [{ ratelimit: { ...rl, period: 30 } }] })!, /period 30 is not one of/);
        assert.match(ruleset.refuse!({ ...limit, rules: [{ ratelimit: { ...rl, characteristics: ["ip.src"] } }] })!, /must include cf\.colo\.id/);
        assert.deepStrictEqual(diffs("cloudflare:index/ruleset:Ruleset", { ...limit, rules: [{ expression: "e", action: "block", ratelimit: rl }] }), []);

        const acl = rule("aws:wafv2/webAcl:WebAcl");
        const seen = { cloudwatchMetricsEnabled: true, metricName: "m", sampledRequestsEnabled: true };
        const group = {
            name: "g",
            priority: 0,
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
            visibilityConfig: seen,
        };
        assert.match(acl.refuse!({ rules: [{ ...group, action: { block: {} } }] })!, /WAFInvalidParameterException/);
        assert.strictEqual(acl.refuse!({ rules: [{ ...group, overrideAction: { none: {} } }] }), undefined);
        const rate = {
            name: "r",
            priority: 1,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 5, aggregateKeyType: "IP" } },
            visibilityConfig: seen,
        };
        assert.match(acl.validate!({ name: "acl", rules: [rate] })!.reason, /range \(10 - 2000000000\)/);
        const rules = [
            { ...group, overrideAction: { none: {} } },
            { ...rate, statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } } },
        ];
        assert.deepStrictEqual(
            diffs("aws:wafv2/webAcl:WebAcl", { name: "acl", scope: "REGIONAL", rules: [...rules].reverse() }, { name: "acl", scope: "REGIONAL", rules }),
            [],
            "a set",
        );
        assert.match(rule("aws:wafv2/webAclAssociation:WebAclAssociation").unique!.duplicate({ resourceArn: "arn:lb" }), /disassociate this one/);

        const firewall = "vercel:index/firewallConfig:FirewallConfig";
        const limitRule = (limit: number) => ({
            name: "rate limit per client",
            active: true,
            conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/" }] }],
            action: { action: "rate_limit", rateLimit: { algo: "fixed_window", window: 10, limit, keys: ["ip"], action: "deny" } },
        });
        const config = (limit: number) => ({ projectId: "prj", enabled: true, rules: { rules: [limitRule(limit)] } });
        assert.deepStrictEqual(diffs(firewall, config(100)), [], "the rule's computed id");
        assert.deepStrictEqual(diffs(firewall, config(200), config(100)), ["rules"], "a new limit is a change");
        assert.match(rule(firewall).validate!({ rules: { rules: [{ ...limitRule(1), name: "rl" }] } })!.reason, /4 to 160 characters/);
    });

    it("flags: an Edge Config item has no update and a string as value_json reads back as value; its key is the store's one; KV titles are the account's", () => {
        const item = "vercel:index/edgeConfigItem:EdgeConfigItem";
        assert.deepStrictEqual(rule(item).replaces, ["edgeConfigId", "key", "value", "valueJson"], "every field replaces");
        assert.deepStrictEqual(diffs(item, { edgeConfigId: "ecfg_1", key: "MAINTENANCE_MODE", valueJson: false }), []);
        assert.deepStrictEqual(
            diffs(item, { edgeConfigId: "ecfg_1", key: "BANNER", valueJson: "soon" }).sort(),
            ["value", "valueJson"],
            "a string belongs in value",
        );
        assert.match(rule(item).validate!({ edgeConfigId: "e", key: "new checkout", value: "x" })!.reason, /letters, numbers, '_' or '-'/);
        assert.match(rule(item).validate!({ edgeConfigId: "e", key: "K" })!.reason, /Exactly one of/);
        assert.match(rule(item).unique!.duplicate({ edgeConfigId: "ecfg_1", key: "K" }), /delete would remove the key/);
        assert.match(rule("vercel:index/edgeConfig:EdgeConfig").validate!({ name: "Ecoo-Production-Flags" })!.reason, /lowercase/);
        assert.deepStrictEqual(rule("vercel:index/edgeConfigToken:EdgeConfigToken").secrets, ["token", "connectionString"]);
        const ns = rule("cloudflare:index/workersKvNamespace:WorkersKvNamespace");
        assert.strictEqual(ns.unique!.key({ accountId: "a", title: "t" }), ns.unique!.key({ accountId: "a", title: "t", id: "other" }));
        assert.notStrictEqual(ns.unique!.key({ accountId: "a", title: "t" }), ns.unique!.key({ accountId: "b", title: "t" }), "per account");
        assert.notStrictEqual(ns.unique!.key({ accountId: "a", title: "t" }), ns.unique!.key({ accountId: "a", title: "u" }));
        assert.match(ns.unique!.duplicate({}), /code: 10014/);
    });
});
