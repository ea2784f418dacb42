// Twilio (its webhook): the account owns the number.
import { ApiError } from "../../providers/webhooks/http";
import { findNumber } from "../../providers/webhooks/twilio";
import { client, VendorCheck, withSecret } from "./ask";

export const twilio: VendorCheck = (cfg, config) => {
    const hook = cfg.webhooks?.twilio;
    if (!hook) return undefined;
    return withSecret("twilio", hook.authTokenSecret ?? "twilioAuthToken", cfg.stack, config, async (token) => {
        const api = client("Twilio", hook.apiBaseUrl, { basic: { user: hook.accountSid, password: token } });
        // findNumber says, in a plain Error, that the account has no such number.
        const number = await findNumber(api, hook.accountSid, hook.phoneNumber).catch((err: unknown) => {
            if (err instanceof ApiError) throw err;
            return (err as Error).message;
        });
        if (typeof number === "string")
            return {
                verdict: "missing",
                found: number,
                fix: "buy or port the number in the Twilio Console (Phone Numbers), or correct webhooks.twilio.phoneNumber",
            };
        return { verdict: "ok", found: `account ${hook.accountSid} owns ${number.phoneNumber}` };
    });
};
