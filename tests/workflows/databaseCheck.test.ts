// database.yml: one run per stack, titled as the stack's Checkly check finds it, whose steps read the
// owner's URL from the stack's outputs and run `npm run health` against it (the suite's PostgreSQL).
import * as assert from "assert";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Client } from "pg";
import { parse, parseDocument } from "yaml";
import { CronExpressionParser } from "cron-parser";
import { databaseRunTitle } from "../../stacks/areas/monitoring";
import { OUTPUT_KEYS } from "../../stacks/outputs";
import { configMap, ROOT } from "../helpers";
import { evaluateExpression } from "../support/githubActions";
import { FakeSupabase, startFakeSupabase } from "../support/fakes/supabase";
import { freshDatabase, query } from "../support/postgres";
import { resolveEnv, runStep } from "./runStep";

type Step = { run?: string; id?: string; if?: string; env?: Record<string, string>; name?: string; shell?: string };
const wf = parse(readFileSync(join(ROOT, ".github/workflows/database.yml"), "utf8"));
const check = wf.jobs.check as { env: Record<string, string>; steps: Step[] };
const step = (match: (s: Step) => boolean) => check.steps.find(match)!;
const readStep = step((s) => s.id === "stack");
const healthStep = step((s) => /npm run -s health/.test(s.run ?? ""));

