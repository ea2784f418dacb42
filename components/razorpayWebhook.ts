import * as pulumi from "@pulumi/pulumi";
import { RazorpayWebhookResource } from "../providers/webhooks/razorpayProvider";

export interface RazorpayWebhookArgs {
    keyId: string;
    keySecret: pulumi.Input<string>;
    accountId: string;
    apiBaseUrl: string;
    url: string;
    events: string[];
    alertEmail?: string;
    /** The rotating secret's current value (the app's WEBHOOK_SECRET): a rotation updates the webhook. */
    secret: pulumi.Input<string>;
    /** Production: guard the webhook against deletion. */
    protect: boolean;
}

/** The app's Razorpay webhook (seed 000), signed with the rotating WEBHOOK_SECRET. */
export class RazorpayWebhook extends pulumi.ComponentResource {
    readonly webhookId: pulumi.Output<string>;

    constructor(name: string, args: RazorpayWebhookArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:webhooks:RazorpayWebhook", name, {}, opts);
        const hook = new RazorpayWebhookResource(
            name,
            {
                keyId: args.keyId,
                keySecret: pulumi.secret(args.keySecret),
                accountId: args.accountId,
                apiBaseUrl: args.apiBaseUrl,
                url: args.url,
                events: args.events,
                alertEmail: args.alertEmail ?? null,
                secret: pulumi.secret(args.secret),
            },
            { parent: this, protect: args.protect },
        );
        this.webhookId = hook.webhookId;
        this.registerOutputs({ webhookId: this.webhookId });
    }
}
