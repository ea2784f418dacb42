// Production is watched: Checkly checks the site, and every check alerts someone.
import { StackValidationPolicy } from "@pulumi/policy";
import { requireProductionSite } from "./environment";
import { known, TYPES } from "./resources";

export const productionMonitored: StackValidationPolicy = {
    name: "production-monitored",
    description: "A production stack has uptime checks on its site and at least one alert channel, and every check is subscribed to one.",
    severity: "high",
    validateStack: (args, reportViolation) => {
        requireProductionSite(args, "monitoring is required in production only");
        const fix = "Fix: declare app-platform:monitoring (alerts: email, slack or sms; uptime: the paths to check).";
        const checks = args.resources.filter((r) => r.type === TYPES.check);
        const channels = args.resources.filter((r) => r.type === TYPES.alertChannel);
        if (checks.length === 0) reportViolation(`production has no uptime check, so an outage goes unnoticed until a customer reports it. ${fix}`);
        if (channels.length === 0) reportViolation(`production has no alert channel, so a failing check tells no one. ${fix}`);
        for (const check of checks) {
            const subscriptions = known(() => check.props.alertChannelSubscriptions as unknown[] | undefined);
            const activated = known(() => check.props.activated as boolean | undefined);
            if (subscriptions !== undefined && subscriptions.length === 0) reportViolation(`check ${check.name} alerts no channel. ${fix}`, check.urn);
            if (activated === false)
                reportViolation(`check ${check.name} is deactivated, so it never runs. Fix: remove activated: false, or remove the check.`, check.urn);
        }
    },
};
