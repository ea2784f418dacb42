// The program under the real Pulumi engine, per stack: preview (steps = the inventory), up, no
// changes on re-preview and refresh, a rotation day (exactly the expected replaces and updates),
// the policy pack (mandatory in production, advisory in staging), a bad config, destroy, and a
// scan of everything the engine wrote for any plaintext secret. Stand-ins replace the bridged
// providers only; migrations run against the suite's PostgreSQL, webhooks against the local fakes,
// pre-migration backups against the local S3.
import assert from "assert";
import { randomBytes } from "crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { MongoClient } from "mongodb";
import { FakeS3, startFakeS3 } from "../support/fakeS3";
import { FakeRazorpay, startFakeRazorpay } from "../support/fakes/razorpay";
import { FakeResend, startFakeResend } from "../support/fakes/resend";
import { FakeServer } from "../support/fakes/server";
import { FakeStripe, startFakeStripe } from "../support/fakes/stripe";
import { FakeTwilio, startFakeTwilio } from "../support/fakes/twilio";
import { FakePages, startFakePages } from "../support/fakes/pages";
import { FakeVercel, startFakeVercel } from "../support/fakes/vercel";
import { FakeEcs, startFakeEcs } from "../support/fakes/ecs";
import { FakeCloudRun, startFakeCloudRun } from "../support/fakes/cloudRun";
import { FakeDaraja, startFakeDaraja } from "../support/fakes/daraja";
import { FakeNeon, startFakeNeon } from "../support/fakes/neon";
import { FakeSupabase, startFakeSupabase } from "../support/fakes/supabase";
import { mongoServer } from "../support/mongo";
import { dependenciesAmong, SimOp, simulate, SimWorld } from "../support/rotationSim";
import { evaluateStack } from "../../inventory/evaluate";
import { readStackFile } from "../../inventory/stackFile";
import { supabaseAuthStub } from "../providers/migrations/helpers";
import { freshDatabase, query, serverCertificate } from "../support/postgres";
import { eventLog, filesBelow, scan, secretValues } from "./secretScan";
import { canary, canaryFor, ENGINE_NOW, ENGINE_STACKS, toYaml } from "./stackFiles";
import { ROOT } from "../helpers";
import { runTool } from "../badInput/harness";
import { physicalName } from "../../shared/naming";
import { RULES } from "./standins/rules";
import { createWorkspace, PROOF_BASE, pulumiCli, RunResult, Workspace } from "./workspace";

const NS = "app-platform";
const NOW = ENGINE_NOW;

/** Each stack's lifecycle is its own file (lifecycle/<stack>.test.ts), so parallel workers can share them out. */
const STACKS: { stack: keyof typeof ENGINE_STACKS; knownAdvisories?: string[]; rotation?: string[] }[] = [
    {
        stack: "staging",
        // Written out once, by hand: both 90-day secrets roll over on 2026-12-27.
        rotation: [
            "replace random:index/randomBytes:RandomBytes::ecoo-cronSecret-a",
            "replace random:index/randomBytes:RandomBytes::ecoo-webhookSecret-a",
            "replace upstash:index/qStashScheduleV2:QStashScheduleV2::ecoo-cron-retry-emails",
            "update pulumi-nodejs:dynamic/app-platform:RazorpayWebhook::ecoo-razorpay-webhook",
            "update pulumi-nodejs:dynamic/app-platform:VercelRedeploy::ecoo-redeploy",
            "update vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::ecoo-env-CRON_SECRET",
            "update vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::ecoo-env-CRON_SECRET_PREVIOUS",
            "update vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::ecoo-env-WEBHOOK_SECRET",
            "update vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::ecoo-env-WEBHOOK_SECRET_PREVIOUS",
        ],
    },
    { stack: "production" },
    { stack: "mystic-production" },
    // Seed 002 keeps daily dumps 14 days: the staging pack reports it (advisory), as intended.
    { stack: "dirtfree-staging", knownAdvisories: ["backup-retention-30-days"] },
    { stack: "dirtfree-production" },
    { stack: "smartduka-production" },
    { stack: "smartduka-staging" },
    { stack: "raptorflow-production" },
];

interface Step {
    op: string;
    type: string;
    name: string;
}
const typeOfUrn = (urn: string) => urn.split("::")[2].split("$").pop()!;
const nameOfUrn = (urn: string) => urn.split("::")[3];
const key = (s: { type: string; name: string }) => `${s.type}::${s.name}`;
/** What the engine adds by itself: the stack resource and default providers (explicit ones are the program's). */
const engineOwned = (s: { type: string; name: string }) =>
    s.type === "pulumi:pulumi:Stack" || (s.type.startsWith("pulumi:providers:") && s.name.startsWith("default"));
/** No stack frames from a program or a plugin in what the CLI printed. */
const STACK_TRACE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

function previewSteps(r: RunResult): Step[] {
    const doc = JSON.parse(r.stdout) as { steps?: { op: string; urn: string }[] };
    return (doc.steps ?? []).map((s) => ({ op: s.op, type: typeOfUrn(s.urn), name: nameOfUrn(s.urn) })).filter((s) => !engineOwned(s));
}
const changed = (steps: Step[]) =>
    steps
        .filter((s) => s.op !== "same")
        .map((s) => `${s.op} ${key(s)}`)
        .sort();

// A stack added to ENGINE_STACKS without its file would go untested: refuse to load instead.
assert.deepStrictEqual(
    [
        readdirSync(join(__dirname, "lifecycle"))
            .map((f) => f.replace(/\.test\.ts$/, ""))
            .sort(),
        STACKS.map((s) => s.stack).sort(),
    ],
    [Object.keys(ENGINE_STACKS).sort(), Object.keys(ENGINE_STACKS).sort()],
    "tests/engine/lifecycle/ holds one <stack>.test.ts per engine stack, each listed in STACKS",
);

