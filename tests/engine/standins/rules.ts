// What the stand-ins know of each bridged resource type the program declares: which inputs force a
// replacement (the upstream Terraform schema's ForceNew / RequiresReplace), which outputs the
// provider computes, which of those its schema marks sensitive, and how it names the resource.
// Sources: terraform-provider-upstash qstash_v2/schedule/resource.go (every field ForceNew; `header`
// computed as fmt.Sprintf("%+v", headers), not sensitive) and redis/database/resource.go
// (database_name, region, primary_region ForceNew; password and rest_token sensitive);
// terraform-provider-vercel project_environment_variable (key, project_id, team_id replace);
// terraform-provider-random random_bytes (length, keepers replace); the AWS and Cloudflare
// providers' identity fields (bucket, zone, account, project, url); terraform-provider-checkly
// (check, alert channel, environment variable: no ForceNew; numeric ids; the variable's value not
// sensitive) and jianyuan/terraform-provider-sentry (organization and project ForceNew; a project's
// id is its slug; a key's DSNs computed).
// Backend services: terraform-provider-aws secretsmanager secret_version (secret_id and
// secret_string ForceNew: a new value is a new version), ecs_task_definition (every argument
// ForceNew: a new revision), lb, lb_target_group, acm_certificate, appautoscaling; and
// terraform-provider-google (a Secret Manager version's secret_data, IAM members, a project's
// service, a domain mapping: ForceNew; Cloud Run services and jobs update in place).
// MongoDB Atlas (terraform-provider-mongodbatlas): resources keyed by their project (and name), ids
// as its import formats give them (a database user's `<project>-<username>-<auth db>`); an access
// list entry is replaced on any change; a cluster's connection strings computed. The cluster's SRV
// string is the suite's MongoDB-protocol server when APP_PLATFORM_STANDIN_MONGODB names it, so the
// pre-change dump reaches a real server. terraform-provider-random random_password: every argument
// replaces; `result` and `bcrypt_hash` sensitive.
// Beyond replace rules, each type carries what its provider and vendor do to what they are given,
// with the source beside each rule: the provider's own validation at Check (Sentry's platform), what
// the vendor refuses at create (Checkly's reminder counts, Sentry's transaction alerts, Atlas's
// backup policy), what a read returns (Checkly's five alert-settings blocks, ECS's stored containers,
// Sentry's event types) so a permanent diff shows where the real provider would show it, names the
// vendor keeps unique (a create-before-delete replacement of a fixed name fails as the cloud does),
// and failures the program must survive (an ECS rollback the provider reports as success, a Cloud Run
// job execution that fails after the job was saved), switched on by faults.json.
import { createHash, randomBytes } from "crypto";

export type Props = Record<string, any>;

export interface TypeRule {
    /** Inputs whose change replaces the resource. `*` means every input. */
    replaces: string[];
    /** The provider's id for a new resource, from its inputs and computed outputs. */
    id?(name: string, props: Props): string;
    /** Outputs the provider computes at create (and keeps). */
    computed?(name: string, inputs: Props): Props;
    /** Computed outputs the provider's schema marks sensitive (returned as secrets). */
    secrets?: string[];
    /** Inputs the provider fills in Check when absent (auto-naming), kept across previews. */
    autoName?: string;
    /** The provider's own validation at Check (a ValidateFunc): the failing property and why. */
    validate?(inputs: Props): { property: string; reason: string } | undefined;
    /** What the vendor's API refuses at create or update, in its words. */
    refuse?(inputs: Props): string | undefined;
    /** The provider's plan of the config: its schema defaults and zero values filled in, compared with the state. */
    plan?(inputs: Props): Props;
    /** What the provider stores after a write: the vendor's answer to its read (defaults filled in, values it drops). */
    readBack?(state: Props): Props;
    /** Inputs the schema marks Optional+Computed: absent from the config, the state's value stands (no diff). */
    optionalComputed?: string[];
    /** A DiffSuppressFunc: state and planned values the provider treats as the same. */
    equivalent?: Record<string, (state: unknown, planned: unknown) => boolean>;
    /** A name the vendor keeps unique (per account, region, VPC…): a second live resource with it fails to create. */
    unique?: { key(props: Props): string; duplicate(props: Props): string };
    /**
     * What the vendor does besides the write (an ECS deployment that rolls back, a job execution that
     * fails): what it then holds (stored in the world instead of the provider's answer), notes for
     * the vendor fakes (vendor/<name>.json), or an error the provider reports.
     */
    fault?(e: FaultEvent): { stored?: Props; vendor?: Record<string, unknown>; initFailed?: string } | void;
}

export interface FaultEvent {
    op: "create" | "update";
    urn: string;
    olds?: Props;
    outs: Props;
    world: {
        live(): { type: string; urn: string; id: string; outs: Props }[];
        /** faults.json in the stand-ins' folder: what a test asks the vendor to do wrong. */
        faults(): Props;
    };
}

const hex = (n: number) => randomBytes(n).toString("hex");
const numericId = () => randomBytes(3).readUIntBE(0, 3) + 1000;
/** Auto-name suffix. The engine hands real providers a per-resource random seed so a saved plan's
 * names match the update's; a hash of the URN gives the stand-in the same stability. */
const suffix = (urn: string, seed = "") =>
    createHash("sha256")
        .update(urn + seed)
        .digest("hex")
        .slice(0, 7);
const ACCOUNT = "123456789012";
const REGION = "af-south-1";
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const uuid = () =>
    randomBytes(16)
        .toString("hex")
        .replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
/** A Google IAM member: one binding of a role to a member on its resource (project, secret or service). */
const gcpMember: TypeRule = {
    replaces: ["*"],
    id: (_n, i) => [i.project, i.location, i.secretId ?? i.name, i.role, i.member].filter(Boolean).join("/"),
    computed: () => ({ etag: `BwY${hex(6)}` }),
};
const bucketScoped: TypeRule = { replaces: ["bucket", "expectedBucketOwner"], id: (_n, i) => String(i.bucket) };

const atlasId = () => hex(12);
const b64 = (v: string) => Buffer.from(v).toString("base64");
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

type Container = Record<string, any>;
/** JSON with keys in one order: a provider compares decoded structures, not text. */
const sortedKeys = (v: unknown): unknown =>
    Array.isArray(v)
        ? v.map(sortedKeys)
        : v && typeof v === "object"
          ? Object.fromEntries(
                Object.keys(v)
                    .sort()
                    .map((k) => [k, sortedKeys((v as Props)[k])]),
            )
          : v;
const sameValue = (a: unknown, b: unknown) => JSON.stringify(sortedKeys(a) ?? null) === JSON.stringify(sortedKeys(b) ?? null);

/**
 * The inputs a provider reports changed: its plan of the config (defaults, zero values) against the
 * state it read back, Optional+Computed inputs left out of the config keeping their state, its
 * DiffSuppressFuncs forgiving what they forgive. `stateInputs` are the state's input keys; values plain.
 */
export function changedInputs(r: TypeRule, stateInputs: string[], state: Props, news: Props, isUnknown: (key: string) => boolean): string[] {
    const planned = r.plan && !Object.keys(news).some(isUnknown) ? r.plan(news) : news;
    const keys = [...new Set([...stateInputs, ...Object.keys(planned)])].filter((k) => !(r.optionalComputed?.includes(k) && planned[k] === undefined));
    return keys.filter((k) => isUnknown(k) || !(r.equivalent?.[k] ?? sameValue)(state[k], planned[k]));
}
const byName = (a: { name?: string }, b: { name?: string }) => String(a.name).localeCompare(String(b.name));
const EMPTY_AS_NULL = [
    "command",
    "dependsOn",
    "entryPoint",
    "environment",
    "environmentFiles",
    "links",
    "mountPoints",
    "portMappings",
    "secrets",
    "systemControls",
    "ulimits",
    "volumesFrom",
];

/** What ECS answers for containers it stored (DescribeTaskDefinition): empty-valued variables gone (terraform-provider-aws #39533), awsvpc host ports and defaults filled in. */
function ecsStored(containers: Container[]): Container[] {
    return containers.map((c) => ({
        essential: true,
        cpu: 0,
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
        ...c,
        environment: (c.environment ?? []).filter((e: { value?: string }) => e.value !== undefined && e.value !== ""),
        portMappings: (c.portMappings ?? []).map((m: Container) => ({ protocol: "tcp", hostPort: m.containerPort, ...m })),
    }));
}

/**
 * internal/service/ecs/container_definitions.go containerDefinitionsAreEquivalent → reduce(): containers,
 * environment and secrets sorted by name, `essential` defaults to true, protocol tcp and an awsvpc host
 * port equal to the container port are the defaults, empty lists are absent, cpu 0 is unset. Empty
 * environment values are NOT dropped: ECS drops them, so the comparison never settles.
 */
function ecsReduced(json: unknown): Container[] {
    const containers: Container[] = typeof json === "string" ? JSON.parse(json) : [];
    return containers
        .map((c) => {
            const r: Container = { ...c, essential: c.essential ?? true };
            for (const k of ["environment", "secrets"]) if (Array.isArray(r[k])) r[k] = [...r[k]].sort(byName);
            if (Array.isArray(r.portMappings))
                r.portMappings = r.portMappings.map((m: Container) => ({
                    ...m,
                    protocol: m.protocol === "tcp" ? undefined : m.protocol,
                    hostPort: m.hostPort ?? m.containerPort,
                }));
            for (const k of EMPTY_AS_NULL) if (Array.isArray(r[k]) && r[k].length === 0) delete r[k];
            if (!r.cpu) delete r.cpu;
            return Object.fromEntries(
                Object.keys(r)
                    .sort()
                    .filter((k) => r[k] !== undefined)
                    .map((k) => [k, r[k]]),
            );
        })
        .sort(byName);
}

