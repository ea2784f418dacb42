// GitHub as code under mocks: production's environment (reviewers looked up to GitHub's numeric ids,
// only main may deploy), main's branch rule (the preview workflow's checks, a reviewed pull request,
// admins included), the environment's Actions secret from a stack secret (kept secret) and variable,
// all protected; and the config checks.
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { configErrors, evaluate, issueFor, load, ROOT } from "../helpers";
import { PLACEHOLDER } from "../../inventory/stackFile";
import { DEFAULT_REQUIRED_CHECKS } from "../../stacks/areas/github";

const of = (records: { type: string }[], type: string) => records.filter((r) => r.type === `github:index/${type}`) as any[];

describe("GitHub as code (app-platform:github) under mocks", function () {
    this.timeout(120_000);

    it("production: its environment with reviewers and main only, main's rule, the environment's secret and variable, protected", async () => {
        const { records } = await evaluate("production");
        const [env] = of(records, "repositoryEnvironment:RepositoryEnvironment");
        assert.strictEqual(env.inputs.repository, "ecoo");
        assert.strictEqual(env.inputs.environment, "production", "named after the stack, as the workflows reference it");
        const [reviewers] = env.revealed.reviewers;
        assert.ok(reviewers.users.length === 1 && Number.isInteger(reviewers.users[0]), "a user's numeric id (getUser)");
        assert.ok(reviewers.teams.length === 1 && Number.isInteger(reviewers.teams[0]), "a team's numeric id (getTeam)");
        assert.deepStrictEqual(env.inputs.deploymentBranchPolicy, { protectedBranches: false, customBranchPolicies: true });
        const [policy] = of(records, "repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy");
        assert.deepStrictEqual([policy.inputs.environment, policy.inputs.branchPattern], ["production", "main"]);

        const [rule] = of(records, "branchProtection:BranchProtection");
        assert.deepStrictEqual(
            [rule.inputs.repositoryId, rule.inputs.pattern, rule.inputs.enforceAdmins, rule.inputs.allowsForcePushes, rule.inputs.allowsDeletions],
            ["ecoo", "main", true, false, false],
        );
        assert.deepStrictEqual(rule.inputs.requiredStatusChecks, [{ strict: true, contexts: DEFAULT_REQUIRED_CHECKS }]);
        assert.deepStrictEqual(rule.inputs.requiredPullRequestReviews, [{ requiredApprovingReviewCount: 1, dismissStaleReviews: true }]);

        const [secret] = of(records, "actionsEnvironmentSecret:ActionsEnvironmentSecret");
        assert.deepStrictEqual([secret.inputs.environment, secret.inputs.secretName, secret.inputs.value], ["production", "VERCEL_API_TOKEN", "[secret]"]);
        assert.strictEqual(secret.revealed.value, PLACEHOLDER, "the stack secret external.vercelDeployToken");
        const [variable] = of(records, "actionsEnvironmentVariable:ActionsEnvironmentVariable");
        assert.deepStrictEqual([variable.inputs.variableName, variable.inputs.value], ["AWS_REGION", "us-east-1"]);

        for (const r of [env, policy, rule, secret, variable]) assert.strictEqual(r.options.protect, true, `${r.type} is protected in production`);
        const provider = records.find((r) => r.type === "pulumi:providers:github")!;
        assert.strictEqual(provider.inputs.owner, "ecoo-commerce");
    });

    it("the default required checks are the preview workflow's: its test job and each stack's preview", () => {
        const preview = parse(readFileSync(join(ROOT, ".github/workflows/preview.yml"), "utf8"));
        const jobs = [
            ...Object.keys(preview.jobs).filter((j) => !preview.jobs[j].strategy),
            ...Object.keys(preview.jobs)
                .filter((j) => preview.jobs[j].strategy)
                .flatMap((j) => (preview.jobs[j].strategy.matrix.stack as string[]).map((s) => `${j} (${s})`)),
        ];
        assert.deepStrictEqual([...jobs].sort(), [...DEFAULT_REQUIRED_CHECKS].sort());
    });

    it("a stack without the section declares nothing on GitHub", async () => {
        const { records } = await evaluate("staging");
        assert.deepStrictEqual(
            records.filter((r) => r.type.startsWith("github:") || r.type === "pulumi:providers:github"),
            [],
        );
    });

    it("refuses production without a reviewer, more than GitHub's 6, a plain or unknown source for a secret, and names GitHub refuses", () => {
        const gh = (c: Record<string, any>) => c["app-platform:github"];
        const none = configErrors(() => load("production", (c) => void (gh(c).reviewers = {})));
        assert.match(issueFor(none, "app-platform:github.reviewers"), /production deploys wait for an approval: name at least one user or team/);
        const many = configErrors(() => load("production", (c) => void (gh(c).reviewers = { users: ["a1", "a2", "a3", "a4"], teams: ["t1", "t2", "t3"] })));
        assert.match(issueFor(many, "app-platform:github.reviewers"), /7 reviewers: GitHub takes at most 6 per environment/);
        const plain = configErrors(() => load("production", (c) => void (gh(c).secrets.SITE = { from: "site.url" })));
        assert.match(issueFor(plain, "app-platform:github.secrets.SITE.from"), /site\.url is not a secret: put plain values under github\.variables/);
        const typo = configErrors(() => load("production", (c) => void (gh(c).secrets.VERCEL_API_TOKEN = { from: "external.vercelDeployTokn" })));
        assert.match(
            issueFor(typo, "app-platform:github.secrets.VERCEL_API_TOKEN.from"),
            /unknown source "external\.vercelDeployTokn"\. Did you mean external\.vercelDeployToken\?/,
        );
        const reserved = configErrors(() => load("production", (c) => void (gh(c).variables.GITHUB_SHA = "x")));
        assert.match(reserved.message, /GitHub reserves names starting with GITHUB_/);
        const login = configErrors(() => load("production", (c) => void (gh(c).reviewers.users = ["-bad"])));
        assert.match(login.message, /a GitHub username, e\.g\. octocat/);
    });

    it("a repository not on GitHub needs github.repository", () => {
        const err = configErrors(() =>
            load("staging", (c) => {
                c["app-platform:hosting"].repository = { type: "gitlab", repo: "acme/shop" };
                c["app-platform:github"] = {};
            }),
        );
        assert.match(issueFor(err, "app-platform:github.repository"), /which repository deploys the stack\? Set it \(owner\/name\)/);
    });
});
