// GitHub (`--github OWNER/REPO`, the repository whose workflows preview and deploy the stack): the
// environment named after the stack exists (production's with required reviewers and a branch rule),
// and every secret and variable the workflows pass for the stack's capabilities is set where its job
// can read it. The preview job runs in no environment, so it reads the repository's and the
// organization's only; the deploy and rotate jobs also read the environment's. Asked through Octokit
// with a token that may read the repository's Actions, Environments, Secrets and Variables (names only: the
// API never returns a secret's value).
import type { Octokit } from "@octokit/rest";
import { BACKEND_SECRET, ciCredentialsOf } from "../../stacks/ciCredentials";
import type { StackConfig } from "../../stacks/config";
import type { Check, Finding } from "../checks";
import { fromEnv, pinnedApi } from "./ask";

const API = "https://api.github.com";

const TOKEN_FIX =
    "create a fine-grained token for the repository with read access to Actions, Environments, Secrets and Variables (GitHub → Settings → Developer settings), then GH_TOKEN=<token> npm run doctor …; or GH_TOKEN=$(gh auth token)";

/** What the jobs need: names read by the preview job (no environment), and by the environment's deploy jobs. */
function needs(cfg: StackConfig) {
    const creds = ciCredentialsOf(cfg);
    const secrets = [BACKEND_SECRET, ...creds.flatMap((c) => c.secrets ?? [])];
    const unique = (names: string[]) => [...new Set(names)];
    return {
        secrets,
        previewVariables: unique(creds.flatMap((c) => c.oidc?.preview ?? [])),
        deployVariables: unique(creds.flatMap((c) => c.oidc?.deploy ?? [])),
    };
}

/** Octokit's RequestError: `response` only when GitHub answered. */
type Status = { status?: number; message?: string; response?: unknown };

async function ask(cfg: StackConfig, repository: string, token: string, baseUrl: string, signal: AbortSignal): Promise<Finding> {
    const octokit = octokitFor(token, baseUrl, signal);
    const [owner, repo] = repository.split("/");
    const environment = cfg.stack;
    const place = { owner, repo };
    const inEnvironment = { ...place, environment_name: environment };

    try {
        await octokit.rest.repos.get(place);
    } catch (err) {
        if ((err as Status).status === 404)
            return { verdict: "missing", found: `no repository ${repository} that the token can see`, fix: `check --github, and ${TOKEN_FIX}` };
        throw err;
    }
    // Everything the repository lacks in one answer: the environment, its rules, and each secret and variable.
    const problems: string[] = [];
    const fixes: string[] = [];
    let missing = false;
    let env;
    try {
        env = (await octokit.rest.repos.getEnvironment(inEnvironment)).data;
    } catch (err) {
        if ((err as Status).status !== 404) throw err;
        missing = true;
        problems.push(`no environment ${environment} (the deploy and rotate jobs run in it)`);
        fixes.push(
            `create it: GitHub → ${repository} → Settings → Environments → New environment "${environment}"${cfg.environment === "production" ? ", with required reviewers and the main branch only" : ""}`,
        );
    }
    if (env && cfg.environment === "production") {
        const reviewers = env.protection_rules?.some((r) => r.type === "required_reviewers" && (r as { reviewers?: unknown[] }).reviewers?.length);
        if (!reviewers) problems.push(`environment ${environment} has no required reviewers: a push deploys production unreviewed`);
        if (!env.deployment_branch_policy) problems.push(`environment ${environment} has no branch rule: any branch may deploy production`);
        if (!reviewers || !env.deployment_branch_policy)
            fixes.push(
                `GitHub → ${repository} → Settings → Environments → ${environment}: ${[
                    ...(reviewers ? [] : ["Required reviewers: add the people who approve production deploys"]),
                    ...(env.deployment_branch_policy ? [] : ["Deployment branches: the main branch only"]),
                ].join("; ")}`,
            );
    }

    const names = (items: { name: string }[]) => new Set(items.map((i) => i.name));
    const page = { per_page: 100 };
    // A repository of a user, not an organization, has no organization secrets or variables: none, whatever it answers.
    const noneIfAbsent = (err: Status): { name: string }[] => {
        if (err.status === 404) return [];
        throw err;
    };
    const [repoSecrets, orgSecrets, envSecrets, repoVars, orgVars, envVars] = await Promise.all([
        octokit.paginate(octokit.rest.actions.listRepoSecrets, { ...place, ...page }).then(names),
        octokit
            .paginate(octokit.rest.actions.listRepoOrganizationSecrets, { ...place, ...page })
            .catch(noneIfAbsent)
            .then(names),
        env ? octokit.paginate(octokit.rest.actions.listEnvironmentSecrets, { ...inEnvironment, ...page }).then(names) : new Set<string>(),
        octokit.paginate(octokit.rest.actions.listRepoVariables, { ...place, per_page: 30 }).then(names),
        octokit
            .paginate(octokit.rest.actions.listRepoOrganizationVariables, { ...place, per_page: 30 })
            .catch(noneIfAbsent)
            .then(names),
        env ? octokit.paginate(octokit.rest.actions.listEnvironmentVariables, { ...inEnvironment, per_page: 30 }).then(names) : new Set<string>(),
    ]);

    const want = needs(cfg);
    const judge = (kind: "secret" | "variable", name: string, repoLevel: Set<string>, orgLevel: Set<string>, envLevel: Set<string>, preview: boolean) => {
        if (repoLevel.has(name) || orgLevel.has(name)) return;
        if (!preview && envLevel.has(name)) return;
        const set = `gh ${kind} set ${name} --repo ${repository}`;
        missing = true;
        if (envLevel.has(name)) {
            problems.push(`${kind} ${name} is only in environment ${environment}, which the preview job does not run in`);
            fixes.push(set);
        } else {
            problems.push(`no ${kind} ${name}`);
            fixes.push(preview ? set : `${set} (or --env ${environment})`);
        }
    };
    for (const name of want.secrets) judge("secret", name, repoSecrets, orgSecrets, envSecrets, true);
    for (const name of want.previewVariables) judge("variable", name, repoVars, orgVars, envVars, true);
    for (const name of want.deployVariables.filter((n) => !want.previewVariables.includes(n))) judge("variable", name, repoVars, orgVars, envVars, false);
    if (problems.length > 0)
        return {
            verdict: missing ? "missing" : "wrong",
            found: `${repository}: ${problems.join("; ")}`,
            fix: `${fixes.join("; ")}${fixes.some((f) => f.startsWith("gh ")) ? " (each gh command prompts for its value)" : ""}`,
        };
    const count = want.secrets.length + new Set([...want.previewVariables, ...want.deployVariables]).size;
    return {
        verdict: "ok",
        found: `${repository} has environment ${environment}${cfg.environment === "production" ? " (required reviewers, a branch rule)" : ""} and the ${count} secrets and variables its workflows read for this stack`,
    };
}