/**
 * An ECS service deployment: a new revision rolls out and completes, unless its image is one the test
 * made fail (faults.json `ecsFailingImages`): then the circuit breaker rolls the service back to the
 * revision it ran, and the provider (terraform-provider-aws #19519, #20858) still reports success.
 * DescribeServices then answers from vendor/ecs-service-<name>.json (deployments, events, as ECS words them).
 */
function ecsDeployment(e: FaultEvent): { stored?: Props; vendor: Record<string, unknown> } {
    const name = String(e.outs.name);
    const image = (arn: unknown) => {
        const td = e.world.live().find((o) => o.type === "aws:ecs/taskDefinition:TaskDefinition" && o.outs.arn === arn);
        return td ? JSON.parse(String(td.outs.containerDefinitions))[0]?.image : undefined;
    };
    const deployment = (status: string, taskDefinition: unknown, rolloutState: string, rolloutStateReason: string) => ({
        id: `ecs-svc/${numericId()}${numericId()}`,
        status,
        taskDefinition,
        rolloutState,
        rolloutStateReason,
        updatedAt: Math.floor(Date.now() / 1000),
    });
    const failing: string[] = e.world.faults().ecsFailingImages ?? [];
    const key = `ecs-service-${name}`;
    if (!failing.includes(image(e.outs.taskDefinition))) {
        return {
            vendor: {
                [key]: {
                    taskDefinition: e.outs.taskDefinition,
                    deployments: [deployment("PRIMARY", e.outs.taskDefinition, "COMPLETED", "ECS deployment completed.")],
                    events: [{ message: `(service ${name}) has reached a steady state.` }],
                },
            },
        };
    }
    const previous = e.olds?.taskDefinition;
    const failed = deployment(previous ? "ACTIVE" : "PRIMARY", e.outs.taskDefinition, "FAILED", "ECS deployment circuit breaker: tasks failed to start.");
    const back = previous && deployment("PRIMARY", previous, "IN_PROGRESS", `ECS deployment circuit breaker: rolling back to deploymentId ${failed.id}`);
    const events = [
        ...(back ? [`(service ${name}) rolling back to deployment ${back.id}.`] : []),
        `(service ${name}) (deployment ${failed.id}) deployment failed: tasks failed to start.`,
        `(service ${name}) (task ${hex(16)}) failed container health checks.`,
    ].map((message) => ({ message }));
    return {
        // After the rollback ECS serves the old revision; the provider's read would say so.
        stored: previous ? { ...e.outs, taskDefinition: previous } : undefined,
        vendor: { [key]: { taskDefinition: previous ?? e.outs.taskDefinition, deployments: back ? [back, failed] : [failed], events } },
    };
}

/** Checkly's alert settings as planned (`stored` false: the config, zero values filled) or as its read returns them. */
function checklyAlerts(a: Props, stored: boolean): Props {
    const one = (list: Props[] | undefined, fill: Props) =>
        stored || list?.length ? [{ ...fill, ...Object.fromEntries(Object.entries(list?.[0] ?? {}).filter(([, v]) => v !== undefined)) }] : [];
    return {
        escalationType: a.escalationType ?? (stored ? "RUN_BASED" : ""),
        runBasedEscalations: one(a.runBasedEscalations, { failedRunThreshold: 1 }),
        timeBasedEscalations: one(a.timeBasedEscalations, { minutesFailingThreshold: 5 }),
        reminders: one(a.reminders, { amount: 0, interval: 5 }),
        // The public API does not return SSL settings: the read stores Go's zero values.
        sslCertificates: stored ? [{ enabled: false, alertThreshold: 0 }] : one(a.sslCertificates, { enabled: false, alertThreshold: 0 }),
    };
}

/** What Checkly's public API refuses in alert settings (its validation; the CLI's AlertEscalation types agree). */
function checklyRefuses(a: Props | undefined): string | undefined {
    const bad = (path: string, allowed: number[]) => `POST /v1/checks: 400 Bad Request: "alertSettings.${path}" must be one of [${allowed.join(", ")}]`;
    const r = a?.reminders?.[0];
    if (r?.amount !== undefined && ![0, 1, 2, 3, 4, 5, 100000].includes(r.amount)) return bad("reminders.amount", [0, 1, 2, 3, 4, 5, 100000]);
    if (r?.interval !== undefined && ![5, 10, 15, 30].includes(r.interval)) return bad("reminders.interval", [5, 10, 15, 30]);
    const t = a?.timeBasedEscalations?.[0]?.minutesFailingThreshold;
    if (t !== undefined && ![5, 10, 15, 30].includes(t)) return bad("timeBasedEscalation.minutesFailingThreshold", [5, 10, 15, 30]);
    const f = a?.runBasedEscalations?.[0]?.failedRunThreshold;
    if (f !== undefined && ![1, 2, 3, 4, 5].includes(f)) return bad("runBasedEscalation.failedRunThreshold", [1, 2, 3, 4, 5]);
    return undefined;
}

/** The event types Sentry gives a metric alert's query by dataset when none are sent (SnubaQueryValidator). */
const SENTRY_EVENT_TYPES: Record<string, string[]> = { events: ["error"], transactions: ["transaction"], events_analytics_platform: ["trace_item_span"] };

/**
 * What Sentry's alert-rule validation refuses (getsentry/sentry src/sentry/incidents/metric_issue_detector.py
 * _validate_transaction_dataset_deprecation, on for organizations with discover-saved-queries-deprecation,
 * as SaaS organizations are now; SnubaQueryValidator: one event type and at least 5 minutes for spans).
 */
function sentryAlertRefuses(i: Props): string | undefined {
    if (i.dataset === "transactions" || i.dataset === "generic_metrics") {
        return "POST /api/0/organizations/…/alert-rules/: 400: Creation of transaction-based alerts is disabled, as we migrate to the span dataset. Create span-based alerts (dataset: events_analytics_platform) with the is_transaction:true filter instead.";
    }
    if (i.dataset === "events_analytics_platform" && ((i.eventTypes?.length ?? 0) > 1 || Number(i.timeWindow) < 5)) {
        return "POST /api/0/organizations/…/alert-rules/: 400: span alerts take one event type and a time window of at least 5 minutes";
    }
    return undefined;
}

/** A policy item's retention in days (Atlas measures days, weeks, months; a month at its shortest). */
const retentionDays = (item: Props | undefined) =>
    item ? Number(item.retentionValue) * ({ days: 1, weeks: 7, months: 28, years: 365 } as Props)[String(item.retentionUnit)] : undefined;

/**
 * What Atlas refuses in a backup schedule (provider docs for cloud_backup_schedule: "for less frequent
 * policy items, Atlas requires that you specify a retention period greater than or equal to the
 * retention period specified for more frequent policy items"; its acceptance test's
 * "policy item retention cannot be less than restore window").
 */
function atlasBackupRefuses(i: Props): string | undefined {
    const items = [i.policyItemHourly, i.policyItemDaily, i.policyItemWeeklies?.[0], i.policyItemMonthlies?.[0]].map(retentionDays);
    for (let k = 1; k < items.length; k++) {
        const shorter = items.slice(0, k).find((d) => d !== undefined && items[k] !== undefined && items[k]! < d);
        if (shorter !== undefined)
            return `PATCH /api/atlas/v2/groups/${i.projectId}/backup/schedule: 400 (INVALID_PARAMETER): for less frequent policy items, the retention must be greater than or equal to that of more frequent policy items`;
    }
    const daily = items[1];
    if (daily !== undefined && Number(i.restoreWindowDays) > daily)
        return `PATCH /api/atlas/v2/groups/${i.projectId}/backup/schedule: 400: policy item retention cannot be less than restore window`;
    return undefined;
}

/**
 * A Cloud Run job with runExecutionToken starts the execution `<job>-<token>` when the token is new
 * ("The Job will become ready when the execution is successfully completed"); it fails when its image
 * is one the test made fail (faults.json `cloudRunFailingImages`). The provider then fails the update
 * after the job was saved (resource_cloud_run_v2_job.go: the operation wait errors; terraform-plugin-sdk
 * Resource.Apply returns the planned state with the error), so the engine records the new token with an
 * initialization error, and its retry (an update without changes) starts nothing.
 */
function cloudRunJobExecution(e: FaultEvent): { vendor: Record<string, unknown>; initFailed?: string } | void {
    const token = e.outs.runExecutionToken;
    if (!token || token === e.olds?.runExecutionToken) return;
    const image = e.outs.template?.template?.containers?.[0]?.image;
    const succeeded = !(e.world.faults().cloudRunFailingImages ?? []).includes(image);
    const execution = `${e.outs.name}-${token}`;
    const vendor = { [`cloud-run-execution-${execution}`]: { succeeded } };
    if (succeeded) return { vendor };
    return {
        vendor,
        initFailed: `Error waiting for Updating Job: Error code 9, message: Execution ${execution} failed: Task failed: the container exited with status 1.`,
    };
}

