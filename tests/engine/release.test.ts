// `npm run release` against a production stack brought up by the real Pulumi CLI (stand-ins for the
// bridged providers), its Vercel project staged: the command reads the stack's config and outputs
// through the CLI, smoke-tests a push's staged build at its own address (a local site), promotes it,
// and tells the stack's Slack channel; a build that fails its smoke test stays off the domains and
// the channel hears why; a rollback puts back the deployment that served before. No token or webhook
// URL is printed.
import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { runTool } from "../badInput/harness";
import { SITE_OVERRIDE } from "../../release/smoke";
import { SECURITY_HEADERS } from "../../stacks/schema";
import { FakeSite, startFakeSite } from "../support/fakes/site";
import { FakeSlack, startFakeSlack } from "../support/fakes/slack";
import { FakeVercel, startFakeVercel } from "../support/fakes/vercel";
import { toYaml } from "./stackFiles";
import { createWorkspace, Workspace } from "./workspace";

const STACK = "shop-production";
const TOKEN = "vercel-token-release-canary";
const SHA = (n: number) => String(n).repeat(40);

describe("npm run release: staged builds promoted, announced and rolled back, under the real engine", function () {
    this.timeout(300_000);
    let ws: Workspace;
    let vercel: FakeVercel;
    let slack: FakeSlack;
    let site: FakeSite;
    let projectId: string;
    let projectName: string;
    const broken = new Set<string>();
    const release = (...args: string[]) =>
        runTool("release/cli.ts", [...args, "--stack", STACK, "--cwd", ws.project], { ...ws.env, [SITE_OVERRIDE]: site.url, GITHUB_ACTOR: "carol" });
    const printedNoSecret = (r: { stdout: string; stderr: string }) => {
        for (const secret of [TOKEN, slack.webhook]) assert.ok(!(r.stdout + r.stderr).includes(secret), "a secret was printed");
    };

    before(async () => {
        ws = createWorkspace();
        vercel = await startFakeVercel(TOKEN);
        slack = await startFakeSlack();
        site = await startFakeSite((host, path) => {
            if (!["/", "/api/health"].includes(path)) return undefined;
            if (broken.has(host) && path === "/api/health") return { status: 503 };
            return { status: 200, headers: path === "/" ? SECURITY_HEADERS : {} };
        });
        const file = join(ws.project, `Pulumi.${STACK}.yaml`);
        const init = await runTool("init/cli.ts", [
            ...["--stack", STACK, "--name", "shop", "--domain", "shop.com", "--hosting", "vercel", "--repo", "acme/shop", "--file", file],
        ]);
        assert.strictEqual(init.code, 0, init.stderr);
        const doc = parse(readFileSync(file, "utf8"));
        doc.config["app-platform:hosting"].redeploy = { apiBaseUrl: vercel.url };
        doc.config["app-platform:secrets"] = { external: { slackWebhookUrl: { rotatedAt: "2026-11-01", rotationDays: 365 } } };
        doc.config["app-platform:monitoring"] = { alerts: { slack: { channel: "#shop-releases", webhookUrlSecret: "slackWebhookUrl" } } };
        writeFileSync(file, toYaml(doc));
        await ws.ok(["stack", "init", STACK]);
        await ws.ok(["config", "set", "--secret", "vercel:apiToken", TOKEN, "--stack", STACK]);
        await ws.ok(["config", "set", "--secret", "app-platform:slackWebhookUrl", slack.webhook, "--stack", STACK]);
        await ws.ok(["up", "--yes", "--skip-preview", "--stack", STACK]);
        const hosting = JSON.parse((await ws.ok(["stack", "output", "hosting", "--json", "--stack", STACK])).stdout);
        ({ projectId, projectName } = hosting);
        // The stand-in holds the project as the provider left it: production stages its builds.
        const project = JSON.parse((await ws.ok(["stack", "export", "--stack", STACK])).stdout).deployment.resources.find(
            (r: { type: string }) => r.type === "vercel:index/project:Project",
        );
        assert.strictEqual(project.outputs.autoAssignCustomDomains, false);
        vercel.addDomain(projectId, "shop.com");
        vercel.addProductionDeployment(projectId, hosting.projectName, { sha: SHA(1), message: "first release" });
        vercel.setAutoAssign(projectId, false);
    });
    after(async () => {
        ws?.dispose();
        await vercel?.close();
        await slack?.close();
        await site?.close();
    });

    it("promote: the commit's staged build passes its smoke test and goes live; the channel is told what, by whom, with the links", async () => {
        const first = vercel.production(projectId)!;
        const staged = vercel.addProductionDeployment(projectId, projectName, { sha: SHA(2), message: "checkout fix" });
        assert.strictEqual(vercel.production(projectId)!.uid, first.uid, "a push does not reach production's domains");
        const r = await release("promote", "--commit", SHA(2), "--approved-by", "alice", "--notify");
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.match(
            r.stdout,
            new RegExp(
                `smoke test of https://${staged.url.replace(/\./g, "\\.")} \\(through http://127\\.0\\.0\\.1:\\d+: APP_PLATFORM_RELEASE_SITE, a test server\\):\n  ok {3}/: 200\n  ok {3}/api/health: 200`,
            ),
        );
        assert.match(r.stdout, new RegExp(`production serves ${staged.uid} \\(https://\\S+, commit 2222222 "checkout fix"\\)`));
        assert.strictEqual(vercel.production(projectId)!.uid, staged.uid);
        assert.strictEqual(slack.messages.length, 1);
        assert.match(
            slack.messages[0],
            new RegExp(`^shop production: released commit 2222222 "checkout fix" \\(${staged.uid}\\); it replaces ${first.uid}\\. Approved by alice\\.`),
        );
        assert.match(slack.messages[0], /site https:\/\/shop\.com · deployment https:\/\//);
        printedNoSecret(r);
        assert.deepStrictEqual(vercel.violations, []);
    });

    it("a build that fails its smoke test is not promoted: exit 1, production unchanged, the channel told why", async () => {
        const live = vercel.production(projectId)!;
        const bad = vercel.addProductionDeployment(projectId, projectName, { sha: SHA(3), message: "breaks health" });
        broken.add(bad.url);
        const r = await release("promote", "--commit", SHA(3), "--notify");
        assert.strictEqual(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stdout, /FAIL \/api\/health: 503 \(expected 200\)/);
        assert.match(r.stdout, new RegExp(`the release of ${SHA(3)} stopped: the smoke test of ${bad.uid} failed`));
        assert.strictEqual(r.stderr, "");
        assert.strictEqual(vercel.production(projectId)!.uid, live.uid);
        assert.match(slack.messages.at(-1)!, new RegExp(`stopped: the smoke test of ${bad.uid} failed .*Production keeps serving ${live.uid}\\.`));
        printedNoSecret(r);
    });

    it("rollback: the deployment that served before is back on the domains, and status shows it", async () => {
        const [first, second] = [...vercel.deployments.values()].filter((d) => d.meta.githubCommitSha).sort((a, b) => a.created - b.created);
        const r = await release("rollback", "--notify");
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, new RegExp(`production serves ${first.uid} \\(.*\\) again \\(it served ${second.uid}\\)`));
        assert.strictEqual(vercel.production(projectId)!.uid, first.uid);
        assert.match(slack.messages.at(-1)!, new RegExp(`rolled back from ${second.uid} to ${first.uid}, commit 1111111 "first release"\\. By carol\\.`));
        const status = await release("status");
        assert.strictEqual(status.code, 0, status.stderr);
        assert.match(status.stdout, /shop production \(Vercel, staged production builds\): production serves dpl_/);
        assert.match(status.stdout, new RegExp(`live  ready {4}${first.uid}`));
        printedNoSecret(status);
    });
});