describe("database.yml (the database check's workflow)", function () {
    this.timeout(60_000);

    it("every quarter hour dispatches one run per stack, titled as the stack's Checkly check looks for it", async () => {
        const [{ cron }] = wf.on.schedule;
        const next = CronExpressionParser.parse(cron, { currentDate: new Date("2026-12-05T12:01:00Z"), tz: "UTC" })
            .next()
            .toDate();
        assert.strictEqual(next.toISOString(), "2026-12-05T12:15:00.000Z");
        const stacks = wf.jobs.dispatch.strategy.matrix.stack as string[];
        assert.deepStrictEqual(wf.on.workflow_dispatch.inputs.stack.options, stacks);
        assert.match(wf.jobs.dispatch.steps[0].run, /^gh workflow run database\.yml --repo "\$REPOSITORY" --ref "\$REF" -f stack="\$STACK"$/);
        // Only the dispatcher may start runs; the check reads the repository and nothing else.
        assert.deepStrictEqual([wf.permissions, wf.jobs.dispatch.permissions, check.steps.length > 0], [{ contents: "read" }, { actions: "write" }, true]);
        assert.deepStrictEqual([wf.jobs.dispatch.if, wf.jobs.check.if], ["github.event_name == 'schedule'", "github.event_name == 'workflow_dispatch'"]);
        const runName = /^\$\{\{ (.*) \}\}$/.exec(wf["run-name"])![1];
        for (const stack of stacks) assert.strictEqual(await evaluateExpression(runName.replaceAll("inputs.stack", `'${stack}'`), {}), databaseRunTitle(stack));
        assert.strictEqual(await evaluateExpression(runName.replaceAll("inputs.stack", "''"), {}), "Database checks");
        assert.ok(OUTPUT_KEYS.includes("databaseAdminUrl"));
    });

    describe("its steps, as the runner runs them", () => {
        let url: string;
        let supabase: FakeSupabase;
        /** The checkout, its production stack's Supabase API the local one (the project's files otherwise). */
        let checkout: string;
        const contexts = { secrets: { PULUMI_ACCESS_TOKEN: "pul-test-token" } };
        const jobEnv = (stack: string) => ({ ...resolveEnv({ PULUMI_ACCESS_TOKEN: check.env.PULUMI_ACCESS_TOKEN }, contexts), STACK: stack });
        const secrets = { supabaseAccessToken: "sbp_dbcheck-canary-token" };
        const production = { config: configMap("production"), secrets };
        // The one change to the check's script: a one-second window between the Metrics API's scrapes, not a minute.
        const healthRun = { ...healthStep, run: healthStep.run!.replace('--stack "$STACK"', '--stack "$STACK" --server-window 1') };
        const runHealth = (env: Record<string, string>) =>
            runStep(healthRun, { ...jobEnv("production"), DATABASE_URL: url, SUPABASE_ACCESS_TOKEN: secrets.supabaseAccessToken, ...env }, undefined, checkout);

        before(async () => {
            url = await freshDatabase("dbcheck");
            const project = production.config["app-platform:postgres"];
            supabase = await startFakeSupabase(secrets.supabaseAccessToken, [project.organization]);
            supabase.addProject({ ref: project.projectRef, name: project.project, organization: project.organization, region: project.region, dbPass: "x" });
            checkout = mkdtempSync(join(tmpdir(), "dbcheck-checkout-"));
            for (const entry of readdirSync(ROOT))
                if (entry !== "Pulumi.production.yaml" && entry !== ".git") symlinkSync(join(ROOT, entry), join(checkout, entry));
            const doc = parseDocument(readFileSync(join(ROOT, "Pulumi.production.yaml"), "utf8"));
            doc.setIn(["config", "app-platform:postgres", "apiBaseUrl"], supabase.url);
            writeFileSync(join(checkout, "Pulumi.production.yaml"), doc.toString());
        });
        after(() => supabase?.close());

        it("production (Supabase): reads databaseAdminUrl and the access token (both masked) into the next steps' environment; the check passes and writes the summary", async () => {
            const read = await runStep(readStep, jobEnv("production"), { ...production, outputs: { databaseAdminUrl: url } });
            assert.strictEqual(read.code, 0, read.stderr);
            assert.deepStrictEqual([read.outputs, read.env], [{ check: "true" }, { SUPABASE_ACCESS_TOKEN: secrets.supabaseAccessToken, DATABASE_URL: url }]);
            assert.strictEqual(read.stdout, `::add-mask::${url}\n::add-mask::${secrets.supabaseAccessToken}\n`);
            for (const later of check.steps.slice(check.steps.indexOf(readStep) + 1)) assert.strictEqual(later.if, "steps.stack.outputs.check == 'true'");

            const summary = join(mkdtempSync(join(tmpdir(), "dbcheck-")), "summary.md");
            writeFileSync(summary, "");
            const run = await runHealth({ GITHUB_STEP_SUMMARY: summary });
            assert.strictEqual(run.code, 0, run.stderr);
            assert.match(
                readFileSync(summary, "utf8"),
                /^production: the database check\n {2}connections .*\n {2}long queries {2}none over 5 min\n {2}storage .* of 8 GiB.*\n {2}cpu {11}busy over 1 s: 20 %/,
            );
            // A stack on Neon or plain PostgreSQL reads no token.
            const mystic = await runStep(readStep, jobEnv("production"), { config: configMap("mystic"), outputs: { databaseAdminUrl: url } });
            assert.deepStrictEqual([mystic.code, Object.keys(mystic.env)], [0, ["DATABASE_URL"]]);
        });

        it("a stack without monitoring.database (staging) skips the rest; one never deployed with the output fails, saying why", async () => {
            const staging = await runStep(readStep, { ...jobEnv("staging"), GITHUB_STEP_SUMMARY: "/dev/null" }, { config: configMap("staging"), outputs: {} });
            assert.strictEqual(staging.code, 0, staging.stderr);
            assert.deepStrictEqual([staging.outputs, staging.env], [{ check: "false" }, {}]);
            const old = await runStep(readStep, jobEnv("production"), { ...production, outputs: { databaseAdminUrl: null } });
            assert.strictEqual(old.code, 1);
            assert.match(old.stdout, /^::error::stack production has no databaseAdminUrl output: deploy it \(pulumi up\)/);
            const broken = await runStep(readStep, jobEnv("production"), { ...production, outputs: { databaseAdminUrl: `${url}\nEVIL=1` } });
            assert.strictEqual(broken.code, 1);
            assert.deepStrictEqual(broken.env, {}, "nothing reaches $GITHUB_ENV");
            assert.ok(!broken.stdout.includes(new URL(url).password));
            // A stack that cannot be read (the token, the backend) is not "nothing to check": the run fails.
            const unread = await runStep(readStep, { ...jobEnv("production"), PULUMI_ACCESS_TOKEN: "" }, { ...production, outputs: {} });
            assert.strictEqual(unread.code, 1);
            assert.match(unread.stderr, /PULUMI_ACCESS_TOKEN is not set/);
            assert.deepStrictEqual(unread.outputs, {});
        });

        it("a crossed limit fails the step (pipefail), though tee copies the report to the summary", async () => {
            // 80 % of the connections a non-superuser may open (max_connections less the reserved), held open.
            const [{ open }] = await query(
                url,
                "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int AS open",
            );
            const held = await Promise.all(
                Array.from({ length: Math.ceil(open * 0.8) }, async () => {
                    const c = new Client({ connectionString: url });
                    await c.connect();
                    return c;
                }),
            );
            try {
                const summary = join(mkdtempSync(join(tmpdir(), "dbcheck-")), "summary.md");
                writeFileSync(summary, "");
                const run = await runHealth({ GITHUB_STEP_SUMMARY: summary });
                assert.strictEqual(healthStep.shell, "bash");
                assert.strictEqual(run.code, 1, run.stdout);
                assert.match(run.stderr, /^alert: connections: \d+ of \d+ client connections/m);
                assert.match(readFileSync(summary, "utf8"), /^production: the database check\n {2}connections /);
            } finally {
                await Promise.all(held.map((c) => c.end()));
            }
        });
    });
});
