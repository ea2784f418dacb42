// Sentry (monitoring.sentry): the provider's token can read the stack's team in its organization, one
// call that proves the token, the organization slug and the team slug (GET /api/0/teams/{org}/{team}/,
// any of team:read, team:write, team:admin; an unknown organization and an unknown team both answer 404).
import { ApiError } from "../../providers/webhooks/http";
import { client, failure, refused, setting, VendorCheck } from "./ask";

/**
 * The provider's API root (go-sentry's NewOnPremiseClient): sentry:baseUrl or SENTRY_BASE_URL, a slash
 * added, `api/` appended unless the path ends in it; sentry.io's by default.
 */
export function sentryApiRoot(baseUrl: string | undefined): string {
    if (!baseUrl) return "https://sentry.io/api/";
    const url = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
    return url.endsWith("/api/") ? url : `${url}api/`;
}

export const sentry: VendorCheck = (cfg, config) => {
    const s = cfg.monitoring?.sentry;
    if (!s) return undefined;
    const stack = cfg.stack;
    return {
        name: "sentry",
        async run() {
            // The provider's settings: sentry:token (SENTRY_TOKEN in its SDK, SENTRY_AUTH_TOKEN in the bridged provider).
            const token = setting(config, "sentry:token", "SENTRY_TOKEN", "SENTRY_AUTH_TOKEN");
            const fix = `create an auth token with project:admin, alerts:write and team:read (Sentry → Settings → Auth Tokens), then pulumi config set --secret sentry:token --stack ${stack} (or SENTRY_AUTH_TOKEN)`;
            if (!token) return { verdict: "missing", found: "no Sentry auth token (sentry:token, SENTRY_TOKEN or SENTRY_AUTH_TOKEN)", fix };
            const root = sentryApiRoot(setting(config, "sentry:baseUrl", "SENTRY_BASE_URL"));
            try {
                const path = `/0/teams/${encodeURIComponent(s.organization)}/${encodeURIComponent(s.team)}/`;
                const team = (await client("Sentry", root, { bearer: token })<{ slug: string; memberCount: number }>("GET", path)).body;
                return {
                    verdict: "ok",
                    found: `the token reads team ${team.slug} of organization ${s.organization} (${team.memberCount} member(s) get its email alerts)`,
                };
            } catch (err) {
                if (err instanceof ApiError && err.status === 404)
                    return {
                        verdict: "missing",
                        found: `no team ${s.team} in organization ${s.organization} that the token can see (${err.message})`,
                        fix: "correct monitoring.sentry.organization and .team (the slugs in Sentry's URLs), or create the team (Sentry → Settings → Teams)",
                    };
                if (refused(err)) return { verdict: "wrong", found: err.message, fix };
                return failure(err, "sentry:token", stack);
            }
        },
    };
};
