// GitHub as code: the stack's environment (reviewers, the stack's branch only), the rule protecting that
// branch, and the environment's Actions secrets (from the stack's secret env sources) and variables, so
// the repository's deploy setup is declared beside what it deploys.
import { GithubRepository } from "../../components/githubRepository";
import * as pulumi from "@pulumi/pulumi";
import { didYouMean } from "../checks";
import { NAMESPACE } from "../stackConfig";
import type { Area, AreaCheckContext, BuildState } from "../area";
import type { CoreConfig } from "../schema";

const KEY = `${NAMESPACE}:github`;
/** GitHub's limit on an environment's required reviewers, users and teams together. */
const MAX_REVIEWERS = 6;
/**
 * The checks preview.yml reports on a pull request (a job's id; a matrix job's `id (value)`): the
 * tests, and each stack's doctor-then-preview. A test holds this list to the workflow.
 */
export const DEFAULT_REQUIRED_CHECKS = ["test", "preview (staging)", "preview (production)"];

/** owner/name: the section's, else the hosting repository when GitHub hosts it. */
export function githubRepository(cfg: CoreConfig): string | undefined {
    return cfg.github?.repository ?? (cfg.hosting.repository.type === "github" ? cfg.hosting.repository.repo : undefined);
}

function checkGithub({ cfg, issues, sources }: AreaCheckContext): void {
    const g = cfg.github;
    if (!g) return;
    if (!githubRepository(cfg))
        issues.push({ key: `${KEY}.repository`, message: "which repository deploys the stack? Set it (owner/name); the hosting repository is not on GitHub" });
    const reviewers = g.reviewers.users.length + g.reviewers.teams.length;
    if (cfg.environment === "production" && reviewers === 0)
        issues.push({
            key: `${KEY}.reviewers`,
            message: "production deploys wait for an approval: name at least one user or team (reviewers.users, reviewers.teams)",
        });
    if (reviewers > MAX_REVIEWERS)
        issues.push({
            key: `${KEY}.reviewers`,
            message: `${reviewers} reviewers: GitHub takes at most ${MAX_REVIEWERS} per environment, users and teams together`,
        });
    for (const [name, { from }] of Object.entries(g.secrets)) {
        const source = sources[from];
        const key = `${KEY}.secrets.${name}.from`;
        if (!source) issues.push({ key, message: `unknown source "${from}". ${didYouMean(from, Object.keys(sources))}`.trim() });
        else if (!source.secret) issues.push({ key, message: `${from} is not a secret: put plain values under github.variables` });
    }
}

function buildGithub({ cfg, protect, values, integrationValues }: BuildState): void {
    const g = cfg.github;
    if (!g) return;
    const token = new pulumi.Config("github").getSecret("token");
    new GithubRepository(`${cfg.name}-github`, {
        repository: githubRepository(cfg)!,
        environment: cfg.stack,
        branch: cfg.hosting.productionBranch,
        reviewers: g.reviewers,
        requiredChecks: g.requiredChecks ?? DEFAULT_REQUIRED_CHECKS,
        production: protect,
        secrets: Object.fromEntries(Object.entries(g.secrets).map(([name, { from }]) => [name, { ...values, ...integrationValues }[from].value])),
        variables: g.variables,
        token,
    });
}

export const githubArea: Area = {
    check: checkGithub,
    after: (state) => void buildGithub(state),
};
