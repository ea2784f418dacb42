// Razorpay (payments): the key id and secret are accepted, and in dashboard mode the webhook the
// merchant keeps in the Dashboard exists, active, with the stack's events (partner mode: the OAuth
// token reads the account's webhooks, which `pulumi up` then writes).
import { PAYMENT_KEYS } from "../../stacks/keyFormats";
import { checkDashboardWebhook, listWebhooks } from "../../providers/webhooks/razorpay";
import { client, VendorCheck, withSecret } from "./ask";

export const razorpay: VendorCheck = (cfg, config) => {
    const hook = cfg.webhooks?.razorpay;
    if (cfg.payments?.provider !== "razorpay") return undefined;
    // Without a webhook `pulumi up` does not call Razorpay: nothing to ask.
    if (!hook) return undefined;
    const keyId = cfg.payments.publicKey;
    if (hook.mode === "partner")
        return withSecret("razorpay", hook.oauthTokenSecret!, cfg.stack, config, async (token) => {
            const hooks = await listWebhooks(client("Razorpay", hook.apiBaseUrl, { bearer: token }), hook.accountId);
            return { verdict: "ok", found: `the OAuth token reads account ${hook.accountId}'s webhooks (${hooks.length})` };
        });
    const url = `${cfg.siteUrl}${hook.path}`;
    const steps = `Razorpay Dashboard → Accounts & Settings → Webhooks: ${url}, Active, events ${hook.events.join(", ")}`;
    return withSecret("razorpay", PAYMENT_KEYS.razorpay.secretName, cfg.stack, config, async (keySecret) => {
        const api = client("Razorpay", hook.apiBaseUrl, { basic: { user: keyId, password: keySecret } });
        const found = await checkDashboardWebhook(api, hook.accountId, { url, events: hook.events });
        if (found.status === "active")
            return { verdict: "ok", found: `key ${keyId} is accepted; the Dashboard's webhook for ${url} is active with the stack's events` };
        if (found.status === "missing")
            return {
                verdict: "missing",
                found: `key ${keyId} is accepted; the Dashboard has ${found.problem}`,
                // The secret exists only once `up` generated it: the preview then gives the paste step.
                fix: `add it: ${steps}; after the first pulumi up, set its Secret to: pulumi stack output razorpayWebhookSecret --show-secrets --stack ${cfg.stack}`,
            };
        return { verdict: "wrong", found: `key ${keyId} is accepted; ${found.problem}`, fix: `edit it: ${steps}` };
    });
};
