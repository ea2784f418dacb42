// The doctor's GitHub check against the local GitHub API (tests/support/fakes/github.ts): the stack's
// environment (production's reviewed and branch-restricted), and the secrets and variables the
// workflows read for the stack's capabilities, each where its job can read it.
import * as assert from "assert";
import { github } from "../../doctor/vendors/github";
import type { Finding } from "../../doctor/checks";
import { BACKEND_SECRET, ciCredentialsOf } from "../../stacks/ciCredentials";
import type { StackConfig } from "../../stacks/config";
import { load } from "../helpers";
import { FakeServer } from "../support/fakes/server";
import { FakeGitHubRepo, startFakeGitHub } from "../support/fakes/github";

const TOKEN = "github_pat_doctor-canary";
const AMBIENT = ["GH_TOKEN", "GITHUB_TOKEN", "GITHUB_API_URL"];
const REPO = { owner: "ecoo-commerce", repo: "app-platform" };

/** Everything the workflows read for `cfg`, at the repository level: secrets, and both jobs' variables. */
function complete(cfg: StackConfig) {
    const creds = ciCredentialsOf(cfg);
    return {
        secrets: [BACKEND_SECRET, ...creds.flatMap((c) => c.secrets ?? [])],
        variables: [...new Set(creds.flatMap((c) => [...(c.oidc?.preview ?? []), ...(c.oidc?.deploy ?? [])]))],
    };
}

