// Twilio: a number's messaging webhook, registered with the auth token declared as an external secret.
import { z } from "zod";
import { TwilioWebhook } from "../../components/twilioWebhook";
import { NAMESPACE } from "../stackConfig";
import { integration } from "../integration";
import { urlPath, vendorUrl } from "../fieldRules";

export const twilio = integration({
    key: "twilio",
    schema: z.strictObject({
        accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, "a Twilio account SID: AC and 32 hex digits"),
        /** An existing number of the account, E.164 (+14155550142); not a magic test number, which live credentials cannot configure. */
        phoneNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, "an E.164 phone number such as +14155550142"),
        path: urlPath,
        method: z.enum(["GET", "POST"]).default("POST"),
        fallbackPath: z.string().startsWith("/").optional(),
        /** The number's StatusCallback: the status of voice calls to it (SMS delivery status comes per sent message). */
        statusCallbackPath: z.string().startsWith("/").optional(),
        /** The external secret holding the auth token (it also signs Twilio's requests). */
        authTokenSecret: z.string().default("twilioAuthToken"),
        apiBaseUrl: vendorUrl("Twilio", ["api.twilio.com"], "https://api.twilio.com"),
        /** Read to find a Messaging Service that would override the number's URLs. */
        messagingApiBaseUrl: vendorUrl("Twilio", ["messaging.twilio.com"], "https://messaging.twilio.com"),
    }),
    check(hook, { cfg, issues }) {
        if (!(hook.authTokenSecret in cfg.secrets.external)) {
            issues.push({
                key: `${NAMESPACE}:webhooks.twilio.authTokenSecret`,
                message: `"${hook.authTokenSecret}" is not declared under ${NAMESPACE}:secrets.external; declare it and set the auth token with pulumi config set --secret`,
            });
        }
    },
    build: (hook, { cfg, protect, secret }) =>
        new TwilioWebhook(`${cfg.name}-twilio-webhook`, {
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
        }),
    outputs: (webhook) => ({ webhooks: { twilioNumberSid: webhook.numberSid } }),
});
