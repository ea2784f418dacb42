// GitHub as code (`github`): the token the provider will use (github:token, else GITHUB_TOKEN)
// administers the repository (GET /repos/{owner}/{repo} answers `permissions.admin` for the token's
// user: environments, branch rules and Actions secrets need it), and each reviewer exists (GET
// /users/{username}, GET /orgs/{org}/teams/{team_slug}): the provider looks them up at preview and
// fails on an unknown one. Read-only, through Octokit.
import { githubRepository as repositoryOf } from "../../stacks/areas/github";
import type { Finding } from "../checks";
import { setting, VendorCheck } from "./ask";
import { githubApi, octokitFinding, octokitFor } from "./github";

export const githubRepository: VendorCheck = (cfg, config) => {
    const g = cfg.github;
    const repository = repositoryOf(cfg);
    if (!g || !repository) return undefined;
    const [owner, repo] = repository.split("/");
    const fix =
        `a token that administers ${repository} (a fine-grained token with Administration, Environments, Secrets and Variables: read and write), ` +
        `then pulumi config set --secret github:token --stack ${cfg.stack} (or GITHUB_TOKEN)`;
    return {
        name: "github-repository",
        async run(signal): Promise<Finding> {
            const token = setting(config, "github:token", "GITHUB_TOKEN");
            if (!token) return { verdict: "missing", found: "no GitHub token (github:token or GITHUB_TOKEN)", fix };
            const baseUrl = githubApi();
            if (typeof baseUrl !== "string") return baseUrl;
            const octokit = octokitFor(token, baseUrl, signal);
            const absent = async (what: string, ask: () => Promise<unknown>) => {
                try {
                    await ask();
                    return [];
                } catch (err) {
                    if ((err as { status?: number }).status === 404) return [what];
                    throw err;
                }
            };
            try {
                const { data } = await octokit.rest.repos.get({ owner, repo });
                if (!data.permissions?.admin) return { verdict: "wrong", found: `the token cannot administer ${repository} (not an admin of it)`, fix };
                const unknown = [
                    ...(await Promise.all(
                        g.reviewers.users.map((username) => absent(`user ${username}`, () => octokit.rest.users.getByUsername({ username }))),
                    )),
                    ...(await Promise.all(
                        g.reviewers.teams.map((team_slug) =>
                            absent(`team ${owner}/${team_slug}`, () => octokit.rest.teams.getByName({ org: owner, team_slug })),
                        ),
                    )),
                ].flat();
                if (unknown.length > 0)
                    return {
                        verdict: "missing",
                        found: `GitHub knows no ${unknown.join(", ")} (app-platform:github.reviewers)`,
                        fix: "correct the login or team slug, or create the team in the organization",
                    };
                const reviewers = g.reviewers.users.length + g.reviewers.teams.length;
                return { verdict: "ok", found: `the token administers ${repository}; its ${reviewers} reviewer(s) exist` };
            } catch (err) {
                return octokitFinding(err, fix);
            }
        },
    };
};
