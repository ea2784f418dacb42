// Scheduled jobs: the job table (presets + jobs + overrides), its schedules checked, and their QStash schedules built.
import * as pulumi from "@pulumi/pulumi";
import { CronExpressionParser } from "cron-parser";
import type { CronJob } from "../../components/cronSchedules";
import { CronSchedules } from "../../components/cronSchedules";
import type { RotatingSecret } from "../../components/rotatingSecret";
import type { BuildContext } from "../buildContext";
import type { ConfigIssue } from "../configIssue";
import type { CronJobConfig, CoreConfig } from "../schema";
import { CRON_PRESETS } from "./cronPresets";
import { Area, generatedSecret } from "../area";
import { NAMESPACE } from "../stackConfig";

const KEY = "app-platform:crons";

/** The next `count` run times of a 5-field expression, in UTC (QStash's time zone). */
export function nextRuns(schedule: string, now: Date, count = 3): string[] {
    return CronExpressionParser.parse(schedule, { currentDate: now, tz: "UTC" })
        .take(count)
        .map((d) => d.toDate().toISOString());
}

/** Why a schedule is not a 5-field cron expression QStash accepts, or undefined when it is. */
export function scheduleProblem(schedule: string): string | undefined {
    const fields = schedule.trim().split(/\s+/);
    if (fields.length !== 5 || schedule.startsWith("@")) {
        return `"${schedule}" is not a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 2 * * *"`;
    }
    try {
        CronExpressionParser.parse(schedule, { tz: "UTC" });
        return undefined;
    } catch (err) {
        return `"${schedule}" does not parse: ${(err as Error).message}`;
    }
}

export function resolveCronJobs(cfg: CoreConfig, issues: ConfigIssue[]): CronJob[] {
    const crons = cfg.crons;
    if (!crons) return [];
    const origin = new Map<string, string>(); // job name → config path where it was declared
    const declared: CronJobConfig[] = [];
    const add = (job: CronJobConfig, key: string) => {
        const first = origin.get(job.name);
        if (first) {
            issues.push({
                key,
                message: `duplicate job name "${job.name}" (already declared at ${first}); to change a preset job use ${KEY}.overrides.${job.name}`,
            });
            return;
        }
        origin.set(job.name, key);
        declared.push(job);
    };
    crons.presets.forEach((preset, i) => {
        const jobs = CRON_PRESETS[preset];
        if (!jobs) issues.push({ key: `${KEY}.presets[${i}]`, message: `unknown preset "${preset}"; available: ${Object.keys(CRON_PRESETS).join(", ")}` });
        else jobs.forEach((job) => add(job, `${KEY}.presets[${i}] (${preset}: ${job.name})`));
    });
    crons.jobs.forEach((job, i) => add(job, `${KEY}.jobs[${i}]`));

    for (const name of Object.keys(crons.overrides)) {
        if (!origin.has(name)) issues.push({ key: `${KEY}.overrides.${name}`, message: `no job named "${name}"; jobs: ${[...origin.keys()].join(", ")}` });
    }
    if (!(crons.secret in cfg.secrets.generated)) {
        issues.push({
            key: `${KEY}.secret`,
            message: `"${crons.secret}" is not declared under app-platform:secrets.generated; declare it (e.g. { bytes: 32, encoding: hex, rotationDays: 90 })`,
        });
    }

    return declared.map((base) => {
        const override = crons.overrides[base.name] ?? {};
        const job = { ...base, ...override };
        const keyOf = (field: keyof CronJobConfig) => (field in override ? `${KEY}.overrides.${job.name}` : origin.get(job.name)!) + `.${field}`;
        const problem = scheduleProblem(job.schedule);
        if (problem) issues.push({ key: keyOf("schedule"), message: `job ${job.name}: ${problem}` });
        const path = job.path ?? `/api/cron/execute/${job.name}`;
        return {
            name: job.name,
            schedule: job.schedule,
            path,
            method: job.method ?? "POST",
            retries: job.retries ?? 3,
            enabled: job.enabled ?? true,
            description: job.description,
        };
    });
}

/** One QStash schedule per enabled job, once the app is deployed, authorized by the rotating cron secret. */
/** The schedules send the rotating secret: they wait for `live`, the app running with the new value. */
export function buildCrons(
    { cfg }: BuildContext,
    generated: [string, RotatingSecret][],
    app: pulumi.Resource,
    live: pulumi.Resource[],
): CronSchedules | undefined {
    if (!cfg.crons) return undefined;
    const secret = generatedSecret(generated, cfg.crons!.secret);
    return new CronSchedules(`${cfg.name}-cron`, { siteUrl: cfg.siteUrl, jobs: cfg.cronJobs, secret: secret.current }, { dependsOn: [app, ...live] });
}

export const cronsArea: Area = {
    plan({ cfg, issues }) {
        const cronJobs = resolveCronJobs(cfg, issues);
        const enabled = cronJobs.filter((j) => j.enabled).length;
        const warnings =
            cfg.crons && enabled > cfg.crons.scheduleQuota
                ? [
                      `${NAMESPACE}:crons: ${enabled} enabled jobs exceed the ${cfg.crons.scheduleQuota} active schedules of the QStash plan ` +
                          `(scheduleQuota; the Free plan allows 10): creating the rest will fail. Set crons.scheduleQuota to your plan's limit, or disable jobs.`,
                  ]
                : [];
        return { cronJobs, warnings };
    },
    after: (state) => ({ schedules: buildCrons(state, state.generated, state.hosting, state.live) }),
    outputs: ({ cfg }) => ({
        crons: cfg.cronJobs.map((job) => ({
            job: job.name,
            cron: job.schedule,
            url: `${cfg.siteUrl}${job.path}`,
            method: job.method,
            enabled: job.enabled,
            nextRuns: job.enabled ? nextRuns(job.schedule, cfg.now) : [],
        })),
    }),
};
