// The GitHub workflows: valid against GitHub's own schema (offline), and naming only stacks,
// branches, policy configs, outputs and secrets that exist.
import * as assert from "assert";
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { CronExpressionParser } from "cron-parser";
import { BACKUP_PREFIXES } from "../../components/backupBucket";
import { OUTPUT_KEYS } from "../../stacks/outputs";
import { configMap, ROOT, StackName } from "../helpers";
import { evaluateExpression, validateWorkflow } from "../support/githubActions";

const DIR = join(ROOT, ".github/workflows");
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Record<string, any>;

/** The inputs pulumi/actions@v6 declares (its action.yml); a misspelt one is silently ignored by GitHub. */
const PULUMI_ACTION_INPUTS = [
    "command", "stack-name", "work-dir", "cloud-url", "github-token", "comment-on-pr", "comment-on-pr-number", "comment-on-summary",
    "secrets-provider", "parallel", "message", "config-map", "expect-no-changes", "diff", "replace", "target", "target-dependents",
    "policyPacks", "policyPackConfigs", "refresh", "upsert", "remove", "edit-pr-comment", "color", "pulumi-version",
    "pulumi-version-file", "always-include-summary", "exclude", "exclude-dependents", "plan", "suppress-outputs", "suppress-progress",
];

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; id?: string; if?: string };
const steps = (job: { steps: Step[] }) => job.steps;
const pulumiStep = (job: { steps: Step[] }) => {
    const step = steps(job).find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command);
    assert.ok(step, "no pulumi/actions step with a command");
    return step as Step & { with: Record<string, string> };
};
const stackFile = (stack: string) => join(ROOT, `Pulumi.${stack}.yaml`);

