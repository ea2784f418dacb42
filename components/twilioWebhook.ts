import * as pulumi from "@pulumi/pulumi";
import { TwilioWebhookResource } from "../providers/webhooks/twilioProvider";

export interface TwilioWebhookArgs {
    accountSid: string;
    authToken: pulumi.Input<string>;
    apiBaseUrl: string;
    messagingApiBaseUrl: string;
    phoneNumber: string;
    smsUrl: string;
    smsMethod: "GET" | "POST";
    smsFallbackUrl?: string;
    statusCallback?: string;
    /** Production: guard against deletion (which would restore the number's old URLs). */
    protect: boolean;
}

/** Points an existing Twilio number's incoming-message webhooks at the app (seed 002). */
export class TwilioWebhook extends pulumi.ComponentResource {
    readonly numberSid: pulumi.Output<string>;

    constructor(name: string, args: TwilioWebhookArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:webhooks:TwilioWebhook", name, {}, opts);
        const hook = new TwilioWebhookResource(
            name,
            {
                accountSid: args.accountSid,
                authToken: pulumi.secret(args.authToken),
                apiBaseUrl: args.apiBaseUrl,
                messagingApiBaseUrl: args.messagingApiBaseUrl,
                phoneNumber: args.phoneNumber,
                smsUrl: args.smsUrl,
                smsMethod: args.smsMethod,
                smsFallbackUrl: args.smsFallbackUrl ?? null,
                statusCallback: args.statusCallback ?? null,
            },
            { parent: this, protect: args.protect },
        );
        this.numberSid = hook.numberSid;
        this.registerOutputs({ numberSid: this.numberSid });
    }
}
