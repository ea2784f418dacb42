// `npm run doctor` against a stack brought to life by the real Pulumi CLI (temporary home and backend):
// it reads the secrets as `pulumi up` would, says what is missing with the fix, asks the migrations'
// real PostgreSQL for the schemas the files use, passes once the fixes are made, and prints no secret.
import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { placeholderFor } from "../../inventory/stackFile";
import { runTool } from "../badInput/harness";
import { supabaseAuthStub } from "../providers/migrations/helpers";
import { load, ROOT } from "../helpers";
import { freshDatabase } from "../support/postgres";
import { FakeServer } from "../support/fakes/server";
import { startFakePages } from "../support/fakes/pages";
import { FakeRazorpay, startFakeRazorpay } from "../support/fakes/razorpay";
import { startFakeSentry } from "../support/fakes/sentry";
import { startFakeCheckly } from "../support/fakes/checkly";
import { startFakeSts } from "../support/fakes/sts";
import { startFakeUpstash } from "../support/fakes/upstash";
import { startFakeGitHub } from "../support/fakes/github";
import { BACKEND_SECRET, ciCredentialsOf } from "../../stacks/ciCredentials";
import { startFakeResend } from "../support/fakes/resend";
import { FakeSupabase, startFakeSupabase } from "../support/fakes/supabase";
import { startFakeStripe } from "../support/fakes/stripe";
import { startFakeTwilio } from "../support/fakes/twilio";
import { startFakeVercel, TEAM_SLUG } from "../support/fakes/vercel";
import { toYaml } from "./stackFiles";
import { createWorkspace, Workspace } from "./workspace";

const STACK = "staging";
/** This machine's own platform settings stay out of the runs: the stacks' are what is asked. */
const NO_AMBIENT = {
    ...{ VERCEL_API_TOKEN: "", VERCEL_TEAM: "", CLOUDFLARE_API_TOKEN: "" },
    ...{ UPSTASH_EMAIL: "", UPSTASH_API_KEY: "", GH_TOKEN: "", GITHUB_TOKEN: "", GITHUB_API_URL: "" },
    ...{ SENTRY_TOKEN: "", SENTRY_AUTH_TOKEN: "", SENTRY_BASE_URL: "", CHECKLY_API_KEY: "", CHECKLY_ACCOUNT_ID: "", CHECKLY_API_URL: "" },
    ...{
        AWS_PROFILE: "",
        AWS_SESSION_TOKEN: "",
        AWS_CONFIG_FILE: "/nonexistent",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
        AWS_EC2_METADATA_DISABLED: "true",
    },
};
const AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
/** AWS credentials as CI gives them (the environment), and STS at its local API as the provider would reach it. */
const awsEnv = (sts: FakeServer, key = AWS_KEY) => ({
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ACCESS_KEY_ID: key,
    AWS_SECRET_ACCESS_KEY: "aws-secret-doctor-canary",
});
const startSts = () =>
    startFakeSts([
        { accessKeyId: AWS_KEY, secretAccessKey: "aws-secret-doctor-canary", account: "123456789012", arn: "arn:aws:iam::123456789012:user/deployer" },
    ]);
const UPSTASH = { email: "ops@ecoo.example", apiKey: "upstash-key-doctor-canary" };
/** Upstash's credentials as CI gives them, and its Developer API local (the provider's URL is fixed: the doctor's test-only override). */
const upstashEnv = (upstash: FakeServer) => ({ UPSTASH_EMAIL: UPSTASH.email, UPSTASH_API_KEY: UPSTASH.apiKey, APP_PLATFORM_UPSTASH_API: upstash.url });
const SENTRY_TOKEN = "sntryu_doctor-canary";
const CHECKLY_KEY = "cu_doctor-canary";
/** The monitoring providers' settings, pointed at their local APIs. */
const monitoringConfig = (sentry: FakeServer, checkly: FakeServer, accountId: string) => ({
    secret: { "sentry:token": SENTRY_TOKEN, "checkly:apiKey": CHECKLY_KEY },
    plain: { "sentry:baseUrl": sentry.url, "checkly:accountId": accountId, "checkly:apiUrl": checkly.url },
});

