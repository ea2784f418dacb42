// GitHub's REST API for one repository's environments, Actions secrets and variables, as its OpenAPI
// description has them (github/rest-api-description descriptions/api.github.com/api.github.com.yaml):
// repos/get (with the token's `permissions`), users/get-by-username, teams/get-by-name, repos/get-environment, actions/list-repo-secrets, -organization-secrets, -environment-secrets
// and the three variable lists (each `{total_count, secrets|variables}`, paged with per_page (default
// 30; variables 10, at most 30) and page, a Link header to the next page). Errors are `basic-error`
// ({message, documentation_url, status} with status a string). What the description leaves out, from
// GitHub's docs (troubleshooting-the-rest-api.md, getting-started-with-the-rest-api.md): a bad token is
// 401 "Bad credentials"; a request without User-Agent is refused (403); a repository or environment the
// token cannot see is 404 "Not Found"; a fine-grained token without the permission is 403 "Resource
// not accessible by personal access token" with X-Accepted-GitHub-Permissions naming it
// (fine-grained-pat-permissions.json: Secrets, Variables; the environment's lists also Environments;
// environments themselves Actions). Secrets' values never leave the API: only their names.
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export type Permission = "actions" | "secrets" | "variables" | "environments";

export interface FakeGitHubEnvironment {
    /** Required reviewers (logins); none: no such rule. */
    reviewers?: string[];
    /** Deployment branches restricted (to protected or custom branches); false: any branch. */
    branchPolicy?: boolean;
    secrets?: string[];
    variables?: string[];
}

export interface FakeGitHubRepo {
    owner: string;
    repo: string;
    token: string;
    /** The fine-grained token's read permissions (metadata always). */
    permissions: Permission[];
    secrets?: string[];
    variables?: string[];
    /** Shared with this repository by its organization. */
    orgSecrets?: string[];
    orgVariables?: string[];
    environments?: Record<string, FakeGitHubEnvironment>;
    /** The token's user administers the repository (repos/get's `permissions.admin`). */
    admin?: boolean;
    /** Logins and (the owner organization's) team slugs GitHub knows. */
    users?: string[];
    teams?: string[];
}

const DOCS = "https://docs.github.com/rest";
const error = (status: number, message: string, headers?: Record<string, string>): Reply => ({
    status,
    body: { message, documentation_url: DOCS, status: String(status) },
    headers,
});
const STAMP = "2026-11-01T10:00:00Z";

