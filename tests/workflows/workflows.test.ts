// The GitHub workflows: valid against GitHub's own schema (offline), and naming only stacks,
// branches, policy configs, outputs and secrets that exist.
import * as assert from "assert";
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { CronExpressionParser } from "cron-parser";
import { BACKUP_PREFIXES } from "../../components/backupBucket";
import { AtlasEntry, OUTPUT_KEYS, ServiceEntry } from "../../stacks/outputs";
import { AWS_OIDC, CI_CREDENTIALS, ciCredentialsOf, envNameOf, GOOGLE_AUTH } from "../../stacks/ciCredentials";
import { ConfigMap, configMap, load, ROOT, StackName, STACKS } from "../helpers";
import { FakeAtlasAdmin, startFakeAtlasAdmin } from "../support/fakes/atlasAdmin";
import { evaluateExpression, validateWorkflow } from "../support/githubActions";
import { resolveEnv, runStep, scriptText, startAddressEcho } from "./runStep";

const DIR = join(ROOT, ".github/workflows");
const FILES = readdirSync(DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Record<string, any>;

/** The inputs pulumi/actions@v6 declares (its action.yml); a misspelt one is silently ignored by GitHub. */
const PULUMI_ACTION_INPUTS = [
    "command",
    "stack-name",
    "work-dir",
    "cloud-url",
    "github-token",
    "comment-on-pr",
    "comment-on-pr-number",
    "comment-on-summary",
    "secrets-provider",
    "parallel",
    "message",
    "config-map",
    "expect-no-changes",
    "diff",
    "replace",
    "target",
    "target-dependents",
    "policyPacks",
    "policyPackConfigs",
    "refresh",
    "upsert",
    "remove",
    "edit-pr-comment",
    "color",
    "pulumi-version",
    "pulumi-version-file",
    "always-include-summary",
    "exclude",
    "exclude-dependents",
    "plan",
    "suppress-outputs",
    "suppress-progress",
];
/** The inputs google-github-actions/auth@v2 declares (its action.yml at v2.1.9). */
const GOOGLE_AUTH_INPUTS = [
    "project_id",
    "workload_identity_provider",
    "service_account",
    "audience",
    "credentials_json",
    "create_credentials_file",
    "export_environment_variables",
    "token_format",
    "delegates",
    "universe",
    "request_reason",
    "cleanup_credentials",
    "access_token_lifetime",
    "access_token_scopes",
    "access_token_subject",
    "retries",
    "backoff",
    "backoff_limit",
    "id_token_audience",
    "id_token_include_email",
];
const ACTION_INPUTS: Record<string, string[]> = { "pulumi/actions": PULUMI_ACTION_INPUTS, "google-github-actions/auth": GOOGLE_AUTH_INPUTS };

/** The docs' (docs/deploy.md) rows whose credentials are the stack's own secrets (`pulumi config set --secret`): nothing from CI. */
const STACK_HELD = ["Stripe, Razorpay, Resend, Twilio", "Daraja (M-Pesa)", "PostgreSQL", "Neon", "Supabase"];
/** Every stack file, and each fixture as a stack a team could deploy with these workflows. */
const ALL_STACKS = Object.keys(STACKS) as StackName[];
const needs = (stack: StackName) => ciCredentialsOf(load(stack));
/**
 * The jobs that run pulumi with provider credentials, and the service account each impersonates in
 * Google Cloud. `gate`: the condition the job's steps from the read on carry (rotate.yml's staging job
 * decides in a step whether a rotation is due), before their own.
 */
const PULUMI_JOBS: { file: string; job: string; googleServiceAccount: string; gate?: string }[] = [
    { file: "preview.yml", job: "preview", googleServiceAccount: "${{ vars.GCP_PREVIEW_SERVICE_ACCOUNT }}" },
    { file: "deploy.yml", job: "up", googleServiceAccount: "${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}" },
    { file: "rotate.yml", job: "staging", googleServiceAccount: "${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}", gate: "steps.due.outputs.due == 'true'" },
    { file: "rotate.yml", job: "production", googleServiceAccount: "${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}" },
];
const gated = (gate: string | undefined, condition: string) => (gate ? `${gate} && ${condition}` : condition);
/** What scripts/stack-needs.sh may write to $GITHUB_OUTPUT: ids and names, never a secret. */
const STACK_NEEDS = ["aws", "google", "atlas", "atlasProject", "atlasCluster"];

/** The last deployment's outputs the workflows read (`services`, `atlas`), as the program exports them for `stack`. */
function deployedOutputs(
    stack: StackName,
    atlas: Pick<AtlasEntry, "projectId" | "clusterName"> = { projectId: "6740c0ffee00000000abc123", clusterName: `${stack}-cluster` },
) {
    const config = configMap(stack);
    const services: Record<string, Pick<ServiceEntry, "platform" | "url">> = Object.fromEntries(
        Object.entries(config["app-platform:services"] ?? {}).map(([name, s]) => [
            name,
            { platform: (s as ServiceEntry).platform, url: `https://${(s as { host: string }).host}` },
        ]),
    );
    const bucket = config["app-platform:backups"]?.bucketName ?? `${stack}-backups`;
    return {
        services,
        atlas: config["app-platform:atlas"] ? { ...atlas, srvHost: `mongodb+srv://${atlas.clusterName}.ab1cd.mongodb.net` } : null,
        backups: config["app-platform:backups"]
            ? { bucketName: bucket, bucketArn: `arn:aws:s3:::${bucket}`, region: "eu-west-1", writerRoleArn: null, writerUserName: null }
            : null,
    };
}

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; id?: string; if?: string };
type Job = { steps: Step[]; env?: Record<string, string>; "timeout-minutes"?: number };
const steps = (job: { steps: Step[] }) => job.steps;
const pulumiStep = (job: { steps: Step[] }) => {
    const step = steps(job).find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command);
    assert.ok(step, "no pulumi/actions step with a command");
    return step as Step & { with: Record<string, string> };
};
const stackFile = (stack: string) => join(ROOT, `Pulumi.${stack}.yaml`);

/**
 * Runs `job`'s "what the stack needs" step (id: stack) as the runner would, for `stack`: with the
 * job's `env:` and the step's (STACK, which the job sets, as `stack`), `pulumi` answering from
 * `config` and `outputs` (the last deployment's). It succeeds, prints nothing, and writes only
 * STACK_NEEDS to $GITHUB_OUTPUT.
 */
