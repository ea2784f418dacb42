// `npm run drift` against a stack brought up by the real Pulumi CLI (stand-ins for the bridged
// providers): quiet while the vendors hold what the last deployment left; a property changed in a
// vendor's console, or a resource deleted there, is named; nothing is written (state and world as
// they were); with --notify the report reaches the stack's Slack alert channel, the webhook URL never printed.
import * as assert from "assert";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { runTool } from "../badInput/harness";
import { FakeServer } from "../support/fakes/server";
import { FakeSlack, startFakeSlack } from "../support/fakes/slack";
import { startFakeVercel } from "../support/fakes/vercel";
import { toYaml } from "./stackFiles";
import { createWorkspace, Workspace } from "./workspace";

const STACK = "shop-staging";
const TOKEN = "vercel-token-drift-canary";

describe("npm run drift: what changed outside Pulumi, under the real engine", function () {
    this.timeout(300_000);
    let ws: Workspace;
    let vercel: FakeServer;
    let slack: FakeSlack;
    const drift = (...args: string[]) => runTool("drift/cli.ts", ["--stack", STACK, "--cwd", ws.project, ...args], ws.env);
    const world = () => join(ws.standins, "world", "vercel");
    /** The stand-in's record of the vercel resource of `type`, and a way to write what the vendor now holds. */
    const vendor = (type: string) => {
        const file = readdirSync(world())
            .map((f) => join(world(), f))
            .find((f) => JSON.parse(readFileSync(f, "utf8")).type === type)!;
        return { file, record: JSON.parse(readFileSync(file, "utf8")) as { outs: Record<string, any> } };
    };
    const state = async () => (await ws.ok(["stack", "export", "--stack", STACK])).stdout;

    before(async () => {
        ws = createWorkspace();
        vercel = await startFakeVercel(TOKEN);
        slack = await startFakeSlack();
        const file = join(ws.project, `Pulumi.${STACK}.yaml`);
        const init = await runTool("init/cli.ts", [
            ...["--stack", STACK, "--name", "shop", "--domain", "staging.shop.com", "--hosting", "vercel", "--repo", "acme/shop", "--file", file],
        ]);
        assert.strictEqual(init.code, 0, init.stderr);
        // Alerts to a Slack channel, its webhook URL a declared secret; the redeploy against the local Vercel API.
        const doc = parse(readFileSync(file, "utf8"));
        doc.config["app-platform:hosting"].redeploy = { apiBaseUrl: vercel.url };
        doc.config["app-platform:secrets"] = { external: { slackWebhookUrl: { rotatedAt: "2026-11-01", rotationDays: 365 } } };
        doc.config["app-platform:monitoring"] = { alerts: { slack: { channel: "#shop-alerts", webhookUrlSecret: "slackWebhookUrl" } } };
        writeFileSync(file, toYaml(doc));
        await ws.ok(["stack", "init", STACK]);
        await ws.ok(["config", "set", "--secret", "vercel:apiToken", TOKEN, "--stack", STACK]);
        await ws.ok(["config", "set", "--secret", "app-platform:slackWebhookUrl", slack.webhook, "--stack", STACK]);
        await ws.ok(["up", "--yes", "--skip-preview", "--stack", STACK]);
    });
    after(async () => {
        ws?.dispose();
        await vercel?.close();
        await slack?.close();
    });

    it("nothing changed: exit 0, one quiet line, nothing posted", async () => {
        const r = await drift("--notify");
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        assert.strictEqual(r.stdout.trim(), `no drift: every resource of ${STACK} is as the last deployment left it`);
        assert.deepStrictEqual(slack.messages, []);
    });

    it("a project edited in Vercel's console and a domain removed there: each named with its properties; nothing written", async () => {
        const project = vendor("vercel:index/project:Project");
        project.record.outs.framework = "vite";
        project.record.outs.gitRepository.productionBranch = "main";
        writeFileSync(project.file, JSON.stringify(project.record));
        const domain = vendor("vercel:index/projectDomain:ProjectDomain");
        rmSync(domain.file);
        const before = await state();

        const r = await drift();
        assert.strictEqual(r.code, 1, r.stdout + r.stderr);
        assert.strictEqual(
            r.stdout.trim(),
            [
                `drift in ${STACK}: 2 resource(s) changed outside Pulumi since the last deployment`,
                "  vercel:index/project:Project shop: framework, gitRepository.productionBranch",
                "  vercel:index/projectDomain:ProjectDomain shop-staging.shop.com: gone (deleted at the vendor)",
                `fix: put the declared state back with pulumi up --refresh --stack ${STACK} (after review; a plain up compares with the state, which still holds the old values), or adopt the change in the stack's config first`,
            ].join("\n"),
        );
        assert.strictEqual(await state(), before, "the state changed");
        assert.strictEqual(JSON.parse(readFileSync(project.file, "utf8")).outs.framework, "vite", "a resource was written");
        assert.deepStrictEqual(slack.messages, [], "posted without --notify");
    });

    it("--notify posts the report to the stack's Slack channel, never printing the webhook URL", async () => {
        const r = await drift("--notify");
        assert.strictEqual(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stdout, /^notify: posted to the stack's Slack alert channel$/m);
        assert.strictEqual(slack.messages.length, 1);
        assert.match(
            slack.messages[0],
            /^drift in shop-staging: 2 resource\(s\)[^]*vercel:index\/project:Project shop: framework, gitRepository\.productionBranch/,
        );
        assert.ok(!(r.stdout + r.stderr).includes(slack.webhook.split("/services/")[1]), "the webhook URL was printed");
    });

    it("a vendor failing the reads: the check could not run, in the engine's words, and says so in Slack", async () => {
        const faults = join(ws.standins, "faults.json");
        writeFileSync(faults, JSON.stringify({ unreadable: ["vercel:index/project:Project"] }));
        try {
            const r = await drift("--notify");
            assert.strictEqual(r.code, 1, r.stdout + r.stderr);
            assert.match(
                r.stdout,
                /^the drift check of shop-staging could not run: pulumi refresh: .*reading vercel:index\/project:Project \S+: the vendor answered 503 Service Unavailable/m,
            );
            assert.match(slack.messages.at(-1)!, /^the drift check of shop-staging could not run: /);
        } finally {
            rmSync(faults);
        }
    });

    it("a refresh that cannot run is reported as such, exit 1; a bad command line exits 2", async () => {
        const r = await runTool("drift/cli.ts", ["--stack", "nope", "--cwd", ws.project], ws.env);
        assert.strictEqual(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stdout, /^the drift check of nope could not run: pulumi refresh: .*nope/m);
        assert.ok(!/^\s+at /m.test(r.stdout + r.stderr), "no stack trace");
        const bad = await runTool("drift/cli.ts", ["--stack", STACK, "--timeout", "1"], ws.env);
        assert.strictEqual(bad.code, 2);
        assert.match(bad.stderr, /--timeout "1": a number of seconds from 10 to 3600/);
    });
});