/** An Octokit for `token` at `baseUrl`; no retries: the check's time bound aborts its requests. */
export function octokitFor(token: string, baseUrl: string, signal: AbortSignal): Octokit {
    const { Octokit } = require("@octokit/rest") as typeof import("@octokit/rest");
    return new Octokit({ auth: token, baseUrl, userAgent: "app-platform-doctor", request: { signal } });
}

/** GitHub's answer to a failed call as a finding: unreachable, the token refused (with the permission it lacks), or what GitHub said. */
export function octokitFinding(err: unknown, tokenFix: string): Finding {
    const { status, message, response } = err as Status;
    if (!response) {
        const cause = (err as { cause?: Error }).cause?.message ?? message;
        return { verdict: "unreachable", found: `GitHub's API: ${cause}`, fix: "check this machine's network access to api.github.com" };
    }
    // Octokit's message is GitHub's ("Bad credentials", "Resource not accessible by personal access token"): no token in it.
    // GitHub names the permission a fine-grained token lacks in X-Accepted-GitHub-Permissions.
    const needs = (response as { headers?: Record<string, string> }).headers?.["x-accepted-github-permissions"];
    if (status === 401 || status === 403)
        return { verdict: "wrong", found: `GitHub answered ${status}: ${message}${needs ? ` (the call needs ${needs})` : ""}`, fix: tokenFix };
    return { verdict: "wrong", found: `GitHub answered ${status}: ${message}` };
}

/** The API a GitHub token goes to: GITHUB_API_URL as Actions sets it, when it is GitHub's own (GitHub Enterprise Server is not supported). */
export const githubApi = () => pinnedApi("GITHUB_API_URL", API, "the token");

export const github = (cfg: StackConfig, repository: string): Check => ({
    name: "github",
    async run(signal) {
        const token = fromEnv("GH_TOKEN", "GITHUB_TOKEN");
        if (!token) return { verdict: "missing", found: "no GitHub token (GH_TOKEN or GITHUB_TOKEN)", fix: TOKEN_FIX };
        const baseUrl = githubApi();
        if (typeof baseUrl !== "string") return baseUrl;
        try {
            return await ask(cfg, repository, token, baseUrl, signal);
        } catch (err) {
            return octokitFinding(err, TOKEN_FIX);
        }
    },
});