async function readStack(job: Job, stack: StackName, outputs: object, config: ConfigMap = configMap(stack)) {
    const read = steps(job).find((s) => s.id === "stack");
    assert.ok(read?.run, "no step reads what the stack needs (id: stack)");
    const contexts = { secrets: { PULUMI_ACCESS_TOKEN: "pul-test-token" }, matrix: { stack } };
    const { STACK, ...jobEnv } = job.env ?? {};
    const env = { ...resolveEnv(jobEnv, contexts), ...resolveEnv(read.env, contexts) };
    assert.ok(STACK !== undefined || env.STACK !== undefined, "the read step gets STACK from its job or itself");
    const run = await runStep(read, { ...env, STACK: stack }, { config, outputs });
    assert.strictEqual(run.code, 0, `${stack}: ${run.stdout}${run.stderr}`);
    assert.strictEqual(run.stdout, "", `${stack}: prints nothing`);
    assert.deepStrictEqual(
        Object.keys(run.outputs).filter((k) => !STACK_NEEDS.includes(k)),
        [],
        `${stack}: step outputs`,
    );
    assert.deepStrictEqual(run.env, {}, "nothing for every later step's environment");
    return run;
}

describe("GitHub workflows (.github/workflows)", () => {
    it("are the preview, deploy, drift, nightly backup, database check, rollback and daily rotation workflows", () => {
        assert.deepStrictEqual(FILES, ["backup.yml", "database.yml", "deploy.yml", "drift.yml", "preview.yml", "rollback.yml", "rotate.yml"]);
    });

    for (const file of FILES) {
        it(`${file} is valid against GitHub's workflow schema`, async () => {
            assert.deepStrictEqual((await validateWorkflow(file, text(file))).errors, []);
        });
    }

    it("no `run:` splices an expression into its script: step outputs, event text and inputs arrive as environment variables", () => {
        // GitHub substitutes ${{ }} into the script's text before bash reads it, so a value holding
        // `"; curl …` would run (GitHub's "script injection" hardening guide).
        for (const file of FILES) {
            for (const [name, job] of Object.entries(workflow(file).jobs) as [string, { steps: Step[] }][]) {
                for (const s of steps(job)) assert.doesNotMatch(s.run ?? "", /\$\{\{/, `${file} ${name}: ${s.id ?? s.run}`);
            }
        }
    });

    it("the schema check rejects what GitHub would reject", async () => {
        const broken = text("deploy.yml").replace("runs-on:", "runs_on:").replace("branches: [staging, main]", "branchez: [staging, main]");
        const { errors } = await validateWorkflow("broken.yml", broken);
        assert.ok(
            errors.some((e) => /runs_on/.test(e)),
            errors.join("\n"),
        );
        assert.ok(
            errors.some((e) => /branchez/.test(e)),
            errors.join("\n"),
        );
    });

    it("pins every action to a major version and passes pulumi/actions and google-github-actions/auth only inputs they have", () => {
        for (const file of FILES) {
            for (const job of Object.values(workflow(file).jobs) as { steps: Step[] }[]) {
                for (const step of steps(job).filter((s) => s.uses)) {
                    assert.match(step.uses!, /^[\w-]+\/[\w-]+@v\d+$/, `${file}: ${step.uses}`);
                    const [action, version] = step.uses!.split("@");
                    if (action === GOOGLE_AUTH) assert.strictEqual(version, "v2", `${file}: the inputs below are auth@v2's`);
                    if (ACTION_INPUTS[action]) {
                        for (const input of Object.keys(step.with ?? {}))
                            assert.ok(ACTION_INPUTS[action].includes(input), `${file}: ${action} has no input ${input}`);
                    }
                }
            }
        }
    });

    it("installs the Pulumi CLI at the SDK's version in every job, and the test jobs restore the tools they would build", () => {
        const sdk = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")).packages["node_modules/@pulumi/pulumi"].version;
        for (const file of FILES) {
            const wf = workflow(file);
            assert.strictEqual(wf.env?.PULUMI_VERSION, sdk, `${file}: env.PULUMI_VERSION is the @pulumi/pulumi of package-lock.json`);
            for (const [name, job] of Object.entries(wf.jobs) as [string, { steps: Step[] }][]) {
                for (const step of steps(job).filter((s) => s.uses?.startsWith("pulumi/actions@")))
                    assert.strictEqual(
                        step.with?.["pulumi-version"],
                        "${{ env.PULUMI_VERSION }}",
                        `${file} ${name}: a pulumi/actions step without the pinned CLI`,
                    );
            }
        }
        for (const file of ["preview.yml", "deploy.yml"]) {
            const test = steps(workflow(file).jobs.test);
            const npmTest = test.findIndex((s) => s.run === "npm test");
            const before = (what: string, match: (s: Step) => boolean) => {
                const at = test.findIndex(match);
                assert.ok(at >= 0 && at < npmTest, `${file}: ${what} before npm test`);
            };
            // scripts/pulumi-cli.sh takes a CLI on PATH; scripts/ferretdb.sh builds into ~/.cache/app-platform.
            before("the CLI installed", (s) => !!s.uses?.startsWith("pulumi/actions@") && !s.with?.command);
            before("the tools' cache", (s) => !!s.uses?.startsWith("actions/cache@") && s.with?.path === "~/.cache/app-platform");
            before("Go, to build FerretDB on a cache miss", (s) => !!s.uses?.startsWith("actions/setup-go@"));
        }
    });

    describe("drift.yml", () => {
        const wf = workflow("drift.yml");
        const job = wf.jobs.drift as Job & { strategy: { matrix: { stack: string[] } } };
        const all = steps(job);
        const check = all.find((s) => s.run === 'npm run drift -- --stack "$STACK" --notify')!;

        it("runs nightly and by hand, for each stack the preview covers, with read permissions and OIDC only", () => {
            assert.deepStrictEqual(wf.on.schedule, [{ cron: "30 3 * * *" }]);
            assert.ok("workflow_dispatch" in wf.on);
            assert.deepStrictEqual(wf.permissions, { contents: "read", "id-token": "write" });
            assert.deepStrictEqual(job.strategy.matrix.stack, workflow("preview.yml").jobs.preview.strategy.matrix.stack);
            assert.ok(check, "no drift step with --notify");
            assert.strictEqual(check.env?.STACK, "${{ matrix.stack }}");
            assert.ok(
                !all.some((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command),
                "pulumi runs through npm run drift only (preview-only refresh)",
            );
        });

        it("checks each stack out from the branch that deploys it (deploy.yml: main → production, staging → staging)", async () => {
            const ref = String(all.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.ref);
            const body = /^\$\{\{ (.*) \}\}$/.exec(ref)?.[1];
            assert.ok(body, `checkout ref ${ref}`);
            for (const stack of job.strategy.matrix.stack)
                assert.strictEqual(
                    await evaluateExpression(body.replace("matrix.stack", `'${stack}'`), {}),
                    stack === "production" ? "main" : "staging",
                    stack,
                );
        });

        it("the check gets every credential the preview has; it signs in as the preview does, after reading what the stack needs", () => {
            const previewEnv = pulumiStep(workflow("preview.yml").jobs.preview).env ?? {};
            assert.deepStrictEqual(
                Object.keys(check.env ?? {})
                    .filter((k) => k !== "STACK")
                    .sort(),
                Object.keys(previewEnv).sort(),
            );
            for (const [name, value] of Object.entries(previewEnv)) assert.strictEqual(check.env?.[name], value, name);
            const read = all.findIndex((s) => s.id === "stack" && s.run === "bash scripts/stack-needs.sh");
            for (const c of CI_CREDENTIALS.filter((c) => c.oidc)) {
                const signIn = all.findIndex((s) => s.uses?.startsWith(`${c.oidc!.action}@`));
                assert.ok(read >= 0 && read < signIn && signIn < all.indexOf(check), `${c.oidc!.action}: the read, the sign-in, then the check`);
                assert.strictEqual(all[signIn].if, `steps.stack.outputs.${c.oidc!.action === AWS_OIDC ? "aws" : "google"} == 'true'`);
                const vars = Object.values(all[signIn].with ?? {}).flatMap((v) => [...String(v).matchAll(/vars\.(\w+)/g)].map((m) => m[1]));
                assert.deepStrictEqual(vars.sort(), [...c.oidc!.preview].sort(), `${c.oidc!.action}: the preview's read-only identity`);
            }
        });
    });

    describe("preview.yml", () => {
        const wf = workflow("preview.yml");

        it("runs on pull requests: npm ci and npm test, and beside them (not behind) a preview of each stack", () => {
            assert.deepStrictEqual(wf.on.pull_request.branches.sort(), ["main", "staging"]);
            const runs = steps(wf.jobs.test)
                .map((s) => s.run)
                .filter(Boolean);
            assert.deepStrictEqual(runs, ["npm ci", "npm test"]);
            assert.strictEqual(wf.jobs.preview.needs, undefined, "the plan does not wait for the suite");
            assert.deepStrictEqual(wf.jobs.preview.strategy.matrix.stack, ["staging", "production"]);
        });

        it("runs the doctor on the stack before its preview", () => {
            const all = steps(wf.jobs.preview);
            const doctor = all.findIndex((s) => s.run === 'npm run doctor -- --stack "$STACK"');
            assert.ok(doctor >= 0, "no doctor step");
            assert.strictEqual(all[doctor].env?.STACK, "${{ matrix.stack }}");
            // Every credential the preview has: the doctor asks each vendor with its provider's.
            const previewEnv = pulumiStep(wf.jobs.preview).env ?? {};
            for (const secret of ["PULUMI_ACCESS_TOKEN", "VERCEL_API_TOKEN", "CLOUDFLARE_API_TOKEN", ...Object.keys(previewEnv)])
                assert.strictEqual(all[doctor].env?.[secret], previewEnv[secret], secret);
            assert.ok(doctor < all.indexOf(pulumiStep(wf.jobs.preview)), "the doctor runs before the preview");
        });

        it("previews with the policy pack and the stack's policy config, and comments the plan on the PR", () => {
            const step = pulumiStep(wf.jobs.preview);
            assert.strictEqual(step.with.command, "preview");
            assert.strictEqual(step.with["stack-name"], "${{ matrix.stack }}");
            assert.strictEqual(step.with["comment-on-pr"], true);
            assert.strictEqual(wf.permissions["pull-requests"], "write");
            assert.ok(existsSync(join(ROOT, step.with.policyPacks, "PulumiPolicy.yaml")), "policyPacks must name the pack's folder");
            for (const stack of wf.jobs.preview.strategy.matrix.stack as string[]) {
                assert.ok(existsSync(stackFile(stack)), `no Pulumi.${stack}.yaml`);
                assert.ok(existsSync(join(ROOT, step.with.policyPackConfigs.replace("${{ matrix.stack }}", stack))), `no policy config for ${stack}`);
            }
        });
    });

    describe("deploy.yml", () => {
        const wf = workflow("deploy.yml");
        const expression = (template: string) => /^\$\{\{ (.*) \}\}$/.exec(template)![1];

        it("deploys each pushed branch to the stack that deploys from it, production behind its environment's reviewers", async () => {
            const branches = wf.on.push.branches as string[];
            assert.deepStrictEqual([...branches].sort(), ["main", "staging"]);
            const expected: Record<string, StackName> = { main: "production", staging: "staging" };
            for (const branch of branches) {
                const environment = await evaluateExpression(expression(wf.jobs.up.environment.name), { ref_name: branch });
                const stack = await evaluateExpression(expression(wf.jobs.up.env.STACK), { ref_name: branch });
                assert.strictEqual(stack, expected[branch], branch);
                assert.strictEqual(environment, stack, "the GitHub environment is named after the stack");
                assert.ok(existsSync(stackFile(stack)));
                assert.strictEqual(configMap(expected[branch])["app-platform:hosting"].productionBranch, branch, `Pulumi.${stack}.yaml deploys from ${branch}`);
            }
        });

        it("runs the tests first, then pulumi up with the policy pack: mandatory on production, advisory on staging", () => {
            assert.deepStrictEqual(
                steps(wf.jobs.test)
                    .map((s) => s.run)
                    .filter(Boolean),
                ["npm ci", "npm test"],
            );
            assert.deepStrictEqual(wf.jobs.up.needs, ["test", "staged"]);
            const step = pulumiStep(wf.jobs.up);
            assert.strictEqual(step.with.command, "up");
            assert.strictEqual(step.with["stack-name"], "${{ env.STACK }}");
            assert.strictEqual(step.with.policyPacks, "policy");
            const level = (stack: string) => JSON.parse(readFileSync(join(ROOT, step.with.policyPackConfigs.replace("${{ env.STACK }}", stack)), "utf8")).all;
            assert.strictEqual(level("production"), "mandatory");
            assert.strictEqual(level("staging"), "advisory");
            assert.strictEqual(wf.concurrency["cancel-in-progress"], false, "never cancel a running pulumi up");
        });
    });

    describe("deploy.yml, the app's release", () => {
        const wf = workflow("deploy.yml");
        const expression = (template: string) => /^\$\{\{ (.*) \}\}$/.exec(template)![1];
        const RELEASE_ENV = ["PULUMI_ACCESS_TOKEN", "VERCEL_API_TOKEN", "CLOUDFLARE_API_TOKEN", "VERCEL_AUTOMATION_BYPASS_SECRET"];
        const up = steps(wf.jobs.up);
        const promote = up.find((s) => s.run?.startsWith("npm run release -- promote "))!;

        it("gates in order: tests → the staged build smoke-tested → approval → pulumi up → rebuilt, smoke-tested, promoted → announced", () => {
            const staged = wf.jobs.staged;
            assert.strictEqual(staged.needs, "test", "the build is smoke-tested once the tests passed");
            assert.strictEqual(staged.environment, undefined, "nobody is asked before the smoke test passed");
            const smoke = steps(staged).find((s) => s.id === "smoke")!;
            assert.strictEqual(smoke.run, 'npm run release -- smoke --stack "$STACK" --commit "$GITHUB_SHA" --notify');
            assert.strictEqual(staged.outputs.deployment, "${{ steps.smoke.outputs.deployment }}");
            assert.deepStrictEqual(wf.jobs.up.needs, ["test", "staged"], "the approval is asked only after the smoke test");
            assert.ok(promote, "no promote step");
            assert.strictEqual(
                promote.run,
                'npm run release -- promote --stack "$STACK" --deployment "$DEPLOYMENT" --rebuild --notify ${APPROVER:+--approved-by "$APPROVER"}',
            );
            assert.strictEqual(promote.env?.DEPLOYMENT, "${{ needs.staged.outputs.deployment }}", "the build the staged job smoke-tested");
            assert.strictEqual(promote.if, "needs.staged.outputs.deployment != ''", "before a first deploy there is no build to promote");
            const approval = up.findIndex((s) => s.id === "approval");
            assert.ok(up.indexOf(pulumiStep(wf.jobs.up)) < approval && approval < up.indexOf(promote), "pulumi up, who approved, then the promotion");
            assert.strictEqual(promote.env?.APPROVER, "${{ steps.approval.outputs.login }}");
            assert.match(up[approval].run!, /gh api "repos\/\$GITHUB_REPOSITORY\/actions\/runs\/\$GITHUB_RUN_ID\/approvals"/);
            assert.match(up[approval].run!, /\|\| true\)/, "the announcement's approver never fails the release");
            assert.strictEqual(wf.permissions.actions, "read", "the run's review history needs actions: read");
            for (const step of [smoke, promote])
                assert.deepStrictEqual(
                    Object.keys(step.env ?? {})
                        .filter((k) => RELEASE_ENV.includes(k))
                        .sort(),
                    [...RELEASE_ENV].sort(),
                );
        });

        it("production cannot be promoted without approval: every promotion runs in the job behind the stack's environment", async () => {
            for (const file of FILES) {
                for (const [name, job] of Object.entries(workflow(file).jobs) as [string, Job & { environment?: { name: string } }][]) {
                    if (!steps(job).some((s) => /release -- promote/.test(s.run ?? ""))) continue;
                    assert.strictEqual(`${file} ${name}`, "deploy.yml up", "the one job that promotes");
                    assert.strictEqual(await evaluateExpression(expression(job.environment!.name), { ref_name: "main" }), "production");
                }
            }
            // And production's builds are staged: a push alone never reaches its domains.
            assert.strictEqual(load("production").hosting.stagedReleases, true);
            assert.strictEqual(load("staging").hosting.stagedReleases, false, "staging goes live on push, as before");
        });
    });

    describe("rollback.yml", () => {
        const wf = workflow("rollback.yml");
        const job = wf.jobs.rollback as Job & { environment?: unknown };
        const step = steps(job).find((s) => s.run?.startsWith("npm run release -- rollback"))!;

        it("one click per stack: the inputs reach the command as environment variables; one rollback per stack at a time", () => {
            assert.deepStrictEqual(Object.keys(wf.on), ["workflow_dispatch"]);
            assert.deepStrictEqual(wf.on.workflow_dispatch.inputs.stack.options, workflow("preview.yml").jobs.preview.strategy.matrix.stack.slice().reverse());
            assert.strictEqual(wf.on.workflow_dispatch.inputs.to.required, false);
            assert.strictEqual(step.run, 'npm run release -- rollback --stack "$STACK" --notify ${TO:+--to "$TO"}');
            assert.deepStrictEqual([step.env?.STACK, step.env?.TO], ["${{ inputs.stack }}", "${{ inputs.to }}"]);
            assert.strictEqual(job.environment, undefined, "no approval: it goes back to what was approved before");
            // Its own group: deploy.yml's is held by a deploy waiting for reviewers, and a newer push would cancel a rollback queued there.
            assert.strictEqual(wf.concurrency.group, "rollback-${{ inputs.stack }}");
            assert.notStrictEqual(wf.concurrency.group.split("-")[0], workflow("deploy.yml").concurrency.group.split("-")[0]);
            assert.deepStrictEqual(wf.permissions, { contents: "read" });
        });
    });

    describe("backup.yml", () => {
        const wf = workflow("backup.yml");
        const job = wf.jobs.postgres;
        const script = steps(job)
            .map((s) => s.run ?? "")
            .join("\n");

        it("runs nightly at 02:00 UTC (the seeds' schedule) for each stack", () => {
            const [{ cron }] = wf.on.schedule;
            const next = CronExpressionParser.parse(cron, { currentDate: new Date("2026-11-22T12:00:00Z"), tz: "UTC" })
                .next()
                .toDate();
            assert.strictEqual(next.toISOString(), "2026-11-23T02:00:00.000Z");
            for (const stack of job.strategy.matrix.stack as string[]) assert.ok(existsSync(stackFile(stack)), stack);
        });

        it("uploads the gzipped dump under daily/ with the writer role from the stack's outputs, through OIDC", () => {
            assert.strictEqual(wf.permissions["id-token"], "write");
            assert.ok(OUTPUT_KEYS.includes("backups"));
            assert.match(script, /pulumi stack output --json --show-secrets --stack "\$STACK"/);
            assert.match(script, /\.backups\.writerRoleArn/);
            const aws = steps(job).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(aws?.with?.["role-to-assume"], "${{ steps.stack.outputs.role }}");
            assert.match(script, /pg_dump [^\n]*\| gzip -9 > backup\.sql\.gz/);
            assert.ok(script.includes(`key="${BACKUP_PREFIXES.daily}$STACK/`), "dumps go under the daily/ prefix the bucket's lifecycle expires");
            assert.match(script, /aws s3api put-object [^\n]*--storage-class STANDARD_IA/, "seed 000 stores daily dumps as STANDARD_IA");
        });

        it("can assume each stack's writer role from a scheduled run (default branch) and read its database URL", async () => {
            for (const stack of job.strategy.matrix.stack as StackName[]) {
                const config = configMap(stack);
                const writer = config["app-platform:backups"].writer;
                assert.strictEqual(writer.kind, "github-oidc", stack);
                assert.ok(writer.branches.includes("main"), `${stack}: scheduled runs come from main`);
            }
            // The owner's URL the last deployment resolved (databaseAdminUrl: a named secret's or the managed project's), masked.
            const url = "postgresql://postgres:backup-canary-pw@db.example.com:5432/postgres";
            const outputs = { ...deployedOutputs("production"), databaseAdminUrl: url };
            outputs.backups!.writerRoleArn = "arn:aws:iam::123456789012:role/ecoo-production-backup-writer" as any;
            const read = steps(job).find((s) => s.id === "stack")!;
            const env = { PULUMI_ACCESS_TOKEN: "pul-test-token", STACK: "production", GITHUB_STEP_SUMMARY: "/dev/null" };
            const run = await runStep(read, env, { config: configMap("production"), outputs });
            assert.strictEqual(run.code, 0, run.stderr);
            assert.deepStrictEqual([run.outputs.postgres, run.outputs.role, run.env], ["true", outputs.backups!.writerRoleArn, { DATABASE_URL: url }]);
            assert.strictEqual(run.stdout, `::add-mask::${url}\n`);
            // Deployed before the output existed: said, not skipped (a silent skip would lose the night's backup).
            const { databaseAdminUrl: _, ...before } = outputs;
            const old = await runStep(read, env, { config: configMap("production"), outputs: before });
            assert.strictEqual(old.code, 1);
            assert.match(old.stdout, /^::error::stack production has no databaseAdminUrl output yet: deploy it \(pulumi up\)/);
        });

        it("a stack without PostgreSQL (Atlas only) skips every step after reading its outputs", async () => {
            const read = steps(job).find((s) => s.id === "stack")!;
            const env = { PULUMI_ACCESS_TOKEN: "pul-test-token", STACK: "smartduka", GITHUB_STEP_SUMMARY: "/dev/null" };
            const run = await runStep(read, env, { config: configMap("smartduka"), outputs: { ...deployedOutputs("smartduka"), databaseAdminUrl: null } });
            assert.strictEqual(run.code, 0, run.stderr);
            assert.deepStrictEqual([run.outputs, run.env], [{ postgres: "false" }, {}]);
            const after = steps(job).slice(steps(job).findIndex((s) => s.id === "stack") + 1);
            assert.ok(after.length >= 4);
            for (const s of after) assert.strictEqual(s.if, "steps.stack.outputs.postgres == 'true'", `${s.id ?? s.uses ?? s.run}`);
        });

        it("restores the dump into a scratch database and counts the key tables, which the migrations create", () => {
            assert.match(job.services.scratch.image, /^postgres:\d+$/);
            assert.match(script, /gunzip -c backup\.sql\.gz \| psql/);
            assert.match(script, /select count\(\*\) from \$table/);
            const sql = readdirSync(join(ROOT, "migrations"))
                .filter((f) => f.endsWith(".sql"))
                .map((f) => readFileSync(join(ROOT, "migrations", f), "utf8"))
                .join("\n");
            const tables = (job.env.KEY_TABLES as string).split(" ");
            assert.deepStrictEqual(tables, ["public.products", "public.orders", "public.profiles"]);
            for (const table of tables) assert.match(sql, new RegExp(`CREATE TABLE IF NOT EXISTS ${table.replace("public.", "")} \\(`), table);
        });
    });

    describe("backup.yml, its atlas job", () => {
        const wf = workflow("backup.yml");
        const job = wf.jobs.atlas;
        const script = steps(job)
            .map((s) => s.run ?? "")
            .join("\n");
        const gated = (s: Step) => s.if === "steps.stack.outputs.atlas == 'true'";

        it("runs for the same stacks as the postgres job; a stack without atlas skips every step after reading its outputs", () => {
            assert.deepStrictEqual(job.strategy.matrix.stack, wf.jobs.postgres.strategy.matrix.stack);
            assert.ok(OUTPUT_KEYS.includes("atlas"));
            assert.match(script, /atlas=\$\(pulumi stack output --json --stack "\$STACK" \| jq -c '\.atlas \/\/ null'\)\n\s*if \[ "\$atlas" = null \]/);
            const after = steps(job).slice(steps(job).findIndex((s) => s.id === "stack") + 1);
            assert.ok(after.length > 5);
            for (const s of after)
                assert.ok(
                    gated(s) || s.if === "always() && steps.admit.outcome != 'skipped'",
                    `${s.id ?? s.uses ?? s.run}: not gated on the stack having atlas`,
                );
        });

        it("reads the outputs and config the Atlas stacks have, and puts the dump under daily/ with the writer role", () => {
            const atlas = configMap("smartduka")["app-platform:atlas"];
            assert.match(atlas.database, /^\w+$/, "the smartduka fixture names its database");
            assert.match(script, /pulumi config get --path app-platform:atlas\.database/);
            const entry = readFileSync(join(ROOT, "stacks/outputs.ts"), "utf8").match(/export interface AtlasEntry \{([^}]*)\}/)![1];
            for (const field of script.matchAll(/jq -r \.(\w+) <<<"\$atlas"/g))
                assert.match(entry, new RegExp(`\\b${field[1]}: string;`), `atlas output has no ${field[1]}`);
            const aws = steps(job).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(aws?.with?.["role-to-assume"], "${{ steps.stack.outputs.role }}");
            assert.ok(script.includes(`key="${BACKUP_PREFIXES.daily}$STACK/`), "dumps go under the daily/ prefix the bucket's lifecycle expires");
            assert.match(script, /aws s3api put-object [^\n]*--storage-class STANDARD_IA/);
        });

        it("only the two access steps see the Atlas API key", () => {
            assert.ok(!Object.keys(job.env).some((k) => k.startsWith("MONGODB_ATLAS_")));
            const holders = steps(job)
                .filter((s) => s.env?.MONGODB_ATLAS_PRIVATE_KEY)
                .map((s) => s.run);
            assert.deepStrictEqual(holders, ["bash scripts/atlas-access.sh open", "bash scripts/atlas-access.sh close"]);
        });

        it("restores into a scratch MongoDB service and requires the key collections", () => {
            assert.match(job.services.scratch.image, /^mongo:\d+$/);
            assert.strictEqual(job.env.SCRATCH_URI, "mongodb://localhost:27017/");
            assert.deepStrictEqual((job.env.KEY_COLLECTIONS as string).split(","), ["products", "sales"]);
            assert.match(script, /restore-check [^\n]*--expect "\$KEY_COLLECTIONS"/);
        });
    });

    describe("rotate.yml", () => {
        const wf = workflow("rotate.yml");
        const deploy = workflow("deploy.yml");
        const expression = (template: string) => /^\$\{\{ (.*) \}\}$/.exec(template)![1];
        const runs = (job: { steps: Step[] }) =>
            steps(job)
                .map((s) => s.run ?? "")
                .join("\n");
        const checkout = (job: { steps: Step[] }) => steps(job).find((s) => s.uses?.startsWith("actions/checkout@"))!.with!.ref;

        it("runs daily, and by hand", () => {
            const [{ cron }] = wf.on.schedule;
            const first = CronExpressionParser.parse(cron, { currentDate: new Date("2026-11-22T12:00:00Z"), tz: "UTC" });
            const [a, b] = [first.next().toDate(), first.next().toDate()];
            assert.strictEqual(b.getTime() - a.getTime(), 86_400_000, "once a day");
            assert.ok("workflow_dispatch" in wf.on);
        });

        it("each stack runs its own branch's program, asks npm run rotation whether a rotation is due, and runs up only then", async () => {
            const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
            assert.ok(scripts.rotation, "npm run rotation exists");
            for (const [stack, check, up] of [
                ["staging", wf.jobs.staging, wf.jobs.staging],
                ["production", wf.jobs["check-production"], wf.jobs.production],
            ] as const) {
                assert.strictEqual(checkout(check), configMap(stack)["app-platform:hosting"].productionBranch, `${stack}: the branch that deploys it`);
                assert.strictEqual(checkout(up), checkout(check));
                assert.strictEqual(check.env.STACK, stack);
                assert.match(
                    runs(check),
                    /pulumi stack output --json --stack "\$STACK" > deployed\.json\nnpm run -s rotation -- --stack "\$STACK" --deployed deployed\.json/,
                );
                const step = pulumiStep(up);
                assert.deepStrictEqual(
                    [step.with.command, step.with["stack-name"], step.with.policyPacks, step.with.policyPackConfigs],
                    ["up", stack, "policy", `policy/config/${stack}.json`],
                );
                // The same credentials as deploy.yml's up.
                assert.deepStrictEqual(
                    Object.keys(step.env ?? {})
                        .concat(Object.keys(up.env ?? {}))
                        .filter((k) => k !== "STACK")
                        .sort(),
                    Object.keys(pulumiStep(deploy.jobs.up).env!).sort(),
                );
                // The lock deploy.yml takes for that branch: a rotation never runs beside a deploy.
                assert.strictEqual(up.concurrency.group, deploy.concurrency.group.replace("${{ github.ref_name }}", checkout(up)));
                assert.strictEqual(up.concurrency["cancel-in-progress"], false);
            }
            assert.strictEqual(pulumiStep(wf.jobs.staging).if, "steps.due.outputs.due == 'true'");
            assert.strictEqual(wf.jobs.production.if, "needs.check-production.outputs.due == 'true'");
            assert.strictEqual(wf.jobs["check-production"].outputs.due, "${{ steps.due.outputs.due }}");
        });

        it("production's up waits for the production environment's reviewers, as deploys do; the check asks nobody", async () => {
            assert.strictEqual(
                wf.jobs.production.environment.name,
                await evaluateExpression(expression(deploy.jobs.up.environment.name), { ref_name: "main" }),
            );
            assert.strictEqual(wf.jobs["check-production"].environment, undefined);
            assert.strictEqual(wf.jobs.staging.environment.name, "staging");
        });
    });

    describe("provider credentials (preview.yml, deploy.yml, rotate.yml)", () => {
        /** A `## ` section of a docs page (the provider table lives in docs/deploy.md, the CI setup in docs/ci.md). */
        const section = (path: string, heading: string) => {
            const doc = readFileSync(join(ROOT, path), "utf8");
            return doc.slice(doc.indexOf(heading), doc.indexOf("\n## ", doc.indexOf(heading) + 1));
        };
        /** A docs table's rows as cells, from its header line to the first line that is no row. */
        const table = (text: string, header: string) => {
            assert.ok(text.includes(header), `no table ${header}`);
            const rows: string[][] = [];
            for (const line of text.slice(text.indexOf(header)).split("\n").slice(2)) {
                if (!line.startsWith("| ")) break;
                rows.push(line.slice(2, -2).split(" | "));
            }
            return rows;
        };
        const providers = table(section("docs/deploy.md", "## Deploy"), "| provider | needed when | setting |").map(
            ([provider, neededWhen, setting, ...rest]) => {
                assert.deepStrictEqual(rest, [], `${provider}: a row of three cells`);
                return { provider, neededWhen, setting };
            },
        );
        const envNames = (cell: string) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
        /** The CI setup's secrets and variables: kind and the workflows that use each. */
        const ciSetup = new Map(
            table(section("docs/ci.md", "## CI/CD"), "| name | kind | used by | what |").map(([name, kind, usedBy]) => [
                name.replace(/`/g, ""),
                { kind, usedBy: usedBy.split(", ") },
            ]),
        );

        it("the capability → credentials table is the README's provider table under Deploy, row for row, with the same environment variables", () => {
            assert.deepStrictEqual(providers.map((r) => r.provider).sort(), [...CI_CREDENTIALS.map((c) => c.provider), ...STACK_HELD].sort());
            for (const c of CI_CREDENTIALS) {
                const row = providers.find((r) => r.provider === c.provider)!;
                assert.strictEqual(row.neededWhen, c.neededWhen, `${c.provider}: needed when`);
                assert.ok(Boolean(c.secrets) !== Boolean(c.oidc), `${c.provider}: secrets or an OIDC sign-in`);
                // A renamed secret: the provider's variable, then the CI secret passed as it.
                if (c.secrets)
                    assert.deepStrictEqual(
                        envNames(row.setting),
                        c.secrets.flatMap((x) => (envNameOf(c, x) === x ? [x] : [envNameOf(c, x), x])),
                        `${c.provider}: the README's environment variables`,
                    );
            }
            assert.match(providers.find((r) => r.provider === "AWS")!.setting, /OIDC in CI/);
            assert.match(
                providers.find((r) => r.provider === "Google Cloud")!.setting,
                /workload identity federation in CI through `google-github-actions\/auth`/,
            );
            for (const provider of STACK_HELD)
                assert.deepStrictEqual(envNames(providers.find((r) => r.provider === provider)!.setting), [], `${provider}: stack secrets only`);
        });

        it("the stack files and fixtures, together, declare every capability in the table", () => {
            for (const c of CI_CREDENTIALS)
                assert.ok(
                    ALL_STACKS.some((stack) => c.declares(load(stack))),
                    `no stack declares ${c.neededWhen} (${c.provider})`,
                );
        });

        it("every job that runs pulumi preview or up is in the list, and reads what the stack needs with scripts/stack-needs.sh (written once)", () => {
            const withPulumi = FILES.flatMap((file) =>
                Object.entries(workflow(file).jobs as Record<string, Job>)
                    .filter(([, job]) => steps(job).some((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command))
                    .map(([name]) => `${file} ${name}`),
            );
            assert.deepStrictEqual(withPulumi.sort(), PULUMI_JOBS.map((j) => `${j.file} ${j.job}`).sort());
            for (const { file, job } of PULUMI_JOBS) {
                assert.strictEqual(steps(workflow(file).jobs[job]).find((s) => s.id === "stack")?.run, "bash scripts/stack-needs.sh", `${file} ${job}`);
            }
            for (const file of FILES) assert.ok(!text(file).includes("pulumi config --json"), `${file} reads the stack's config itself`);
            assert.match(
                readFileSync(join(ROOT, "scripts/stack-needs.sh"), "utf8"),
                /^#!\/usr\/bin\/env bash\n(#.*\n)+set -euo pipefail\n/,
                "a header saying what it prints, then set -euo pipefail",
            );
        });

        for (const { file, job: name, googleServiceAccount, gate } of PULUMI_JOBS) {
            const wf = workflow(file);
            const job = wf.jobs[name] as Job;
            const usedBy = file.replace(".yml", "");

            it(`${file} ${name}: pulumi ${pulumiStep(job).with.command} gets every credential each stack's capabilities need`, () => {
                const step = pulumiStep(job);
                const at = steps(job).indexOf(step);
                for (const stack of ALL_STACKS) {
                    for (const c of needs(stack)) {
                        const why = `${file} ${name}: ${stack} declares ${c.neededWhen} (${c.provider})`;
                        for (const secret of c.secrets ?? []) {
                            assert.strictEqual(step.env?.[envNameOf(c, secret)], `\${{ secrets.${secret} }}`, `${why}: pulumi needs ${secret}`);
                            assert.strictEqual(ciSetup.get(secret)?.kind, "secret", `${why}: the README's CI setup lists ${secret}`);
                            assert.ok(ciSetup.get(secret)!.usedBy.includes(usedBy), `${why}: the README says ${usedBy} uses ${secret}`);
                        }
                        if (c.oidc) {
                            const signIn = steps(job).findIndex((s) => s.uses?.startsWith(`${c.oidc!.action}@`));
                            assert.ok(signIn >= 0 && signIn < at, `${why}: ${c.oidc.action} signs in before pulumi`);
                            // The variables the doctor's GitHub check asks for are the ones this sign-in reads.
                            const read = Object.values(steps(job)[signIn].with ?? {}).flatMap((v) => [...String(v).matchAll(/vars\.(\w+)/g)].map((m) => m[1]));
                            assert.deepStrictEqual(
                                read.sort(),
                                [...c.oidc[file === "preview.yml" ? "preview" : "deploy"]].sort(),
                                `${why}: the variables it reads`,
                            );
                        }
                    }
                }
                assert.strictEqual(wf.permissions["id-token"], "write", "the OIDC sign-ins need GitHub's token");
            });

            it(`${file} ${name}: signs in to AWS only for a stack with a backups bucket or an ECS service, declared or still deployed`, async () => {
                const auth = steps(job).find((s) => s.uses?.startsWith(`${AWS_OIDC}@`))!;
                assert.ok(auth, `${file}: no ${AWS_OIDC} step`);
                assert.strictEqual(auth.if, gated(gate, "steps.stack.outputs.aws == 'true'"));
                const order = (s: Step) => steps(job).indexOf(s);
                assert.ok(
                    order(steps(job).find((s) => s.id === "stack")!) < order(auth) && order(auth) < order(pulumiStep(job)),
                    "the read, the sign-in, then pulumi",
                );

                const aws = async (stack: StackName, config: ConfigMap, outputs: object) => (await readStack(job, stack, outputs, config)).outputs.aws;
                const declares = (stack: StackName) => String(CI_CREDENTIALS.filter((c) => c.oidc?.action === AWS_OIDC).some((c) => c.declares(load(stack))));
                for (const stack of ALL_STACKS) {
                    assert.strictEqual(await aws(stack, configMap(stack), {}), declares(stack), `${stack}, never deployed`);
                    assert.strictEqual(await aws(stack, configMap(stack), deployedOutputs(stack)), declares(stack), `${stack}, deployed`);
                }
                assert.ok(
                    ALL_STACKS.some((stack) => declares(stack) === "false"),
                    "a stack without AWS (mystic) is among them",
                );
                // Removing the bucket, or the last ECS service, deletes it in AWS: still signed in.
                for (const [stack, key] of [
                    ["staging", "app-platform:backups"],
                    ["smartduka", "app-platform:services"],
                ] as const) {
                    const without = configMap(stack);
                    assert.ok(without[key], `${stack} declares ${key}`);
                    delete without[key];
                    if (stack === "smartduka") delete without["app-platform:backups"];
                    assert.strictEqual(await aws(stack, without, {}), "false", `${stack} without ${key}, never deployed`);
                    assert.strictEqual(await aws(stack, without, deployedOutputs(stack)), "true", `${stack} without ${key}, deployed`);
                }
            });

            it(`${file} ${name}: signs in to Google Cloud only for a stack with a Cloud Run service, declared or still deployed`, async () => {
                const auth = steps(job).find((s) => s.uses?.startsWith(`${GOOGLE_AUTH}@`))!;
                assert.ok(auth, `${file}: no ${GOOGLE_AUTH} step`);
                assert.deepStrictEqual(auth.with, {
                    workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
                    service_account: googleServiceAccount,
                });
                for (const variable of Object.values(auth.with!).map((v) => /vars\.(\w+)/.exec(String(v))![1])) {
                    assert.ok(
                        ciSetup.get(variable)?.kind === "variable" && ciSetup.get(variable)!.usedBy.includes(usedBy),
                        `the README's CI setup lists ${variable} for ${usedBy}`,
                    );
                }
                assert.strictEqual(auth.if, gated(gate, "steps.stack.outputs.google == 'true'"));
                const read = steps(job).find((s) => s.id === "stack")!;
                assert.ok(read?.run, `${file}: no step reads what the stack needs (id: stack)`);
                assert.strictEqual(read.if, gate);
                const order = (s: Step) => steps(job).indexOf(s);
                const checkout = steps(job).find((s) => s.uses?.startsWith("actions/checkout@"))!;
                assert.ok(
                    order(checkout) < order(auth) && order(read) < order(auth) && order(auth) < order(pulumiStep(job)),
                    "checkout (the credentials file lives in the workspace), the read, the sign-in, then pulumi",
                );

                const google = async (stack: StackName, config: ConfigMap, outputs: object) => (await readStack(job, stack, outputs, config)).outputs.google;
                for (const stack of ALL_STACKS) {
                    const declared = String(CI_CREDENTIALS.find((c) => c.oidc?.action === GOOGLE_AUTH)!.declares(load(stack)));
                    assert.strictEqual(await google(stack, configMap(stack), {}), declared, `${stack}, never deployed`);
                    assert.strictEqual(await google(stack, configMap(stack), deployedOutputs(stack)), declared, `${stack}, deployed`);
                }
                // Removing the last Cloud Run service deletes it in Google Cloud: still signed in.
                const withoutServices = configMap("raptorflow");
                delete withoutServices["app-platform:services"];
                assert.strictEqual(await google("raptorflow", withoutServices, deployedOutputs("raptorflow")), "true");
            });
        }
    });

    // Every job that runs pulumi up: deploy.yml's, and rotate.yml's for each stack.
    for (const { file, job: name, gate } of PULUMI_JOBS.filter((j) => pulumiStep(workflow(j.file).jobs[j.job]).with.command === "up")) {
        describe(`${file} ${name}, the Atlas access around pulumi up`, () => {
            const job = workflow(file).jobs[name] as Job;
            const all = steps(job);
            const found = (what: string, test: (s: Step) => boolean) => {
                const step = all.find(test);
                assert.ok(step, `${file}'s ${name} job has no step that ${what}`);
                return step;
            };
            // Looked up in each test, so a missing step fails its tests with the reason.
            const read = () => found("reads the stack's outputs (id: stack)", (s) => s.id === "stack" && Boolean(s.run));
            const admitStep = () => found("admits the runner (id: admit)", (s) => s.id === "admit");
            const closeStep = () => found("runs atlas-access.sh close", (s) => s.run === "bash scripts/atlas-access.sh close");
            const PROJECT = "6740c0ffee00000000abc123";
            const KEYS = { MONGODB_ATLAS_PUBLIC_KEY: "qwertyui", MONGODB_ATLAS_PRIVATE_KEY: "9f3c1e2a-5b7d-4c8e-a1f0-2d4b6c8e0a1b" };

            it("admits the runner before pulumi up and withdraws it after, even when up failed: an access list entry only, for the job's timeout", () => {
                const [admit, close] = [admitStep(), closeStep()];
                const order = [read(), admit, pulumiStep(job), close].map((s) => all.indexOf(s));
                assert.deepStrictEqual(
                    [...order].sort((a, b) => a - b),
                    order,
                    "read the stack, admit, pulumi up, withdraw",
                );
                assert.strictEqual(admit.run, "bash scripts/atlas-access.sh open");
                assert.strictEqual(admit.if, gated(gate, "steps.stack.outputs.atlas == 'true'"));
                assert.strictEqual(close.if, "always() && steps.admit.outcome != 'skipped'", "withdrawn even when up failed or the run was cancelled");
                for (const s of [admit, close]) {
                    assert.strictEqual(s.env?.ATLAS_PROJECT_ID, "${{ steps.stack.outputs.atlasProject }}");
                    assert.strictEqual(s.env?.ATLAS_CLUSTER, "${{ steps.stack.outputs.atlasCluster }}");
                }
                assert.ok(Number(admit.env!.ACCESS_MINUTES) >= job["timeout-minutes"]!, "the entry lasts as long as the job may");
                // The dump connects with the app's own URI: no ATLAS_DATABASE, so atlas-access.sh creates no user.
                assert.ok(!JSON.stringify(job).includes("ATLAS_DATABASE"));
                assert.ok(!Object.keys(job.env ?? {}).some((k) => k.startsWith("MONGODB_ATLAS_")));
                const holders = all.filter((s) => s.env?.MONGODB_ATLAS_PRIVATE_KEY).map((s) => s.id ?? s.run ?? s.uses);
                assert.deepStrictEqual(
                    holders,
                    ["admit", "pulumi/actions@v6", "bash scripts/atlas-access.sh close"],
                    "only the access steps and the Atlas provider see the API key",
                );
            });

            it("reads the project and cluster from the last deployment's outputs; before a stack's first deploy with atlas there is nothing to admit", async () => {
                const entry = readFileSync(join(ROOT, "stacks/outputs.ts"), "utf8").match(/export interface AtlasEntry \{([^}]*)\}/)![1];
                // What the step runs: scripts/stack-needs.sh.
                const fields = [...scriptText(read().run!).matchAll(/jq -r \.(\w+) <<<"\$atlas"/g)].map((m) => m[1]);
                assert.deepStrictEqual(fields, ["projectId", "clusterName"]);
                for (const field of fields) assert.match(entry, new RegExp(`\\b${field}: string;`), `atlas output has no ${field}`);
                for (const stack of ALL_STACKS) {
                    const first = await readStack(job, stack, {});
                    assert.strictEqual(first.outputs.atlas, "false", `${stack}, never deployed`);
                    const deployed = await readStack(job, stack, deployedOutputs(stack, { projectId: PROJECT, clusterName: `${stack}-cluster` }));
                    if (configMap(stack)["app-platform:atlas"]) {
                        assert.deepStrictEqual(
                            [deployed.outputs.atlas, deployed.outputs.atlasProject, deployed.outputs.atlasCluster],
                            ["true", PROJECT, `${stack}-cluster`],
                            stack,
                        );
                    } else {
                        assert.strictEqual(deployed.outputs.atlas, "false", stack);
                    }
                }
            });

            describe("run as written against the fake Atlas Administration API", () => {
                const RUNNER_IP = "203.0.113.78";
                let atlas: FakeAtlasAdmin;
                let echo: { url: string; close(): Promise<void> };
                before(async () => {
                    echo = await startAddressEcho(RUNNER_IP);
                    atlas = await startFakeAtlasAdmin({
                        publicKey: KEYS.MONGODB_ATLAS_PUBLIC_KEY,
                        privateKey: KEYS.MONGODB_ATLAS_PRIVATE_KEY,
                        projectId: PROJECT,
                        clusterName: "smartduka-cluster",
                    });
                });
                after(async () => {
                    await atlas.close();
                    await echo.close();
                });

                it("admit puts only this runner's address on the list, until the job's timeout, and close removes it", async () => {
                    const stack = await readStack(job, "smartduka", deployedOutputs("smartduka", { projectId: PROJECT, clusterName: "smartduka-cluster" }));
                    const contexts = { secrets: KEYS, steps: { stack: stack.outputs } };
                    const [admit, close] = [admitStep(), closeStep()];
                    const local = { ATLAS_API: atlas.url, IP_ECHO_URL: echo.url, ACCESS_POLL_SECONDS: "0", GITHUB_RUN_ID: "4343" };
                    const opened = await runStep(admit, { ...resolveEnv(admit.env, contexts), ...local });
                    assert.strictEqual(opened.code, 0, opened.stdout + opened.stderr);
                    const entry = atlas.accessList.get(RUNNER_IP);
                    assert.ok(entry, "the runner's address is on the access list");
                    const minutes = (Date.parse(entry.deleteAfterDate!) - Date.now()) / 60_000;
                    assert.ok(
                        minutes > Number(admit.env!.ACCESS_MINUTES) - 2 && minutes <= Number(admit.env!.ACCESS_MINUTES),
                        `it lapses with the job (${minutes} minutes)`,
                    );
                    assert.strictEqual(atlas.users.size, 0, "no database user: the dump uses the app's own");
                    assert.deepStrictEqual(opened.env, { ATLAS_RUNNER_IP: RUNNER_IP }, "close learns the address; no MONGODB_URI reaches pulumi up");
                    assert.ok(!(opened.stdout + opened.stderr).includes(KEYS.MONGODB_ATLAS_PRIVATE_KEY));

                    // The runner hands $GITHUB_ENV's lines to every later step.
                    const closed = await runStep(close, { ...resolveEnv(close.env, contexts), ...opened.env, ATLAS_API: atlas.url });
                    assert.strictEqual(closed.code, 0, closed.stdout + closed.stderr);
                    assert.strictEqual(atlas.accessList.size, 0);
                    assert.deepStrictEqual(atlas.violations, []);
                });
            });
        });
    }

    it("names only secrets and variables the README's CI setup lists, and the README lists no others", () => {
        const used = new Set<string>();
        for (const file of FILES) for (const m of text(file).matchAll(/\b(secrets|vars)\.([A-Z0-9_]+)/g)) used.add(`${m[1]}.${m[2]}`);
        const readme = readFileSync(join(ROOT, "docs/ci.md"), "utf8"); // the CI setup moved from the README to docs/ci.md
        const section = readme.slice(readme.indexOf("## CI/CD"), readme.indexOf("\n## ", readme.indexOf("## CI/CD") + 1));
        const documented = new Set(
            [...section.matchAll(/^\| `(\w+)` \| (secret|variable) \|/gm)].map((m) => `${m[2] === "secret" ? "secrets" : "vars"}.${m[1]}`),
        );
        assert.deepStrictEqual([...used].sort(), [...documented].sort());
    });
});