// CloudWatch alarms: internal/service/cloudwatch/metric_alarm.go (alarm_name the only ForceNew, Pulumi's
// `name`, auto-named in pulumi-aws provider/resource_overrides.go; id the name; actions_enabled default
// true, treat_missing_data default "missing", metric_query.return_data default false; the ValidateFuncs
// below) and consts.go (treat_missing_data values). PutMetricAlarm overwrites an alarm of the same name.
const ALARM_OPERATORS = ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
const MISSING_DATA = ["breaching", "ignore", "missing", "notBreaching"];
/** An alarm's period: 10, 30 or a multiple of 60; a metric query's may also be 1 or 5 (high resolution). */
const validPeriod = (p: unknown, query = false) => p === undefined || [10, 30, ...(query ? [1, 5] : [])].includes(Number(p)) || Number(p) % 60 === 0;
function alarmDefaults(a: Props): Props {
    return {
        ...a,
        actionsEnabled: a.actionsEnabled ?? true,
        treatMissingData: a.treatMissingData ?? "missing",
        ...(a.metricQueries ? { metricQueries: (a.metricQueries as Props[]).map((q) => ({ ...q, returnData: q.returnData ?? false })) } : {}),
    };
}
function alarmInvalid(i: Props): { property: string; reason: string } | undefined {
    if (!ALARM_OPERATORS.includes(i.comparisonOperator))
        return {
            property: "comparisonOperator",
            reason: `expected comparison_operator to be one of ${JSON.stringify(ALARM_OPERATORS)}, got ${i.comparisonOperator}`,
        };
    if (i.treatMissingData !== undefined && !MISSING_DATA.includes(i.treatMissingData))
        return { property: "treatMissingData", reason: `expected treat_missing_data to be one of ${JSON.stringify(MISSING_DATA)}, got ${i.treatMissingData}` };
    if (!(Number(i.evaluationPeriods) >= 1)) return { property: "evaluationPeriods", reason: "expected evaluation_periods to be at least (1)" };
    if (i.metricName !== undefined && i.metricQueries !== undefined) return { property: "metricName", reason: `"metric_name": conflicts with metric_query` };
    if (i.metricName !== undefined && (i.statistic === undefined) === (i.extendedStatistic === undefined))
        return { property: "statistic", reason: "One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm" };
    if (!validPeriod(i.period)) return { property: "period", reason: "period must be 10, 30 or a multiple of 60" };
    if (!((i.metricQueries as Props[] | undefined) ?? []).every((q) => validPeriod(q.metric?.period, true)))
        return { property: "metricQueries", reason: "a metric's period must be 1, 5, 10, 30 or a multiple of 60" };
    return undefined;
}

const trailDefaults = (t: Props): Props => ({
    ...t,
    enableLogging: t.enableLogging ?? true,
    includeGlobalServiceEvents: t.includeGlobalServiceEvents ?? true,
    isMultiRegionTrail: t.isMultiRegionTrail ?? false,
    enableLogFileValidation: t.enableLogFileValidation ?? false,
});

// Cloud Monitoring: magic-modules mmv1/products/monitoring/AlertPolicy.yaml and NotificationChannel.yaml
// (only `project` ForceNew, from the resource template; ids are the server's `name`; a policy's
// conditions each get a computed `name`; `enabled` defaults to true; the enums below).
const COMBINERS = ["AND", "OR", "AND_WITH_MATCHING_RESOURCE"];
const COMPARISONS = ["COMPARISON_GT", "COMPARISON_GE", "COMPARISON_LT", "COMPARISON_LE", "COMPARISON_EQ", "COMPARISON_NE"];
const unnamed = (conditions: unknown) => ((conditions as Props[] | undefined) ?? []).map(({ name: _name, ...c }) => c);
function alertPolicyInvalid(i: Props): { property: string; reason: string } | undefined {
    if (!COMBINERS.includes(i.combiner))
        return { property: "combiner", reason: `expected combiner to be one of ${JSON.stringify(COMBINERS)}, got ${i.combiner}` };
    for (const c of (i.conditions as Props[]) ?? []) {
        const t = c.conditionThreshold;
        if (t && !COMPARISONS.includes(t.comparison))
            return { property: "conditions", reason: `expected comparison to be one of ${JSON.stringify(COMPARISONS)}, got ${t.comparison}` };
    }
    return undefined;
}

// Atlas alert configurations: terraform-provider-mongodbatlas internal/service/alertconfiguration
// (resource.go: project_id RequiresReplace, operator and type_name enums; model.go: email_enabled and
// sms_enabled read back as the API's value or false; encode_state.go: the id) and the Atlas Admin API's
// spec (intervalMin minimum 5; emailAddress required for EMAIL; HostMetricThreshold's metric names and units).
const ATLAS_TYPE_NAMES = [
    "EMAIL",
    "SMS",
    "PAGER_DUTY",
    "SLACK",
    "DATADOG",
    "OPS_GENIE",
    "VICTOR_OPS",
    "WEBHOOK",
    "USER",
    "TEAM",
    "GROUP",
    "ORG",
    "MICROSOFT_TEAMS",
];
const ATLAS_METRIC_UNITS: Record<string, string[]> = {
    CONNECTIONS: ["RAW"],
    CONNECTIONS_PERCENT: ["RAW"],
    CONNECTIONS_MAX: ["RAW"],
    NORMALIZED_SYSTEM_CPU_USER: ["RAW"],
    SYSTEM_MEMORY_PERCENT_USED: ["RAW"],
    DISK_PARTITION_SPACE_USED_DATA: ["RAW"],
    OPLOG_SLAVE_LAG_MASTER_TIME: ["NANOSECONDS", "MILLISECONDS", "MILLION_MINUTES", "SECONDS", "MINUTES", "HOURS", "DAYS"],
};
const FLAGGED_TYPES = ["GROUP", "ORG", "USER", "TEAM"]; // the notification types that carry emailEnabled and smsEnabled
const atlasNotifications = (n: Props[] | undefined) =>
    (n ?? []).map((x) => ({ ...x, emailEnabled: x.emailEnabled ?? false, smsEnabled: x.smsEnabled ?? false }));
function atlasAlertRefuses(i: Props): string | undefined {
    const m = i.metricThresholdConfig;
    if (m) {
        const units = ATLAS_METRIC_UNITS[m.metricName];
        if (!units)
            return `POST /api/atlas/v2/groups/${i.projectId}/alertConfigs: 400 (METRIC_TYPE_UNSUPPORTED): The metric type ${m.metricName} is not supported.`;
        if (m.units !== undefined && !units.includes(m.units))
            return `POST /api/atlas/v2/groups/${i.projectId}/alertConfigs: 400 (INVALID_ENUM_VALUE): An invalid enumeration value ${m.units} was specified.`;
        if (m.mode !== undefined && m.mode !== "AVERAGE") return `POST /api/atlas/v2/groups/${i.projectId}/alertConfigs: 400: mode must be AVERAGE.`;
    }
    for (const n of (i.notifications as Props[]) ?? []) {
        if (n.intervalMin !== undefined && n.intervalMin < 5)
            return `POST /api/atlas/v2/groups/${i.projectId}/alertConfigs: 400 (INVALID_ATTRIBUTE): intervalMin must be at least 5.`;
        if (n.typeName === "EMAIL" && !n.emailAddress)
            return `POST /api/atlas/v2/groups/${i.projectId}/alertConfigs: 400 (MISSING_ATTRIBUTE): emailAddress is required for EMAIL notifications.`;
    }
    return undefined;
}
function atlasAlertInvalid(i: Props): { property: string; reason: string } | undefined {
    const op = i.metricThresholdConfig?.operator;
    if (op !== undefined && !["GREATER_THAN", "LESS_THAN"].includes(op))
        return { property: "metricThresholdConfig.operator", reason: `value must be one of: ["GREATER_THAN" "LESS_THAN"], got: "${op}"` };
    for (const n of (i.notifications as Props[]) ?? []) {
        if (!ATLAS_TYPE_NAMES.includes(n.typeName))
            return { property: "notifications", reason: `type_name value must be one of: ${JSON.stringify(ATLAS_TYPE_NAMES)}, got: "${n.typeName}"` };
        // Set on a type Atlas does not return them for, they read back false: a diff on every preview (provider issue #306).
        if (!FLAGGED_TYPES.includes(n.typeName) && (n.emailEnabled || n.smsEnabled))
            return { property: "notifications", reason: `emailEnabled/smsEnabled apply to ${FLAGGED_TYPES.join(", ")} notifications only` };
    }
    return undefined;
}

// The Cloudflare ruleset's schema defaults the provider plans and reads back.
const rulesetDefaults = (r: Props): Props =>
    r.rules ? { ...r, rules: (r.rules as Props[]).map((x) => (x.ratelimit ? { ...x, ratelimit: { requestsToOrigin: false, ...x.ratelimit } } : x)) } : r;

// Vercel's firewall: vercel/terraform-provider-vercel v5.4.1 vercel/resource_firewall_config.go (project_id
// and team_id replace; id team/project; rule name 4-160 characters; the condition types and operators
// and the actions below; a rule's id computed, new at each update) and client/firewall_config.go (PUT
// replaces the project's whole config; delete turns the firewall off).
const FIREWALL_TYPES = [
    "host",
    "path",
    "method",
    "header",
    "query",
    "cookie",
    "target_path",
    "ip_address",
    "region",
    "protocol",
    "scheme",
    "environment",
    "user_agent",
    "geo_continent",
    "geo_country",
    "geo_country_region",
    "geo_city",
    "geo_as_number",
    "ja4_digest",
    "ja3_digest",
    "rate_limit_api_id",
];
const FIREWALL_OPS = ["re", "eq", "neq", "ex", "nex", "inc", "ninc", "pre", "suf", "sub", "gt", "gte", "lt", "lte"];
const FIREWALL_ACTIONS = ["bypass", "log", "challenge", "deny", "rate_limit", "redirect"];
/** The rules of a config's `rules` block ({ rules: [...] }), without their computed ids. */
const firewallRules = (block: Props | undefined) => ((block?.rules as Props[]) ?? []).map(({ id: _id, ...r }) => r);
function firewallInvalid(i: Props): { property: string; reason: string } | undefined {
    for (const r of (i.rules?.rules as Props[]) ?? []) {
        if (String(r.name).length < 4 || String(r.name).length > 160) return { property: "rules", reason: `name must be 4 to 160 characters: "${r.name}"` };
        if (!FIREWALL_ACTIONS.includes(r.action?.action)) return { property: "rules", reason: `action must be one of ${FIREWALL_ACTIONS.join(", ")}` };
        for (const c of ((r.conditionGroups as Props[]) ?? []).flatMap((g) => g.conditions as Props[]))
            if (!FIREWALL_TYPES.includes(c.type) || !FIREWALL_OPS.includes(c.op))
                return { property: "rules", reason: `condition ${c.type} ${c.op} is not one Vercel's firewall takes` };
    }
    return undefined;
}

