// Observability: Checkly checks on the site, on the scheduled jobs (QStash's dead-letter queue) and
// on the nightly backup; Sentry error tracking with its DSN as an env source; alerts to the same
// email, Slack and SMS channels.
import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";
import { AlertChannels } from "../../components/alertChannels";
import { ApiCheck, ApiChecks } from "../../components/apiChecks";
import type { CronSchedules } from "../../components/cronSchedules";
import { ErrorAlertRule, ErrorTracking } from "../../components/errorTracking";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, CoreStackConfig, NAMESPACE, Sources } from "../stackConfig";
import { physicalName } from "../../shared/naming";
import { serviceChecks, SiteCheck, siteChecks } from "../siteChecks";
import type { CoreConfig, MonitoringConfig } from "../schema";
import { requireDeclared } from "../checks";
import type { Area, Monitoring } from "../area";
import { monthlyBudgetMinutes } from "../availability";

const KEY = `${NAMESPACE}:monitoring`;
const QSTASH_DLQ = "https://qstash.upstash.io/v2/dlq";
const GITHUB_API = "https://api.github.com";
/** A vendor's API answering slowly is not our outage: these checks fail on content, not speed. */
const VENDOR_API_MS = { degradedMs: 10000, failMs: 30000 };

export function monitoringSources(cfg: CoreConfig): Sources {
    if (!cfg.monitoring?.sentry) return {};
    return {
        "sentry.dsn": { secret: false, description: "Sentry client key DSN (public by design: it ships to browsers)" },
        // What a build's source-map upload names (SENTRY_ORG, SENTRY_PROJECT): the project this stack made, never a guess.
        "sentry.organization": { secret: false, description: "the Sentry organization's slug (monitoring.sentry.organization)" },
        "sentry.project": { secret: false, description: "the slug of the Sentry project this stack creates (<name>-<stack>)" },
    };
}

/** The repository whose workflow a check reads: its own setting, else the backup writer's (the platform's repository). */
function workflowRepository(cfg: CoreConfig, own: string | undefined): string | undefined {
    const writer = cfg.backups?.writer;
    return own ?? (writer?.kind === "github-oidc" ? writer.repository : undefined);
}

/** What the database workflow names each stack's run (its run-name): the check finds this stack's among them. */
export const databaseRunTitle = (stack: string) => `Database check: ${stack}`;

/** A PostgreSQL the stack migrates, grants roles in or manages: what the database check signs in to. */
export const hasPostgres = (cfg: CoreConfig) => Boolean(cfg.postgres ?? cfg.migrations ?? cfg.database);