describe("npm run doctor: a read-only preflight", function () {
    this.timeout(300_000);
    let ws: Workspace;
    const secrets: Record<string, string> = {};
    const doctor = (...args: string[]) =>
        runTool("doctor/cli.ts", ["--stack", STACK, "--cwd", ws.project, ...args], {
            ...ws.env,
            ...NO_AMBIENT,
            ...awsEnv(sts),
            ...upstashEnv(upstash),
            ...extraEnv,
        });
    let extraEnv: Record<string, string> = {};
    let upstash: FakeServer;
    const printed = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

    let resend: FakeServer;
    let vercel: FakeServer;
    let razorpay: FakeRazorpay;
    let sentry: FakeServer;
    let checkly: FakeServer;
    let sts: FakeServer;
    let supabase: FakeSupabase;
    before(async () => {
        ws = createWorkspace();
        sts = await startSts();
        upstash = await startFakeUpstash({ ...UPSTASH, databases: ["ecoo-staging"] });
        const text = readFileSync(join(ROOT, `Pulumi.${STACK}.yaml`), "utf8");
        resend = await startFakeResend(`${placeholderFor("resendApiKey", "staging")}-doctor-canary`);
        vercel = await startFakeVercel("vercel-token-doctor-canary", undefined, { "ecoo-commerce": ["ecoo"] });
        const doc = parse(text);
        // The merchant's account, its Dashboard without the app's webhook yet.
        razorpay = await startFakeRazorpay({
            accountId: doc.config["app-platform:webhooks"].razorpay.accountId,
            keyId: doc.config["app-platform:payments"].publicKey,
            keySecret: `${placeholderFor("razorpayKeySecret", "staging")}-doctor-canary`,
        });
        doc.config["app-platform:email"].apiBaseUrl = resend.url;
        doc.config["app-platform:hosting"].redeploy = { apiBaseUrl: vercel.url };
        doc.config["app-platform:webhooks"].razorpay.apiBaseUrl = razorpay.url;
        const monitoring = doc.config["app-platform:monitoring"].sentry;
        sentry = await startFakeSentry({
            token: SENTRY_TOKEN,
            scopes: ["project:admin", "alerts:write", "team:read"],
            organizations: { [monitoring.organization]: [monitoring.team] },
        });
        checkly = await startFakeCheckly({ apiKey: CHECKLY_KEY, accounts: { "acc-ecoo": "Ecoo" } });
        // The Supabase project the stack adopts, in its organization.
        const project = doc.config["app-platform:postgres"];
        supabase = await startFakeSupabase(`${placeholderFor("supabaseAccessToken", "staging")}-doctor-canary`, [project.organization]);
        supabase.addProject({ ref: project.projectRef, name: project.project, organization: project.organization, region: project.region, dbPass: "unused" });
        project.apiBaseUrl = supabase.url;
        // Its zone (Cloudflare) is asked in its own test, against a local API.
        delete doc.config["app-platform:dns"];
        writeFileSync(join(ws.project, `Pulumi.${STACK}.yaml`), toYaml(doc));
        await ws.ok(["stack", "init", STACK]);
        const external = Object.keys(parse(text).config["app-platform:secrets"].external);
        for (const name of external) secrets[name] = `${placeholderFor(name, "staging")}-doctor-canary`;
        // Plain PostgreSQL: no Supabase auth schema yet.
        secrets.supabaseDbUrl = await freshDatabase("doctor");
        const vendors = monitoringConfig(sentry, checkly, "acc-ecoo");
        // Every secret but one.
        const set = external.filter((n) => n !== "resendApiKey").map((name) => [`app-platform:${name}`, secrets[name]]);
        await ws.setConfig(STACK, {
            secret: { "vercel:apiToken": "vercel-token-doctor-canary", ...vendors.secret, ...Object.fromEntries(set) },
            plain: vendors.plain,
        });
    });
    after(async () => {
        ws?.dispose();
        await resend?.close();
        await vercel?.close();
        await razorpay?.close();
        await sentry?.close();
        await checkly?.close();
        await sts?.close();
        await upstash?.close();
        await supabase?.close();
    });

    it("names what is missing, one line per check with its fix, and exits 1", async () => {
        const r = await doctor();
        assert.strictEqual(r.code, 1, printed(r));
        assert.match(r.stdout, /^ok +stack +staging: \d+ keys, 7 of them secret$/m);
        assert.match(
            r.stdout,
            /^missing +config +app-platform:resendApiKey: required secret is not set\. Run: pulumi config set --secret app-platform:resendApiKey/m,
        );
        for (const secret of Object.values(secrets)) assert.ok(!printed(r).includes(secret), "a secret was printed");
    });

    it("finds the schema the migrations use that the database lacks, the Dashboard webhook Razorpay lacks, and passes once the fixes are made", async () => {
        await ws.ok(["config", "set", "--secret", "app-platform:resendApiKey", secrets.resendApiKey, "--stack", STACK]);
        // Another account's Razorpay key secret first: refused, with the command that sets it.
        await ws.ok(["config", "set", "--secret", "app-platform:razorpayKeySecret", "another-account-doctor-canary", "--stack", STACK]);
        const refused = await doctor();
        assert.match(
            refused.stdout,
            /^wrong +razorpay +Razorpay GET \/v2\/accounts\/acc_EcooMerchant01\/webhooks → 401.*\n +fix: set a valid key: pulumi config set --secret app-platform:razorpayKeySecret --stack staging$/m,
        );
        assert.ok(!printed(refused).includes("another-account-doctor-canary"), "a secret was printed");
        await ws.ok(["config", "set", "--secret", "app-platform:razorpayKeySecret", secrets.razorpayKeySecret, "--stack", STACK]);
        const before = await doctor();
        assert.strictEqual(before.code, 1, printed(before));
        assert.match(before.stdout, /^ok +config +valid; 5 external secrets set$/m);
        assert.match(
            before.stdout,
            /^missing +database +.* lacks schema "auth" \(used by migrations\/20260115090000_initial_schema\.sql\)\n +fix: point the connection string at the database that has it/m,
        );
        assert.match(
            before.stdout,
            /^missing +razorpay +key rzp_test_EcooStaging01 is accepted; the Dashboard has no webhook for https:\/\/staging\.ecoo\.com\/api\/webhooks\/razorpay\n +fix: add it: Razorpay Dashboard → Accounts & Settings → Webhooks: https:\/\/staging\.ecoo\.com\/api\/webhooks\/razorpay, Active, events payment\.captured, payment\.failed, order\.paid, refund\.created; after the first pulumi up, set its Secret to: pulumi stack output razorpayWebhookSecret --show-secrets --stack staging$/m,
        );
        await supabaseAuthStub(secrets.supabaseDbUrl);
        // Added as the fix says, first with an event short: wrong, with the edit to make.
        const hook = razorpay.addDashboardWebhook({
            url: "https://staging.ecoo.com/api/webhooks/razorpay",
            events: ["payment.captured", "payment.failed", "order.paid"],
        });
        const short = await doctor();
        assert.match(
            short.stdout,
            /^wrong +razorpay +key rzp_test_EcooStaging01 is accepted; the webhook for .* has other events: missing refund\.created\n +fix: edit it: /m,
        );
        razorpay.webhooks.get(hook)!.events.push("refund.created");
        const after = await doctor();
        assert.strictEqual(after.code, 0, printed(after));
        assert.match(after.stdout, /^ok +database +.* answers; it has the schemas the 4 files use \(auth\)$/m);
        assert.match(
            after.stdout,
            /^ok +razorpay +key rzp_test_EcooStaging01 is accepted; the Dashboard's webhook for https:\/\/staging\.ecoo\.com\/api\/webhooks\/razorpay is active with the stack's events$/m,
        );
        assert.match(after.stdout, /^ok +sentry +the token reads team ecoo of organization ecoo \(1 member\(s\) get its email alerts\)$/m);
        assert.match(after.stdout, /^ok +checkly +the API key can use account Ecoo$/m);
        assert.match(after.stdout, /^ok +upstash +the API key of ops@ecoo\.example is accepted \(1 Redis database\(s\) in the account\)$/m);
        assert.match(after.stdout, /^ok +aws +account 123456789012 as arn:aws:iam::123456789012:user\/deployer, region \S+$/m);
        assert.match(after.stdout, /^ok +supabase +.*ecoo-staging.*$/m);
        for (const fake of [razorpay, sentry, checkly, sts, upstash, supabase]) assert.deepStrictEqual(fake.violations, []);
        assert.ok(![SENTRY_TOKEN, CHECKLY_KEY, UPSTASH.apiKey].some((t) => printed(after).includes(t)), "a token was printed");
        assert.ok(!/^(missing|wrong|unreachable) /m.test(after.stdout), after.stdout);
        for (const secret of Object.values(secrets)) assert.ok(!printed(after).includes(secret), "a secret was printed");
    });

    it("with --github, the repository's environment and the secrets the workflows read: one missing is named with its gh command, then ok", async () => {
        const cfg = load("staging", (c) => delete c["app-platform:dns"]);
        const creds = ciCredentialsOf(cfg);
        const secrets = [BACKEND_SECRET, ...creds.flatMap((c) => c.secrets ?? [])];
        const variables = [...new Set(creds.flatMap((c) => [...(c.oidc?.preview ?? []), ...(c.oidc?.deploy ?? [])]))];
        const token = "github_pat_doctor-canary";
        const run = async (repoSecrets: string[]) => {
            const github = await startFakeGitHub({
                owner: "ecoo-commerce",
                repo: "app-platform",
                token,
                permissions: ["actions", "secrets", "variables", "environments"],
                secrets: repoSecrets,
                variables,
                environments: { staging: {} },
            });
            extraEnv = { GH_TOKEN: token, GITHUB_API_URL: github.url };
            try {
                return await doctor("--github", "ecoo-commerce/app-platform");
            } finally {
                extraEnv = {};
                assert.deepStrictEqual(github.violations, []);
                await github.close();
            }
        };
        const short = await run(secrets.filter((s) => s !== "UPSTASH_API_KEY"));
        assert.strictEqual(short.code, 1, printed(short));
        assert.match(
            short.stdout,
            /^missing +github +ecoo-commerce\/app-platform: no secret UPSTASH_API_KEY\n +fix: gh secret set UPSTASH_API_KEY --repo ecoo-commerce\/app-platform \(each gh command prompts for its value\)$/m,
        );
        const all = await run(secrets);
        assert.strictEqual(all.code, 0, printed(all));
        assert.match(
            all.stdout,
            new RegExp(
                `^ok +github +ecoo-commerce/app-platform has environment staging and the ${secrets.length + variables.length} secrets and variables its workflows read for this stack$`,
                "m",
            ),
        );
        assert.ok(!printed(all).includes(token), "the token was printed");
    });

    it("a database that does not answer is unreachable, said without its password; an unknown stack is wrong", async () => {
        await ws.ok(["config", "set", "--secret", "app-platform:supabaseDbUrl", "postgresql://app:Pa55-doctor-canary@127.0.0.1:1/postgres", "--stack", STACK]);
        const r = await doctor();
        assert.strictEqual(r.code, 1, printed(r));
        assert.match(r.stdout, /^unreachable +database +.*127\.0\.0\.1:1.*ECONNREFUSED/m);
        assert.ok(!printed(r).includes("Pa55-doctor-canary"));
        const unknown = await runTool("doctor/cli.ts", ["--stack", "nope", "--cwd", ws.project], { ...ws.env, ...NO_AMBIENT, ...awsEnv(sts) });
        assert.strictEqual(unknown.code, 1, printed(unknown));
        assert.match(unknown.stdout, /^wrong +stack +pulumi config: .*nope/m);
        assert.ok(!/^\s+at /m.test(printed(unknown)));
    });
});

