// The GitHub side of deploying one stack: its environment (named after the stack, as the workflows
// reference it) with required reviewers and a policy allowing only the stack's branch to deploy, the
// rule protecting that branch (the checks a merge needs; in production a reviewed pull request), and
// the environment's Actions secrets and variables. Reviewers are named in config and looked up to
// the numeric ids GitHub's API takes.
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";

export interface GithubRepositoryArgs {
    /** owner/name */
    repository: string;
    /** The environment's name: the stack's. */
    environment: string;
    /** The branch the stack deploys from: the only one its environment admits, and the one protected. */
    branch: string;
    reviewers: { users: string[]; teams: string[] };
    /** The checks a merge into `branch` needs. */
    requiredChecks: string[];
    /** Production: a merge needs an approving review, admins included, and nothing here can be deleted by an up. */
    production: boolean;
    secrets: Record<string, pulumi.Input<string>>;
    variables: Record<string, string>;
    /** The provider's token (`github:token`); absent, it reads GITHUB_TOKEN. */
    token?: pulumi.Input<string>;
}

export class GithubRepository extends pulumi.ComponentResource {
    readonly environment: pulumi.Output<string>;

    constructor(name: string, args: GithubRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:ci:GithubRepository", name, {}, opts);
        const [owner, repository] = args.repository.split("/");
        const provider = new github.Provider(`${name}-github`, { owner, token: args.token }, { parent: this });
        const childOpts = { parent: this, provider, protect: args.production };
        const invokeOpts = { parent: this, provider };
        const users = args.reviewers.users.map((username) => github.getUserOutput({ username }, invokeOpts).id.apply(Number));
        const teams = args.reviewers.teams.map((slug) => github.getTeamOutput({ slug }, invokeOpts).id.apply(Number));
        const env = new github.RepositoryEnvironment(
            name,
            {
                repository,
                environment: args.environment,
                reviewers: users.length + teams.length > 0 ? [{ users, teams }] : undefined,
                // Only the stack's branch deploys to it (a custom policy below), whatever a workflow on another branch says.
                deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
            },
            childOpts,
        );
        new github.RepositoryEnvironmentDeploymentPolicy(`${name}-branch`, { repository, environment: env.environment, branchPattern: args.branch }, childOpts);
        new github.BranchProtection(
            `${name}-${args.branch}`,
            {
                // The provider takes the repository's name or node id.
                repositoryId: repository,
                pattern: args.branch,
                enforceAdmins: args.production,
                allowsDeletions: false,
                allowsForcePushes: false,
                requiredStatusChecks: [{ strict: true, contexts: args.requiredChecks }],
                requiredPullRequestReviews: args.production ? [{ requiredApprovingReviewCount: 1, dismissStaleReviews: true }] : undefined,
            },
            childOpts,
        );
        for (const [secretName, value] of Object.entries(args.secrets)) {
            new github.ActionsEnvironmentSecret(
                `${name}-secret-${secretName}`,
                // `value` (plaintext_value is deprecated); the SDK keeps it secret in the state.
                { repository, environment: env.environment, secretName, value: pulumi.secret(value) },
                childOpts,
            );
        }
        for (const [variableName, value] of Object.entries(args.variables)) {
            new github.ActionsEnvironmentVariable(`${name}-var-${variableName}`, { repository, environment: env.environment, variableName, value }, childOpts);
        }
        this.environment = env.environment;
        this.registerOutputs({ environment: this.environment });
    }
}