export function checkMonitoring(ctx: CheckContext): void {
    const { cfg, issues } = ctx;
    const m = cfg.monitoring;
    if (!m) return;
    const { alerts, uptime } = m;
    if (alerts.email.length + alerts.sms.length + (alerts.slack ? 1 : 0) === 0) {
        issues.push({
            key: `${KEY}.alerts`,
            message: "no alert channel: add an email address (alerts.email), a Slack channel (alerts.slack) or an SMS number (alerts.sms)",
        });
    }
    // CloudWatch (through SNS), Cloud Monitoring and Atlas send their alarms by email.
    const alarmed = [...Object.keys(cfg.services).map((n) => `services.${n}`), ...(cfg.atlas ? ["atlas"] : [])];
    if (alarmed.length > 0 && alerts.email.length === 0) {
        issues.push({
            key: `${KEY}.alerts.email`,
            message: `${alarmed.join(", ")} get metric alarms from their platform, which sends them by email: add an address (e.g. oncall@${cfg.domains.primary})`,
        });
    }
    // An outage is reported a check interval plus alerts.afterMinutes after it starts: that must fit in
    // the month's error budget, or the objective is spent before anyone hears of it.
    const budget = monthlyBudgetMinutes(m.availability.objectivePercent);
    const detection = uptime.frequencyMinutes + alerts.afterMinutes;
    if (uptime.enabled && detection > budget) {
        issues.push({
            key: `${KEY}.availability.objectivePercent`,
            message:
                `${m.availability.objectivePercent} % leaves ${budget.toFixed(1)} minutes of downtime a month, but an outage is reported only after ` +
                `${detection} (uptime.frequencyMinutes ${uptime.frequencyMinutes} + alerts.afterMinutes ${alerts.afterMinutes}): lower the objective or check more often`,
        });
    }
    if (uptime.degradedMs > uptime.failMs) {
        issues.push({
            key: `${KEY}.uptime.degradedMs`,
            message: `${uptime.degradedMs} ms is above failMs (${uptime.failMs} ms): a response is degraded before it fails`,
        });
    }
    // A path's own targets, or the section's: degraded before failed.
    const targets = (key: string, p: { degradedMs?: number; failMs?: number }) => {
        const [degraded, fail] = [p.degradedMs ?? uptime.degradedMs, p.failMs ?? uptime.failMs];
        if (degraded > fail) issues.push({ key, message: `degraded at ${degraded} ms but failing at ${fail} ms: a response is degraded before it fails` });
    };
    uptime.paths.forEach((p, i) => targets(`${KEY}.uptime.paths[${i}]`, p));
    for (const [name, s] of Object.entries(cfg.services)) s.monitorPaths.forEach((p, i) => targets(`${NAMESPACE}:services.${name}.monitorPaths[${i}]`, p));
    if (alerts.slack) requireDeclared(ctx, alerts.slack.webhookUrlSecret, `${KEY}.alerts.slack (its incoming-webhook URL)`, 365);
    if (m.sentry?.platform !== undefined) {
        // terraform-provider-sentry v0.11.2 (the only one @pulumiverse/sentry ships) checks a platform by
        // fetching docs.sentry.io/_platforms/<platform>.json, which answers 404 now (its issues #288, #393).
        issues.push({
            key: `${KEY}.sentry.platform`,
            message:
                "remove it: the Sentry provider checks a platform against docs.sentry.io, which no longer serves that list, so every preview would fail. " +
                "Events still carry their SDK's platform; set the project's platform in Sentry's Project Settings if you want its onboarding page",
        });
    }
    if (m.jobs) {
        requireDeclared(ctx, m.jobs.qstashTokenSecret, `${KEY}.jobs (the QStash token that reads the dead-letter queue)`, 90);
        if (!cfg.crons)
            issues.push({
                key: `${KEY}.jobs`,
                message: "watches the scheduled jobs, but the stack has none: add app-platform:crons or remove monitoring.jobs",
            });
    }
    if (m.backups) {
        if (m.backups.tokenSecret) requireDeclared(ctx, m.backups.tokenSecret, `${KEY}.backups.tokenSecret (a token that reads the repository's Actions)`, 90);
        if (!workflowRepository(cfg, m.backups.repository)) {
            issues.push({
                key: `${KEY}.backups.repository`,
                message: "which repository runs the backup workflow? Set it (owner/name), or use backups.writer kind github-oidc",
            });
        }
    }
    const d = m.database;
    if (d) {
        if (d.tokenSecret) requireDeclared(ctx, d.tokenSecret, `${KEY}.database.tokenSecret (a token that reads the repository's Actions)`, 90);
        if (!hasPostgres(cfg))
            issues.push({
                key: `${KEY}.database`,
                message: "checks the stack's PostgreSQL, but it has none: add app-platform:postgres (or migrations), or remove monitoring.database",
            });
        if (!workflowRepository(cfg, d.repository))
            issues.push({
                key: `${KEY}.database.repository`,
                message: "which repository runs the database workflow? Set it (owner/name), or use backups.writer kind github-oidc",
            });
    } else if (hasPostgres(cfg) && cfg.environment === "production") {
        ctx.warnings.push(
            `${KEY}.database: nothing alerts on the PostgreSQL database's connections, long queries or storage: add monitoring.database ({} takes the defaults) and the workflow .github/workflows/database.yml`,
        );
    }
}

/**
 * The performance alerts' dataset, as Sentry's own migration of transaction alerts maps them
 * (getsentry/sentry src/sentry/discover/translation/mep_to_eap.py: transaction.duration → span.duration,
 * event.type:transaction → is_transaction:1; the snuba query's event type trace_item_span). Event types
 * are declared because the provider reads them back (sentry_metric_alert `event_types`, not Computed).
 */
const PERFORMANCE = {
    events_analytics_platform: {
        dataset: "events_analytics_platform",
        eventTypes: ["trace_item_span"],
        query: "is_transaction:1",
        duration: "p95(span.duration)",
    },
    transactions: { dataset: "transactions", eventTypes: ["transaction"], query: "", duration: "p95(transaction.duration)" },
} as const;

