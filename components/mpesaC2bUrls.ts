import * as pulumi from "@pulumi/pulumi";
import { MpesaC2bUrlsResource } from "../providers/webhooks/darajaProvider";

export interface MpesaC2bUrlsArgs {
    environment: "sandbox" | "production";
    apiBaseUrl: string;
    consumerKey: pulumi.Input<string>;
    consumerSecret: pulumi.Input<string>;
    shortCode: string;
    responseType: "Completed" | "Cancelled";
    confirmationUrl: string;
    validationUrl: string;
    /** Production: guard the registration against deletion (Daraja registers production URLs once). */
    protect: boolean;
}

/** The C2B confirmation and validation URLs of an M-Pesa shortcode, registered with Daraja (seed 004). */
export class MpesaC2bUrls extends pulumi.ComponentResource {
    /** `registered`, or `adopted` when production already held URLs for the shortcode. */
    readonly status: pulumi.Output<string>;

    constructor(name: string, args: MpesaC2bUrlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:payments:MpesaC2bUrls", name, {}, opts);
        const { protect, consumerKey, consumerSecret, ...registration } = args;
        const urls = new MpesaC2bUrlsResource(
            name,
            { ...registration, consumerKey: pulumi.secret(consumerKey), consumerSecret: pulumi.secret(consumerSecret) },
            { parent: this, protect, dependsOn: opts?.dependsOn },
        );
        this.status = urls.status;
        this.registerOutputs({ status: this.status });
    }
}
