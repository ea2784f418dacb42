import * as pulumi from "@pulumi/pulumi";
import { RazorpayWebhookResource } from "../providers/webhooks/razorpayProvider";

export interface RazorpayWebhookArgs {
    /** `partner`: registered and rotated through the Partner API; `dashboard`: checked, and the steps printed. */
    mode: "partner" | "dashboard";
    keyId: string;
    keySecret: pulumi.Input<string>;
    /** Partner mode: the OAuth access token for the account. */
    oauthToken?: pulumi.Input<string>;
    accountId: string;
    apiBaseUrl: string;
    url: string;
    events: string[];
    alertEmail?: string;
    /** The rotating secret's current value (the app's WEBHOOK_SECRET): a rotation updates the webhook. */
    secret: pulumi.Input<string>;
    /** Dashboard mode: the command that shows the secret to paste (named in the printed steps). */
    secretCommand: string;
    /** Production: guard the webhook against deletion. */
    protect: boolean;
}

/** The app's Razorpay webhook (seed 000), signed with the rotating WEBHOOK_SECRET. */
export class RazorpayWebhook extends pulumi.ComponentResource {
    /** Razorpay's id for the webhook; null in dashboard mode while none exists for the URL. */
    readonly webhookId: pulumi.Output<string | null>;
    /** Partner mode: active or disabled; dashboard mode: active, missing, inactive or events-differ. */
    readonly status: pulumi.Output<string>;

    constructor(name: string, args: RazorpayWebhookArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:webhooks:RazorpayWebhook", name, {}, opts);
        const hook = new RazorpayWebhookResource(
            name,
            args.mode,
            {
                mode: args.mode,
                keyId: args.keyId,
                keySecret: pulumi.secret(args.keySecret),
                oauthToken: args.oauthToken ? pulumi.secret(args.oauthToken) : null,
                accountId: args.accountId,
                apiBaseUrl: args.apiBaseUrl,
                url: args.url,
                events: args.events,
                alertEmail: args.alertEmail ?? null,
                secret: pulumi.secret(args.secret),
                secretCommand: args.secretCommand,
            },
            // It waits for what the component waits for (the app running with the new secret).
            { parent: this, protect: args.protect, dependsOn: opts?.dependsOn },
        );
        this.webhookId = hook.webhookId;
        this.status = hook.status;
        this.registerOutputs({ webhookId: this.webhookId, status: this.status });
    }
}
