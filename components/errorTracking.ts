import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";

/** A metric alert: `aggregate` over `dataset` (its `eventTypes`) in `windowMinutes`, above `threshold`. */
export interface ErrorAlertRule {
    name: string;
    dataset: "events" | "transactions" | "events_analytics_platform";
    /** What Sentry stores and the provider reads back (error, transaction, trace_item_span): declared, or every preview shows a change. */
    eventTypes: readonly string[];
    aggregate: string;
    query: string;
    windowMinutes: number;
    threshold: number;
}

export interface ErrorTrackingArgs {
    organization: string;
    /** The team that owns the project; the alerts email its members. */
    team: string;
    /** The team's numeric id, for the email action. */
    teamId: pulumi.Input<string>;
    /** The project's slug and name. */
    project: string;
    rules: ErrorAlertRule[];
    /** Sentry's Slack integration and the channel the alerts also go to. */
    slack?: { integrationId: number; channel: string };
    /** Production: keep the project (its issue history) from deletion. */
    protect: boolean;
}

/** A Sentry project for one app and environment, its client key, and alert rules to email and Slack. */
export class ErrorTracking extends pulumi.ComponentResource {
    /** The client key's public DSN: it ships to browsers by design (NEXT_PUBLIC_SENTRY_DSN). */
    readonly dsn: pulumi.Output<string>;
    readonly projectSlug: pulumi.Output<string>;

    constructor(name: string, args: ErrorTrackingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:monitoring:ErrorTracking", name, {}, opts);
        const project = new sentry.SentryProject(
            `${name}-project`,
            // No platform: terraform-provider-sentry v0.11.2 validates one by fetching
            // docs.sentry.io/_platforms/<platform>.json (now a 404), and skips the check when unset.
            { organization: args.organization, teams: [args.team], name: args.project, slug: args.project },
            { parent: this, protect: args.protect, retainOnDelete: args.protect },
        );
        // The key's secret half (and the legacy DSN that embeds it) never reach the app: only the public DSN does.
        const key = new sentry.SentryKey(
            `${name}-key`,
            { organization: args.organization, project: project.id, name: args.project },
            { parent: this, additionalSecretOutputs: ["secret", "dsnSecret"] },
        );
        const actions: sentry.types.input.SentryMetricAlertTriggerAction[] = [
            { type: "email", targetType: "team", targetIdentifier: args.teamId },
            ...(args.slack ? [{ type: "slack", targetType: "specific", targetIdentifier: args.slack.channel, integrationId: args.slack.integrationId }] : []),
        ];
        for (const rule of args.rules) {
            new sentry.SentryMetricAlert(
                `${name}-${rule.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
                {
                    organization: args.organization,
                    project: project.id,
                    name: `${args.project}: ${rule.name}`,
                    dataset: rule.dataset,
                    eventTypes: [...rule.eventTypes],
                    aggregate: rule.aggregate,
                    query: rule.query,
                    timeWindow: rule.windowMinutes,
                    thresholdType: 0, // above
                    triggers: [{ label: "critical", alertThreshold: rule.threshold, thresholdType: 0, actions }],
                },
                { parent: this },
            );
        }
        this.dsn = key.dsnPublic;
        this.projectSlug = project.id;
        this.registerOutputs({ dsn: this.dsn, projectSlug: this.projectSlug });
    }
}
