// Twilio: the auth token declared as an external secret.
import { CheckContext, NAMESPACE } from "../feature";

export function checkTwilio({ cfg, issues }: CheckContext): void {
    const twilio = cfg.webhooks?.twilio;
    if (twilio && !(twilio.authTokenSecret in cfg.secrets.external)) {
        issues.push({ key: `${NAMESPACE}:webhooks.twilio.authTokenSecret`, message: `"${twilio.authTokenSecret}" is not declared under ${NAMESPACE}:secrets.external; declare it and set the auth token with pulumi config set --secret` });
    }
}
