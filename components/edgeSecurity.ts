import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

export interface EdgeSecurityArgs {
    zoneId: string;
    /** The host whose responses get the headers. */
    host: string;
    /** Header name → value, set (replacing the app's) on every response. */
    headers: Record<string, string>;
}

/**
 * Cloudflare's edge in front of a Pages site: HTTPS only for the zone (seed 001, "Always Use HTTPS")
 * and the security headers on every response of the host, whatever the app sends.
 */
export class EdgeSecurity extends pulumi.ComponentResource {
    constructor(name: string, args: EdgeSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:hosting:EdgeSecurity", name, {}, opts);
        // A zone-wide setting that other sites of the zone rely on too: destroying this stack leaves it on.
        new cloudflare.ZoneSetting(
            `${name}-https`,
            { zoneId: args.zoneId, settingId: "always_use_https", value: "on" },
            { parent: this, retainOnDelete: true },
        );
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
            { parent: this },
        );
        this.registerOutputs({});
    }
}