describe("GitHub workflows (.github/workflows)", () => {
    it("are the preview, deploy, nightly backup and daily rotation workflows", () => {
        assert.deepStrictEqual(FILES, ["backup.yml", "deploy.yml", "preview.yml", "rotate.yml"]);
    });

    for (const file of FILES) {
        it(`${file} is valid against GitHub's workflow schema`, async () => {
            assert.deepStrictEqual((await validateWorkflow(file, text(file))).errors, []);
        });
    }

    it("the schema check rejects what GitHub would reject", async () => {
        const broken = text("deploy.yml").replace("runs-on:", "runs_on:").replace("branches: [staging, main]", "branchez: [staging, main]");
        const { errors } = await validateWorkflow("broken.yml", broken);
        assert.ok(errors.some((e) => /runs_on/.test(e)), errors.join("\n"));
        assert.ok(errors.some((e) => /branchez/.test(e)), errors.join("\n"));
    });

    it("pins every action to a major version and passes pulumi/actions only inputs it has", () => {
        for (const file of FILES) {
            for (const job of Object.values(workflow(file).jobs) as { steps: Step[] }[]) {
                for (const step of steps(job).filter((s) => s.uses)) {
                    assert.match(step.uses!, /^[\w-]+\/[\w-]+@v\d+$/, `${file}: ${step.uses}`);
                    if (step.uses!.startsWith("pulumi/actions@")) {
                        for (const input of Object.keys(step.with ?? {})) assert.ok(PULUMI_ACTION_INPUTS.includes(input), `${file}: pulumi/actions has no input ${input}`);
                    }
                }
            }
        }
    });

    describe("preview.yml", () => {
        const wf = workflow("preview.yml");

        it("runs on pull requests: npm ci and npm test, then a preview of each stack", () => {
            assert.deepStrictEqual(wf.on.pull_request.branches.sort(), ["main", "staging"]);
            const runs = steps(wf.jobs.test).map((s) => s.run).filter(Boolean);
            assert.deepStrictEqual(runs, ["npm ci", "npm test"]);
            assert.strictEqual(wf.jobs.preview.needs, "test");
            assert.deepStrictEqual(wf.jobs.preview.strategy.matrix.stack, ["staging", "production"]);
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
            assert.deepStrictEqual(steps(wf.jobs.test).map((s) => s.run).filter(Boolean), ["npm ci", "npm test"]);
            assert.strictEqual(wf.jobs.up.needs, "test");
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

    describe("backup.yml", () => {
        const wf = workflow("backup.yml");
        const job = wf.jobs.postgres;
        const script = steps(job).map((s) => s.run ?? "").join("\n");

        it("runs nightly at 02:00 UTC (the seeds' schedule) for each stack", () => {
            const [{ cron }] = wf.on.schedule;
            const next = CronExpressionParser.parse(cron, { currentDate: new Date("2026-11-22T12:00:00Z"), tz: "UTC" }).next().toDate();
            assert.strictEqual(next.toISOString(), "2026-11-23T02:00:00.000Z");
            for (const stack of job.strategy.matrix.stack as string[]) assert.ok(existsSync(stackFile(stack)), stack);
        });

        it("uploads the gzipped dump under daily/ with the writer role from the stack's outputs, through OIDC", () => {
            assert.strictEqual(wf.permissions["id-token"], "write");
            assert.ok(OUTPUT_KEYS.includes("backups"));
            assert.match(script, /pulumi stack output backups --json --stack "\$STACK"/);
            assert.match(script, /\.writerRoleArn/);
            const aws = steps(job).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(aws?.with?.["role-to-assume"], "${{ steps.stack.outputs.role }}");
            assert.match(script, /pg_dump [^\n]*\| gzip -9 > backup\.sql\.gz/);
            assert.ok(script.includes(`key="${BACKUP_PREFIXES.daily}$STACK/`), "dumps go under the daily/ prefix the bucket's lifecycle expires");
            assert.match(script, /aws s3api put-object [^\n]*--storage-class STANDARD_IA/, "seed 000 stores daily dumps as STANDARD_IA");
        });

        it("can assume each stack's writer role from a scheduled run (default branch) and read its database URL", () => {
            for (const stack of job.strategy.matrix.stack as StackName[]) {
                const config = configMap(stack);
                const writer = config["app-platform:backups"].writer;
                assert.strictEqual(writer.kind, "github-oidc", stack);
                assert.ok(writer.branches.includes("main"), `${stack}: scheduled runs come from main`);
                assert.ok(config["app-platform:migrations"].databaseUrlSecret, `${stack}: migrations.databaseUrlSecret names the database URL`);
            }
            assert.match(script, /pulumi config get --path app-platform:migrations\.databaseUrlSecret/);
            assert.match(script, /::add-mask::\$url/);
        });

        it("a stack without a migrations database (Atlas only) skips every step after reading its config", () => {
            assert.match(script, /if ! url_key=\$\(pulumi config get --path app-platform:migrations\.databaseUrlSecret [^\n]*\); then[\s\S]*?echo "postgres=false" >> "\$GITHUB_OUTPUT"\n\s*exit 0/);
            const after = steps(job).slice(steps(job).findIndex((s) => s.id === "stack") + 1);
            assert.ok(after.length >= 4);
            for (const s of after) assert.strictEqual(s.if, "steps.stack.outputs.postgres == 'true'", `${s.id ?? s.uses ?? s.run}`);
        });

        it("restores the dump into a scratch database and counts the key tables, which the migrations create", () => {
            assert.match(job.services.scratch.image, /^postgres:\d+$/);
            assert.match(script, /gunzip -c backup\.sql\.gz \| psql/);
            assert.match(script, /select count\(\*\) from \$table/);
            const sql = readdirSync(join(ROOT, "migrations")).filter((f) => f.endsWith(".sql")).map((f) => readFileSync(join(ROOT, "migrations", f), "utf8")).join("\n");
            const tables = (job.env.KEY_TABLES as string).split(" ");
            assert.deepStrictEqual(tables, ["public.products", "public.orders", "public.profiles"]);
            for (const table of tables) assert.match(sql, new RegExp(`CREATE TABLE IF NOT EXISTS ${table.replace("public.", "")} \\(`), table);
        });
    });

    describe("backup.yml, its atlas job", () => {
        const wf = workflow("backup.yml");
        const job = wf.jobs.atlas;
        const script = steps(job).map((s) => s.run ?? "").join("\n");
        const gated = (s: Step) => s.if === "steps.stack.outputs.atlas == 'true'";

        it("runs for the same stacks as the postgres job; a stack without atlas skips every step after reading its outputs", () => {
            assert.deepStrictEqual(job.strategy.matrix.stack, wf.jobs.postgres.strategy.matrix.stack);
            assert.ok(OUTPUT_KEYS.includes("atlas"));
            assert.match(script, /atlas=\$\(pulumi stack output --json --stack "\$STACK" \| jq -c '\.atlas \/\/ null'\)\n\s*if \[ "\$atlas" = null \]/);
            const after = steps(job).slice(steps(job).findIndex((s) => s.id === "stack") + 1);
            assert.ok(after.length > 5);
            for (const s of after) assert.ok(gated(s) || s.if === "always() && steps.admit.outcome != 'skipped'", `${s.id ?? s.uses ?? s.run}: not gated on the stack having atlas`);
        });

        it("reads the outputs and config the Atlas stacks have, and puts the dump under daily/ with the writer role", () => {
            const atlas = configMap("smartduka")["app-platform:atlas"];
            assert.match(atlas.database, /^\w+$/, "the smartduka fixture names its database");
            assert.match(script, /pulumi config get --path app-platform:atlas\.database/);
            const entry = readFileSync(join(ROOT, "stacks/outputs.ts"), "utf8").match(/export interface AtlasEntry \{([^}]*)\}/)![1];
            for (const field of script.matchAll(/jq -r \.(\w+) <<<"\$atlas"/g)) assert.match(entry, new RegExp(`\\b${field[1]}: string;`), `atlas output has no ${field[1]}`);
            const aws = steps(job).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
            assert.strictEqual(aws?.with?.["role-to-assume"], "${{ steps.stack.outputs.role }}");
            assert.ok(script.includes(`key="${BACKUP_PREFIXES.daily}$STACK/`), "dumps go under the daily/ prefix the bucket's lifecycle expires");
            assert.match(script, /aws s3api put-object [^\n]*--storage-class STANDARD_IA/);
        });

        it("only the two access steps see the Atlas API key", () => {
            assert.ok(!Object.keys(job.env).some((k) => k.startsWith("MONGODB_ATLAS_")));
            const holders = steps(job).filter((s) => s.env?.MONGODB_ATLAS_PRIVATE_KEY).map((s) => s.run);
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
        const runs = (job: { steps: Step[] }) => steps(job).map((s) => s.run ?? "").join("\n");
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
            for (const [stack, check, up] of [["staging", wf.jobs.staging, wf.jobs.staging], ["production", wf.jobs["check-production"], wf.jobs.production]] as const) {
                assert.strictEqual(checkout(check), configMap(stack)["app-platform:hosting"].productionBranch, `${stack}: the branch that deploys it`);
                assert.strictEqual(checkout(up), checkout(check));
                assert.strictEqual(check.env.STACK, stack);
                assert.match(runs(check), /pulumi stack output --json --stack "\$STACK" > deployed\.json\nnpm run -s rotation -- --stack "\$STACK" --deployed deployed\.json/);
                const step = pulumiStep(up);
                assert.deepStrictEqual([step.with.command, step.with["stack-name"], step.with.policyPacks, step.with.policyPackConfigs], ["up", stack, "policy", `policy/config/${stack}.json`]);
                // The same credentials as deploy.yml's up.
                assert.deepStrictEqual(Object.keys(step.env ?? {}).concat(Object.keys(up.env ?? {})).filter((k) => k !== "STACK").sort(), Object.keys(pulumiStep(deploy.jobs.up).env!).sort());
                // The lock deploy.yml takes for that branch: a rotation never runs beside a deploy.
                assert.strictEqual(up.concurrency.group, deploy.concurrency.group.replace("${{ github.ref_name }}", checkout(up)));
                assert.strictEqual(up.concurrency["cancel-in-progress"], false);
            }
            assert.strictEqual(pulumiStep(wf.jobs.staging).if, "steps.due.outputs.due == 'true'");
            assert.strictEqual(wf.jobs.production.if, "needs.check-production.outputs.due == 'true'");
            assert.strictEqual(wf.jobs["check-production"].outputs.due, "${{ steps.due.outputs.due }}");
        });

        it("production's up waits for the production environment's reviewers, as deploys do; the check asks nobody", async () => {
            assert.strictEqual(wf.jobs.production.environment.name, await evaluateExpression(expression(deploy.jobs.up.environment.name), { ref_name: "main" }));
            assert.strictEqual(wf.jobs["check-production"].environment, undefined);
            assert.strictEqual(wf.jobs.staging.environment.name, "staging");
        });
    });

    it("names only secrets and variables the README's CI setup lists, and the README lists no others", () => {
        const used = new Set<string>();
        for (const file of FILES) for (const m of text(file).matchAll(/\b(secrets|vars)\.([A-Z0-9_]+)/g)) used.add(`${m[1]}.${m[2]}`);
        const readme = readFileSync(join(ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## CI/CD"), readme.indexOf("\n## ", readme.indexOf("## CI/CD") + 1));
        const documented = new Set([...section.matchAll(/^\| `(\w+)` \| (secret|variable) \|/gm)].map((m) => `${m[2] === "secret" ? "secrets" : "vars"}.${m[1]}`));
        assert.deepStrictEqual([...used].sort(), [...documented].sort());
    });
});
