// Twilio: the auth token declared as an external secret.
import { TwilioWebhook } from "../../components/twilioWebhook";
import type { BuildContext } from "../buildContext";
import { CheckContext, NAMESPACE } from "../feature";

export function checkTwilio({ cfg, issues }: CheckContext): void {
    const twilio = cfg.webhooks?.twilio;
    if (twilio && !(twilio.authTokenSecret in cfg.secrets.external)) {
        issues.push({ key: `${NAMESPACE}:webhooks.twilio.authTokenSecret`, message: `"${twilio.authTokenSecret}" is not declared under ${NAMESPACE}:secrets.external; declare it and set the auth token with pulumi config set --secret` });
    }
}

export function buildTwilio({ cfg, protect, secret }: BuildContext): TwilioWebhook | undefined {
    const hook = cfg.webhooks?.twilio;
    if (!hook) return undefined;
    return new TwilioWebhook(`${cfg.name}-twilio-webhook`, {
        accountSid: hook.accountSid,
        authToken: secret(hook.authTokenSecret),
        apiBaseUrl: hook.apiBaseUrl,
        messagingApiBaseUrl: hook.messagingApiBaseUrl,
        phoneNumber: hook.phoneNumber,
        smsUrl: `${cfg.siteUrl}${hook.path}`,
        smsMethod: hook.method,
        smsFallbackUrl: hook.fallbackPath && `${cfg.siteUrl}${hook.fallbackPath}`,
        statusCallback: hook.statusCallbackPath && `${cfg.siteUrl}${hook.statusCallbackPath}`,
        protect,
    });
}
