// What a platform adapter of ApiService (ecsFargate.ts, cloudRun.ts) receives and returns, and the
// naming rule both follow.
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import type { DnsAdapter } from "./dns";

/** One variable of the service's environment: plain, or (secret) held by the platform's secret store. */
export interface ServiceEnvVar {
    name: string;
    secret: boolean;
    value: pulumi.Input<string>;
}

/** Metric alarms on a service, on its platform's own monitoring, which emails `emails`. */
export interface ServiceAlarms {
    cpuPercent: number;
    memoryPercent: number;
    /** The share of answers that are 5xx. */
    errorRatePercent: number;
    /** How long a threshold stays crossed before the alarm fires. */
    forMinutes: number;
    /** An hour's share of non-5xx answers under this alarms (the stack's availability objective). */
    availabilityPercent: number;
    emails: string[];
}

/** The service as every platform runs it. */
export interface ServiceSpec {
    /** The vendor-side name (`<app>-<stack>-<service>`): cluster, load balancer, service, account. */
    physicalName: string;
    /** Registry, repository and tag or digest: deployed as given, never built here. */
    image: string;
    port: number;
    /** The service's own host; its certificate and record go through `dns`. */
    host: string;
    healthPath: string;
    command?: string[];
    env: ServiceEnvVar[];
    /** Runs once per deploy with the new image and env, before the new version takes traffic. */
    preStart?: { command: string[]; timeoutMinutes: number; pollSeconds?: number };
    /**
     * A step each deploy waits for, before the pre-start command (a data store's pre-change dump),
     * made with what identifies the deploy: it runs again for each new one.
     */
    beforeDeploy?: (deploy: pulumi.Output<string>, parent: pulumi.Resource) => pulumi.Resource;
    instances: { min: number; max: number };
    dns: DnsAdapter;
    /** Production: the load balancer and service are guarded against deletion. */
    protect: boolean;
    alarms?: ServiceAlarms;
    /** How long the platform keeps the service's logs. */
    logRetentionDays: number;
}

/** What a platform adapter builds: the running service and where it answers before DNS. */
export interface BuiltService {
    /** The resource whose update completes only when the new version serves (ECS steady state, Cloud Run's ready revision). */
    service: pulumi.Resource;
    /** The load balancer's DNS name, or Cloud Run's own URL. */
    endpoint: pulumi.Output<string>;
    /** Where the secrets live: the Secrets Manager secret's ARN, or the Secret Manager secrets' ids. */
    secretStore: pulumi.Output<string[]>;
}

/**
 * A vendor name within `limit` characters: as is when it fits, else cut and suffixed with a hash of
 * the whole, so it stays unique and stable (a load balancer allows 32; a Google service account id 30).
 */
export function boundedName(name: string, limit: number): string {
    if (name.length <= limit) return name;
    return `${name.slice(0, limit - 8).replace(/-+$/, "")}-${createHash("sha256").update(name).digest("hex").slice(0, 7)}`;
}
