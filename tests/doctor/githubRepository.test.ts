// The doctor's check for GitHub as code (app-platform:github), against the local GitHub API: the
// provider's token administers the repository, and each reviewer the stack names exists.
import * as assert from "assert";
import { githubRepository } from "../../doctor/vendors/githubRepository";
import type { Finding } from "../../doctor/checks";
import type { StackConfig } from "../../stacks/config";
import { load } from "../helpers";
import { FakeServer } from "../support/fakes/server";
import { FakeGitHubRepo, startFakeGitHub } from "../support/fakes/github";

const TOKEN = "github_pat_admin-doctor-canary";
const AMBIENT = ["GITHUB_TOKEN", "GITHUB_API_URL"];

describe("npm run doctor: GitHub as code (the provider's token and the reviewers), against the local GitHub API", () => {
    const production = load("production");
    const saved = Object.fromEntries(AMBIENT.map((k) => [k, process.env[k]]));
    const fakes: FakeServer[] = [];
    const fake = async (repo: Partial<FakeGitHubRepo>) => {
        const f = await startFakeGitHub({
            owner: "ecoo-commerce",
            repo: "ecoo",
            token: TOKEN,
            permissions: [],
            users: ["ecoo-lead"],
            teams: ["platform"],
            ...repo,
        });
        fakes.push(f);
        return f;
    };
    const ask = async (cfg: StackConfig, f: FakeServer, config: Record<string, string> = { "github:token": TOKEN }): Promise<Finding> => {
        AMBIENT.forEach((k) => delete process.env[k]);
        process.env.GITHUB_API_URL = f.url;
        const r = await githubRepository(cfg, (key) => config[key])!.run(new AbortController().signal);
        assert.ok(!JSON.stringify(r).includes(TOKEN), "the token was printed");
        return r;
    };
    after(async () => {
        for (const [k, v] of Object.entries(saved))
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        await Promise.all(fakes.map((f) => f.close()));
    });

    it("ok: the token administers ecoo-commerce/ecoo and both reviewers exist", async () => {
        const r = await ask(production, await fake({ admin: true }));
        assert.deepStrictEqual([r.verdict, r.found], ["ok", "the token administers ecoo-commerce/ecoo; its 2 reviewer(s) exist"]);
    });

    it("a token that can push but not administer, an unknown reviewer, no token, a refused token: each said with its fix", async () => {
        const pushOnly = await ask(production, await fake({ admin: false }));
        assert.deepStrictEqual([pushOnly.verdict, pushOnly.found], ["wrong", "the token cannot administer ecoo-commerce/ecoo (not an admin of it)"]);
        assert.match(
            pushOnly.fix!,
            /Administration, Environments, Secrets and Variables: read and write.*pulumi config set --secret github:token --stack production/,
        );
        const unknown = await ask(production, await fake({ admin: true, users: [], teams: ["platform"] }));
        assert.deepStrictEqual([unknown.verdict, unknown.found], ["missing", "GitHub knows no user ecoo-lead (app-platform:github.reviewers)"]);
        const none = await ask(production, await fake({ admin: true }), {});
        assert.deepStrictEqual([none.verdict, none.found], ["missing", "no GitHub token (github:token or GITHUB_TOKEN)"]);
        const refused = await ask(production, await fake({ admin: true }), { "github:token": "another-token" });
        assert.deepStrictEqual([refused.verdict, refused.found], ["wrong", "GitHub answered 401: Bad credentials - https://docs.github.com/rest"]);
    });

    it("asks nothing of a stack without the section", () => {
        assert.strictEqual(
            githubRepository(load("staging"), () => undefined),
            undefined,
        );
    });
});
