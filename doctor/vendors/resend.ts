// Resend (email): the key has full access.
import { EMAIL_KEYS } from "../../stacks/keyFormats";
import { client, VendorCheck, withSecret } from "./ask";

export const resend: VendorCheck = (cfg, config) => {
    const email = cfg.email;
    if (email?.provider !== "resend") return undefined;
    return withSecret("resend", EMAIL_KEYS.resend.secretName, cfg.stack, config, async (apiKey) => {
        // A sending-only key is refused here: the sending domain and the webhook need full access.
        const { body } = await client("Resend", email.apiBaseUrl, { bearer: apiKey })<{ data: unknown[] }>("GET", "/domains");
        return { verdict: "ok", found: `the key has full access (${body.data.length} domain(s) in the account)` };
    });
};