// AWS WAF: terraform-provider-aws internal/service/wafv2/web_acl.go (name, name_prefix, scope ForceNew;
// rules a set, ordered by priority; a rule group takes override_action, not action: the API's
// WAFInvalidParameterException) and schemas.go (names and metric names ^[0-9A-Za-z_-]{1,128}$; a rate
// limit of 10 or more; evaluation windows 60, 120, 300, 600); web_acl_association.go (both ARNs
// ForceNew; id "<acl>,<resource>"; delete is DisassociateWebACL of the resource alone).
const WAF_NAME = /^[0-9A-Za-z_-]{1,128}$/;
const byPriority = (rules: unknown) => [...((rules as Props[]) ?? [])].sort((a, b) => a.priority - b.priority);
function webAclInvalid(i: Props): { property: string; reason: string } | undefined {
    if (!WAF_NAME.test(String(i.name))) return { property: "name", reason: `must match ^[0-9A-Za-z_-]{1,128}$: ${i.name}` };
    for (const r of (i.rules as Props[]) ?? []) {
        if (!WAF_NAME.test(String(r.visibilityConfig?.metricName)))
            return { property: "rules", reason: `metric_name must match ^[0-9A-Za-z_-]{1,128}$: ${r.visibilityConfig?.metricName}` };
        const rate = r.statement?.rateBasedStatement;
        if (rate && !(rate.limit >= 10)) return { property: "rules", reason: `expected limit to be in the range (10 - 2000000000), got ${rate.limit}` };
        if (rate?.evaluationWindowSec !== undefined && ![60, 120, 300, 600].includes(rate.evaluationWindowSec))
            return { property: "rules", reason: `expected evaluation_window_sec to be one of [60 120 300 600], got ${rate.evaluationWindowSec}` };
    }
    return undefined;
}
function webAclRefuses(i: Props): string | undefined {
    const misused = ((i.rules as Props[]) ?? []).find((r) => r.statement?.managedRuleGroupStatement && (r.action || !r.overrideAction));
    return misused
        ? `WAFInvalidParameterException: Error reason: You used an invalid parameter, field: RULE, parameter: ${misused.name} (a rule group takes OverrideAction)`
        : undefined;
}

