// The doctor's Vercel check on the app's GitHub repository, against the local Vercel API
// (tests/support/fakes/vercel.ts): the team can link it only where Vercel's GitHub App is installed
// and may access it.
import * as assert from "assert";
import { vercel } from "../../doctor/vendors/vercel";
import type { Finding } from "../../doctor/checks";
import { load } from "../helpers";
import { FakeGitHubInstallations, FakeVercel, startFakeVercel, TEAM_SLUG } from "../support/fakes/vercel";

const TOKEN = "vercel-token-doctor-canary";

describe("npm run doctor: Vercel can link the app's GitHub repository, against its local API", function () {
    const fakes: FakeVercel[] = [];
    after(() => Promise.all(fakes.map((f) => f.close())));
    afterEach(() => fakes.forEach((f) => assert.deepStrictEqual(f.violations, [])));
    /** dirtfree-staging (repository dirt-free/crm, team team_dirtfree) against a Vercel whose token's user has these installations. */
    const ask = async (github: FakeGitHubInstallations): Promise<Finding> => {
        const api = await startFakeVercel(TOKEN, "team_dirtfree", github);
        fakes.push(api);
        const cfg = load("dirtfree", (c) => (c["app-platform:hosting"].redeploy = { apiBaseUrl: api.url }));
        const config: Record<string, string> = { "vercel:apiToken": TOKEN, "vercel:team": "team_dirtfree" };
        return vercel(cfg, (key) => config[key])!.run(new AbortController().signal);
    };

    it("no GitHub App installation on the owner: missing, with where to install it", async () => {
        const r = await ask({ "another-org": ["crm"] });
        assert.strictEqual(r.verdict, "missing");
        assert.strictEqual(r.found, "the token's user has no GitHub connection to dirt-free: the project could not link dirt-free/crm");
        assert.match(r.fix!, /install the Vercel GitHub App on dirt-free with access to crm/);
    });

    it("an installation without access to the repository (a name that only contains it is no match): missing", async () => {
        const r = await ask({ "dirt-free": ["website", "crm-legacy"] });
        assert.deepStrictEqual(r, {
            verdict: "missing",
            found: "Vercel's GitHub App on dirt-free cannot access dirt-free/crm",
            fix: "give it the repository: GitHub → dirt-free → Settings → GitHub Apps → Vercel → Repository access",
        });
    });

    it("the repository within the installation's access: ok", async () => {
        const r = await ask({ "Dirt-Free": ["CRM"] });
        assert.deepStrictEqual(r, { verdict: "ok", found: `the token is owner's, and it can use team ${TEAM_SLUG}; it can link dirt-free/crm` });
    });
});
