import * as pulumi from "@pulumi/pulumi";
import { ResendWebhookResource } from "../providers/webhooks/resendProvider";

export interface ResendWebhookArgs {
    apiKey: pulumi.Input<string>;
    apiBaseUrl: string;
    endpoint: string;
    events: string[];
    protect: boolean;
}

/** A Resend webhook; its signing secret becomes RESEND_WEBHOOK_SECRET. */
export class ResendWebhook extends pulumi.ComponentResource {
    readonly webhookId: pulumi.Output<string>;
    /** Secret. */
    readonly secret: pulumi.Output<string>;

    constructor(name: string, args: ResendWebhookArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:email:ResendWebhook", name, {}, opts);
        const hook = new ResendWebhookResource(
            name,
            { apiKey: pulumi.secret(args.apiKey), apiBaseUrl: args.apiBaseUrl, endpoint: args.endpoint, events: args.events },
            { parent: this, protect: args.protect },
        );
        this.webhookId = hook.webhookId;
        this.secret = pulumi.secret(hook.secret);
        this.registerOutputs({ webhookId: this.webhookId });
    }
}