/** Sentry's project for this app and environment: before the app, whose env may read its DSN. */
export function buildErrorTracking({ cfg, protect }: BuildContext): { tracking?: ErrorTracking; values: Record<string, SourceValue> } {
    const s = cfg.monitoring?.sentry;
    if (!s) return { values: {} };
    const team = sentry.getSentryTeamOutput({ organization: s.organization, slug: s.team });
    const perf = PERFORMANCE[s.performanceDataset];
    const rules: ErrorAlertRule[] = [
        {
            name: "errors",
            dataset: "events",
            eventTypes: ["error"],
            aggregate: "count()",
            query: "event.type:error",
            windowMinutes: 5,
            threshold: s.errorsPer5Minutes,
        },
        { name: "response time", ...perf, aggregate: perf.duration, windowMinutes: 5, threshold: s.responseTimeMs },
        // failure_rate() is a ratio (0 to 1).
        { name: "error rate", ...perf, aggregate: "failure_rate()", windowMinutes: 5, threshold: s.errorRatePercent / 100 },
    ];
    const tracking = new ErrorTracking(`${cfg.name}-sentry`, {
        organization: s.organization,
        team: s.team,
        teamId: team.internalId,
        project: physicalName(cfg.name, cfg.stack),
        rules,
        slack: s.slack,
        protect,
    });
    return {
        tracking,
        values: { "sentry.dsn": { value: tracking.dsn }, "sentry.organization": { value: s.organization }, "sentry.project": { value: tracking.projectSlug } },
    };
}

/** A Checkly variable name for this stack's credential (variables are account-wide). */
const variable = (cfg: CoreStackConfig, what: string) => `${what}_${cfg.name}_${cfg.stack}`.toUpperCase().replace(/[^A-Z0-9]+/g, "_");

/** The site's paths (siteChecks: what a release's smoke test asserts too), and each service's health and monitored paths. */
function uptimeChecks(cfg: CoreStackConfig, m: MonitoringConfig): Record<string, ApiCheck> {
    const { uptime } = m;
    if (!uptime.enabled) return {};
    const check = (name: string, url: string, c: SiteCheck): ApiCheck => ({
        name,
        url,
        frequencyMinutes: uptime.frequencyMinutes,
        locations: uptime.locations,
        degradedMs: c.degradedMs,
        failMs: c.failMs,
        // Checkly's reports filter by tag: what the check's availability is measured against.
        tags: [`availability:${m.availability.objectivePercent}`],
        assertions: [
            { source: "STATUS_CODE", comparison: "EQUALS", target: String(c.status) },
            ...Object.entries(c.headers).map(([header, value]) => ({ source: "HEADERS", property: header.toLowerCase(), comparison: "EQUALS", target: value })),
            // Checkly's JSON_BODY takes a JSONPath (checked by the schema) and compares text.
            ...Object.entries(c.json).map(([path, value]) => ({ source: "JSON_BODY", property: path, comparison: "EQUALS", target: String(value) })),
        ],
    });
    const site = siteChecks(cfg).map((c) => [`uptime${c.slug}`, check(`${cfg.name} ${cfg.environment}: ${c.path}`, `${cfg.siteUrl}${c.path}`, c)]);
    // Each service's health path and the paths it names for monitoring (seed 003: payments, database, Redis).
    const services = Object.entries(cfg.services).flatMap(([name, s]) =>
        serviceChecks(cfg, s).map((c) => [
            `service-${name}${c.slug}`,
            check(`${cfg.name} ${cfg.environment}: ${name} ${c.path}`, `https://${s.host}${c.path}`, c),
        ]),
    );
    return Object.fromEntries([...site, ...services]);
}

