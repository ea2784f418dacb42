// Checkly (monitoring): the provider's API key can use the stack's account (GET /v1/accounts/me with
// the x-checkly-account header, as checkly-go-sdk sends it).
import { ApiError } from "../../providers/webhooks/http";
import { client, failure, refused, setting, VendorCheck } from "./ask";

export const checkly: VendorCheck = (cfg, config) => {
    if (!cfg.monitoring) return undefined;
    const stack = cfg.stack;
    return {
        name: "checkly",
        async run() {
            // The provider's settings: checkly:apiKey, checkly:accountId, checkly:apiUrl, else CHECKLY_*.
            const apiKey = setting(config, "checkly:apiKey", "CHECKLY_API_KEY");
            const accountId = setting(config, "checkly:accountId", "CHECKLY_ACCOUNT_ID");
            const keyFix = `create an API key (Checkly → User Settings → API Keys), then pulumi config set --secret checkly:apiKey --stack ${stack} (or CHECKLY_API_KEY)`;
            const accountFix = `pulumi config set checkly:accountId <id> --stack ${stack} (Checkly → Account Settings → General: the account id; or CHECKLY_ACCOUNT_ID)`;
            if (!apiKey) return { verdict: "missing", found: "no Checkly API key (checkly:apiKey or CHECKLY_API_KEY)", fix: keyFix };
            // A user key reaches every account of its user: the SDK refuses it without the account.
            if (!accountId) return { verdict: "missing", found: "no Checkly account id (checkly:accountId or CHECKLY_ACCOUNT_ID)", fix: accountFix };
            const api = client("Checkly", setting(config, "checkly:apiUrl", "CHECKLY_API_URL") ?? "https://api.checklyhq.com", { bearer: apiKey });
            try {
                const account = (await api<{ id: string; name?: string }>("GET", "/v1/accounts/me", { headers: { "x-checkly-account": accountId } })).body;
                if (account.id !== accountId)
                    return { verdict: "wrong", found: `the API answered for account ${account.id}, not ${accountId}`, fix: accountFix };
                return { verdict: "ok", found: `the API key can use account ${account.name ?? accountId}` };
            } catch (err) {
                if (err instanceof ApiError && err.status === 401) return { verdict: "wrong", found: err.message, fix: keyFix };
                // Which status an account the key cannot use gets is not documented: 403 or 404.
                if (refused(err) || (err instanceof ApiError && err.status === 404))
                    return {
                        verdict: "wrong",
                        found: `the API key cannot use account ${accountId} (${err.message})`,
                        fix: `${accountFix}, or use a key of a user in that account`,
                    };
                return failure(err, "checkly:apiKey", stack);
            }
        },
    };
};
