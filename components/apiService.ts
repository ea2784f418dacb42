import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { cloudRun, CloudRunPlatform } from "./cloudRun";
import type { DnsAdapter } from "./dns";
import { ecsFargate, EcsPlatform } from "./ecsFargate";

/** One variable of the service's environment: plain, or (secret) held by the platform's secret store. */
export interface ServiceEnvVar {
    name: string;
    secret: boolean;
    value: pulumi.Input<string>;
}

export interface ApiServiceArgs {
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
    preStart?: { command: string[]; timeoutMinutes: number };
    instances: { min: number; max: number };
    platform: EcsPlatform | CloudRunPlatform;
    dns: DnsAdapter;
    /** Production: the load balancer and service are guarded against deletion. */
    protect: boolean;
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

/**
 * A token that changes whenever what a deploy runs changes: image, commands, plain env values and the
 * secret store's version references (never the secrets themselves).
 */
export function deployToken(args: Pick<ApiServiceArgs, "image" | "command" | "preStart">, refs: pulumi.Input<string>[]): pulumi.Output<string> {
    return pulumi.all(refs).apply((values) =>
        createHash("sha256").update(JSON.stringify([args.image, args.command ?? null, args.preStart ?? null, values])).digest("hex").slice(0, 12),
    );
}

/**
 * An API server from a container image on a managed container platform, at its own host over TLS:
 * AWS ECS on Fargate behind an Application Load Balancer, or Google Cloud Run. Plain variables are
 * the container's environment; secret ones live in the platform's secret store and the service
 * references the exact version, so a changed secret deploys a new revision.
 */
export class ApiService extends pulumi.ComponentResource {
    readonly url: string;
    readonly endpoint: pulumi.Output<string>;
    readonly secretStore: pulumi.Output<string[]>;
    /** Resolves when the service runs the current image and env (what signers of rotated secrets wait for). */
    readonly live: pulumi.Resource[];

    constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:service:ApiService", name, {}, opts);
        const built = args.platform.kind === "aws-ecs" ? ecsFargate(this, name, args, args.platform) : cloudRun(this, name, args, args.platform);
        this.url = `https://${args.host}`;
        this.endpoint = built.endpoint;
        this.secretStore = built.secretStore;
        this.live = [built.service];
        this.registerOutputs({ url: this.url, endpoint: this.endpoint, secretStore: this.secretStore });
    }
}