describe("npm run doctor --github: the repository's environment, secrets and variables, against its local API", function () {
    const production = load("production");
    const staging = load("staging");
    const saved = Object.fromEntries(AMBIENT.map((k) => [k, process.env[k]]));
    const fakes: FakeServer[] = [];
    const fake = async (repo: Partial<FakeGitHubRepo>) => {
        const f = await startFakeGitHub({ ...REPO, token: TOKEN, permissions: ["actions", "secrets", "variables", "environments"], ...repo });
        fakes.push(f);
        return f;
    };
    const ask = async (cfg: StackConfig, f: FakeServer | undefined, env: Record<string, string> = { GH_TOKEN: TOKEN }): Promise<Finding> => {
        AMBIENT.forEach((k) => delete process.env[k]);
        Object.assign(process.env, env, f ? { GITHUB_API_URL: f.url } : {});
        const r = await github(cfg, `${REPO.owner}/${REPO.repo}`).run(new AbortController().signal);
        assert.ok(!JSON.stringify(r).includes(TOKEN), "the token was printed");
        return r;
    };
    const reviewed = { reviewers: ["octocat"], branchPolicy: true };

    after(async () => {
        AMBIENT.forEach((k) => delete process.env[k]);
        for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
        await Promise.all(fakes.map((f) => f.close()));
    });
    afterEach(() => {
        for (const f of fakes) assert.deepStrictEqual(f.violations, []);
    });

    it("no token is missing, with how to make one; a token for another host is refused before any request", async () => {
        const none = await ask(production, undefined, {});
        assert.deepStrictEqual([none.verdict, none.found], ["missing", "no GitHub token (GH_TOKEN or GITHUB_TOKEN)"]);
        assert.match(none.fix!, /fine-grained token .*Actions, Environments, Secrets and Variables/);

        // 0.0.0.0 reaches the fake on Linux, but it is no loopback name: nothing may be sent there.
        const f = await fake({});
        const elsewhere = await ask(production, undefined, { GH_TOKEN: TOKEN, GITHUB_API_URL: f.url.replace("127.0.0.1", "0.0.0.0") });
        assert.strictEqual(elsewhere.verdict, "wrong");
        assert.match(elsewhere.found, /GITHUB_API_URL is http:\/\/0\.0\.0\.0:\d+: the token goes only to https:\/\/api\.github\.com/);
        assert.strictEqual(f.requests.length, 0);
    });

    it("a refused token and a token without the Secrets permission are wrong, in GitHub's words, with the token's fix", async () => {
        const f = await fake({ permissions: ["actions", "variables", "environments"], environments: { production: reviewed } });
        const refused = await ask(production, f, { GH_TOKEN: "github_pat_another" });
        assert.strictEqual(refused.verdict, "wrong");
        assert.match(refused.found, /^GitHub answered 401: Bad credentials/);
        const scoped = await ask(production, f);
        assert.strictEqual(scoped.verdict, "wrong");
        assert.match(scoped.found, /^GitHub answered 403: Resource not accessible by personal access token/);
        assert.match(scoped.found, /\(the call needs secrets=read\)$/);
        assert.match(scoped.fix!, /read access to Actions, Environments, Secrets and Variables/);
        // Without Actions (read), the environment itself cannot be read.
        const noActions = await fake({ permissions: ["secrets", "variables", "environments"], environments: { production: reviewed } });
        const r = await ask(production, noActions);
        assert.strictEqual(r.verdict, "wrong");
        assert.match(r.found, /^GitHub answered 403: Resource not accessible by personal access token.*\(the call needs actions=read\)$/);
    });

    it("a repository the token cannot see, and a stack without its environment, are missing with the step that makes them", async () => {
        const f = await fake({ owner: "someone-else" });
        const unseen = await ask(production, f);
        assert.deepStrictEqual([unseen.verdict, unseen.found], ["missing", "no repository ecoo-commerce/app-platform that the token can see"]);

        const bare = await fake({ environments: { staging: {} } });
        const noEnv = await ask(production, bare);
        assert.strictEqual(noEnv.verdict, "missing");
        // Everything it lacks in one answer: the environment, then each secret and variable.
        assert.match(
            noEnv.found,
            /^ecoo-commerce\/app-platform: no environment production \(the deploy and rotate jobs run in it\); no secret PULUMI_ACCESS_TOKEN; .*no variable AWS_DEPLOY_ROLE_ARN$/,
        );
        assert.match(
            noEnv.fix!,
            /^create it: .*New environment "production", with required reviewers and the main branch only; gh secret set PULUMI_ACCESS_TOKEN --repo/,
        );
        assert.ok(!bare.requests.some((q) => q.path.includes("/environments/production/")), "no list of an environment that does not exist");
    });

    it("production without required reviewers, or open to any branch, is wrong; staging needs neither", async () => {
        const { secrets, variables } = complete(production);
        const open = await fake({ secrets, variables, environments: { production: { branchPolicy: true }, staging: {} } });
        const unreviewed = await ask(production, open);
        assert.deepStrictEqual(
            [unreviewed.verdict, unreviewed.found],
            ["wrong", "ecoo-commerce/app-platform: environment production has no required reviewers: a push deploys production unreviewed"],
        );
        assert.ok((await ask(staging, open)).verdict === "ok");

        const anyBranch = await fake({ secrets, variables, environments: { production: { reviewers: ["octocat"] } } });
        const r = await ask(production, anyBranch);
        assert.deepStrictEqual(
            [r.verdict, r.found],
            ["wrong", "ecoo-commerce/app-platform: environment production has no branch rule: any branch may deploy production"],
        );
        assert.strictEqual(r.fix, "GitHub → ecoo-commerce/app-platform → Settings → Environments → production: Deployment branches: the main branch only");
    });

    it("each secret or variable the workflows read and nobody set is named with its gh command; one only in the environment is named for the preview", async () => {
        const { secrets, variables } = complete(production);
        const f = await fake({
            secrets: secrets.filter((s) => s !== "VERCEL_API_TOKEN" && s !== "SENTRY_AUTH_TOKEN"),
            variables: variables.filter((v) => v !== "AWS_DEPLOY_ROLE_ARN" && v !== "AWS_PREVIEW_ROLE_ARN"),
            environments: { production: { ...reviewed, secrets: ["SENTRY_AUTH_TOKEN"], variables: ["AWS_PREVIEW_ROLE_ARN"] } },
        });
        const r = await ask(production, f);
        assert.strictEqual(r.verdict, "missing");
        assert.strictEqual(
            r.found,
            "ecoo-commerce/app-platform: no secret VERCEL_API_TOKEN; secret SENTRY_AUTH_TOKEN is only in environment production, which the preview job does not run in; " +
                "variable AWS_PREVIEW_ROLE_ARN is only in environment production, which the preview job does not run in; no variable AWS_DEPLOY_ROLE_ARN",
        );
        assert.strictEqual(
            r.fix,
            "gh secret set VERCEL_API_TOKEN --repo ecoo-commerce/app-platform; gh secret set SENTRY_AUTH_TOKEN --repo ecoo-commerce/app-platform; " +
                "gh variable set AWS_PREVIEW_ROLE_ARN --repo ecoo-commerce/app-platform; " +
                "gh variable set AWS_DEPLOY_ROLE_ARN --repo ecoo-commerce/app-platform (or --env production) (each gh command prompts for its value)",
        );
    });

    it("everything set at the repository, the organization or (for the deploy jobs only) the environment, over several pages: ok", async () => {
        const { secrets, variables } = complete(production);
        // More variables than one page holds: the check reads every page (the Link header).
        const others = Array.from({ length: 40 }, (_, i) => `OTHER_${String(i).padStart(2, "0")}`);
        const f = await fake({
            secrets: [...others, ...secrets.filter((s) => s !== "CHECKLY_API_KEY")],
            orgSecrets: ["CHECKLY_API_KEY"],
            variables: [...others, ...variables.filter((v) => v !== "AWS_DEPLOY_ROLE_ARN" && v !== "AWS_REGION")],
            orgVariables: ["AWS_REGION"],
            environments: { production: { ...reviewed, variables: ["AWS_DEPLOY_ROLE_ARN"] } },
        });
        const r = await ask(production, f);
        assert.strictEqual(r.verdict, "ok", r.found);
        assert.strictEqual(
            r.found,
            `ecoo-commerce/app-platform has environment production (required reviewers, a branch rule) and the ${secrets.length + variables.length} secrets and variables its workflows read for this stack`,
        );
        assert.ok(
            f.requests.some((q) => q.path.endsWith("/actions/variables") && q.query.get("page") === "2"),
            "the second page of variables was read",
        );
    });

    it("GitHub not answering is unreachable", async () => {
        const f = await fake({});
        const url = f.url;
        await f.close();
        const r = await ask(production, undefined, { GH_TOKEN: TOKEN, GITHUB_API_URL: url });
        assert.strictEqual(r.verdict, "unreachable");
        assert.match(r.fix!, /network access to api\.github\.com/);
    });
});