/** Each scheduled job: a delivery that failed all its retries sits in QStash's dead-letter queue. */
function jobChecks(cfg: CoreStackConfig, m: MonitoringConfig, schedules: CronSchedules | undefined, token: string): Record<string, ApiCheck> {
    if (!m.jobs || !schedules) return {};
    // The DLQ returns each message with the headers it forwarded (the cron secret): keep ids and statuses only.
    // Config values enter Checkly's scripts as JSON literals only, never as code.
    const teardown = (job: string) =>
        [
            `const job = ${JSON.stringify(job)};`,
            `const messages = JSON.parse(response.body).messages || [];`,
            `const failed = messages.map((m) => ({ dlqId: m.dlqId, responseStatus: m.responseStatus, createdAt: m.createdAt }));`,
            `response.body = JSON.stringify({ failed });`,
            `if (failed.length > 0) throw new Error(job + ": " + failed.length + " run(s) failed after all retries (QStash dead-letter queue)");`,
        ].join("\n");
    return Object.fromEntries(
        Object.entries(schedules.scheduleIds).map(([job, scheduleId]) => [
            `job-${job}`,
            {
                name: `${cfg.name} ${cfg.environment}: job ${job}`,
                url: pulumi.interpolate`${QSTASH_DLQ}?scheduleId=${scheduleId}`,
                frequencyMinutes: m.jobs!.frequencyMinutes,
                locations: [m.uptime.locations[0]],
                ...VENDOR_API_MS,
                headers: { Authorization: `Bearer {{${token}}}` },
                assertions: [{ source: "STATUS_CODE", comparison: "EQUALS", target: "200" }],
                teardownScript: teardown(job),
            },
        ]),
    );
}

/** The nightly backup and restore check: a successful run of its workflow within maxAgeHours. */
function backupCheck(cfg: CoreStackConfig, m: MonitoringConfig, token: string | undefined): Record<string, ApiCheck> {
    const b = m.backups;
    const repository = workflowRepository(cfg, b?.repository);
    if (!b || !repository) return {};
    const query = new URLSearchParams({ branch: b.branch, status: "success", per_page: "1" });
    const teardown = [
        `const expected = ${JSON.stringify({ workflow: b.workflow, branch: b.branch, maxAgeHours: b.maxAgeHours })};`,
        `const run = (JSON.parse(response.body).workflow_runs || [])[0];`,
        `const hours = run ? (Date.now() - Date.parse(run.updated_at)) / 36e5 : Infinity;`,
        `response.body = JSON.stringify({ lastSuccess: run ? run.updated_at : null, url: run ? run.html_url : null });`,
        `if (!(hours <= expected.maxAgeHours)) throw new Error("no successful " + expected.workflow + " run on " + expected.branch + " in " + expected.maxAgeHours + " hours (last: " + (run ? run.updated_at : "never") + ")");`,
    ].join("\n");
    const name = `${cfg.name} ${cfg.environment}: backup and restore check`;
    return { backup: workflowRunsCheck(m, name, { repository, workflow: b.workflow, query, frequencyMinutes: b.frequencyMinutes, token, teardown }) };
}

/**
 * A check on GitHub's REST API: the runs of a workflow (`query` filters them), judged by `teardown`.
 * A token only for a private repository.
 */
function workflowRunsCheck(
    m: MonitoringConfig,
    name: string,
    w: { repository: string; workflow: string; query: URLSearchParams; frequencyMinutes: number; token: string | undefined; teardown: string },
): ApiCheck {
    return {
        name,
        url: `${GITHUB_API}/repos/${w.repository}/actions/workflows/${w.workflow}/runs?${w.query}`,
        frequencyMinutes: w.frequencyMinutes,
        locations: [m.uptime.locations[0]],
        ...VENDOR_API_MS,
        headers: {
            Accept: "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            ...(w.token ? { Authorization: `Bearer {{${w.token}}}` } : {}),
        },
        assertions: [{ source: "STATUS_CODE", comparison: "EQUALS", target: "200" }],
        teardownScript: w.teardown,
    };
}

/**
 * The database check: this stack's last run of the database workflow (`npm run health`: connections,
 * long queries, storage) must have passed, within maxAgeMinutes. The workflow dispatches one run per
 * stack, titled with it; the list holds every stack's, newest first.
 */