describe("npm run doctor: the vendor accounts a stack declares, against their local APIs", function () {
    this.timeout(300_000);
    const stack = "dirtfree-staging";
    const ACCOUNT = "AC00000000000000000000000000000000";
    const NUMBER = "+14155550142";
    const VERCEL_TOKEN = "vercel-token-doctor-canary";
    const secrets: Record<string, string> = {};
    let ws: Workspace;
    const fakes: FakeServer[] = [];
    let sts: FakeServer;
    /** Another account's AWS key first. */
    let awsKey = "AKIAOTHERACCOUNT0000";
    let upstash: FakeServer;
    const doctor = () =>
        runTool("doctor/cli.ts", ["--stack", stack, "--cwd", ws.project], { ...ws.env, ...NO_AMBIENT, ...awsEnv(sts, awsKey), ...upstashEnv(upstash) });

    before(async () => {
        ws = createWorkspace();
        sts = await startSts();
        const doc = parse(readFileSync(join(ROOT, "tests/fixtures/Pulumi.dirtfree-staging.yaml"), "utf8"));
        for (const name of Object.keys(doc.config["app-platform:secrets"].external)) secrets[name] = `${placeholderFor(name, "staging")}-doctor-canary`;
        // Accounts that do not match the stack's secrets: another Stripe key, another Resend key, and a Twilio account without the number.
        const stripe = await startFakeStripe("sk_test_another-account");
        const resend = await startFakeResend("re_another-account");
        const twilio = await startFakeTwilio(ACCOUNT, secrets.twilioAuthToken, []);
        // The token's own team is another one than the stack's vercel:team.
        const vercel = await startFakeVercel(VERCEL_TOKEN, "team_another");
        // A Sentry organization without the stack's team; a Checkly key whose user is in another account.
        const sentry = await startFakeSentry({ token: SENTRY_TOKEN, scopes: ["team:read"], organizations: { "dirt-free": ["web"] } });
        const checkly = await startFakeCheckly({ apiKey: CHECKLY_KEY, accounts: { "acc-another": "Another" } });
        upstash = await startFakeUpstash({ ...UPSTASH, apiKey: "another-upstash-key", databases: [] });
        const supabase = await startFakeSupabase("sbp_another-account", ["dirt-free"]);
        fakes.push(stripe, resend, twilio, vercel, sentry, checkly, upstash, supabase);
        doc.config["app-platform:postgres"].apiBaseUrl = supabase.url;
        doc.config["app-platform:hosting"].redeploy = { apiBaseUrl: vercel.url };
        doc.config["vercel:team"] = "team_dirtfree";
        doc.config["app-platform:webhooks"].stripe.apiBaseUrl = stripe.url;
        doc.config["app-platform:webhooks"].twilio.apiBaseUrl = twilio.url;
        doc.config["app-platform:email"].apiBaseUrl = resend.url;
        delete doc.config["app-platform:dns"]; // asked in its own test
        writeFileSync(join(ws.project, `Pulumi.${stack}.yaml`), toYaml(doc));
        await ws.ok(["stack", "init", stack]);
        const monitoring = monitoringConfig(sentry, checkly, "acc-dirtfree");
        const set = Object.entries(secrets).map(([name, value]) => [`app-platform:${name}`, value]);
        await ws.setConfig(stack, { secret: { ...Object.fromEntries(set), "vercel:apiToken": VERCEL_TOKEN, ...monitoring.secret }, plain: monitoring.plain });
    });
    after(async () => {
        ws?.dispose();
        await Promise.all([...fakes, sts].map((f) => f?.close()));
    });

    it("a refused key, a number the account does not own: each named with its fix; then all ok against the right accounts", async () => {
        const wrong = await doctor();
        assert.strictEqual(wrong.code, 1, wrong.stdout + wrong.stderr);
        assert.match(
            wrong.stdout,
            /^wrong +stripe +Stripe GET \/v1\/webhook_endpoints → 401: Invalid API Key provided.*\n +fix: set a valid key: pulumi config set --secret app-platform:stripeSecretKey --stack dirtfree-staging$/m,
        );
        assert.match(
            wrong.stdout,
            /^missing +twilio +Twilio account AC0+ has no phone number \+14155550142; buy or port it first\n +fix: buy or port the number in the Twilio Console/m,
        );
        assert.match(wrong.stdout, /^wrong +resend +Resend GET \/domains → 401/m);
        assert.match(
            wrong.stdout,
            /^wrong +vercel +the token cannot use team team_dirtfree \(Vercel GET \/v2\/teams\/team_dirtfree → 403.*\n +fix: create the token with the team in its scope/m,
        );
        assert.match(
            wrong.stdout,
            /^missing +sentry +no team crm in organization dirt-free that the token can see \(Sentry GET \/0\/teams\/dirt-free\/crm\/ → 404.*\n +fix: correct monitoring\.sentry\.organization and \.team/m,
        );
        assert.match(
            wrong.stdout,
            /^wrong +checkly +the API key cannot use account acc-dirtfree \(Checkly GET \/v1\/accounts\/me → 403.*\n +fix: pulumi config set checkly:accountId <id> --stack dirtfree-staging/m,
        );
        assert.match(
            wrong.stdout,
            /^wrong +aws +AWS STS GetCallerIdentity → 403: The security token included in the request is invalid\. \(InvalidClientTokenId\)\n +fix: give the credentials/m,
        );
        assert.match(
            wrong.stdout,
            /^wrong +upstash +Upstash refused the email and API key \(Upstash GET \/v2\/redis\/databases → 401.*\n +fix: create a management API key/m,
        );
        assert.match(
            wrong.stdout,
            /^wrong +supabase +Supabase GET \/v1\/projects → 401: Unauthorized \[request \w+\]\n +fix: set a valid key: pulumi config set --secret app-platform:supabaseAccessToken --stack dirtfree-staging$/m,
        );
        for (const value of [...Object.values(secrets), SENTRY_TOKEN, CHECKLY_KEY, UPSTASH.apiKey, "aws-secret-doctor-canary"])
            assert.ok(!(wrong.stdout + wrong.stderr).includes(value), "a secret was printed");
        awsKey = AWS_KEY;

        // The accounts the secrets belong to.
        for (const f of fakes.splice(0)) await f.close();
        const stripe = await startFakeStripe(secrets.stripeSecretKey);
        const resend = await startFakeResend(secrets.resendApiKey);
        const twilio = await startFakeTwilio(ACCOUNT, secrets.twilioAuthToken, [
            { sid: `PN${"0".repeat(32)}`, phone_number: NUMBER, sms_url: "", sms_method: "POST", sms_fallback_url: null, sms_fallback_method: "POST" },
        ]);
        const vercel = await startFakeVercel(VERCEL_TOKEN, "team_dirtfree", { "dirt-free": ["website", "crm"] });
        const sentry = await startFakeSentry({ token: SENTRY_TOKEN, scopes: ["team:read"], organizations: { "dirt-free": ["web", "crm"] } });
        const checkly = await startFakeCheckly({ apiKey: CHECKLY_KEY, accounts: { "acc-another": "Another", "acc-dirtfree": "Dirt Free" } });
        upstash = await startFakeUpstash({ ...UPSTASH, databases: [] });
        const supabase = await startFakeSupabase(secrets.supabaseAccessToken, ["dirt-free"]);
        fakes.push(stripe, resend, twilio, vercel, sentry, checkly, upstash, supabase);
        await ws.setConfig(stack, monitoringConfig(sentry, checkly, "acc-dirtfree"));
        for (const [key, url] of [
            ["app-platform:webhooks", { stripe: stripe.url, twilio: twilio.url }],
            ["app-platform:email", resend.url],
            ["app-platform:postgres", supabase.url],
            ["app-platform:hosting", { redeploy: vercel.url }],
        ] as const) {
            const file = join(ws.project, `Pulumi.${stack}.yaml`);
            const doc = parse(readFileSync(file, "utf8"));
            if (typeof url === "string") doc.config[key].apiBaseUrl = url;
            else for (const [vendor, u] of Object.entries(url)) doc.config[key][vendor] = { ...doc.config[key][vendor], apiBaseUrl: u };
            writeFileSync(file, toYaml(doc));
        }
        const right = await doctor();
        assert.strictEqual(right.code, 0, right.stdout + right.stderr);
        assert.match(right.stdout, /^ok +stripe +the test-mode key is accepted \(webhook endpoints readable\)$/m);
        assert.match(right.stdout, /^ok +twilio +account AC0+ owns \+14155550142$/m);
        assert.match(right.stdout, /^ok +resend +the key has full access \(0 domain\(s\) in the account\)$/m);
        assert.match(right.stdout, new RegExp(`^ok +vercel +the token is owner's, and it can use team ${TEAM_SLUG}; it can link dirt-free/crm$`, "m"));
        assert.match(right.stdout, /^ok +sentry +the token reads team crm of organization dirt-free/m);
        assert.match(right.stdout, /^ok +checkly +the API key can use account Dirt Free$/m);
        assert.match(right.stdout, /^ok +upstash +the API key of ops@ecoo\.example is accepted \(0 Redis database\(s\) in the account\)$/m);
        assert.match(right.stdout, /^ok +supabase +the token is accepted \(0 project\(s\)\); the up makes dirt-free-crm-staging in dirt-free$/m);
        assert.match(right.stdout, /^ok +aws +account 123456789012 as arn:aws:iam::123456789012:user\/deployer, region us-east-1$/m);
        assert.deepStrictEqual(sts.violations, []);
        for (const f of fakes) assert.deepStrictEqual(f.violations, []);
    });
});

describe("npm run doctor: Cloudflare's token and zone, against its local API", function () {
    this.timeout(300_000);
    const stack = "atelier-production";
    const ACCOUNT = "0123456789abcdef0123456789abcdef";
    const ZONE = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    const TOKEN = "cloudflare-token-doctor-canary";
    let ws: Workspace;
    let cloudflare: FakeServer | undefined;
    const doctor = () => runTool("doctor/cli.ts", ["--stack", stack, "--cwd", ws.project], { ...ws.env, ...NO_AMBIENT });
    /** The stack on Cloudflare Pages, its zone managed here, the API at `url`. */
    const write = (url: string) => {
        const file = join(ws.project, `Pulumi.${stack}.yaml`);
        const doc = parse(readFileSync(file, "utf8"));
        doc.config["app-platform:hosting"].redeploy = { apiBaseUrl: url };
        doc.config["app-platform:dns"] = { zoneId: ZONE, zone: "atelier.example" };
        writeFileSync(file, toYaml(doc));
    };

    before(async () => {
        ws = createWorkspace();
        const file = join(ws.project, `Pulumi.${stack}.yaml`);
        const init = await runTool("init/cli.ts", [
            ...["--stack", stack, "--name", "atelier", "--domain", "atelier.example", "--hosting", "cloudflare-pages"],
            ...["--repo", "acme/atelier", "--account-id", ACCOUNT, "--file", file],
        ]);
        assert.strictEqual(init.code, 0, init.stderr);
        await ws.ok(["stack", "init", stack]);
        await ws.ok(["config", "set", "--secret", "cloudflare:apiToken", TOKEN, "--stack", stack]);
    });
    after(async () => {
        ws?.dispose();
        await cloudflare?.close();
    });

    it("another account's token, then a zone still pending with the nameservers to set, then active: each line says so", async () => {
        const run = async (token: string, zones: Record<string, { name: string; status: "active" | "pending" }>, tokenKind: "user" | "account" = "user") => {
            await cloudflare?.close();
            cloudflare = await startFakePages(token, ACCOUNT, () => undefined, { zones, tokenKind });
            write(cloudflare.url);
            return doctor();
        };
        const refused = await run("another-account-token", {});
        assert.strictEqual(refused.code, 1, refused.stdout + refused.stderr);
        assert.match(
            refused.stdout,
            /^wrong +cloudflare +Cloudflare GET \/(user|accounts\/[0-9a-f]+)\/tokens\/verify → 401: Invalid API Token.*\n +fix: pulumi config set --secret cloudflare:apiToken/m,
        );
        const pending = await run(TOKEN, { [ZONE]: { name: "atelier.example", status: "pending" } });
        assert.strictEqual(pending.code, 1, pending.stdout + pending.stderr);
        assert.match(
            pending.stdout,
            /^wrong +cloudflare +zone atelier\.example is pending\n +fix: point the domain's nameservers at ada\.ns\.cloudflare\.com and bob\.ns\.cloudflare\.com/m,
        );
        const missing = await run(TOKEN, {});
        assert.strictEqual(missing.code, 1, missing.stdout + missing.stderr);
        assert.match(missing.stdout, /^missing +cloudflare +Cloudflare GET \/zones\/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d → 404.*\n +fix: correct dns\.zoneId/m);
        const active = await run(TOKEN, { [ZONE]: { name: "atelier.example", status: "active" } });
        assert.strictEqual(active.code, 0, active.stdout + active.stderr);
        assert.match(active.stdout, /^ok +cloudflare +the API token is active; zone atelier\.example is active$/m);
        // An account-owned token (Cloudflare's recommended kind) verifies only under its account.
        const accountToken = await run(TOKEN, { [ZONE]: { name: "atelier.example", status: "active" } }, "account");
        assert.strictEqual(accountToken.code, 0, accountToken.stdout + accountToken.stderr);
        assert.match(accountToken.stdout, /^ok +cloudflare +the API token is active; zone atelier\.example is active$/m);
        for (const r of [refused, pending, missing, active, accountToken]) assert.ok(!(r.stdout + r.stderr).includes(TOKEN), "the token was printed");
        assert.deepStrictEqual(cloudflare!.violations, []);
    });
});
