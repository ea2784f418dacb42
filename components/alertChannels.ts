import * as checkly from "@checkly/pulumi";
import * as pulumi from "@pulumi/pulumi";

export interface AlertChannelsArgs {
    email: string[];
    /** An incoming-webhook URL is a credential: it is kept secret in the state. */
    slack?: { channel: string; webhookUrl: pulumi.Input<string> };
    sms: { name: string; number: string }[];
}

/** Checkly alert channels: where failing, degraded and recovered checks are reported. */
export class AlertChannels extends pulumi.ComponentResource {
    /** Channel ids, to subscribe checks to. */
    readonly ids: pulumi.Output<number>[];
    /** What each channel is (`email:<address>`, `slack:<channel>`, `sms:<name>`), in the order of `ids`. */
    readonly targets: string[];

    constructor(name: string, args: AlertChannelsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:monitoring:AlertChannels", name, {}, opts);
        const channels: [string, checkly.AlertChannelArgs, string[]?][] = [
            ...args.email.map((address): [string, checkly.AlertChannelArgs] => [`email:${address}`, { email: { address } }]),
            ...(args.slack
                ? [
                      [`slack:${args.slack.channel}`, { slack: { channel: args.slack.channel, url: pulumi.secret(args.slack.webhookUrl) } }, ["slack"]] as [
                          string,
                          checkly.AlertChannelArgs,
                          string[],
                      ],
                  ]
                : []),
            ...args.sms.map(({ name: who, number }): [string, checkly.AlertChannelArgs] => [`sms:${who}`, { sms: { name: who, number } }]),
        ];
        this.targets = channels.map(([target]) => target);
        this.ids = channels.map(([target, channel, secrets]) => {
            const resource = new checkly.AlertChannel(
                `${name}-${target.replace(/[^\w.-]+/g, "-")}`,
                // Degraded responses are reported too: seed 001 alerts on slow (over 5 s) as well as down.
                { ...channel, sendFailure: true, sendRecovery: true, sendDegraded: true },
                { parent: this, additionalSecretOutputs: secrets },
            );
            return resource.id.apply(Number);
        });
        this.registerOutputs({ ids: this.ids });
    }
}
