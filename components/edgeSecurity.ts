import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { RateLimit } from "./hosting/adapter";

export interface EdgeSecurityArgs {
    zoneId: string;
    /** The host whose responses get the headers. */
    host: string;
    /** Hosts that redirect to it (through the zone): rate-limited with it. */
    redirects: string[];
    /** Header name → value, set (replacing the app's) on every response. */
    headers: Record<string, string>;
    /** Requests per client (IP) and window before Cloudflare blocks it for a window. */
    rateLimit: RateLimit;
}

/**
 * Cloudflare's edge in front of a Pages site: HTTPS only for the zone (seed 001, "Always Use HTTPS"),
 * http:// links in its pages rewritten to https:// (Automatic HTTPS Rewrites), the security headers
 * on every response of the host whatever the app sends, and a per-client rate limit.
 * A zone holds one entry-point ruleset per phase (developers.cloudflare.com/ruleset-engine, "one
 * entry point ruleset per phase"): a replaced one is deleted before its successor is created.
 */
export class EdgeSecurity extends pulumi.ComponentResource {
    constructor(name: string, args: EdgeSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:hosting:EdgeSecurity", name, {}, opts);
        // A zone-wide setting that other sites of the zone rely on too: destroying this stack leaves it on.
        for (const [suffix, settingId] of [
            ["https", "always_use_https"],
            ["https-rewrites", "automatic_https_rewrites"],
        ]) {
            new cloudflare.ZoneSetting(`${name}-${suffix}`, { zoneId: args.zoneId, settingId, value: "on" }, { parent: this, retainOnDelete: true });
        }
        const entryPoint = { parent: this, deleteBeforeReplace: true };
        new cloudflare.Ruleset(
            `${name}-headers`,
            {
                zoneId: args.zoneId,
                name: `${args.host}: security headers`,
                kind: "zone",
                phase: "http_response_headers_transform",
                rules: [
                    {
                        description: `security headers on ${args.host}`,
                        expression: `(http.host eq "${args.host}")`,
                        action: "rewrite",
                        actionParameters: {
                            headers: Object.fromEntries(Object.entries(args.headers).map(([header, value]) => [header, { operation: "set", value }])),
                        },
                        enabled: true,
                    },
                ],
            },
            entryPoint,
        );
        if (args.rateLimit.enabled) {
            const { requests, windowSeconds } = args.rateLimit;
            const hosts = [args.host, ...args.redirects];
            // Periods and timeouts of 10 s are what every plan allows (developers.cloudflare.com/waf/
            // rate-limiting-rules, availability by plan); cf.colo.id is a required characteristic.
            new cloudflare.Ruleset(
                `${name}-rate-limit`,
                {
                    zoneId: args.zoneId,
                    name: `${args.host}: rate limit`,
                    kind: "zone",
                    phase: "http_ratelimit",
                    rules: [
                        {
                            description: `more than ${requests} requests in ${windowSeconds} s from one IP on ${hosts.join(", ")}`,
                            expression: `(http.host in {${hosts.map((h) => `"${h}"`).join(" ")}})`,
                            action: "block",
                            ratelimit: {
                                characteristics: ["cf.colo.id", "ip.src"],
                                period: windowSeconds,
                                requestsPerPeriod: requests,
                                mitigationTimeout: windowSeconds,
                            },
                            enabled: true,
                        },
                    ],
                },
                entryPoint,
            );
        }
        this.registerOutputs({});
    }
}
