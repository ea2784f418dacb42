import * as pulumi from "@pulumi/pulumi";
import { StripeWebhookResource } from "../providers/webhooks/stripeProvider";

export interface StripeWebhookArgs {
    /** The account's secret key (sk_live_/sk_test_). */
    apiKey: pulumi.Input<string>;
    apiBaseUrl: string;
    url: string;
    events: string[];
    description: string;
    metadata: Record<string, string>;
    apiVersion: string;
    connect: boolean;
    /** Production: guard the endpoint against deletion. */
    protect: boolean;
}

/** The app's Stripe webhook endpoint; its signing secret becomes STRIPE_WEBHOOK_SECRET. */
export class StripeWebhook extends pulumi.ComponentResource {
    readonly endpointId: pulumi.Output<string>;
    /** Secret. */
    readonly secret: pulumi.Output<string>;

    constructor(name: string, args: StripeWebhookArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:webhooks:StripeWebhook", name, {}, opts);
        const endpoint = new StripeWebhookResource(
            name,
            {
                apiKey: pulumi.secret(args.apiKey),
                apiBaseUrl: args.apiBaseUrl,
                identity: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
                url: args.url,
                enabledEvents: args.events,
                description: args.description,
                metadata: args.metadata,
                apiVersion: args.apiVersion,
                connect: args.connect,
                disabled: false,
            },
            { parent: this, protect: args.protect },
        );
        this.endpointId = endpoint.endpointId;
        this.secret = pulumi.secret(endpoint.secret);
        this.registerOutputs({ endpointId: this.endpointId });
    }
}
