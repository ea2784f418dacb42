// Vercel (hosting): the provider's token is accepted, and it can use the stack's team.
import { ApiError } from "../../providers/webhooks/http";
import { client, failure, refused, VendorCheck } from "./ask";

export const vercel: VendorCheck = (cfg, config) => {
    const { hosting, stack } = cfg;
    if (hosting.provider !== "vercel") return undefined;
    return {
        name: "vercel",
        async run() {
            // The provider's own settings: vercel:apiToken and vercel:team, else the environment's.
            const token = config("vercel:apiToken") ?? process.env.VERCEL_API_TOKEN;
            const team = config("vercel:team") ?? process.env.VERCEL_TEAM;
            const fix = `pulumi config set --secret vercel:apiToken --stack ${stack} (or VERCEL_API_TOKEN)`;
            if (!token) return { verdict: "missing", found: "no Vercel API token (vercel:apiToken or VERCEL_API_TOKEN)", fix };
            const api = client("Vercel", hosting.redeploy.apiBaseUrl, { bearer: token });
            try {
                const { user } = (await api<{ user: { username: string } }>("GET", "/v2/user")).body;
                if (!team) return { verdict: "ok", found: `the token is ${user.username}'s (no team: the projects are the account's own)` };
                try {
                    const { slug } = (await api<{ slug: string }>("GET", `/v2/teams/${encodeURIComponent(team)}`)).body;
                    return { verdict: "ok", found: `the token is ${user.username}'s, and it can use team ${slug}` };
                } catch (err) {
                    if (!(err instanceof ApiError && (err.status === 403 || err.status === 404))) throw err;
                    return {
                        verdict: "wrong",
                        found: `the token cannot use team ${team} (${err.message})`,
                        fix: "create the token with the team in its scope (Vercel → Account Settings → Tokens), or correct vercel:team",
                    };
                }
            } catch (err) {
                if (refused(err)) return { verdict: "wrong", found: err.message, fix };
                return failure(err, "vercel:apiToken", stack);
            }
        },
    };
};