function databaseCheck(cfg: CoreStackConfig, m: MonitoringConfig, token: string | undefined): Record<string, ApiCheck> {
    const d = m.database;
    const repository = workflowRepository(cfg, d?.repository);
    if (!d || !repository) return {};
    const query = new URLSearchParams({ branch: d.branch, event: "workflow_dispatch", status: "completed", per_page: "100" });
    const teardown = [
        `const expected = ${JSON.stringify({ title: databaseRunTitle(cfg.stack), workflow: d.workflow, branch: d.branch, maxAgeMinutes: d.maxAgeMinutes })};`,
        // A pending run a newer one replaced ends cancelled (the job's concurrency group): it checked nothing.
        `const run = (JSON.parse(response.body).workflow_runs || []).find((r) => r.display_title === expected.title && r.conclusion !== "cancelled" && r.conclusion !== "skipped");`,
        `const minutes = run ? (Date.now() - Date.parse(run.updated_at)) / 6e4 : Infinity;`,
        `response.body = JSON.stringify({ last: run ? run.updated_at : null, conclusion: run ? run.conclusion : null, url: run ? run.html_url : null });`,
        `if (!(minutes <= expected.maxAgeMinutes)) throw new Error("no \\"" + expected.title + "\\" run of " + expected.workflow + " on " + expected.branch + " in " + expected.maxAgeMinutes + " minutes (last: " + (run ? run.updated_at : "never") + ")");`,
        `if (run.conclusion !== "success") throw new Error(expected.title + " " + run.conclusion + " at " + run.updated_at + ": its log says what (connections, long queries or storage): " + run.html_url);`,
    ].join("\n");
    const name = `${cfg.name} ${cfg.environment}: database check`;
    return { database: workflowRunsCheck(m, name, { repository, workflow: d.workflow, query, frequencyMinutes: d.frequencyMinutes, token, teardown }) };
}

/** After the app and its schedules: the checks, where their alerts go, and the Sentry project. */
export function buildMonitoring(ctx: BuildContext, schedules: CronSchedules | undefined, tracking: ErrorTracking | undefined): Monitoring | undefined {
    const { cfg } = ctx;
    const m = cfg.monitoring;
    if (!m) return undefined;
    const { alerts } = m;
    const channels = new AlertChannels(`${cfg.name}-alerts`, {
        email: alerts.email,
        slack: alerts.slack && { channel: alerts.slack.channel, webhookUrl: ctx.secret(alerts.slack.webhookUrlSecret) },
        sms: alerts.sms,
    });
    const variables: Record<string, pulumi.Input<string>> = {};
    const qstash = variable(cfg, "QSTASH_TOKEN");
    if (m.jobs) variables[qstash] = ctx.secret(m.jobs.qstashTokenSecret);
    const github = m.backups?.tokenSecret ? variable(cfg, "GITHUB_TOKEN") : undefined;
    if (github) variables[github] = ctx.secret(m.backups!.tokenSecret!);
    // The database check shares the backup check's token when it names the same secret.
    const dbToken = m.database?.tokenSecret;
    const githubDb = dbToken && (dbToken === m.backups?.tokenSecret ? github : variable(cfg, "GITHUB_DB_TOKEN"));
    if (githubDb && githubDb !== github) variables[githubDb] = ctx.secret(dbToken!);
    const checks = {
        ...uptimeChecks(cfg, m),
        ...jobChecks(cfg, m, schedules, qstash),
        ...backupCheck(cfg, m, github),
        ...databaseCheck(cfg, m, githubDb || undefined),
    };
    const created = new ApiChecks(`${cfg.name}-checks`, {
        checks,
        channelIds: channels.ids,
        afterMinutes: alerts.afterMinutes,
        reminders: alerts.reminders,
        variables,
        tags: [cfg.name, cfg.environment],
    });
    return {
        checks: Object.entries(checks).map(([key, { name, url }]) => ({ name, url, checkId: created.ids[key] })),
        alertChannels: channels.targets,
        sentryProject: tracking ? pulumi.interpolate`${m.sentry!.organization}/${tracking.projectSlug}` : null,
    };
}

export const monitoringArea: Area = {
    sources: ({ cfg }) => monitoringSources(cfg),
    check: checkMonitoring,
    before(state) {
        const { tracking, values } = buildErrorTracking(state);
        return { errorTracking: tracking, errorTrackingValues: values };
    },
    values: ({ errorTrackingValues }) => errorTrackingValues ?? {},
    after: (state) => ({ monitoring: buildMonitoring(state, state.schedules, state.errorTracking) }),
    outputs: ({ monitoring }) => ({ monitoring: monitoring ? pulumi.output(monitoring) : null }),
};
