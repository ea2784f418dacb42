// Scheduled jobs prove who they are: a bearer token, sent only over TLS.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { known, parseJson, TYPES } from "./resources";

export const scheduledJobsAuthorized: ResourceValidationPolicy = {
    name: "scheduled-jobs-authorized",
    description: "Every scheduled job calls an https endpoint with an Authorization: Bearer header (the app checks it against CRON_SECRET).",
    severity: "high",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.schedule) return args.notApplicable("not a QStash schedule");
        const destination = known(() => args.props.destination as string);
        const headers = known(() => args.props.forwardHeaders);
        const job = `scheduled job ${args.name}${destination ? ` (${destination})` : ""}`;
        if (headers !== undefined) {
            // Decided from the header's name, which is known in every preview; its value (the cron
            // secret) is unknown in the first preview and on each rotation day, and is judged once
            // known (at up). Reading an unknown value would make the SDK downgrade the check to advisory.
            const parsed: Record<string, unknown> = typeof headers === "string" ? parseJson(headers, {}) : (headers ?? {});
            const name = Object.keys(parsed).find((k) => k.toLowerCase() === "authorization");
            const authorization = name === undefined ? undefined : known(() => parsed[name]);
            const unknownValue = name !== undefined && authorization === undefined;
            if (!unknownValue && (typeof authorization !== "string" || !/^Bearer \S{16,}$/.test(authorization))) {
                reportViolation(
                    `${job} sends no Authorization: Bearer <secret> header, so anyone can trigger it. Fix: declare it under ` +
                        `app-platform:crons (CronSchedules forwards Authorization: Bearer <CRON_SECRET>, from crons.secret).`,
                );
            }
        }
        if (destination !== undefined && !destination.startsWith("https://")) {
            reportViolation(
                `${job} is not https, so its bearer token would travel in clear text. Fix: serve the site over https (app-platform:domains.primary).`,
            );
        }
    },
};