/** Declares the lifecycle of one engine stack (its describe block). */
export function lifecycle(name: keyof typeof ENGINE_STACKS): void {
    const { stack, knownAdvisories = [], rotation } = STACKS.find((s) => s.stack === name)!;
    const file = ENGINE_STACKS[stack];
    describe(`real engine: ${stack}`, function () {
        this.timeout(600_000);
        let ws: Workspace;
        let cfg: Record<string, any>;
        let environment: string;
        const secrets: Record<string, string> = {};
        const fakes: FakeServer[] = [];
        let stripe: FakeStripe | undefined;
        let razorpay: FakeRazorpay | undefined;
        let resend: FakeResend | undefined;
        let twilio: FakeTwilio | undefined;
        let vercel: FakeVercel | undefined;
        let pages: FakePages | undefined;
        let ecs: FakeEcs | undefined;
        let cloudRun: FakeCloudRun | undefined;
        /** The Google access token the pre-start check sends (a canary). */
        let googleToken: string | undefined;
        let daraja: FakeDaraja | undefined;
        /** Neon: each project's database is a real one on the suite's PostgreSQL, over SSL. */
        let neon: FakeNeon | undefined;
        let supabase: FakeSupabase | undefined;
        /** Secrets a vendor issued during the run (a Neon owner's password): scanned too. */
        const issued: Record<string, string> = {};
        /** Atlas: the suite's MongoDB-protocol server stands behind the cluster's connection string. */
        let mongo: string | undefined;
        /** ECS services with a pre-start command: name → command. */
        let ecsPreStarts: [string, string[]][] = [];
        /** The hosting platform's token for the redeploy (a canary), as `<provider>:apiToken`. */
        let platformToken: { key: string; value: string } | undefined;
        let s3: FakeS3 | undefined;
        let stackFile: string;
        let eventLogs = 0;
        /** The clock the state was last brought up with (the rotation test moves it). */
        let clock = NOW;
        const outputs: { path: string; text: string }[] = [];
        /** Plaintext of every secret the state held at some point (read with --show-secrets). */
        const stateSecrets = new Set<string>();
        async function collectStateSecrets() {
            const full = JSON.parse((await ws.ok(["stack", "export", "--show-secrets", "--stack", stack])).stdout);
            for (const v of secretValues(full, readFileSync(stackFile, "utf8"))) stateSecrets.add(v);
        }

        /** An engine run with its event log kept for the scan; output kept too. */
        async function engine(args: string[], opts: { env?: NodeJS.ProcessEnv; expectFail?: boolean } = {}): Promise<RunResult> {
            const log = join(ws.root, `events-${++eventLogs}.json`);
            const env = { APP_PLATFORM_NOW: NOW, ...opts.env };
            const r = await (opts.expectFail ? ws.pulumi : ws.ok)([...args, "--stack", stack, "--event-log", log], { env });
            outputs.push({ path: `${args.join(" ")} (stdout)`, text: r.stdout }, { path: `${args.join(" ")} (stderr)`, text: r.stderr });
            return r;
        }
        /** The engine events of the last run (its --event-log), in order. */
        const lastEvents = (): any[] =>
            readFileSync(join(ws.root, `events-${eventLogs}.json`), "utf8")
                .split("\n")
                .filter(Boolean)
                .map((l) => JSON.parse(l));
        /** What the stand-ins hold: one provider's resources, or (without one) every bridged provider's. */
        const standinWorld = (provider?: string) =>
            filesBelow(join(ws.standins, "world"))
                .filter((f) => !provider || f.path.includes(`/world/${provider}/`))
                .map((f) => JSON.parse(f.text) as { type: string; urn: string; outs: any });

        before(async function () {
            this.timeout(1_800_000); // the first run builds the CLI from Go modules (about 4 minutes)
            pulumiCli();
            cfg = parse(readFileSync(join(ROOT, file), "utf8")).config;
            environment = cfg[`${NS}:environment`];
            const external = Object.keys(cfg[`${NS}:secrets`]?.external ?? {});
            const webhooks = cfg[`${NS}:webhooks`] ?? {};
            const dbSecret = cfg[`${NS}:migrations`]?.databaseUrlSecret ?? cfg[`${NS}:database`]?.adminUrlSecret;
            for (const name of external) secrets[name] = canaryFor(name, environment);

            if (dbSecret) {
                // A role whose password is a canary: the scan proves the connection string never leaks.
                const role = `engine_${randomBytes(4).toString("hex")}`;
                const password = canary("dbpassword");
                const admin = await freshDatabase("engine");
                await query(admin, `CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
                await supabaseAuthStub(admin);
                const url = new URL(admin);
                url.username = role;
                url.password = password;
                secrets[dbSecret] = url.toString();
            }
            if (webhooks.stripe) {
                stripe = await startFakeStripe(secrets.stripeSecretKey);
                webhooks.stripe.apiBaseUrl = stripe.url;
                fakes.push(stripe);
            }
            if (webhooks.razorpay) {
                razorpay = await startFakeRazorpay({
                    accountId: webhooks.razorpay.accountId,
                    keyId: cfg[`${NS}:payments`].publicKey,
                    keySecret: secrets.razorpayKeySecret,
                });
                // A direct merchant's webhook, made by hand in the Dashboard (dashboard mode only reads it).
                razorpay.addDashboardWebhook({
                    url: `https://${cfg[`${NS}:domains`].primary}${webhooks.razorpay.path}`,
                    events: webhooks.razorpay.events,
                    secret: "set-in-the-dashboard",
                });
                webhooks.razorpay.apiBaseUrl = razorpay.url;
                fakes.push(razorpay);
            }
            const email = cfg[`${NS}:email`];
            if (webhooks.resend || email?.domain) {
                resend = await startFakeResend(secrets.resendApiKey);
                if (webhooks.resend) webhooks.resend.apiBaseUrl = resend.url;
                if (email?.domain) email.apiBaseUrl = resend.url;
                // What Resend's DNS check sees: the records the Cloudflare stand-in holds (TXT unquoted, CNAME targets without the root dot).
                const bare = (v: unknown) => String(v).replace(/"/g, "").replace(/\.$/, "");
                resend.publishedDkim.has = (value: string) =>
                    standinWorld("cloudflare").some((r) => r.type.endsWith("DnsRecord") && bare(r.outs.content) === bare(value));
                fakes.push(resend);
            }
            if (webhooks.twilio) {
                twilio = await startFakeTwilio(webhooks.twilio.accountSid, secrets[webhooks.twilio.authTokenSecret ?? "twilioAuthToken"], [
                    {
                        sid: `PN${randomBytes(16).toString("hex")}`,
                        phone_number: webhooks.twilio.phoneNumber,
                        sms_url: "https://old.example.com/sms",
                        sms_method: "POST",
                        sms_fallback_url: null,
                        sms_fallback_method: "POST",
                        status_callback: null,
                        status_callback_method: "POST",
                    },
                ]);
                webhooks.twilio.apiBaseUrl = twilio.url;
                webhooks.twilio.messagingApiBaseUrl = twilio.url;
                fakes.push(twilio);
            }
            const hostingCfg = cfg[`${NS}:hosting`];
            if (hostingCfg.provider === "cloudflare-pages") {
                // The redeploy talks to the local Pages API with the provider's own token (a canary).
                platformToken = { key: "cloudflare:apiToken", value: canary("cloudflaretoken") };
                const project = (name: string) => standinWorld("cloudflare").find((r) => r.type.endsWith("PagesProject") && r.outs.name === name)?.outs;
                pages = await startFakePages(platformToken.value, hostingCfg.accountId, (name) => {
                    const p = project(name);
                    return p && { productionBranch: p.productionBranch };
                });
                hostingCfg.redeploy = { ...hostingCfg.redeploy, apiBaseUrl: pages.url, pollSeconds: 1 };
                // A new deployment reads the production env vars as the Cloudflare stand-in holds them.
                pages.envOf = (name) =>
                    Object.fromEntries(
                        Object.entries(project(name)?.deploymentConfigs?.production?.envVars ?? {}).map(([k, v]) => [k, (v as { value: string }).value]),
                    );
                fakes.push(pages);
            }
            if (hostingCfg.provider === "vercel") {
                // The redeploy talks to the local deployments API with the provider's own token (a canary).
                platformToken = { key: "vercel:apiToken", value: canary("verceltoken") };
                vercel = await startFakeVercel(platformToken.value);
                hostingCfg.redeploy = { ...hostingCfg.redeploy, apiBaseUrl: vercel.url, pollSeconds: 1 };
                // A new deployment reads the project's variables as the Vercel stand-in holds them.
                vercel.envOf = (projectId) =>
                    Object.fromEntries(
                        standinWorld("vercel")
                            .filter((r) => r.type.endsWith("ProjectEnvironmentVariable") && r.outs.projectId === projectId)
                            .map((r) => [r.outs.key, r.outs.value]),
                    );
                fakes.push(vercel);
            }
            // The local ECS and Cloud Run answer at once: pre-starts poll them every second, not every 5–6.
            for (const svc of Object.values(cfg[`${NS}:services`] ?? {}) as any[]) if (svc.preStart) svc.preStart.pollSeconds = 1;
            const ecsServices = Object.entries(cfg[`${NS}:services`] ?? {}).filter(([, svc]: [string, any]) => svc.platform === "aws-ecs");
            ecsPreStarts = ecsServices.filter(([, svc]: [string, any]) => svc.preStart).map(([name, svc]: [string, any]) => [name, svc.preStart.command]);
            if (ecsServices.length > 0) {
                // Pre-starts and rollout checks run against the local ECS, which knows the clusters, task
                // definitions and service deployments the AWS stand-in holds.
                ecs = await startFakeEcs({ accessKeyId: "AKIAENGINETEST", region: "af-south-1", account: "123456789012" });
                for (const [name] of ecsServices) ecs.clusters.add(physicalName(cfg[`${NS}:name`], stack, name));
                ecs.containersOf = (arn) => {
                    const td = standinWorld("aws").find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.outs.arn === arn);
                    return td && JSON.parse(td.outs.containerDefinitions).map((c: { name: string }) => c.name);
                };
                ecs.serviceOf = (_cluster, name) => {
                    const f = join(ws.standins, "vendor", `ecs-service-${name}.json`);
                    return existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : undefined;
                };
                fakes.push(ecs);
            }
            if (Object.values(cfg[`${NS}:services`] ?? {}).some((svc: any) => svc.platform === "cloud-run" && svc.preStart)) {
                // The pre-start check reads and runs job executions on the local Cloud Run API, which knows the
                // jobs the Google stand-in holds and the executions their tokens started.
                googleToken = canary("googletoken");
                cloudRun = await startFakeCloudRun(googleToken);
                const job = (path: string) =>
                    standinWorld("gcp").find(
                        (r) => r.type === "gcp:cloudrunv2/job:Job" && `projects/${r.outs.project}/locations/${r.outs.location}/jobs/${r.outs.name}` === path,
                    )?.outs;
                const faults = () => (existsSync(join(ws.standins, "faults.json")) ? JSON.parse(readFileSync(join(ws.standins, "faults.json"), "utf8")) : {});
                cloudRun.jobImage = (path) => job(path)?.template?.template?.containers?.[0]?.image;
                cloudRun.fails = (image) => (faults().cloudRunFailingImages ?? []).includes(image);
                cloudRun.recorded = (name) => {
                    const f = join(ws.standins, "vendor", `cloud-run-execution-${name.split("/").pop()}.json`);
                    return existsSync(f) ? JSON.parse(readFileSync(f, "utf8")).succeeded : undefined;
                };
                fakes.push(cloudRun);
            }
            const payments = cfg[`${NS}:payments`];
            if (payments?.provider === "mpesa") {
                daraja = await startFakeDaraja({
                    environment: payments.environment,
                    consumerKey: secrets.mpesaConsumerKey,
                    consumerSecret: secrets.mpesaConsumerSecret,
                    shortcodes: [payments.shortcode],
                });
                payments.apiBaseUrl = daraja.url;
                fakes.push(daraja);
            }
            if (cfg[`${NS}:atlas`]) {
                mongo = await mongoServer();
                const client = await MongoClient.connect(mongo);
                await client
                    .db(cfg[`${NS}:atlas`].database)
                    .collection("products")
                    .insertMany([
                        { sku: "unga-2kg", price: 230 },
                        { sku: "sukari-1kg", price: 180 },
                    ]);
                await client.close();
            }
            const postgres = cfg[`${NS}:postgres`];
            if (postgres?.provider === "neon") {
                neon = await startFakeNeon(secrets[postgres.apiKeySecret ?? "neonApiKey"], {
                    connect: async (_database, role, password) => {
                        // The owner Neon makes: no superuser; it owns the database and may make roles.
                        const admin = await freshDatabase("neon");
                        await query(admin, `CREATE ROLE ${role} LOGIN CREATEROLE PASSWORD '${password}'`);
                        await query(admin, `ALTER DATABASE ${new URL(admin).pathname.slice(1)} OWNER TO ${role}`);
                        await query(admin, `ALTER SCHEMA public OWNER TO ${role}`);
                        issued[`neon owner ${role}`] = password;
                        const url = new URL(admin);
                        return { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1) };
                    },
                });
                Object.assign(postgres, { apiBaseUrl: neon.url, pollSeconds: 1 });
                fakes.push(neon);
            }
            if (postgres?.provider === "supabase") {
                supabase = await startFakeSupabase(secrets[postgres.accessTokenSecret ?? "supabaseAccessToken"], [postgres.organization], { comingUpReads: 2 });
                // An adopted project exists already, with the database password the team holds.
                if (postgres.projectRef)
                    supabase.addProject({
                        ref: postgres.projectRef,
                        name: postgres.project,
                        organization: postgres.organization,
                        region: postgres.region,
                        dbPass: secrets[postgres.dbPasswordSecret],
                        pitr: (postgres.pointInTimeDays ?? 0) > 0,
                    });
                Object.assign(postgres, { apiBaseUrl: supabase.url, pollSeconds: 1 });
                fakes.push(supabase);
            }
            if (cfg[`${NS}:backups`]) s3 = await startFakeS3(cfg[`${NS}:backups`].bucketName ?? `${cfg[`${NS}:name`]}-${stack}-backups`);

            ws = createWorkspace({
                // Pre-migration dumps go to the local S3 (the AWS SDK's documented endpoint override).
                AWS_ENDPOINT_URL_S3: s3?.endpoint ?? "http://127.0.0.1:9",
                AWS_ACCESS_KEY_ID: "AKIAENGINETEST",
                AWS_SECRET_ACCESS_KEY: "engine-test-secret-access-key",
                AWS_REGION: "us-east-1",
                ...(ecs ? { AWS_ENDPOINT_URL_ECS: ecs.url } : {}),
                ...(cloudRun ? { APP_PLATFORM_CLOUD_RUN_API: cloudRun.url, GOOGLE_OAUTH_ACCESS_TOKEN: googleToken } : {}),
                // FerretDB takes credentials by PLAIN (it has no SCRAM on SQLite); Atlas's SRV string carries no options.
                ...(mongo ? { APP_PLATFORM_STANDIN_MONGODB: `${mongo}?authMechanism=PLAIN` } : {}),
                // The managed projects' URLs require SSL, verified (node-postgres reads sslmode=require as verify-full).
                ...(neon ? { NODE_EXTRA_CA_CERTS: await serverCertificate() } : {}),
            });
            stackFile = join(ws.project, `Pulumi.${stack}.yaml`);
            writeFileSync(stackFile, toYaml({ config: cfg }));
            await ws.ok(["stack", "init", stack]);
            const secret = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [`${NS}:${name}`, value]));
            await ws.setConfig(stack, { secret: platformToken ? { ...secret, [platformToken.key]: platformToken.value } : secret });
        });

        after(async () => {
            for (const f of fakes) {
                await f.close();
            }
            await s3?.close();
            ws?.dispose();
        });

        it("previews exactly the inventory's resources, and saves a plan", async () => {
            const plan = join(ws.root, "plan.json");
            const r = await engine(["preview", "--json", "--save-plan", plan]);
            const steps = previewSteps(r);
            assert.ok(
                steps.every((s) => s.op === "create"),
                `a first preview only creates: ${changed(steps).filter((s) => !s.startsWith("create"))}`,
            );
            const { inventory } = await evaluateStack(stack, readStackFile(stackFile), new Date(NOW));
            assert.deepStrictEqual(steps.map(key).sort(), inventory.resources.map(key).sort());
            outputs.push({ path: "plan.json", text: readFileSync(plan, "utf8") });
        });

        it("up applies the saved plan; fakes and stand-ins hold what the program declared", async () => {
            // --plan: the engine refuses any step the reviewed preview did not show.
            const r = await engine(["up", "--yes", "--skip-preview", "--plan", join(ws.root, "plan.json")]);
            assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE);
            await collectStateSecrets();
            for (const f of fakes) assert.deepStrictEqual(f.violations, [], "every request the engine sent kept the vendor's contract");
            if (stripe) assert.strictEqual(stripe.endpoints.size, 1);
            if (razorpay) {
                // Dashboard mode: read with the merchant's keys, never written; the steps are printed.
                assert.strictEqual(razorpay.webhooks.size, 1);
                assert.ok(
                    razorpay.requests.every((q) => q.method === "GET"),
                    "Razorpay is only read",
                );
                assert.match(
                    r.stdout + r.stderr,
                    /action required: Razorpay webhooks are managed in the Dashboard\. .*Set its Secret to the value of: pulumi stack output razorpayWebhookSecret --show-secrets --stack /,
                );
            }
            if (resend)
                assert.ok(
                    resend.domains.size === 1 && [...resend.domains.values()][0].status === "verified",
                    "the Resend domain verifies once its DKIM record exists",
                );
            if (twilio) assert.match([...twilio.numbers.values()][0].sms_url, /^https:\/\//);
            const hosting = JSON.parse((await ws.ok(["stack", "output", "hosting", "--json", "--stack", stack])).stdout);
            if (vercel) {
                // A new project has nothing running yet (the first git push deploys it): no redeploy.
                assert.strictEqual(vercel.deployments.size, 0);
                // The project's autoAssignCustomDomains as the Vercel stand-in holds it: off (staged releases), a
                // push builds production without moving its domains, and the redeploy promotes its rebuild.
                const project = standinWorld("vercel").find((r) => r.type === "vercel:index/project:Project")!.outs;
                vercel.setAutoAssign(hosting.projectId, project.autoAssignCustomDomains);
                // Production's domains as the stand-in holds them (redirecting hosts are not aliases of a deployment).
                for (const d of standinWorld("vercel").filter((r) => r.type === "vercel:index/projectDomain:ProjectDomain" && !r.outs.redirect))
                    vercel.addDomain(hosting.projectId, d.outs.domain);
                assert.strictEqual(
                    project.autoAssignCustomDomains,
                    cfg[`${NS}:environment`] !== "production",
                    "production stages its builds; staging does not",
                );
                // Then a push deploys production, as Vercel's git integration would.
                vercel.addProductionDeployment(hosting.projectId, hosting.projectName);
            }
            if (pages) {
                assert.strictEqual(pages.deployments.size, 0);
                pages.addProductionDeployment(hosting.projectName, hosting.productionBranch);
            }
            if (cfg[`${NS}:github`]) {
                // GitHub as code: the environment's Actions secrets hold the stack secrets they name (the scan below keeps them out of every file).
                const held = standinWorld("github").filter((r) => r.type === "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret");
                const declared = Object.entries(cfg[`${NS}:github`].secrets ?? {}) as [string, { from: string }][];
                assert.deepStrictEqual(
                    // The stand-in keeps the value as it came, in Pulumi's secret envelope.
                    held.map((r) => [r.outs.secretName, r.outs.value?.value ?? r.outs.value]).sort(),
                    declared.map(([name, { from }]) => [name, secrets[from.replace(/^external\./, "")]]).sort(),
                );
                assert.ok(
                    held.every((r) => r.outs.environment === stack),
                    "the environment is named after the stack",
                );
            }
            if (cfg[`${NS}:monitoring`]) {
                // The checks the stack reports are the ones Checkly holds, each alerting every channel by its numeric id.
                const monitoring = JSON.parse((await ws.ok(["stack", "output", "monitoring", "--json", "--stack", stack])).stdout);
                const checks = standinWorld("checkly")
                    .filter((r) => r.type === "checkly:index/check:Check")
                    .map((r) => r.outs);
                assert.deepStrictEqual(checks.map((c) => c.name).sort(), monitoring.checks.map((c: { name: string }) => c.name).sort());
                for (const c of checks) {
                    assert.strictEqual(c.alertChannelSubscriptions.length, monitoring.alertChannels.length, c.name);
                    assert.ok(
                        c.alertChannelSubscriptions.every((s: { channelId: unknown }) => Number.isInteger(s.channelId)),
                        c.name,
                    );
                }
                if (cfg[`${NS}:monitoring`].sentry) assert.strictEqual(standinWorld("sentry").filter((r) => r.type.endsWith("SentryMetricAlert")).length, 3);
            }
            if (ecs) {
                // Each pre-start ran once, with its command, on the task definition the service then rolled to.
                const services = standinWorld("aws")
                    .filter((r) => r.type === "aws:ecs/service:Service")
                    .map((r) => r.outs);
                assert.deepStrictEqual(
                    [...ecs.tasks.values()].map((t) => [t.command, t.taskDefinitionArn]),
                    ecsPreStarts.map(([name, command]) => [
                        command,
                        services.find((x) => x.name === physicalName(cfg[`${NS}:name`], stack, name))!.taskDefinition,
                    ]),
                );
            }
            if (cfg[`${NS}:migrations`]) {
                const applied = await query(
                    secrets[cfg[`${NS}:migrations`].databaseUrlSecret],
                    "SELECT count(*)::int AS n FROM app_platform.schema_migrations",
                );
                assert.ok(applied[0].n > 0, "migrations applied");
            }
            if (daraja) {
                // The C2B URLs are registered on the API's host, https, as the fake holds them.
                const registered = daraja.registered.get(cfg[`${NS}:payments`].shortcode);
                assert.match(String(registered?.ConfirmationURL), /^https:\/\/api\./);
            }
            if (mongo && s3) {
                // Each service's deploy waited for a dump of the database into the bucket: done before its pre-start began.
                const dumps = [...s3.objects.keys()].filter((k) => k.startsWith(`pre-migration/${stack}/`) && k.endsWith(".mongodump.tar.gz"));
                assert.strictEqual(dumps.length, Object.keys(cfg[`${NS}:services`] ?? {}).length, `one dump per service deploy: ${dumps}`);
                const events = lastEvents();
                const dumped = events.findIndex((e) => e.resOutputsEvent?.metadata.type.endsWith(":MongoDump"));
                const started = events.findIndex((e) => e.resourcePreEvent && /:(EcsRun|ecs\/service:Service)$/.test(e.resourcePreEvent.metadata.type));
                assert.ok(dumped >= 0 && started > dumped, `the dump finished (${dumped}) before the pre-start or service began (${started})`);
            }
            if (neon) {
                const postgres = cfg[`${NS}:postgres`];
                // One project, ready; its owner made the app's roles in the project's own database, over SSL.
                assert.strictEqual(neon.projects.size, 1);
                const p = [...neon.projects.values()][0];
                assert.deepStrictEqual(
                    [p.project.name, p.project.pg_version, p.project.history_retention_seconds],
                    [postgres.project, postgres.version, postgres.historyRetentionDays * 86_400],
                );
                const owner = `postgresql://${p.role.name}:${p.password}@${p.listens!.host}:${p.listens!.port}/${p.listens!.database}`;
                const roles = await query(owner, "SELECT rolname, rolconnlimit FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1", [
                    `${cfg[`${NS}:database`].appRole.name}%`,
                ]);
                assert.deepStrictEqual(
                    roles.map((r) => r.rolname),
                    ["a", "b", ""].map((x) => `${cfg[`${NS}:database`].appRole.name}${x && `_${x}`}`).sort(),
                );
            }
            if (supabase) {
                // One project (made, or the adopted one untouched); the app reads its URL and keys from it.
                assert.strictEqual(supabase.projects.size, 1);
                const [p] = [...supabase.projects.values()];
                if (cfg[`${NS}:postgres`].projectRef)
                    assert.deepStrictEqual(
                        supabase.requests.filter((q) => q.method !== "GET"),
                        [],
                        "adoption only reads",
                    );
                issued["supabase service_role key"] = p.serviceRoleKey;
                const env = (key: string) => {
                    const v = standinWorld("vercel").find((r) => r.type.endsWith("ProjectEnvironmentVariable") && r.outs.key === key)?.outs.value;
                    return v?.value ?? v;
                };
                const given: Record<string, string> = {
                    "supabase.url": `https://${p.project.ref}.supabase.co`,
                    "supabase.anonKey": p.anonKey,
                    "supabase.serviceRoleKey": p.serviceRoleKey,
                };
                const read = Object.entries(cfg[`${NS}:env`] as Record<string, { from?: string }>).filter(([, v]) => v.from && v.from in given);
                assert.ok(read.length > 0, "the frontend reads the project's URL or keys");
                assert.deepStrictEqual(
                    read.map(([name]) => env(name)),
                    read.map(([, v]) => given[v.from!]),
                );
            }
            if (cfg[`${NS}:migrations`] && cfg[`${NS}:migrations`].backup !== false)
                assert.strictEqual([...s3!.objects.keys()].filter((k) => k.startsWith(`pre-migration/${stack}/`)).length, 1, "one pre-migration dump");
            if (cfg[`${NS}:monitoring`]?.database) {
                // database.yml's steps: the owner's URL from the stack's secret output, then the check, within its limits.
                // Read past the scan's record of outputs: it is the password, shown on purpose.
                const url = (await ws.ok(["stack", "output", "databaseAdminUrl", "--show-secrets", "--stack", stack])).stdout.trim();
                assert.match(url, /^postgres(ql)?:\/\/[^\s]+$/);
                // On Supabase, the server's CPU, memory and disks too, from the local API's Metrics API (a one-second window).
                const postgres = cfg[`${NS}:postgres`];
                const token = postgres?.provider === "supabase" ? { SUPABASE_ACCESS_TOKEN: secrets[postgres.accessTokenSecret ?? "supabaseAccessToken"] } : {};
                const check = await runTool("health/cli.ts", ["--file", stackFile, "--server-window", "1"], {
                    DATABASE_URL: url,
                    NODE_EXTRA_CA_CERTS: await serverCertificate(),
                    ...token,
                });
                assert.strictEqual(check.code, 0, `${check.stdout}${check.stderr}`);
                assert.match(check.stdout, new RegExp(`^${stack}: the database check\\n {2}connections {3}\\d+ of \\d+ client connections`));
                if (supabase) assert.match(check.stdout, /\n {2}cpu {11}busy over 1 s: \d+ %, alert at \d+ %\n {2}memory /);
                outputs.push({ path: "npm run health", text: check.stdout + check.stderr });
            }
        });

        it(`the program of this tree previews no changes over the state its base brought up ($${PROOF_BASE})`, async function () {
            if (!process.env[PROOF_BASE]) this.skip(); // a refactor's proof: run with the base checkout named
            ws.replaceProgram(ROOT);
            const preview = await engine(["preview", "--json", "--expect-no-changes"], { expectFail: true });
            assert.deepStrictEqual(changed(previewSteps(preview)), [], "the refactored program changes nothing");
            assert.strictEqual(preview.code, 0, preview.stderr.slice(-3000));
        });

        const policy = () => ["--policy-pack", "policy", "--policy-pack-config", `policy/config/${environment}.json`];
        /** The policy pack's findings as the CLI prints them, `<enforcement level> <policy>`. */
        const violations = (r: RunResult) =>
            [...new Set([...r.stdout.matchAll(/\[(mandatory|advisory)\](?:\s+\[severity: \w+\])?\s+([\w-]+)/g)].map((m) => `${m[1]} ${m[2]}`))].sort();
        /** The same findings from the last run's event log (a --json run prints none). */
        const loggedViolations = () => {
            const events = lastEvents();
            assert.ok(
                // Keyed `<name>|<source>|<path>` ("app-platform|local|policy").
                events.some((e) => Object.keys(e.summaryEvent?.PolicyPacks ?? {}).some((k) => k.split("|")[0] === "app-platform")),
                "the run's summary names the pack",
            );
            return [...new Set(events.flatMap((e) => (e.policyEvent ? [`${e.policyEvent.enforcementLevel} ${e.policyEvent.policyName}`] : [])))].sort();
        };

        it("re-preview and refresh show no changes (clock pinned), and the declared stack passes the policy pack", async () => {
            const preview = await engine(["preview", "--json", "--expect-no-changes"], { expectFail: true });
            assert.deepStrictEqual(changed(previewSteps(preview)), [], "re-preview after up");
            assert.strictEqual(preview.code, 0, preview.stderr.slice(-3000));
            await engine(["refresh", "--yes", "--expect-no-changes", "--skip-preview"]);
            // The re-preview after refresh runs the pack too (the engine's JSON leaves policy events to the event log);
            // its findings first, so a mandatory one is named rather than seen as a bare exit code.
            const checked = await engine(["preview", "--json", "--expect-no-changes", ...policy()], { expectFail: true });
            assert.deepStrictEqual(
                loggedViolations(),
                knownAdvisories.map((p) => `advisory ${p}`),
                "the declared stack passes the pack",
            );
            assert.deepStrictEqual(changed(previewSteps(checked)), [], "re-preview after refresh");
            assert.strictEqual(checked.code, 0, checked.stderr.slice(-3000));
        });

        it("a rotation day previews exactly the expected replaces and updates, and up applies them", async () => {
            // Expected: every resource whose inputs (secrets revealed, under the inventory's mocks)
            // change with the clock; replaced where a changed input forces replacement (the
            // providers' rules the stand-ins follow: RandomBytes slots, QStash schedules, secret
            // versions, task definitions), the rest updated in place.
            const evaluate = (now: string) => evaluateStack(stack, readStackFile(stackFile), new Date(now));
            const before = await evaluate(NOW);
            // Every stack here declares generated secrets; the earliest next rotation is the day to test.
            const [next] = (before.inventory.outputs.generatedSecrets as { nextRotation: string }[]).map((g) => g.nextRotation).sort();
            const rotationDay = `${next}T12:00:00Z`;
            clock = rotationDay;
            const after = await evaluate(rotationDay);
            const inputsOf = (r: { revealed: Record<string, unknown> }) => JSON.stringify({ ...r.revealed, __provider: undefined });
            const was = new Map(before.records.map((r) => [key(r), r]));
            const changedInputs = (r: (typeof after.records)[number]) => {
                const old = was.get(key(r))!.revealed;
                return [...new Set([...Object.keys(old), ...Object.keys(r.revealed)])].filter(
                    (k) => k !== "__provider" && JSON.stringify(old[k]) !== JSON.stringify(r.revealed[k]),
                );
            };
            const replaces = (r: (typeof after.records)[number]) => {
                const forcing = RULES[r.type]?.replaces ?? [];
                return changedInputs(r).some((k) => forcing.includes("*") || forcing.includes(k));
            };
            const expected = after.records
                .filter((r) => r.custom && inputsOf(was.get(key(r))!) !== inputsOf(r))
                .map((r) => `${replaces(r) ? "replace" : "update"} ${key(r)}`)
                .sort();
            assert.ok(
                expected.some((e) => e.startsWith("replace random:")),
                "the rotation day rolls a slot over",
            );
            if (rotation) assert.deepStrictEqual(expected, rotation);

            const env = { APP_PLATFORM_NOW: rotationDay };
            const rotationPreview = await engine(["preview", "--json"], { env });
            const steps = previewSteps(rotationPreview);
            assert.deepStrictEqual(changed(steps), expected);
            if (
                cfg[`${NS}:payments`]?.webhook &&
                expected.some((e) => e.includes(`::${cfg[`${NS}:name`]}-${cfg[`${NS}:payments`].webhook.password ?? "phonepeWebhookPassword"}-`))
            ) {
                // PhonePe has no API for its webhook: the preview says what to paste into its Dashboard, and where.
                assert.match(
                    rotationPreview.stdout,
                    /action required: paste the value of `pulumi stack output phonepeWebhookPassword --show-secrets --stack [^`]+` into the PhonePe Business Dashboard/,
                );
            }
            const up = await engine(["up", "--yes", "--skip-preview"], { env });
            const upEvents = lastEvents();
            if (razorpay && expected.some((e) => e.includes("RazorpayWebhook"))) {
                assert.match(up.stdout + up.stderr, /action required: the Razorpay webhook secret rotated\./, "the manual step is printed");
            }
            const hosting = JSON.parse((await ws.ok(["stack", "output", "hosting", "--json", "--stack", stack])).stdout);
            if (ecs && expected.some((e) => e.includes(":EcsRun::"))) {
                assert.strictEqual(ecs.tasks.size, 2 * ecsPreStarts.length, "the new task definition ran its pre-start again");
                const ran = upEvents.findIndex((e) => e.resOutputsEvent?.metadata.type.endsWith(":EcsRun"));
                const rolled = upEvents.findIndex(
                    (e) => e.resourcePreEvent?.metadata.type === "aws:ecs/service:Service" && e.resourcePreEvent.metadata.op === "update",
                );
                assert.ok(ran >= 0 && rolled > ran, `the pre-start finished (${ran}) before the service rolled (${rolled})`);
            }
            // A service holding a rotated secret deploys a new revision (its secret store's new version), and
            // every signer switches only after that deployment completed (ECS steady state, Cloud Run's ready revision).
            const SERVICE = /:(ecs\/service:Service|cloudrunv2\/service:Service)$/;
            const rotatedServices = Object.entries(cfg[`${NS}:services`] ?? {}).filter(([, s]) =>
                Object.values((s as { env?: Record<string, { from?: string }> }).env ?? {}).some((v) => v.from?.startsWith("generated.")),
            );
            for (const [name] of rotatedServices) {
                assert.ok(
                    expected.some((e) => e.startsWith("update ") && SERVICE.test(e.split("::")[0]) && e.endsWith(`::${cfg[`${NS}:name`]}-${name}-service`)),
                    `services.${name} deploys with the rotated secret`,
                );
            }
            const serviceDone = upEvents
                .map((e, i) => (e.resOutputsEvent && SERVICE.test(e.resOutputsEvent.metadata.type) && e.resOutputsEvent.metadata.op === "update" ? i : -1))
                .filter((i) => i >= 0);
            const signerBegun = upEvents.findIndex(
                (e) =>
                    e.resourcePreEvent &&
                    /:(RazorpayWebhook|QStashScheduleV2)$/.test(e.resourcePreEvent.metadata.type) &&
                    e.resourcePreEvent.metadata.op !== "same",
            );
            if (signerBegun >= 0) for (const i of serviceDone) assert.ok(i < signerBegun, "a signer switched before a service ran the rotated secret");
            const appRotated = expected.some((e) => e.includes(":ProjectEnvironmentVariable::") || e.includes(":PagesProject::"));
            if (pages && appRotated) {
                const live = pages.production(hosting.projectName)!;
                assert.strictEqual(pages.deployments.size, 2, "the rotation deployed the production branch again");
                assert.deepStrictEqual(
                    [live.branch, live.env],
                    [hosting.productionBranch, pages.envOf(hosting.projectName)],
                    "the running app holds the rotated env vars",
                );
            }
            if (vercel && appRotated) {
                const live = vercel.production(hosting.projectId)!;
                assert.ok(live.redeployOf, "the rotation rebuilt the production deployment");
                assert.deepStrictEqual(live.env, vercel.envOf(hosting.projectId), "the running app holds the rotated env vars");

                // The engine's own order: the redeploy completed before any signer's step began.
                const SIGNER = /:(RazorpayWebhook|QStashScheduleV2)$/;
                const events = upEvents;
                const redeployed = events.findIndex((e) => e.resOutputsEvent?.metadata.type.endsWith(":VercelRedeploy"));
                const signerSteps = events.flatMap((e, i) =>
                    e.resourcePreEvent && SIGNER.test(e.resourcePreEvent.metadata.type) && e.resourcePreEvent.metadata.op !== "same"
                        ? [{ i, m: e.resourcePreEvent.metadata }]
                        : [],
                );
                assert.ok(redeployed >= 0, "the up redeployed");
                assert.strictEqual(
                    signerSteps.length > 0,
                    expected.some((e) => SIGNER.test(e.split("::")[0])),
                    "every signer the rotation changes switched",
                );
                for (const { i, m } of signerSteps) assert.ok(i > redeployed, `${m.op} ${m.urn} began before the redeploy completed`);

                // Every other order the engine may choose from the same dependencies (its state's), a slow or
                // failed redeploy included: each signer's value is one the running app accepts, at every step.
                const state = JSON.parse((await ws.ok(["stack", "export", "--stack", stack])).stdout);
                const keyOf = (urn: string) => `${typeOfUrn(urn)}::${nameOfUrn(urn)}`;
                const graph = new Map<string, string[]>(
                    (state.deployment.resources as { urn: string; dependencies?: string[] }[]).map((r) => [keyOf(r.urn), (r.dependencies ?? []).map(keyOf)]),
                );
                const ids = expected.map((e) => e.slice(e.indexOf(" ") + 1));
                const deps = dependenciesAmong(ids, graph);
                const find = (records: typeof before.records, id: string) => records.find((r) => key(r) === id)!;
                const signed = (r: (typeof before.records)[number]) =>
                    r.type.endsWith(":RazorpayWebhook")
                        ? String(r.revealed.secret)
                        : r.type.endsWith(":QStashScheduleV2")
                          ? String((r.revealed.forwardHeaders as Record<string, string>).Authorization).replace(/^Bearer /, "")
                          : undefined;
                const envVars = (records: typeof before.records) =>
                    Object.fromEntries(
                        records.filter((r) => r.type.endsWith(":ProjectEnvironmentVariable")).map((r) => [String(r.revealed.key), String(r.revealed.value)]),
                    );
                const ops: SimOp[] = ids.map((id) => {
                    const r = find(after.records, id);
                    const base = { id, deps: deps.get(id)! };
                    if (r.type.endsWith(":ProjectEnvironmentVariable"))
                        return { ...base, kind: "env", variable: String(r.revealed.key), value: String(r.revealed.value) };
                    if (r.type.endsWith(":VercelRedeploy")) return { ...base, kind: "redeploy" };
                    const value = signed(r);
                    return value === undefined ? { ...base, kind: "other" } : { ...base, kind: "signer", signer: id, value };
                });
                const newEnv = envVars(after.records);
                const signers = ops.filter((o) => o.kind === "signer").map((o) => o.id);
                const world: SimWorld = {
                    env: envVars(before.records),
                    app: envVars(before.records),
                    signers: Object.fromEntries(signers.map((id) => [id, signed(find(before.records, id))!])),
                    accepts: Object.fromEntries(
                        signers.map((id) => {
                            const name = Object.keys(newEnv).find((n) => !n.endsWith("_PREVIOUS") && newEnv[n] === signed(find(after.records, id)))!;
                            return [id, [name, `${name}_PREVIOUS`]];
                        }),
                    ),
                };
                const { orders, violation } = simulate(world, ops);
                assert.strictEqual(violation, undefined, `a signed request the app would reject: ${JSON.stringify(violation)}`);
                assert.ok(orders > 300, `${orders} orders checked`);
            }
            await collectStateSecrets();
            assert.deepStrictEqual(changed(previewSteps(await engine(["preview", "--json", "--expect-no-changes"], { env }))), []);
        });

        // Staging only: production protects the endpoint, so the engine refuses to replace it at all.
        const declared = parse(readFileSync(join(ROOT, file), "utf8")).config;
        if (declared[`${NS}:webhooks`]?.stripe && declared[`${NS}:environment`] !== "production") {
            it("a Stripe endpoint replaced (a new apiVersion): the old one is deleted only after the app runs with the new signing secret", async () => {
                const original = readFileSync(stackFile, "utf8");
                const doc = parse(original);
                doc.config[`${NS}:webhooks`].stripe.apiVersion = "2026-08-26.dahlia"; // an earlier version Stripe's OpenAPI document lists
                writeFileSync(stackFile, toYaml(doc));
                try {
                    await engine(["up", "--yes", "--skip-preview"], { env: { APP_PLATFORM_NOW: clock } });
                    const events = lastEvents();
                    const at = (kind: string, op: string, type: RegExp) =>
                        events.findIndex((e) => e[kind]?.metadata.op === op && type.test(e[kind].metadata.type));
                    const created = at("resOutputsEvent", "create-replacement", /:StripeWebhook$/);
                    const redeployed = at("resOutputsEvent", "update", /:(Vercel|Pages)Redeploy$/);
                    const deleted = at("resourcePreEvent", "delete-replaced", /:StripeWebhook$/);
                    assert.ok(
                        created >= 0 && redeployed > created && deleted > redeployed,
                        `create ${created} < redeploy ${redeployed} < delete of the old ${deleted}`,
                    );
                    assert.strictEqual(stripe!.endpoints.size, 1, "the old endpoint is gone");
                } finally {
                    writeFileSync(stackFile, original);
                }
                await engine(["up", "--yes", "--skip-preview"], { env: { APP_PLATFORM_NOW: clock } });
                await collectStateSecrets();
            });
        }

        it("a crafted violation of the policy pack blocks production and only warns in staging", async function () {
            // Backups kept 14 days (7 current + 7 prior): valid config, below the seeds' 30-day floor the pack enforces.
            const original = readFileSync(stackFile, "utf8");
            const doc = parse(original);
            const backups = doc.config[`${NS}:backups`];
            if (!backups) this.skip(); // this stack declares no bucket: nothing to violate here
            backups.retention = { ...backups.retention, daily: { expireDays: 14 } };
            writeFileSync(stackFile, toYaml(doc));
            try {
                const r = await engine(["preview", ...policy()], { expectFail: true });
                if (environment === "production") {
                    assert.notStrictEqual(r.code, 0, "a mandatory violation fails the production preview");
                    assert.deepStrictEqual(violations(r), ["mandatory backup-retention-30-days"]);
                } else {
                    assert.strictEqual(r.code, 0, "staging's violations are advisory");
                    assert.deepStrictEqual(violations(r), ["advisory backup-retention-30-days"]);
                }
            } finally {
                writeFileSync(stackFile, original);
            }
        });

        it("a bad config (a wrong value, a header that would inject another, a token sent off-vendor) fails the preview with clear messages and no stack trace", async () => {
            const original = readFileSync(stackFile, "utf8");
            const bad = parse(original);
            bad.config[`${NS}:environment`] = "prod";
            const hosting = bad.config[`${NS}:hosting`];
            hosting.securityHeaders = { "X-Frame-Options": "DENY\r\nSet-Cookie: session=attacker" };
            hosting.redeploy = { ...hosting.redeploy, apiBaseUrl: "https://api.example.net" };
            writeFileSync(stackFile, toYaml(bad));
            try {
                const r = await engine(["preview"], { expectFail: true });
                const out = r.stdout + r.stderr;
                assert.notStrictEqual(r.code, 0);
                assert.match(out, /app-platform:environment/);
                assert.match(
                    out,
                    /app-platform:hosting\.securityHeaders\.X-Frame-Options: "DENY\\r\\nSet-Cookie: session=attacker" holds a control character/,
                    "class 1: a config value that would become a second header",
                );
                assert.match(
                    out,
                    /app-platform:hosting\.redeploy\.apiBaseUrl: https:\/\/api\.example\.net is not (Vercel|Cloudflare)'s API, and it would receive the stack's \w+ token/,
                    "class 2: a URL that would receive a credential",
                );
                assert.doesNotMatch(out, STACK_TRACE);
            } finally {
                writeFileSync(stackFile, original);
            }
        });

        it("DKIM slots the Resend domain does not fit fail the preview with a clear message and no stack trace", async function () {
            if (!cfg[`${NS}:email`]?.domain) this.skip(); // this stack declares no Resend domain
            // Fewer DKIM slots than the existing domain has records: the preview says so, before any change.
            const original = readFileSync(stackFile, "utf8");
            const doc = parse(original);
            doc.config[`${NS}:email`].domain.dkimRecords = 1;
            writeFileSync(stackFile, toYaml(doc));
            try {
                const r = await engine(["preview"], { expectFail: true });
                assert.notStrictEqual(r.code, 0);
                assert.match(r.stdout + r.stderr, /Resend gives \S+ 3 DKIM record\(s\) .*email\.domain\.dkimRecords is 1; set it to 3/);
                assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE);
            } finally {
                writeFileSync(stackFile, original);
            }
        });

        /** Deploys `service` at a tag whose runs fail (the stand-ins' fault `key`); `restore` puts the stack file back and clears the fault. */
        function breakImage(service: string, image: string, key: string) {
            const broken = image.replace(/:[^:/]+$/, ":broken");
            const original = readFileSync(stackFile, "utf8");
            const doc = parse(original);
            doc.config[`${NS}:services`][service].image = broken;
            writeFileSync(stackFile, toYaml(doc));
            const faults = join(ws.standins, "faults.json");
            writeFileSync(faults, JSON.stringify({ [key]: [broken] }));
            return { original, restore: () => (writeFileSync(stackFile, original), rmSync(faults, { force: true })) };
        }

        const ecsService = Object.entries(declared[`${NS}:services`] ?? {}).find(([, svc]: [string, any]) => svc.platform === "aws-ecs");
        if (ecsService) {
            it("an ECS deployment the circuit breaker rolls back fails the up in ECS's words, and the next up too, until the new revision serves", async () => {
                const [service, svc] = ecsService as [string, { image: string }];
                const { original, restore } = breakImage(service, svc.image, "ecsFailingImages");
                const env = { env: { APP_PLATFORM_NOW: clock }, expectFail: true };
                try {
                    for (const attempt of ["the up that deploys it", "the next up (the provider's state already names the new revision)"]) {
                        const r = await engine(["up", "--yes", "--skip-preview"], env);
                        assert.notStrictEqual(r.code, 0, `${attempt} fails`);
                        assert.match(
                            r.stdout + r.stderr,
                            /ECS did not deploy \S+ to \S+: ECS deployment circuit breaker: tasks failed to start\. It serves /,
                            attempt,
                        );
                        assert.match(r.stdout + r.stderr, /rolling back to deployment ecs-svc\//, `${attempt}: ECS's events are quoted`);
                        assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE);
                    }
                } finally {
                    restore();
                }
                await engine(["up", "--yes", "--skip-preview"], { env: { APP_PLATFORM_NOW: clock } });
                assert.deepStrictEqual(
                    changed(previewSteps(await engine(["preview", "--json", "--expect-no-changes"], { env: { APP_PLATFORM_NOW: clock } }))),
                    [],
                );

                // A new port replaces the target group (port is ForceNew), the new one made before the old goes:
                // a fixed name would collide ("ELBv2 Target Group (…) already exists").
                const moved = parse(original);
                moved.config[`${NS}:services`][service].port = Number(moved.config[`${NS}:services`][service].port) + 1;
                writeFileSync(stackFile, toYaml(moved));
                try {
                    const groups = () =>
                        standinWorld("aws")
                            .filter((r) => r.type === "aws:lb/targetGroup:TargetGroup")
                            .map((r) => r.outs.name);
                    const before = groups();
                    await engine(["up", "--yes", "--skip-preview"], { env: { APP_PLATFORM_NOW: clock } });
                    // The up's own steps (its event log), where a preview would show the same plan.
                    const events = lastEvents();
                    const step = (op: string) =>
                        events.findIndex(
                            (e) => e.resourcePreEvent?.metadata.op === op && e.resourcePreEvent.metadata.type === "aws:lb/targetGroup:TargetGroup",
                        );
                    assert.ok(step("replace") >= 0, "the target group is replaced");
                    assert.ok(
                        step("create-replacement") >= 0 && step("create-replacement") < step("delete-replaced"),
                        "the new target group is made before the old one goes",
                    );
                    assert.strictEqual(groups().length, 1);
                    assert.notDeepStrictEqual(groups(), before, "under a new name");
                } finally {
                    writeFileSync(stackFile, original);
                }
                await engine(["up", "--yes", "--skip-preview"], { env: { APP_PLATFORM_NOW: clock } });
                await collectStateSecrets();
            });
        }

        const cloudRunService = Object.entries(declared[`${NS}:services`] ?? {}).find(([, svc]: [string, any]) => svc.platform === "cloud-run" && svc.preStart);
        if (cloudRunService) {
            it("a Cloud Run pre-start execution that fails stops the up, and the next up too (the provider kept the job's new token), before the service changes", async () => {
                const [service, svc] = cloudRunService as [string, { image: string }];
                const { restore } = breakImage(service, svc.image, "cloudRunFailingImages");
                const serviceImage = () => standinWorld("gcp").find((r) => r.type === "gcp:cloudrunv2/service:Service")!.outs.template.containers[0].image;
                const env = { env: { APP_PLATFORM_NOW: clock }, expectFail: true };
                try {
                    const first = await engine(["up", "--yes", "--skip-preview"], env);
                    assert.notStrictEqual(first.code, 0, "the job's own execution failed");
                    assert.match(first.stdout + first.stderr, /Execution \S+-prestart-[0-9a-f]{12} failed/);
                    // The engine recorded the job with the new token: its retry changes nothing and starts no execution.
                    const second = await engine(["up", "--yes", "--skip-preview"], env);
                    assert.notStrictEqual(second.code, 0, "the next up fails too: the check ran the job again, and it failed");
                    assert.match(
                        second.stdout + second.stderr,
                        /the pre-start job \S+ failed \(execution \S+: Task failed: .*run again as \S+\): .*The service was not changed\./,
                    );
                    assert.doesNotMatch(second.stdout + second.stderr, STACK_TRACE);
                    assert.strictEqual(serviceImage(), svc.image, "the service still runs the image whose pre-start succeeded");
                } finally {
                    restore();
                }
                await engine(["up", "--yes", "--skip-preview"], { env: { APP_PLATFORM_NOW: clock } });
                assert.deepStrictEqual(
                    changed(previewSteps(await engine(["preview", "--json", "--expect-no-changes"], { env: { APP_PLATFORM_NOW: clock } }))),
                    [],
                );
                await collectStateSecrets();
            });
        }

        it("destroy: staging tears down to what is retained; production's protected resources refuse", async () => {
            const exported = JSON.parse((await ws.ok(["stack", "export", "--stack", stack])).stdout);
            const protectedUrns = (exported.deployment.resources as { urn: string; protect?: boolean }[]).filter((r) => r.protect).map((r) => r.urn);
            const r = await engine(["destroy", "--yes", "--skip-preview"], { expectFail: true });
            const live = standinWorld();
            if (environment === "production") {
                assert.notStrictEqual(r.code, 0, "destroy refuses while resources are protected");
                assert.match(r.stdout + r.stderr, /protected/);
                const left = JSON.parse((await ws.ok(["stack", "export", "--stack", stack])).stdout).deployment.resources.map((x: { urn: string }) => x.urn);
                for (const urn of protectedUrns) assert.ok(left.includes(urn), `${urn} is still managed`);
                for (const urn of protectedUrns.filter((u) => !u.includes("dynamic")))
                    assert.ok(
                        live.some((l) => l.urn === urn),
                        `${urn} still exists`,
                    );
                if (stripe) assert.strictEqual(stripe.endpoints.size, 1);
                if (razorpay) assert.strictEqual(razorpay.webhooks.size, 1);
            } else {
                assert.strictEqual(r.code, 0, r.stdout.slice(-3000));
                // Only what is retained on delete survives (GitHub's account-wide OIDC provider).
                assert.deepStrictEqual(
                    live.map((l) => l.type).sort(),
                    cfg[`${NS}:backups`]?.writer?.createOidcProvider ? ["aws:iam/openIdConnectProvider:OpenIdConnectProvider"] : [],
                );
                if (stripe) assert.strictEqual(stripe.endpoints.size, 0);
                if (razorpay) assert.strictEqual(razorpay.webhooks.size, 1, "the Dashboard's webhook is not ours to delete");
                if (resend) assert.deepStrictEqual([resend.domains.size, resend.webhooks.size], [0, 0]);
                if (neon) assert.strictEqual(neon.projects.size, 0);
                if (supabase) assert.strictEqual(supabase.projects.size, cfg[`${NS}:postgres`].projectRef ? 1 : 0, "an adopted project stays");
                if (twilio) assert.strictEqual([...twilio.numbers.values()][0].sms_url, "https://old.example.com/sms", "the number's previous URL is restored");
            }
        });

        it("no plaintext secret anywhere the engine wrote: state, history, backups, plans, event logs, output", async () => {
            const values: Record<string, string> = {
                ...secrets,
                ...(platformToken ? { [platformToken.key]: platformToken.value } : {}),
                ...(googleToken ? { GOOGLE_OAUTH_ACCESS_TOKEN: googleToken } : {}),
                ...issued,
            };
            [...stateSecrets].forEach((v, i) => (values[`state secret #${i}`] = v));
            assert.ok(stateSecrets.size > Object.keys(secrets).length, "the state's own secrets are part of the scan");
            const exportedNow = (await ws.ok(["stack", "export", "--stack", stack])).stdout;
            const places = [
                { path: "stack export", text: exportedNow },
                ...filesBelow(ws.backend),
                ...Array.from({ length: eventLogs }, (_, i) => eventLog(join(ws.root, `events-${i + 1}.json`))).flat(),
                ...outputs,
            ];
            assert.ok(
                places.some((p) => p.path.includes("/history/")),
                "the backend's history is scanned",
            );
            const leaks = scan(values, places);
            const sdkDebug = leaks.filter((l) => l.where.endsWith("(SDK debug diagnostics)"));
            assert.deepStrictEqual(
                leaks.filter((l) => !sdkDebug.includes(l)),
                [],
                "no secret in state, history, backups, plan, events or output",
            );
            console.log(
                `      secret scan: ${Object.keys(values).length} values (${Object.keys(secrets).length} config canaries, ${stateSecrets.size} state secrets) × ${places.length} places; ` +
                    `${leaks.length - sdkDebug.length} leaks; ${new Set(sdkDebug.map((l) => l.secret)).size} values appear only in the SDK's debug traces`,
            );
            // Known upstream behaviour, kept in view: only the SDK's own "RPC finished" debug traces carry them.
            for (const l of sdkDebug) {
                const lines = places
                    .find((p) => p.path === l.where)!
                    .text.split("\n")
                    .filter((line) => line.includes(values[l.secret]));
                assert.ok(
                    lines.every((line) => /RPC finished/.test(line)),
                    `${l.secret} appears in a debug event other than the SDK's RPC trace`,
                );
            }
        });
    });
}
