import * as checkly from "@checkly/pulumi";
import * as pulumi from "@pulumi/pulumi";

/** A Checkly assertion (source STATUS_CODE, HEADERS, JSON_BODY, TEXT_BODY, RESPONSE_TIME). */
export interface Assertion {
    source: string;
    property?: string;
    comparison: string;
    target?: string;
}

/** One HTTP request Checkly makes on a schedule, and what its response must satisfy. */
export interface ApiCheck {
    /** The check's name in Checkly and in alerts. */
    name: string;
    url: pulumi.Input<string>;
    frequencyMinutes: number;
    locations: string[];
    /** Slower than this is degraded; slower than `failMs` fails. */
    degradedMs: number;
    failMs: number;
    /** Request headers; `{{VAR}}` reads a Checkly environment variable (a locked one for credentials). */
    headers?: Record<string, string>;
    assertions: Assertion[];
    /** Node.js run after the request, before the assertions: it may scrub the response or assert on it. */
    teardownScript?: pulumi.Input<string>;
    /** Tags of this check besides the stack's (an uptime check's availability objective). */
    tags?: string[];
}

export interface ApiChecksArgs {
    /** By a stable key (the resource name's suffix). */
    checks: Record<string, ApiCheck>;
    channelIds: pulumi.Input<number>[];
    /** Alert once a check has failed this many minutes. */
    afterMinutes: number;
    /** While still failing, remind `times` times every `everyMinutes`. */
    reminders?: { times: number; everyMinutes: number };
    /** Credentials the checks read as `{{KEY}}`: locked (secret) Checkly environment variables. */
    variables?: Record<string, pulumi.Input<string>>;
    tags: string[];
}

/** Checkly API checks subscribed to the stack's alert channels. */
export class ApiChecks extends pulumi.ComponentResource {
    /** Check ids by key. */
    readonly ids: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: ApiChecksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:monitoring:ApiChecks", name, {}, opts);
        const variables = Object.entries(args.variables ?? {}).map(
            ([key, value]) =>
                new checkly.EnvironmentVariable(
                    `${name}-${key}`,
                    { key, value: pulumi.secret(value), locked: true },
                    { parent: this, additionalSecretOutputs: ["value"] },
                ),
        );
        // Every block the provider reads back, at the values Checkly stores: its read (resource_check.go
        // setFromAlertSettings) fills in run-based escalation, reminders and SSL settings whatever the
        // escalation type, and a block left out would show as a change on every preview.
        const alertSettings: checkly.types.input.CheckAlertSettings = {
            escalationType: "TIME_BASED",
            timeBasedEscalations: [{ minutesFailingThreshold: args.afterMinutes }],
            runBasedEscalations: [{ failedRunThreshold: 1 }],
            reminders: [args.reminders ? { amount: args.reminders.times, interval: args.reminders.everyMinutes } : { amount: 0, interval: 5 }],
            sslCertificates: [{ enabled: false }],
        };
        this.ids = {};
        for (const [key, check] of Object.entries(args.checks)) {
            const resource = new checkly.Check(
                `${name}-${key}`,
                {
                    name: check.name,
                    type: "API",
                    activated: true,
                    frequency: check.frequencyMinutes,
                    locations: check.locations,
                    // A failure is retried from another location before it counts: one bad network path is not an outage.
                    doubleCheck: true,
                    degradedResponseTime: check.degradedMs,
                    maxResponseTime: check.failMs,
                    tags: [...args.tags, ...(check.tags ?? [])],
                    request: { url: check.url, method: "GET", followRedirects: true, headers: check.headers, assertions: check.assertions },
                    localTeardownScript: check.teardownScript,
                    useGlobalAlertSettings: false,
                    alertSettings,
                    alertChannelSubscriptions: args.channelIds.map((channelId) => ({ channelId, activated: true })),
                },
                { parent: this, dependsOn: variables },
            );
            this.ids[key] = resource.id;
        }
        this.registerOutputs({ ids: this.ids });
    }
}
