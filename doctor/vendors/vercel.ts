// Vercel (hosting): the provider's token is accepted, it can use the stack's team, and the team can link
// the app's GitHub repository (creating the project with it fails otherwise: "To link a GitHub
// repository, you need to install the GitHub integration first").
import { ApiError, ApiRequest } from "../../providers/webhooks/http";
import type { Finding } from "../checks";
import { client, failure, refused, setting, VendorCheck } from "./ask";

type Namespace = { id: string | number; slug: string; requireReauth?: boolean };
type SearchRepo = { repos?: { name: string; slug: string; namespace?: string; url: string }[]; error?: { code: string; message: string } };

/**
 * As Vercel's CLI asks it: the owner among the token's user's Git namespaces (the Vercel GitHub App
 * installed there), then the repository among those the installation may access, under the team.
 */
async function gitLink(api: ApiRequest, repo: string, team: string | undefined): Promise<Finding | string> {
    const [owner, name] = repo.split("/");
    const app = `install the Vercel GitHub App on ${owner} with access to ${name} (Vercel → Team Settings → Git, or github.com/apps/vercel), signed in to Vercel with a GitHub login connection`;
    const namespaces = (await api<Namespace[]>("GET", "/v1/integrations/git-namespaces", { searchParams: { provider: "github" } })).body;
    const ns = namespaces.find((n) => n.slug.toLowerCase() === owner.toLowerCase());
    if (!ns) return { verdict: "missing", found: `the token's user has no GitHub connection to ${owner}: the project could not link ${repo}`, fix: app };
    if (ns.requireReauth)
        return {
            verdict: "wrong",
            found: `Vercel's GitHub connection to ${owner} needs to be renewed`,
            fix: "reconnect GitHub in Vercel (Account Settings → Login Connections)",
        };
    const searchParams: Record<string, string> = { provider: "github", namespaceId: String(ns.id), query: name, ...(team ? { teamId: team } : {}) };
    const found = (await api<SearchRepo>("GET", "/v1/integrations/search-repo", { searchParams })).body;
    if (found.error) return { verdict: "missing", found: `Vercel's GitHub App on ${owner}: ${found.error.message} (${found.error.code})`, fix: app };
    const match = (found.repos ?? []).some(
        (r) => [r.name, r.slug].some((n) => n.toLowerCase() === name.toLowerCase()) && (!r.namespace || r.namespace.toLowerCase() === owner.toLowerCase()),
    );
    if (!match)
        return {
            verdict: "missing",
            found: `Vercel's GitHub App on ${owner} cannot access ${repo}`,
            fix: `give it the repository: GitHub → ${owner} → Settings → GitHub Apps → Vercel → Repository access`,
        };
    return `it can link ${repo}`;
}

export const vercel: VendorCheck = (cfg, config) => {
    const { hosting, stack } = cfg;
    if (hosting.provider !== "vercel") return undefined;
    return {
        name: "vercel",
        async run() {
            // The provider's own settings: vercel:apiToken and vercel:team, else the environment's.
            const token = setting(config, "vercel:apiToken", "VERCEL_API_TOKEN");
            const team = setting(config, "vercel:team", "VERCEL_TEAM");
            const fix = `pulumi config set --secret vercel:apiToken --stack ${stack} (or VERCEL_API_TOKEN)`;
            if (!token) return { verdict: "missing", found: "no Vercel API token (vercel:apiToken or VERCEL_API_TOKEN)", fix };
            const api = client("Vercel", hosting.redeploy.apiBaseUrl, { bearer: token });
            try {
                const { user } = (await api<{ user: { username: string } }>("GET", "/v2/user")).body;
                const { repository } = hosting;
                const linked = async (said: string): Promise<Finding> => {
                    if (repository.type !== "github") return { verdict: "ok", found: said };
                    const link = await gitLink(api, repository.repo, team);
                    return typeof link === "string" ? { verdict: "ok", found: `${said}; ${link}` } : link;
                };
                if (!team) return await linked(`the token is ${user.username}'s (no team: the projects are the account's own)`);
                const slug = await api<{ slug: string }>("GET", `/v2/teams/${encodeURIComponent(team)}`).then(
                    (r) => r.body.slug,
                    (err: unknown) => {
                        if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return err;
                        throw err;
                    },
                );
                if (slug instanceof ApiError)
                    return {
                        verdict: "wrong",
                        found: `the token cannot use team ${team} (${slug.message})`,
                        fix: "create the token with the team in its scope (Vercel → Account Settings → Tokens), or correct vercel:team",
                    };
                return await linked(`the token is ${user.username}'s, and it can use team ${slug}`);
            } catch (err) {
                if (refused(err)) return { verdict: "wrong", found: err.message, fix };
                return failure(err, "vercel:apiToken", stack);
            }
        },
    };
};