export async function startFakeGitHub(r: FakeGitHubRepo): Promise<FakeServer> {
    return startFake((req: ParsedRequest, fake: FakeServer): Reply => {
        if (!req.headers["user-agent"]) return error(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header");
        const auth = req.headers.authorization ?? "";
        if (auth !== `token ${r.token}` && auth !== `Bearer ${r.token}`) return error(401, "Bad credentials");
        if (req.method !== "GET") {
            fake.violations.push(`${req.method} ${req.path}: the doctor only reads`);
            return error(404, "Not Found");
        }
        // users/get-by-username and teams/get-by-name: 404 for one GitHub does not know.
        const user = /^\/users\/([^/]+)$/.exec(req.path)?.[1];
        if (user)
            return (r.users ?? []).includes(user) ? { status: 200, body: { login: user, id: 1000 + user.length, type: "User" } } : error(404, "Not Found");
        const team = /^\/orgs\/([^/]+)\/teams\/([^/]+)$/.exec(req.path);
        if (team)
            return team[1] === r.owner && (r.teams ?? []).includes(team[2])
                ? { status: 200, body: { slug: team[2], id: 2000 + team[2].length, name: team[2] } }
                : error(404, "Not Found");
        const base = `/repos/${r.owner}/${r.repo}`;
        if (!req.path.startsWith(base)) return error(404, "Not Found");
        const rest = req.path.slice(base.length);
        const forbidden = (...needed: Permission[]) => {
            const lacking = needed.filter((p) => !r.permissions.includes(p));
            return lacking.length === 0
                ? undefined
                : error(403, "Resource not accessible by personal access token", {
                      "x-accepted-github-permissions": lacking.map((p) => `${p}=read`).join(","),
                  });
        };
        const page = (key: "secrets" | "variables", names: string[], values?: boolean): Reply => {
            const variables = key === "variables";
            const asked = Number(req.query.get("per_page") ?? (variables ? 10 : 30));
            const perPage = Math.min(asked, variables ? 30 : 100);
            const at = Number(req.query.get("page") ?? 1);
            const items = names.slice((at - 1) * perPage, at * perPage).map((name) => ({
                name,
                ...(values ? { value: `value of ${name}` } : {}),
                created_at: STAMP,
                updated_at: STAMP,
            }));
            const next = at * perPage < names.length;
            const link = new URL(`${fake.url}${req.path}`);
            link.searchParams.set("per_page", String(perPage));
            link.searchParams.set("page", String(at + 1));
            return { status: 200, body: { total_count: names.length, [key]: items }, headers: next ? { link: `<${link}>; rel="next"` } : undefined };
        };

        if (rest === "")
            return {
                status: 200,
                body: {
                    id: 1,
                    node_id: "R_1",
                    name: r.repo,
                    full_name: `${r.owner}/${r.repo}`,
                    private: true,
                    owner: { login: r.owner },
                    // What the token's user may do here (the full repository schema's `permissions`).
                    permissions: { admin: r.admin ?? false, maintain: r.admin ?? false, push: true, triage: true, pull: true },
                },
            };
        if (rest === "/actions/secrets") return forbidden("secrets") ?? page("secrets", r.secrets ?? []);
        if (rest === "/actions/organization-secrets") return forbidden("secrets") ?? page("secrets", r.orgSecrets ?? []);
        if (rest === "/actions/variables") return forbidden("variables") ?? page("variables", r.variables ?? [], true);
        if (rest === "/actions/organization-variables") return forbidden("variables") ?? page("variables", r.orgVariables ?? [], true);

        const m = /^\/environments\/([^/]+)(\/secrets|\/variables)?$/.exec(rest);
        if (m) {
            const name = decodeURIComponent(m[1]);
            const env = r.environments?.[name];
            if (m[2] === "/secrets") return forbidden("secrets", "environments") ?? (env ? page("secrets", env.secrets ?? []) : error(404, "Not Found"));
            if (m[2] === "/variables")
                return forbidden("variables", "environments") ?? (env ? page("variables", env.variables ?? [], true) : error(404, "Not Found"));
            const denied = forbidden("actions");
            if (denied) return denied;
            if (!env) return error(404, "Not Found");
            const rule = (id: number, type: string, extra: object = {}) => ({ id, node_id: `GA_${id}`, type, ...extra });
            return {
                status: 200,
                body: {
                    id: 161088068,
                    node_id: "MDExOkVudmlyb25tZW50MTYxMDg4MDY4",
                    name,
                    url: `https://api.github.com${base}/environments/${encodeURIComponent(name)}`,
                    html_url: `https://github.com/${r.owner}/${r.repo}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
                    created_at: STAMP,
                    updated_at: STAMP,
                    protection_rules: [
                        ...(env.reviewers?.length
                            ? [
                                  rule(3755, "required_reviewers", {
                                      prevent_self_review: false,
                                      reviewers: env.reviewers.map((login, i) => ({ type: "User", reviewer: { login, id: 1000 + i, type: "User" } })),
                                  }),
                              ]
                            : []),
                        ...(env.branchPolicy ? [rule(3756, "branch_policy")] : []),
                    ],
                    deployment_branch_policy: env.branchPolicy ? { protected_branches: false, custom_branch_policies: true } : null,
                },
            };
        }
        fake.violations.push(`GET ${req.path}: not an endpoint this fake serves`);
        return error(404, "Not Found");
    });
}
