import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

/** A scheduled call to the app. */
export interface CronJob {
    name: string;
    /** 5-field cron expression, evaluated in UTC by QStash. */
    schedule: string;
    path: string;
    method: string;
    retries: number;
    /** A disabled job gets no schedule. */
    enabled: boolean;
    description?: string;
}

export interface CronSchedulesArgs {
    /** Base URL of the app; each job calls `<siteUrl><path>`. */
    siteUrl: string;
    jobs: CronJob[];
    /** The app's CRON_SECRET: sent as `Authorization: Bearer <secret>`; a rotation replaces every schedule (all fields force replacement). */
    secret: pulumi.Input<string>;
}

/** One QStash schedule per enabled job. QStash evaluates cron expressions in UTC. */
export class CronSchedules extends pulumi.ComponentResource {
    /** Schedule ids by job name. */
    readonly scheduleIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: CronSchedulesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:ops:CronSchedules", name, {}, opts);
        this.scheduleIds = {};
        const authorization = pulumi.secret(pulumi.interpolate`Bearer ${args.secret}`);
        for (const job of args.jobs.filter((j) => j.enabled)) {
            const schedule = new upstash.QStashScheduleV2(
                `${name}-${job.name}`,
                {
                    destination: `${args.siteUrl}${job.path}`,
                    cron: job.schedule,
                    method: job.method,
                    retries: job.retries,
                    // The provider sends each as `Upstash-Forward-<name>`; QStash passes it on as <name>.
                    forwardHeaders: { Authorization: authorization },
                },
                // The provider fills `header` with the forwarded headers (the bearer token) and does
                // not mark it secret: without this it sits in the state in plaintext. Every field
                // forces replacement (no update in the provider): deleting first never leaves two
                // schedules firing the same job, nor two counted against the plan's schedule quota.
                // They wait for what the component waits for (the app running with the new secret).
                { parent: this, dependsOn: opts?.dependsOn, additionalSecretOutputs: ["header"], deleteBeforeReplace: true },
            );
            this.scheduleIds[job.name] = schedule.scheduleId;
        }
        this.registerOutputs({ scheduleIds: this.scheduleIds });
    }
}
