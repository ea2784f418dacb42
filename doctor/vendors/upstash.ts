// Upstash (`redis` or `crons`): the provider's email and API key are accepted by Upstash's Developer
// API, read-only: GET /v2/redis/databases with HTTP basic auth, the call Upstash's own CLI (`upstash
// login`) and MCP server make to test credentials (upstash/docs devops/developer-api/openapi.yml,
// listDatabases). The provider sends them to https://api.upstash.com and nowhere else (terraform-provider-
// upstash client.go: UPSTASH_API_ENDPOINT, no setting to change it); so does the doctor.
import { ApiError } from "../../providers/webhooks/http";
import { client, failure, pinnedApi, setting, VendorCheck } from "./ask";

const API = "https://api.upstash.com";

export const upstash: VendorCheck = (cfg, config) => {
    if (!cfg.redis && !cfg.crons) return undefined;
    const stack = cfg.stack;
    return {
        name: "upstash",
        async run() {
            // The provider's settings: upstash:email and upstash:apiKey, else UPSTASH_EMAIL and UPSTASH_API_KEY.
            const email = setting(config, "upstash:email", "UPSTASH_EMAIL");
            const apiKey = setting(config, "upstash:apiKey", "UPSTASH_API_KEY");
            const fix = `create a management API key (Upstash console → Account → Management API), then pulumi config set upstash:email <the account's email> --stack ${stack} and pulumi config set --secret upstash:apiKey --stack ${stack} (or UPSTASH_EMAIL and UPSTASH_API_KEY)`;
            const absent = [...(email ? [] : ["email (upstash:email or UPSTASH_EMAIL)"]), ...(apiKey ? [] : ["API key (upstash:apiKey or UPSTASH_API_KEY)"])];
            if (!email || !apiKey) return { verdict: "missing", found: `no Upstash ${absent.join(" and no ")}`, fix };
            // APP_PLATFORM_UPSTASH_API: the tests' local API only (the provider's own URL is fixed).
            const base = pinnedApi("APP_PLATFORM_UPSTASH_API", API, "the Upstash key");
            if (typeof base !== "string") return base;
            try {
                const api = client("Upstash", base, { basic: { user: email, password: apiKey } });
                const databases = (await api<unknown>("GET", "/v2/redis/databases")).body;
                if (!Array.isArray(databases)) return { verdict: "wrong", found: "Upstash's API answered the database list with something other than a list" };
                return { verdict: "ok", found: `the API key of ${email} is accepted (${databases.length} Redis database(s) in the account)` };
            } catch (err) {
                // Upstash documents 401 for a wrong key; its CLI reads 401 and 403 alike.
                if (err instanceof ApiError && (err.status === 401 || err.status === 403))
                    return { verdict: "wrong", found: `Upstash refused the email and API key (${err.message})`, fix };
                return failure(err, "upstash:apiKey", stack);
            }
        },
    };
};
