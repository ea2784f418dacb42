import * as pulumi from "@pulumi/pulumi";
import { cloudRun, CloudRunPlatform } from "./cloudRun";
import { ecsFargate, EcsPlatform } from "./ecsFargate";
import type { ServiceSpec } from "./serviceAdapter";

export interface ApiServiceArgs extends ServiceSpec {
    platform: EcsPlatform | CloudRunPlatform;
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