export const RULES: Record<string, TypeRule> = {
    "random:index/randomPassword:RandomPassword": {
        replaces: ["*"],
        // random_password's id is "none" for every password; the stand-in's world keys resources by id.
        id: () => `none-${hex(4)}`,
        computed: (_n, i) => {
            const chars = [...randomBytes(Number(i.length))].map((b) => ALNUM[b % ALNUM.length]);
            chars.splice(0, 3, "Q", "m", "7"); // minUpper, minLower, minNumeric
            return { result: chars.join(""), bcryptHash: `$2a$10$${hex(26)}` };
        },
        secrets: ["result", "bcryptHash"],
    },
    "mongodbatlas:index/project:Project": {
        replaces: ["orgId"],
        unique: {
            key: (p) => `${p.orgId}/${p.name}`,
            duplicate: (p) => `POST /api/atlas/v2/groups: 409 (GROUP_ALREADY_EXISTS): A project named ${p.name} already exists in this organization.`,
        },
        id: atlasId,
        computed: () => ({ clusterCount: 0, created: new Date().toISOString() }),
    },
    "mongodbatlas:index/advancedCluster:AdvancedCluster": {
        replaces: ["projectId", "name"],
        id: atlasId,
        computed: (_n, i) => ({
            clusterId: hex(12),
            stateName: "IDLE",
            mongoDbVersion: `${i.mongoDbMajorVersion}.3`,
            connectionStrings: {
                standardSrv: process.env.APP_PLATFORM_STANDIN_MONGODB ?? `mongodb+srv://${i.name}.${hex(3)}.mongodb.net`,
                standard: "",
                private: "",
                privateSrv: "",
                privateEndpoints: [],
            },
        }),
    },
    // resource_cloud_backup_schedule.go: only project_id is ForceNew (cluster_name updates in place, misdirected to the id's cluster).
    "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule": {
        replaces: ["projectId"],
        refuse: atlasBackupRefuses,
        id: (_n, i) => `${i.projectId}-${i.clusterName}`,
        computed: () => ({ clusterId: hex(12), idPolicy: hex(12), nextSnapshot: new Date(Date.now() + 3_600_000).toISOString() }),
    },
    // resource_maintenance_window.go: project_id is Required, not ForceNew (the id is the project).
    "mongodbatlas:index/maintenanceWindow:MaintenanceWindow": {
        replaces: [],
        id: (_n, i) => String(i.projectId),
        computed: () => ({ startAsap: false, numberOfDeferrals: 0 }),
    },
    // resource_database_user.go: project_id and username RequiresReplace; auth_database_name does not.
    "mongodbatlas:index/databaseUser:DatabaseUser": {
        replaces: ["projectId", "username"],
        id: (_n, i) => `${i.projectId}-${i.username}-${i.authDatabaseName}`,
    },
    "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList": { replaces: ["*"], id: (_n, i) => `${i.projectId}-${i.cidrBlock ?? i.ipAddress}` },
    // internal/service/auditing/resource_auditing.go: project_id ForceNew and the id; audit_filter compared as
    // JSON (a DiffSuppressFunc); configuration_type computed; delete only turns auditing off.
    "mongodbatlas:index/auditing:Auditing": {
        replaces: ["projectId"],
        id: (_n, i) => String(i.projectId),
        computed: (_n, i) => ({ configurationType: i.auditFilter ? "FILTER_JSON" : "NONE" }),
        optionalComputed: ["auditAuthorizationSuccess", "auditFilter", "enabled"],
        equivalent: { auditFilter: (state, planned) => sameValue(JSON.parse(String(state ?? "null")), JSON.parse(String(planned ?? "null"))) },
    },
    "mongodbatlas:index/alertConfiguration:AlertConfiguration": {
        replaces: ["projectId"],
        validate: atlasAlertInvalid,
        refuse: atlasAlertRefuses,
        id: (_n, i) => `${b64("id")}:${b64(String(i.alertConfigurationId))}-${b64("project_id")}:${b64(String(i.projectId))}`,
        computed: () => ({ alertConfigurationId: hex(12), created: new Date().toISOString() }),
        plan: (i) => ({ ...i, notifications: atlasNotifications(i.notifications) }),
        readBack: (s) => ({ ...s, notifications: atlasNotifications(s.notifications) }),
    },
    "random:index/randomBytes:RandomBytes": {
        replaces: ["length", "keepers"],
        id: () => hex(8),
        computed: (_n, i) => {
            const bytes = randomBytes(Number(i.length));
            return { hex: bytes.toString("hex"), base64: bytes.toString("base64") };
        },
        secrets: ["hex", "base64"],
    },
    "vercel:index/project:Project": {
        replaces: ["teamId"],
        // POST /v11/projects: a name is unique within the team (409 conflict).
        unique: {
            key: (p) => `${p.teamId ?? ""}/${p.name}`,
            duplicate: (p) => `POST /v11/projects: 409 conflict: A project with the name ${p.name} already exists.`,
        },
        id: () => `prj_${hex(12)}`,
        // terraform-provider-vercel resource_project.go: auto_assign_custom_domains is Optional+Computed
        // with Default true, and Read stores the API's plain bool (client/project.go: an absent field
        // would read false), which Vercel always answers: unset plans and reads back true.
        plan: (i) => ({ ...i, autoAssignCustomDomains: i.autoAssignCustomDomains ?? true }),
        readBack: (s) => ({ ...s, autoAssignCustomDomains: s.autoAssignCustomDomains ?? true }),
    },
    "vercel:index/firewallConfig:FirewallConfig": {
        replaces: ["projectId", "teamId"],
        validate: firewallInvalid,
        id: (_n, i) => `team_standin/${i.projectId}`,
        readBack: (s) => ({ ...s, rules: { rules: ((s.rules?.rules as Props[]) ?? []).map((r) => ({ ...r, id: `rule_${hex(6)}` })) } }),
        // A rule's id is computed: the config's rules (without it) are the state's.
        equivalent: { rules: (state, planned) => sameValue(firewallRules(state as Props), firewallRules(planned as Props)) },
    },
    // vercel/terraform-provider-vercel v5.4.1: resource_edge_config.go (team_id replaces; name
    // ^[a-z0-9_-]{0,32}$, updated in place; names are not unique), resource_edge_config_item.go (every
    // field replaces: no update; key ^[A-Za-z0-9_-]{1,256}$; exactly one of value and value_json; a
    // string read back as `value`; create upserts the key and delete removes it, so a second live item of
    // the key is the one a create-before-delete replacement loses), resource_edge_config_token.go (label
    // 1-52 and everything replaces; token and connection_string sensitive).
    "vercel:index/edgeConfig:EdgeConfig": {
        replaces: ["teamId"],
        validate: (i) =>
            /^[a-z0-9_-]{0,32}$/.test(String(i.name))
                ? undefined
                : {
                      property: "name",
                      reason: `The name of the Edge Config can only contain up to 32 alphanumeric lowercase characters, hyphens and underscores: ${i.name}`,
                  },
        id: () => `ecfg_${hex(12)}`,
    },
    "vercel:index/edgeConfigItem:EdgeConfigItem": {
        replaces: ["edgeConfigId", "key", "value", "valueJson"],
        validate: (i) =>
            !/^[A-Za-z0-9_-]{1,256}$/.test(String(i.key))
                ? { property: "key", reason: "Key must be 1-256 chars: letters, numbers, '_' or '-'" }
                : (i.value === undefined) === (i.valueJson === undefined)
                  ? { property: "value", reason: "Exactly one of these attributes must be configured: [value,value_json]" }
                  : undefined,
        id: (_n, i) => `${i.edgeConfigId}/${i.key}`,
        readBack: (s) => (typeof s.valueJson === "string" ? { ...s, value: s.valueJson, valueJson: undefined } : s),
        unique: {
            key: (p) => `${p.edgeConfigId}/${p.key}`,
            duplicate: (p) => `${p.key} is already an item of ${p.edgeConfigId}: the old item's delete would remove the key just written (create upserts it)`,
        },
    },
    "vercel:index/edgeConfigToken:EdgeConfigToken": {
        replaces: ["label", "edgeConfigId", "teamId"],
        validate: (i) =>
            String(i.label).length >= 1 && String(i.label).length <= 52 ? undefined : { property: "label", reason: "label must be 1 to 52 characters" },
        id: () => uuid(),
        computed: (_n, i) => {
            const token = uuid();
            return { token, connectionString: `https://edge-config.vercel.com/${i.edgeConfigId}?token=${token}` };
        },
        secrets: ["token", "connectionString"],
    },
    "vercel:index/projectDomain:ProjectDomain": { replaces: ["projectId", "domain", "teamId"], id: (_n, i) => String(i.domain) },
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": { replaces: ["projectId", "key", "teamId"], id: () => hex(8) },
    "cloudflare:index/pagesProject:PagesProject": {
        replaces: ["accountId", "name"],
        unique: {
            key: (p) => `${p.accountId}/${p.name}`,
            duplicate: (p) => `POST /accounts/${p.accountId}/pages/projects: 409 (code 8000002): A project with this name already exists: ${p.name}`,
        },
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ subdomain: `${i.name}.pages.dev`, createdOn: new Date().toISOString() }),
    },
    "cloudflare:index/pagesDomain:PagesDomain": { replaces: ["accountId", "projectName", "name"], id: (_n, i) => String(i.name) },
    "cloudflare:index/dnsRecord:DnsRecord": { replaces: ["zoneId"], id: () => hex(16) },
    // terraform-provider-cloudflare internal/services/ruleset/schema.go: account_id, zone_id, kind, name,
    // phase RequiresReplace; ratelimit.requests_to_origin defaults to false. One entry-point ruleset per
    // phase and zone (ruleset-engine docs); a second fails (provider issue #2090). The rate-limit values
    // the API takes: waf/rate-limiting-rules/parameters (period, mitigation timeout, cf.colo.id required).
    "cloudflare:index/ruleset:Ruleset": {
        replaces: ["accountId", "zoneId", "kind", "name", "phase"],
        id: () => hex(16),
        unique: {
            key: (p) => (p.kind === "zone" || p.kind === "root" ? `${p.zoneId ?? p.accountId}/${p.phase}` : hex(8)),
            duplicate: (p) =>
                `A similar configuration with rules already exists and overwriting will have unintended consequences (phase ${p.phase}, an entry point of the zone exists: import it)`,
        },
        refuse: (i) => {
            for (const r of (i.rules as Props[]) ?? []) {
                const rl = r.ratelimit;
                if (!rl) continue;
                if (![10, 60, 120, 300, 600, 3600].includes(rl.period)) return `ratelimit.period ${rl.period} is not one of 10, 60, 120, 300, 600, 3600`;
                if (rl.mitigationTimeout !== undefined && ![0, 10, 60, 120, 300, 600, 3600, 86400].includes(rl.mitigationTimeout))
                    return `ratelimit.mitigation_timeout ${rl.mitigationTimeout} is not one of 0, 10, 60, 120, 300, 600, 3600, 86400`;
                if (!((rl.characteristics as string[]) ?? []).includes("cf.colo.id")) return "ratelimit.characteristics must include cf.colo.id";
            }
            return undefined;
        },
        plan: (i) => rulesetDefaults(i),
        readBack: (s) => rulesetDefaults(s),
    },
    // terraform-provider-cloudflare internal/services/workers_kv_namespace (account_id replaces, title updates
    // in place; a title taken in the account: code 10014) and workers_kv (key_name, account_id,
    // namespace_id replace; value updates in place; id the key name).
    "cloudflare:index/workersKvNamespace:WorkersKvNamespace": {
        replaces: ["accountId"],
        id: () => hex(16),
        unique: {
            key: (p) => `${p.accountId}/${p.title}`,
            duplicate: () => "a namespace with this account ID and title already exists [code: 10014]",
        },
    },
    "cloudflare:index/workersKv:WorkersKv": { replaces: ["keyName", "accountId", "namespaceId"], id: (_n, i) => String(i.keyName) },
    "cloudflare:index/zoneSetting:ZoneSetting": { replaces: ["zoneId", "settingId"], id: (_n, i) => String(i.settingId) },
    // integrations/terraform-provider-github v6.13.0 (what @pulumi/github 6.15.0 bridges). `repository`
    // is not ForceNew on these: its CustomizeDiff diffRepository (util_diff.go) replaces only when the
    // name resolves to another repository (a rename updates in place); the stand-in, knowing no
    // repository ids, replaces on any change of it.
    "github:index/repositoryEnvironment:RepositoryEnvironment": {
        // resource_github_repository_environment.go: environment ForceNew; id buildID(repo, env) = "<repo>:<env>".
        replaces: ["repository", "environment"],
        id: (_n, i) => `${i.repository}:${i.environment}`,
        computed: () => ({ repositoryId: numericId() }),
        // can_admins_bypass Default true, prevent_self_review Default false; Read sets wait_timer to nil (0).
        plan: (i) => ({ ...i, canAdminsBypass: i.canAdminsBypass ?? true, preventSelfReview: i.preventSelfReview ?? false, waitTimer: i.waitTimer ?? 0 }),
        readBack: (s) => ({ ...s, canAdminsBypass: s.canAdminsBypass ?? true, preventSelfReview: s.preventSelfReview ?? false, waitTimer: s.waitTimer ?? 0 }),
        // GitHub's API: a required-reviewers rule takes at most 6 reviewers, users and teams together.
        refuse: (i) => {
            const [r] = (i.reviewers ?? []) as { users?: number[]; teams?: number[] }[];
            const n = (r?.users?.length ?? 0) + (r?.teams?.length ?? 0);
            return n > 6 ? "a maximum of 6 reviewers (users and teams combined) can be set for an environment" : undefined;
        },
    },
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": {
        // environment ForceNew; branch_pattern updates in place; id "<repo>:<env>:<policy id>".
        replaces: ["repository", "environment"],
        id: (_n, i) => `${i.repository}:${i.environment}:${numericId()}`,
        computed: () => ({ repositoryId: numericId() }),
    },
    "github:index/branchProtection:BranchProtection": {
        // resource_github_branch_protection.go: repository_id ForceNew; the id is the rule's GraphQL node id.
        replaces: ["repositoryId"],
        id: () => `BPR_kwDO${hex(10)}`,
        // The seven top-level bools Default false; a review block's approving count Default 1 and
        // require_last_push_approval Default false; Read sets force_push_bypassers ([]) while force pushes are off.
        plan: (i) => githubBranchRule(i),
        readBack: (s) => ({ ...githubBranchRule(s), forcePushBypassers: s.allowsForcePushes ? s.forcePushBypassers : (s.forcePushBypassers ?? []) }),
        optionalComputed: ["forcePushBypassers"],
    },
    "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": {
        // resource_github_actions_environment_secret.go: environment and secret_name ForceNew, the value
        // updates in place; id "<repo>:<env>:<name>"; created/updated timestamps computed.
        replaces: ["repository", "environment", "secretName"],
        id: (_n, i) => `${i.repository}:${i.environment}:${i.secretName}`,
        computed: () => {
            const now = new Date().toISOString();
            return { repositoryId: numericId(), createdAt: now, updatedAt: now, remoteUpdatedAt: now };
        },
        unique: {
            key: (p) => `${p.repository}/${p.environment}/${p.secretName}`,
            duplicate: (p) => `PUT …/environments/${p.environment}/secrets/${p.secretName}: another resource holds this secret`,
        },
    },
    "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": {
        // resource_github_actions_environment_variable.go: environment and variable_name ForceNew; POST
        // answers 409 for a name the environment has.
        replaces: ["repository", "environment", "variableName"],
        id: (_n, i) => `${i.repository}:${i.environment}:${i.variableName}`,
        computed: () => {
            const now = new Date().toISOString();
            return { repositoryId: numericId(), createdAt: now, updatedAt: now };
        },
        unique: {
            key: (p) => `${p.repository}/${p.environment}/${p.variableName}`,
            duplicate: (p) => `POST …/environments/${p.environment}/variables: 409 Conflict: Already exists - ${p.variableName}`,
        },
    },
    "checkly:index/alertChannel:AlertChannel": { replaces: [], id: () => String(numericId()) },
    "checkly:index/check:Check": {
        replaces: [],
        id: () => String(numericId()),
        // The provider plans alert settings with its schema's defaults and Go zero values
        // (resource_check.go, alertSettingsFromSet), and reads back all five blocks whatever was sent
        // (setFromAlertSettings), at the values Checkly stores (its API's defaults: 1, 5, 0 and 5).
        plan: (i) => (i.alertSettings ? { ...i, alertSettings: checklyAlerts(i.alertSettings, false) } : i),
        readBack: (s) => ({ ...s, alertSettings: checklyAlerts(s.alertSettings ?? {}, true) }),
        optionalComputed: ["alertSettings"],
        refuse: (i) => checklyRefuses(i.alertSettings),
    },
    "checkly:index/environmentVariable:EnvironmentVariable": {
        replaces: [],
        id: (_n, i) => String(i.key),
        // Variables are account-wide: a key is unique (resource_environment_variable.go: the id is the key).
        unique: { key: (p) => String(p.key), duplicate: (p) => `POST /v1/variables: 409 Conflict: a variable with key ${p.key} already exists` },
    },
    "sentry:index/sentryProject:SentryProject": {
        // terraform-provider-sentry v0.11.2: no ForceNew on any project, key or alert field.
        replaces: [],
        id: (_n, i) => String(i.slug),
        computed: () => ({ projectId: String(numericId()), internalId: String(numericId()) }),
        // resource_sentry_project.go validatePlatform (v0.11.2, lines 354-382): any platform but "other"
        // is fetched from docs.sentry.io/_platforms/<platform>.json — a 404 now, and no network here.
        // Unset, the SDK skips the check; the platform is Optional+Computed (Sentry's own value kept).
        validate: (i) =>
            i.platform !== undefined && i.platform !== "other" ? { property: "platform", reason: `${i.platform} is not a valid platform` } : undefined,
        readBack: (s) => ({ ...s, platform: s.platform ?? "other" }),
        optionalComputed: ["platform"],
        unique: {
            key: (p) => `${p.organization}/${p.slug}`,
            duplicate: (p) => `POST /api/0/teams/${p.organization}/…/projects/: 409 Conflict: A project with this slug already exists.`,
        },
    },
    "sentry:index/sentryKey:SentryKey": {
        replaces: [],
        id: () => hex(16),
        computed: () => {
            const [pub, secret, project] = [hex(16), hex(16), numericId()];
            return {
                public: pub,
                secret,
                projectId: project,
                dsnPublic: `https://${pub}@o1000.ingest.sentry.io/${project}`,
                dsnSecret: `https://${pub}:${secret}@o1000.ingest.sentry.io/${project}`,
                dsnCsp: `https://o1000.ingest.sentry.io/api/${project}/security/?sentry_key=${pub}`,
            };
        },
    },
    "sentry:index/sentryMetricAlert:SentryMetricAlert": {
        replaces: [],
        id: (_n, i) => `${i.organization}/${i.project}/${numericId()}`,
        // resource_sentry_metric_alert.go read sets event_types from the rule (not Computed): Sentry's
        // default for the dataset when none was sent, so an alert that leaves them out diffs forever.
        readBack: (s) => ({ ...s, eventTypes: s.eventTypes ?? SENTRY_EVENT_TYPES[String(s.dataset ?? "events")] }),
        optionalComputed: ["environment", "owner"],
        refuse: sentryAlertRefuses,
    },
    "aws:s3/bucket:Bucket": {
        replaces: ["bucket", "bucketPrefix", "objectLockEnabled"],
        unique: {
            key: (p) => String(p.bucket),
            duplicate: (p) =>
                `creating S3 Bucket (${p.bucket}): BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it.`,
        },
        id: (_n, i) => String(i.bucket),
        computed: (_n, i) => ({ arn: `arn:aws:s3:::${i.bucket}`, region: i.region ?? "us-east-1", bucketDomainName: `${i.bucket}.s3.amazonaws.com` }),
    },
    "aws:s3/bucketVersioning:BucketVersioning": bucketScoped,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketScoped,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketScoped,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketScoped,
    "aws:s3/bucketPolicy:BucketPolicy": bucketScoped,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketScoped,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        replaces: ["url"],
        computed: (_n, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(i.url).replace("https://", "")}` }),
    },
    "aws:iam/role:Role": {
        replaces: ["name", "namePrefix"],
        autoName: "name",
        unique: {
            key: (p) => String(p.name),
            duplicate: (p) => `creating IAM Role (${p.name}): EntityAlreadyExists: Role with name ${p.name} already exists.`,
        },
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${i.name}`, uniqueId: `AROA${hex(8).toUpperCase()}` }),
    },
    "aws:iam/rolePolicy:RolePolicy": { replaces: ["role", "name", "namePrefix"], autoName: "name", id: (_n, i) => `${i.role}:${i.name}` },
    "aws:iam/user:User": {
        replaces: [],
        autoName: "name",
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:user${i.path ?? "/"}${i.name}`, uniqueId: `AIDA${hex(8).toUpperCase()}` }),
    },
    "aws:iam/userPolicy:UserPolicy": { replaces: ["user", "name", "namePrefix"], autoName: "name", id: (_n, i) => `${i.user}:${i.name}` },
    "aws:iam/accessKey:AccessKey": {
        replaces: ["user", "pgpKey"],
        id: () => `AKIA${hex(8).toUpperCase()}`,
        computed: () => ({ secret: hex(20), sesSmtpPasswordV4: hex(22) }),
        secrets: ["secret", "sesSmtpPasswordV4"],
    },
    "aws:secretsmanager/secret:Secret": {
        replaces: ["name", "namePrefix"],
        unique: {
            key: (p) => String(p.name),
            duplicate: (p) =>
                `creating Secrets Manager Secret (${p.name}): ResourceExistsException: The operation failed because the secret ${p.name} already exists.`,
        },
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({ arn: arn("secretsmanager", `secret:${i.name}-${hex(3)}`) }),
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        replaces: ["secretId", "secretString", "secretBinary"],
        id: (_n, i) => `${i.secretId}|${i.versionId}`,
        computed: (_n, i) => ({ versionId: uuid(), arn: i.secretId, versionStages: ["AWSCURRENT"] }),
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        replaces: ["name", "namePrefix"],
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ arn: arn("logs", `log-group:${i.name}`) }),
        unique: {
            key: (p) => String(p.name),
            duplicate: (p) => `creating CloudWatch Logs Log Group (${p.name}): ResourceAlreadyExistsException: The specified log group already exists`,
        },
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { replaces: ["role", "policyArn"], id: (_n, i) => `${i.role}-${hex(8)}` },
    "aws:ec2/securityGroup:SecurityGroup": {
        replaces: ["name", "namePrefix", "vpcId", "description"],
        autoName: "name",
        // EC2 CreateSecurityGroup: a name is unique per VPC (internal/service/ec2/vpc_security_group.go create; no pre-check).
        unique: {
            key: (p) => `${p.vpcId}/${p.name}`,
            duplicate: (p) =>
                `creating Security Group (${p.name}): operation error EC2: CreateSecurityGroup, api error InvalidGroup.Duplicate: The security group '${p.name}' already exists for VPC '${p.vpcId}'`,
        },
        id: () => `sg-${hex(8)}${hex(1).slice(1)}`,
        computed: () => ({ arn: arn("ec2", `security-group/sg-${hex(8)}`), ownerId: ACCOUNT }),
    },
    "aws:acm/certificate:Certificate": {
        replaces: ["domainName", "subjectAlternativeNames", "validationMethod", "keyAlgorithm"],
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({
            arn: arn("acm", `certificate/${uuid()}`),
            // ACM's DNS challenge: a CNAME under the domain to a name of its own (both with the root's dot).
            domainValidationOptions: [
                {
                    domainName: i.domainName,
                    resourceRecordName: `_${hex(16)}.${i.domainName}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${hex(16)}.xlfgrmvvlj.acm-validations.aws.`,
                },
            ],
            status: "PENDING_VALIDATION",
        }),
    },
    "aws:acm/certificateValidation:CertificateValidation": { replaces: ["certificateArn", "validationRecordFqdns"], id: () => new Date().toISOString() },
    "aws:lb/loadBalancer:LoadBalancer": {
        replaces: ["name", "namePrefix", "internal", "loadBalancerType"],
        // internal/service/elbv2/load_balancer.go create: a name already taken in the region fails.
        unique: { key: (p) => String(p.name), duplicate: (p) => `ELBv2 Load Balancer (${p.name}) already exists` },
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => {
            const suffix = `app/${i.name}/${hex(8)}`;
            return {
                arn: arn("elasticloadbalancing", `loadbalancer/${suffix}`),
                arnSuffix: suffix,
                dnsName: `${i.name}-${numericId()}.${REGION}.elb.amazonaws.com`,
                zoneId: "Z268VQBMOI5EKX",
            };
        },
    },
    "aws:lb/targetGroup:TargetGroup": {
        replaces: ["name", "namePrefix", "port", "protocol", "targetType", "vpcId"],
        autoName: "name",
        // internal/service/elbv2/target_group.go resourceTargetGroupCreate looks the name up first (per region);
        // its schema validates the name (validTargetGroupName: at most 32 characters), auto-names included.
        unique: { key: (p) => String(p.name), duplicate: (p) => `ELBv2 Target Group (${p.name}) already exists` },
        validate: (i) => (String(i.name).length > 32 ? { property: "name", reason: `"name" cannot be longer than 32 characters: ${i.name}` } : undefined),
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => {
            const suffix = `targetgroup/${i.name}/${hex(8)}`;
            return { arn: arn("elasticloadbalancing", suffix), arnSuffix: suffix };
        },
    },
    // internal/service/elbv2/listener.go: the routing.http.response.* attributes are Optional+Computed, so
    // a header left out of the config keeps the listener's value (no diff).
    "aws:lb/listener:Listener": {
        replaces: ["loadBalancerArn"],
        optionalComputed: [
            "routingHttpResponseXFrameOptionsHeaderValue",
            "routingHttpResponseXContentTypeOptionsHeaderValue",
            "routingHttpResponseStrictTransportSecurityHeaderValue",
            "routingHttpResponseContentSecurityPolicyHeaderValue",
        ],
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({ arn: `${String(i.loadBalancerArn).replace(":loadbalancer/", ":listener/")}/${hex(8)}` }),
    },
    "aws:ecs/cluster:Cluster": { replaces: ["name"], id: (_n, i) => String(i.arn), computed: (_n, i) => ({ arn: arn("ecs", `cluster/${i.name}`) }) },
    "aws:ecs/taskDefinition:TaskDefinition": {
        replaces: ["*"],
        // ECS stores the containers as it normalizes them (empty-valued variables dropped, host ports
        // and defaults filled in); the provider suppresses only the differences its reduce() knows.
        readBack: (s) => ({ ...s, containerDefinitions: JSON.stringify(ecsStored(JSON.parse(String(s.containerDefinitions)))) }),
        equivalent: { containerDefinitions: (a, b) => JSON.stringify(sortedKeys(ecsReduced(a))) === JSON.stringify(sortedKeys(ecsReduced(b))) },
        id: (_n, i) => String(i.family),
        computed: (_n, i) => {
            const revision = numericId();
            return { revision, arn: arn("ecs", `task-definition/${i.family}:${revision}`), arnWithoutRevision: arn("ecs", `task-definition/${i.family}`) };
        },
    },
    "aws:ecs/service:Service": {
        replaces: ["name", "cluster", "launchType"],
        id: (_n, i) => arn("ecs", `service/${String(i.cluster).split("/").pop()}/${i.name}`),
        unique: {
            key: (p) => `${p.cluster}/${p.name}`,
            duplicate: () => "creating ECS Service: InvalidParameterException: Creation of service was not idempotent.",
        },
        fault: ecsDeployment,
    },
    "aws:appautoscaling/target:Target": {
        replaces: ["resourceId", "scalableDimension", "serviceNamespace"],
        id: (_n, i) => String(i.resourceId),
        computed: () => ({ arn: arn("application-autoscaling", `scalable-target/${hex(12)}`) }),
    },
    "aws:appautoscaling/policy:Policy": {
        replaces: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        id: (_n, i) => String(i.name),
        computed: () => ({ arn: arn("autoscaling", `scalingPolicy:${uuid()}`) }),
    },
    // internal/service/cloudtrail/trail.go: name the only ForceNew; id the ARN; enable_logging and
    // include_global_service_events default true, is_multi_region_trail and log-file validation false.
    "aws:cloudtrail/trail:Trail": {
        replaces: ["name"],
        autoName: "name",
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({ arn: arn("cloudtrail", `trail/${i.name}`), homeRegion: REGION }),
        plan: (i) => trailDefaults(i),
        readBack: (s) => trailDefaults(s),
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        replaces: ["name"],
        autoName: "name",
        validate: alarmInvalid,
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ arn: arn("cloudwatch", `alarm:${i.name}`) }),
        plan: alarmDefaults,
        readBack: alarmDefaults,
    },
    // internal/service/sns/topic.go: name, name_prefix, fifo_topic ForceNew; id the ARN. pulumi-aws
    // patches/0017-non-idempotent-sns-topic-creation.patch: a name already taken fails (AWS would return it).
    "aws:sns/topic:Topic": {
        replaces: ["name", "namePrefix", "fifoTopic"],
        autoName: "name",
        unique: { key: (p) => String(p.name), duplicate: (p) => `SNS Topic (${p.name}) already exists` },
        validate: (i) =>
            /^[0-9A-Za-z_-]{1,256}$/.test(String(i.name))
                ? undefined
                : { property: "name", reason: `must contain only alphanumeric characters, hyphens and underscores: ${i.name}` },
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({ arn: arn("sns", String(i.name)), owner: ACCOUNT }),
    },
    // internal/service/sns/topic_subscription.go: topic_arn, protocol, endpoint ForceNew; id the subscription's
    // ARN even while pending (ReturnSubscriptionArn); email is confirmed by its recipient, so it stays pending.
    "aws:sns/topicSubscription:TopicSubscription": {
        replaces: ["topic", "protocol", "endpoint"],
        validate: (i) =>
            ["application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"].includes(i.protocol)
                ? undefined
                : {
                      property: "protocol",
                      reason: `expected protocol to be one of [application email email-json firehose http https lambda sms sqs], got ${i.protocol}`,
                  },
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({
            arn: `${i.topic}:${uuid()}`,
            ownerId: ACCOUNT,
            pendingConfirmation: ["email", "email-json"].includes(i.protocol),
            confirmationWasAuthenticated: false,
        }),
        plan: (i) => ({
            ...i,
            confirmationTimeoutInMinutes: i.confirmationTimeoutInMinutes ?? 1,
            endpointAutoConfirms: i.endpointAutoConfirms ?? false,
            rawMessageDelivery: i.rawMessageDelivery ?? false,
        }),
        readBack: (s) => ({
            ...s,
            confirmationTimeoutInMinutes: s.confirmationTimeoutInMinutes ?? 1,
            endpointAutoConfirms: s.endpointAutoConfirms ?? false,
            rawMessageDelivery: s.rawMessageDelivery ?? false,
        }),
    },
    "aws:wafv2/webAcl:WebAcl": {
        replaces: ["name", "namePrefix", "scope"],
        autoName: "name",
        validate: webAclInvalid,
        refuse: webAclRefuses,
        unique: {
            key: (p) => `${p.scope}/${p.name}`,
            duplicate: () =>
                "WAFDuplicateItemException: AWS WAF couldn't perform the operation because some resource in your request is a duplicate of an existing one.",
        },
        id: () => uuid(),
        computed: (_n, i) => ({ arn: arn("wafv2", `${String(i.scope).toLowerCase()}/webacl/${i.name}/${uuid()}`), capacity: 1200, lockToken: uuid() }),
        // A set: the order of the config's rules is no change.
        equivalent: { rules: (state, planned) => sameValue(byPriority(state), byPriority(planned)) },
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        replaces: ["resourceArn", "webAclArn"],
        id: (_n, i) => `${i.webAclArn},${i.resourceArn}`,
        // One web ACL per resource; deleting the old association afterwards would disassociate the new one.
        unique: {
            key: (p) => String(p.resourceArn),
            duplicate: (p) =>
                `${p.resourceArn} already has a web ACL: deleting the old association next would disassociate this one (DisassociateWebACL takes the resource only)`,
        },
    },
    "gcp:projects/service:Service": { replaces: ["project", "service"], id: (_n, i) => `${i.project}/${i.service}` },
    "gcp:monitoring/notificationChannel:NotificationChannel": {
        replaces: ["project"],
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ name: `projects/${i.project}/notificationChannels/${numericId()}${numericId()}`, verificationStatus: "" }),
        plan: (i) => ({ ...i, enabled: i.enabled ?? true, forceDelete: i.forceDelete ?? false }),
        readBack: (s) => ({ ...s, enabled: s.enabled ?? true, forceDelete: s.forceDelete ?? false }),
    },
    "gcp:monitoring/alertPolicy:AlertPolicy": {
        replaces: ["project"],
        validate: alertPolicyInvalid,
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({
            name: `projects/${i.project}/alertPolicies/${numericId()}${numericId()}`,
            creationRecords: [{ mutateTime: new Date().toISOString(), mutatedBy: "standin" }],
        }),
        plan: (i) => ({ ...i, enabled: i.enabled ?? true }),
        readBack: (s) => ({
            ...s,
            enabled: s.enabled ?? true,
            conditions: ((s.conditions as Props[]) ?? []).map((c, n) => ({ ...c, name: c.name ?? `${s.name}/conditions/${numericId()}${n}` })),
        }),
        // A condition's `name` is computed: the config's conditions (without it) are the state's.
        equivalent: { conditions: (state, planned) => sameValue(unnamed(state), unnamed(planned)) },
    },
    // terraform-provider-google google/services/logging/resource_logging_project_bucket_config.go: project,
    // location, bucket_id ForceNew; id projects/<p>/locations/<l>/buckets/<id>; retention_days default 30;
    // locked and enable_analytics read back false when the API omits them; the API checks the id (logging
    // v2 LogBucket: up to 100 letters, digits, _ - ., starting alphanumeric). A deleted bucket keeps its id 7 days.
    "gcp:logging/projectBucketConfig:ProjectBucketConfig": {
        replaces: ["project", "location", "bucketId"],
        id: (_n, i) => `projects/${i.project}/locations/${i.location}/buckets/${i.bucketId}`,
        computed: (_n, i) => ({ name: `projects/${i.project}/locations/${i.location}/buckets/${i.bucketId}`, lifecycleState: "ACTIVE" }),
        refuse: (i) =>
            /^[A-Za-z0-9][\w.-]{0,99}$/.test(String(i.bucketId)) ? undefined : "googleapi: Error 400: Resource id can only start with an alphanumber character",
        plan: (i) => ({ ...i, retentionDays: i.retentionDays ?? 30, locked: i.locked ?? false, enableAnalytics: i.enableAnalytics ?? false }),
        readBack: (s) => ({ ...s, retentionDays: s.retentionDays ?? 30, locked: s.locked ?? false, enableAnalytics: s.enableAnalytics ?? false }),
        optionalComputed: ["description"],
    },
    // resource_logging_project_sink.go and resource_logging_sink.go: name and project ForceNew (`name`
    // auto-named by pulumi-gcp); id projects/<p>/sinks/<name>; unique_writer_identity default true; filter,
    // description read back "" and disabled false; a same-project log bucket gets no writer identity (the
    // API's LogSink.writerIdentity); an existing sink of the name is taken over, not refused.
    "gcp:logging/projectSink:ProjectSink": {
        replaces: ["name", "project"],
        autoName: "name",
        id: (_n, i) => `projects/${i.project}/sinks/${i.name}`,
        computed: (_n, i) => ({
            writerIdentity: String(i.destination).startsWith(`logging.googleapis.com/projects/${i.project}/`)
                ? ""
                : `serviceAccount:service-${numericId()}@gcp-sa-logging.iam.gserviceaccount.com`,
        }),
        plan: (i) => ({
            ...i,
            filter: i.filter ?? "",
            description: i.description ?? "",
            disabled: i.disabled ?? false,
            uniqueWriterIdentity: i.uniqueWriterIdentity ?? true,
        }),
        readBack: (s) => ({
            ...s,
            filter: s.filter ?? "",
            description: s.description ?? "",
            disabled: s.disabled ?? false,
            uniqueWriterIdentity: s.uniqueWriterIdentity ?? true,
        }),
    },
    "gcp:serviceaccount/account:Account": {
        replaces: ["project", "accountId"],
        unique: {
            key: (p) => `${p.project}/${p.accountId}`,
            duplicate: (p) =>
                `Error creating service account: googleapi: Error 409: Service account ${p.accountId} already exists within project projects/${p.project}., alreadyExists`,
        },
        id: (_n, i) => `projects/${i.project}/serviceAccounts/${i.accountId}@${i.project}.iam.gserviceaccount.com`,
        computed: (_n, i) => {
            const email = `${i.accountId}@${i.project}.iam.gserviceaccount.com`;
            return {
                email,
                member: `serviceAccount:${email}`,
                name: `projects/${i.project}/serviceAccounts/${email}`,
                uniqueId: String(randomBytes(8).readBigUInt64BE()),
            };
        },
    },
    "gcp:projects/iAMMember:IAMMember": gcpMember,
    "gcp:secretmanager/secret:Secret": {
        replaces: ["project", "secretId", "replication"],
        unique: {
            key: (p) => `${p.project}/${p.secretId}`,
            duplicate: (p) => `Error creating Secret: googleapi: Error 409: Secret [projects/${p.project}/secrets/${p.secretId}] already exists.`,
        },
        id: (_n, i) => `projects/${i.project}/secrets/${i.secretId}`,
        computed: (_n, i) => ({ name: `projects/${i.project}/secrets/${i.secretId}`, createTime: new Date().toISOString() }),
    },
    "gcp:secretmanager/secretVersion:SecretVersion": {
        replaces: ["secret", "secretData"],
        id: (_n, i) => `${i.secret}/versions/${i.version}`,
        computed: (_n, i) => {
            const version = String(numericId());
            return { version, name: `${i.secret}/versions/${version}`, createTime: new Date().toISOString() };
        },
    },
    "gcp:secretmanager/secretIamMember:SecretIamMember": gcpMember,
    "gcp:cloudrunv2/job:Job": {
        replaces: ["project", "location", "name"],
        id: (_n, i) => `projects/${i.project}/locations/${i.location}/jobs/${i.name}`,
        computed: () => ({ uid: uuid(), etag: hex(8) }),
        fault: cloudRunJobExecution,
    },
    "gcp:cloudrunv2/service:Service": {
        replaces: ["project", "location", "name"],
        id: (_n, i) => `projects/${i.project}/locations/${i.location}/services/${i.name}`,
        computed: (_n, i) => ({ uri: `https://${i.name}-${hex(5)}-${String(i.location).split("-")[0].slice(0, 2)}.a.run.app`, uid: uuid() }),
    },
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember": gcpMember,
    "gcp:cloudrun/domainMapping:DomainMapping": {
        replaces: ["*"],
        id: (_n, i) => `locations/${i.location}/namespaces/${i.project}/domainmappings/${i.name}`,
        computed: (_n, i) => ({ statuses: [{ resourceRecords: [{ name: String(i.name).split(".")[0], rrdata: "ghs.googlehosted.com.", type: "CNAME" }] }] }),
    },
    "upstash:index/redisDatabase:RedisDatabase": {
        replaces: ["databaseName", "region", "primaryRegion"],
        id: () =>
            randomBytes(16)
                .toString("hex")
                .replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-"),
        computed: (_n, i) => ({
            databaseId: createHash("sha1").update(String(i.databaseName)).digest("hex").slice(0, 32),
            endpoint: `${String(i.databaseName).toLowerCase()}-${hex(3)}.upstash.io`,
            port: 6379,
            password: hex(16),
            restToken: `A${hex(24)}`,
            readOnlyRestToken: `A${hex(24)}`,
            state: "active",
        }),
        secrets: ["password", "restToken", "readOnlyRestToken"],
    },
    "upstash:index/qStashScheduleV2:QStashScheduleV2": {
        replaces: ["*"],
        id: (_n, o) => `upstash-qstash-schedule-${o.scheduleId}`,
        computed: (_n, i) => ({
            scheduleId: `scd_${hex(10)}`,
            createdAt: Date.now(),
            // As the provider fills it: the forwarded headers in Go's %+v form, not marked sensitive.
            header: `map[${Object.entries((i.forwardHeaders ?? {}) as Props)
                .map(([k, v]) => `Upstash-Forward-${k}:[${v}]`)
                .join(" ")}]`,
            delay: i.delay ?? "0",
            retries: i.retries ?? 3,
        }),
    },
};

const mockHash = (name: string, what: string) => createHash("sha256").update(`${name}:${what}`).digest("hex").slice(0, 17);

/** A branch rule as terraform-provider-github plans and reads it: its schema's defaults filled in. */
function githubBranchRule(i: Props): Props {
    const bools = [
        "allowsDeletions",
        "allowsForcePushes",
        "enforceAdmins",
        "requireSignedCommits",
        "requiredLinearHistory",
        "requireConversationResolution",
        "lockBranch",
    ];
    return {
        ...i,
        ...Object.fromEntries(bools.map((b) => [b, i[b] ?? false])),
        ...(i.requiredPullRequestReviews
            ? {
                  requiredPullRequestReviews: (i.requiredPullRequestReviews as Props[]).map((r) => ({
                      ...r,
                      requiredApprovingReviewCount: r.requiredApprovingReviewCount ?? 1,
                      requireLastPushApproval: r.requireLastPushApproval ?? false,
                  })),
              }
            : {}),
    };
}

/** Invokes (data sources) the program calls. */
export const INVOKES: Record<string, (args: Props) => Props> = {
    // One NAT gateway per availability zone, the usual layout: each private subnet's route table sends
    // 0.0.0.0/0 to its zone's gateway (here one per subnet), at addresses of the documentation range (RFC 5737).
    // As the inventory's mocks name them (inventory/mocks.ts), so the plan's entries are the inventory's.
    "aws:ec2/getRouteTables:getRouteTables": (i) => {
        const [filter] = (i.filters ?? []) as { name: string; values: string[] }[];
        return { ...i, id: String(i.vpcId), ids: filter?.name === "association.subnet-id" ? [`rtb-${mockHash(filter.values[0], "rtb")}`] : ["rtb-main"] };
    },
    "aws:ec2/getRouteTable:getRouteTable": (i) => ({
        ...i,
        id: i.routeTableId,
        vpcId: "vpc-0a1b2c3d4e5f60718",
        routes: [
            { cidrBlock: "10.0.0.0/16", gatewayId: "local" },
            ...(i.routeTableId === "rtb-main" ? [] : [{ cidrBlock: "0.0.0.0/0", natGatewayId: `nat-${mockHash(String(i.routeTableId), "nat")}` }]),
        ],
    }),
    "aws:ec2/getNatGateway:getNatGateway": (i) => {
        // internal/service/ec2/vpc_nat_gateway_data_source.go: tfresource.SingularDataSourceFindError — a
        // filter (a VPC) that matches the VPC's several gateways is an error, not the first one.
        if (!i.id) throw new Error("multiple EC2 NAT Gateways matched; use additional constraints to reduce matches to a single EC2 NAT Gateway");
        return {
            ...i,
            publicIp: `203.0.113.${10 + (parseInt(String(i.id).slice(4, 6), 16) % 200)}`,
            privateIp: "10.0.0.25",
            state: "available",
            connectivityType: "public",
        };
    },
    "aws:index/getRegion:getRegion": () => ({
        region: REGION,
        name: REGION,
        id: REGION,
        description: "Africa (Cape Town)",
        endpoint: `ec2.${REGION}.amazonaws.com`,
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:user/standin`,
        userId: "AIDASTANDIN",
        id: ACCOUNT,
    }),
    // data_source_github_user.go / data_source_github_team.go: the numeric REST id as a string.
    "github:index/getUser:getUser": (i) => ({
        ...i,
        id: String(100000 + (parseInt(mockHash(String(i.username), "user").slice(0, 6), 16) % 900000)),
        login: i.username,
    }),
    "github:index/getTeam:getTeam": (i) => ({ ...i, id: String(200000 + (parseInt(mockHash(String(i.slug), "team").slice(0, 6), 16) % 900000)), name: i.slug }),
    "sentry:index/getSentryTeam:getSentryTeam": (i) => ({
        ...i,
        id: i.slug,
        internalId: "4100021",
        name: i.slug,
        hasAccess: true,
        isMember: true,
        isPending: false,
    }),
};

export const autoNameSuffix = suffix;
