// Bad config on the surfaces added since the hardening round, by class: values that would become
// code (1), URLs that would send a credential elsewhere (2), clocks that move backwards (3), values
// the vendor refuses at deploy time (4). Every case goes through the loader `pulumi up` and
// `npm run inventory` share and must be refused at the key it names, without the canary or a trace;
// one case per class also runs as a user would (the CLI: exit 1, nothing written, no hang).
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { stringify } from "yaml";
import { ConfigMap, configErrors, configMap, load, STACK_OF, StackName } from "../helpers";
import { assertRefused, pool, Run, runTool } from "./harness";

interface Case {
    /** The issue's classes; 6 is the wording of messages (the stack file's own cases are in inventory.test.ts). */
    cls: 1 | 2 | 3 | 4 | 6;
    name: string;
    stack: StackName;
    mutate: (c: ConfigMap) => void;
    /** The key the refusal names, and what it says there. */
    key: string;
    message: RegExp;
    canaries?: string[];
    /** What the printed report must show (beyond the issue's own message). */
    printed?: RegExp;
    /** Also run through `npm run inventory`. */
    cli?: true;
}

const at = (c: ConfigMap, key: string) => c[`app-platform:${key}`];
const service = (c: ConfigMap) => at(c, "services").api;
const atlas = (c: ConfigMap) => at(c, "atlas");

const CASES: Case[] = [
    // --- 1. values that land in a header, a Checkly request or script, a DNS record, a form ---
    {
        cls: 1,
        cli: true,
        name: "a security header value with CR LF (a second header, a cookie, injected at the edge)",
        stack: "mystic",
        mutate: (c) => void (at(c, "hosting").securityHeaders = { "X-Frame-Options": "DENY\r\nSet-Cookie: session=attacker" }),
        key: "app-platform:hosting.securityHeaders.X-Frame-Options",
        message: /"DENY\\r\\nSet-Cookie: session=attacker" holds a control character/,
    },
    {
        cls: 1,
        name: "a security header value naming a Checkly variable (the check would read a locked token into it)",
        stack: "staging",
        mutate: (c) => void (at(c, "hosting").securityHeaders = { "X-Frame-Options": "{{QSTASH_TOKEN_ECOO_PRODUCTION}}" }),
        key: "app-platform:hosting.securityHeaders.X-Frame-Options",
        message: /must not hold \{\{: Checkly would read an account variable/,
    },
    {
        cls: 1,
        name: "an uptime path naming a Checkly variable",
        stack: "production",
        mutate: (c) => void (at(c, "monitoring").uptime.paths = ["/", "/{{GITHUB_TOKEN_ECOO_PRODUCTION}}"]),
        key: "app-platform:monitoring.uptime.paths[1]",
        message: /\{\{ \(Checkly would read an account variable into it\)/,
    },
    {
        cls: 1,
        name: "a service's monitored path naming a Checkly variable",
        stack: "raptorflow",
        mutate: (c) => void (service(c).monitorPaths = ["/health/{{QSTASH_TOKEN_X}}"]),
        key: "app-platform:services.api.monitorPaths[0]",
        message: /Checkly would read an account variable/,
    },
    {
        cls: 1,
        name: "a service's health path with a line break",
        stack: "smartduka",
        mutate: (c) => void (service(c).healthPath = "/health\n"),
        key: "app-platform:services.api.healthPath",
        message: /a path starting with \/, such as \/api\/health/,
    },
    {
        cls: 1,
        name: "a cron path with a Checkly variable (QStash calls it with the cron secret)",
        stack: "staging",
        mutate: (c) => void (at(c, "crons").jobs = [{ name: "sweep", schedule: "0 3 * * *", path: "/api/{{X}}" }]),
        key: "app-platform:crons.jobs[0].path",
        message: /Checkly would read an account variable/,
    },
    {
        cls: 1,
        name: "a webhook path with CR LF (Stripe)",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").stripe.path = "/api/webhooks/stripe\r\nHost: evil.example"),
        key: "app-platform:webhooks.stripe.path",
        message: /a path starting with \/, such as \/api\/health/,
    },
    {
        cls: 1,
        name: "a webhook path with a query (Razorpay)",
        stack: "staging",
        mutate: (c) => void (at(c, "webhooks").razorpay.path = "/api/webhooks/razorpay?x=1"),
        key: "app-platform:webhooks.razorpay.path",
        message: /a path starting with \//,
    },
    {
        cls: 1,
        name: "a webhook path with spaces (Twilio)",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").twilio.path = "/api/webhooks/twilio status"),
        key: "app-platform:webhooks.twilio.path",
        message: /a path starting with \//,
    },
    {
        cls: 1,
        name: "the backup check's branch with a line break (it sits in Checkly's script)",
        stack: "production",
        mutate: (c) => void (at(c, "monitoring").backups.branch = "main\nthrow 1"),
        key: "app-platform:monitoring.backups.branch",
        message: /a git branch name such as main/,
    },
    {
        cls: 1,
        name: "a production branch git refuses (a space and ..)",
        stack: "staging",
        mutate: (c) => void (at(c, "hosting").productionBranch = "main ../x"),
        key: "app-platform:hosting.productionBranch",
        message: /a git branch name such as main/,
    },
    {
        cls: 1,
        name: "the backup check's repository climbing out of /repos/ (a GitHub API path that carries the token)",
        stack: "production",
        mutate: (c) => void (at(c, "monitoring").backups.repository = "../.."),
        key: "app-platform:monitoring.backups.repository",
        message: /neither may be \. or \.\./,
    },
    {
        cls: 1,
        name: "DMARC's rua with a ; (it would add a tag to the record: p=none)",
        stack: "production",
        mutate: (c) => void (at(c, "dns").email.dmarc.rua = "mailto:dmarc@ecoo.com; p=none"),
        key: "app-platform:dns.email.dmarc.rua",
        message: /mailto:address, or several separated by commas/,
    },
    {
        cls: 1,
        name: "an SPF record with a line break",
        stack: "production",
        mutate: (c) => void (at(c, "dns").email.spf = "v=spf1 include:amazonses.com\n~all"),
        key: "app-platform:dns.email.spf",
        message: /holds a control character or tab/,
    },
    {
        cls: 1,
        name: "a DKIM record with a control character",
        stack: "production",
        mutate: (c) => void (at(c, "dns").email.dkim = [{ name: "s1._domainkey", type: "TXT", content: "p=MIGf\u0000" }]),
        key: "app-platform:dns.email.dkim[0].content",
        message: /holds a control character/,
    },
    {
        cls: 1,
        name: "a Stripe metadata key with brackets (form encoding would nest it: metadata[a][b])",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").stripe.metadata = { "a][url": "x" }),
        key: "app-platform:webhooks.stripe.metadata.a][url",
        message: /without \[ or \] \(Stripe's rule\)/,
    },

    {
        cls: 6,
        name: "a number where text belongs (a version YAML reads as 1.1) gets a hint to quote it",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").stripe.metadata = { release: 1.1 }),
        key: "app-platform:webhooks.stripe.metadata.release",
        message: /expected string, got a number; YAML read it as a number: write it in quotes/,
    },

    {
        cls: 6,
        name: "a key with a zero-width space in it is shown with the space made visible",
        stack: "staging",
        mutate: (c) => void (at(c, "hosting")["framework\u200b"] = "nextjs"),
        key: "app-platform:hosting.framework\u200b",
        message: /unknown key\. Did you mean framework\?/,
        printed: /- app-platform:hosting\.framework\\u200b: unknown key/,
    },

    // --- 2. URLs that receive a token, a signature or payment results ---
    {
        cls: 2,
        cli: true,
        name: "Vercel's API base URL elsewhere (it receives the Vercel token)",
        stack: "staging",
        mutate: (c) => void (at(c, "hosting").redeploy = { apiBaseUrl: "https://vercel-api.example.net" }),
        key: "app-platform:hosting.redeploy.apiBaseUrl",
        message: /https:\/\/vercel-api\.example\.net is not Vercel's API, and it would receive the stack's Vercel token: use https:\/\/api\.vercel\.com/,
    },
    {
        cls: 2,
        name: "Neon's API base URL elsewhere (it receives the Neon API key)",
        stack: "mystic",
        mutate: (c) => void (at(c, "postgres").apiBaseUrl = "https://console.neon.tech.example.net/api/v2"),
        key: "app-platform:postgres.apiBaseUrl",
        message: /is not Neon's API, and it would receive the stack's Neon token: use https:\/\/console\.neon\.tech/,
    },
    {
        cls: 2,
        name: "Supabase's Management API on plain http (it receives the access token)",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "postgres").apiBaseUrl = "http://api.supabase.com"),
        key: "app-platform:postgres.apiBaseUrl",
        message: /is not Supabase's API, and it would receive the stack's Supabase token: use https:\/\/api\.supabase\.com/,
    },
    {
        cls: 2,
        name: "Cloudflare's API base URL on a look-alike host",
        stack: "mystic",
        mutate: (c) => void (at(c, "hosting").redeploy = { apiBaseUrl: "https://api.cloudflare.com.example.net/client/v4" }),
        key: "app-platform:hosting.redeploy.apiBaseUrl",
        message: /is not Cloudflare's API.*use https:\/\/api\.cloudflare\.com/,
    },
    {
        cls: 2,
        name: "Stripe's API over plain http",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").stripe.apiBaseUrl = "http://api.stripe.com"),
        key: "app-platform:webhooks.stripe.apiBaseUrl",
        message: /is not Stripe's API/,
    },
    {
        cls: 2,
        name: "Stripe's host with a password in the URL",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").stripe.apiBaseUrl = "https://u:Url-Canary-77@api.stripe.com"),
        key: "app-platform:webhooks.stripe.apiBaseUrl",
        message: /must not carry a user name or password/,
        canaries: ["Url-Canary-77"],
    },
    {
        cls: 2,
        name: "Razorpay's API elsewhere",
        stack: "production",
        mutate: (c) => void (at(c, "webhooks").razorpay.apiBaseUrl = "https://razorpay.example.net"),
        key: "app-platform:webhooks.razorpay.apiBaseUrl",
        message: /is not Razorpay's API/,
    },
    {
        cls: 2,
        name: "Resend's API elsewhere",
        stack: "staging",
        mutate: (c) => void (at(c, "webhooks").resend.apiBaseUrl = "https://api.resend.dev"),
        key: "app-platform:webhooks.resend.apiBaseUrl",
        message: /is not Resend's API/,
    },
    {
        cls: 2,
        name: "Resend's API elsewhere, for the sending domain",
        stack: "production",
        mutate: (c) => void (at(c, "email").apiBaseUrl = "https://resend.example.net/"),
        key: "app-platform:email.apiBaseUrl",
        message: /is not Resend's API/,
    },
    {
        cls: 2,
        name: "Twilio's API elsewhere",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").twilio.apiBaseUrl = "https://twilio.example.net"),
        key: "app-platform:webhooks.twilio.apiBaseUrl",
        message: /is not Twilio's API/,
    },
    {
        cls: 2,
        name: "Twilio's messaging API on the other Twilio host",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").twilio.messagingApiBaseUrl = "https://api.twilio.com"),
        key: "app-platform:webhooks.twilio.messagingApiBaseUrl",
        message: /use https:\/\/messaging\.twilio\.com/,
    },
    {
        cls: 2,
        name: "Daraja's API elsewhere",
        stack: "smartduka",
        mutate: (c) => void (at(c, "payments").apiBaseUrl = "https://daraja.example.net"),
        key: "app-platform:payments.apiBaseUrl",
        message: /is not Daraja/,
    },
    {
        cls: 2,
        name: "PhonePe's API elsewhere",
        stack: "raptorflow",
        mutate: (c) => void (at(c, "payments").apiBaseUrl = "https://phonepe.example.net"),
        key: "app-platform:payments.apiBaseUrl",
        message: /is not PhonePe/,
    },
    {
        cls: 2,
        name: "M-Pesa's callback on a host the stack does not serve",
        stack: "smartduka",
        mutate: (c) => void (at(c, "payments").callbackUrl = "https://collector.example.net/cb"),
        key: "app-platform:payments.callbackUrl",
        message: /https:\/\/collector\.example\.net\/cb is not on a host this stack serves \(.*\), and Daraja would send it payment results/,
    },
    {
        cls: 2,
        name: "PhonePe's webhook (it carries the webhook password) on a host the stack does not serve",
        stack: "raptorflow",
        mutate: (c) => void (at(c, "payments").webhook.url = "https://hooks.example.net/phonepe"),
        key: "app-platform:payments.webhook.url",
        message: /is not on a host this stack serves \(raptorflow\.com, .*api\.raptorflow\.com, \*\.raptorflow\.com\), and PhonePe would send it/,
    },

    // --- 3. clocks that move backwards ---
    {
        cls: 3,
        cli: true,
        name: "Razorpay's pasted day before the secret's anchor (it held the clock there: every value regenerated)",
        stack: "production",
        mutate: (c) => void (at(c, "webhooks").razorpay.pasted = "2025-09-03"),
        key: "app-platform:webhooks.razorpay.pasted",
        message: /2025-09-03 is before webhookSecret's anchor \(2026-01-01\)/,
    },
    {
        cls: 3,
        name: "PhonePe's pasted day before the anchor",
        stack: "raptorflow",
        mutate: (c) => void (at(c, "payments").webhook.pasted = "2025-10-03"),
        key: "app-platform:payments.webhook.pasted",
        message: /is before phonepeWebhookPassword's anchor/,
    },
    {
        cls: 3,
        name: "PhonePe's pasted day in the future",
        stack: "raptorflow",
        mutate: (c) => void (at(c, "payments").webhook.pasted = "2027-03-31"),
        key: "app-platform:payments.webhook.pasted",
        message: /2027-03-31 is in the future \(today is 2026-11-22\)/,
    },
    {
        cls: 3,
        name: "a pasted day that is not a rotation day",
        stack: "staging",
        mutate: (c) => void (at(c, "webhooks").razorpay.pasted = "2026-09-29"),
        key: "app-platform:webhooks.razorpay.pasted",
        message: /2026-09-29 is not a day webhookSecret rotated on/,
    },
    {
        cls: 3,
        name: "the secrets' anchor in the future",
        stack: "staging",
        mutate: (c) => void (at(c, "secrets").anchor = "2027-01-01"),
        key: "app-platform:secrets.anchor",
        message: /2027-01-01 is in the future \(today is 2026-11-22\)/,
    },
    {
        cls: 3,
        name: "one generated secret's anchor in the future",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "secrets").generated.cronSecret.anchor = "2026-12-01"),
        key: "app-platform:secrets.generated.cronSecret.anchor",
        message: /2026-12-01 is in the future/,
    },
    {
        cls: 3,
        name: "an external key rotated in the future",
        stack: "smartduka",
        mutate: (c) => void (Object.values(at(c, "secrets").external as Record<string, { rotatedAt: string }>)[0].rotatedAt = "2026-12-24"),
        key: "",
        message: /2026-12-24 is in the future; set the day the key was last rotated/,
    },

    // --- 4. what the vendor refuses at deploy time ---
    {
        cls: 4,
        cli: true,
        name: "Cloud Run: 8Gi on 1 CPU",
        stack: "raptorflow",
        mutate: (c) => void Object.assign(service(c), { cpu: "1", memory: "8Gi" }),
        key: "app-platform:services.api.memory",
        message: /8Gi does not fit 1 CPU on Cloud Run: use 128Mi to 4Gi, or more CPU/,
    },
    {
        cls: 4,
        name: "Cloud Run: 1Gi on 4 CPUs",
        stack: "raptorflow",
        mutate: (c) => void Object.assign(service(c), { cpu: "4", memory: "1Gi" }),
        key: "app-platform:services.api.memory",
        message: /1Gi does not fit 4 CPU on Cloud Run: use 2Gi to 16Gi/,
    },
    {
        cls: 4,
        name: "Cloud Run: above its 32Gi",
        stack: "raptorflow",
        mutate: (c) => void Object.assign(service(c), { cpu: "8", memory: "64Gi" }),
        key: "app-platform:services.api.memory",
        message: /use 4Gi to 32Gi/,
    },
    {
        cls: 4,
        name: "Cloud Run: a CPU count it does not offer",
        stack: "raptorflow",
        mutate: (c) => void (service(c).cpu = "3"),
        key: "app-platform:services.api.cpu",
        message: /"1"\|"2"\|"4"\|"6"\|"8"|expected one of/,
    },
    {
        cls: 4,
        name: "ECS: a public subnet twice",
        stack: "smartduka",
        mutate: (c) => void (service(c).network.publicSubnetIds = ["subnet-0aaa1111bbbb2222c", "subnet-0aaa1111bbbb2222c"]),
        key: "app-platform:services.api.network.publicSubnetIds[1]",
        message: /subnet-0aaa1111bbbb2222c is listed twice/,
    },
    {
        cls: 4,
        name: "ECS: a private subnet twice",
        stack: "smartduka",
        mutate: (c) => void (service(c).network.privateSubnetIds = ["subnet-0ccc1111dddd2222e", "subnet-0ccc1111dddd2222e"]),
        key: "app-platform:services.api.network.privateSubnetIds[1]",
        message: /is listed twice/,
    },
    {
        cls: 4,
        name: "a redirect listed twice (two identical records)",
        stack: "production",
        mutate: (c) => void (at(c, "domains").redirects = ["www.ecoo.com", "www.ecoo.com"]),
        key: "app-platform:domains.redirects[1]",
        message: /repeats www\.ecoo\.com/,
    },
    {
        cls: 4,
        name: "the primary domain again as a redirect (two CNAMEs on one name)",
        stack: "staging",
        mutate: (c) => void (at(c, "domains").redirects = [at(c, "domains").primary]),
        key: "app-platform:dns",
        message: /staging\.ecoo\.com would carry two CNAME records \(host → Vercel; host → Vercel\), which Cloudflare refuses/,
    },
    {
        cls: 4,
        name: "a DKIM record declared twice (Cloudflare: record already exists)",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "dns").email.dkim = [1, 2].map(() => ({ name: "s1._domainkey", type: "CNAME", content: "s1.domainkey.example.net" }))),
        key: "app-platform:dns",
        message: /s1\._domainkey\.\S+ would carry two CNAME records \(DKIM; DKIM\), which Cloudflare refuses/,
    },
    {
        cls: 4,
        name: "an Atlas region of another cloud",
        stack: "smartduka",
        mutate: (c) => void Object.assign(atlas(c), { cloud: "AWS", region: "WESTERN_EUROPE" }),
        key: "app-platform:atlas.region",
        message: /WESTERN_EUROPE is not an Atlas region on AWS \(it is on GCP: set atlas\.cloud\)/,
    },
    {
        cls: 4,
        name: "an Atlas region misspelt",
        stack: "smartduka",
        mutate: (c) => void (atlas(c).region = "AF_SOUTH1"),
        key: "app-platform:atlas.region",
        message: /AF_SOUTH1 is not an Atlas region on AWS\. Did you mean AF_SOUTH_1\?/,
    },
    {
        cls: 4,
        name: "MongoDB's reserved admin database",
        stack: "smartduka",
        mutate: (c) => void (atlas(c).database = "Admin"),
        key: "app-platform:atlas.database",
        message: /Admin is one of MongoDB's reserved databases/,
    },
    {
        cls: 4,
        name: "access list entries that together open the database to everyone",
        stack: "smartduka",
        mutate: (c) => void atlas(c).accessList.push({ cidr: "0.0.0.0/1", comment: "a" }, { cidr: "128.0.0.0/1", comment: "b" }),
        key: "app-platform:atlas.accessList",
        message: /0\.0\.0\.0\/1, 128\.0\.0\.0\/1 together opens the production database to the whole internet/,
    },
    {
        cls: 4,
        name: "an app role's name PostgreSQL would need quoted (it becomes SQL)",
        stack: "mystic",
        mutate: (c) => void (at(c, "database").appRole.name = 'app"; DROP ROLE postgres; --'),
        key: "app-platform:database.appRole.name",
        message: /a lowercase PostgreSQL name such as mystic_app/,
    },
    {
        cls: 4,
        name: "a Neon region written as AWS's (Neon prefixes its own)",
        stack: "mystic",
        mutate: (c) => void (at(c, "postgres").region = "us-east-1"),
        key: "app-platform:postgres.region",
        message: /aws-us-east-1/,
    },
    {
        cls: 4,
        name: "more history than Neon keeps (30 days)",
        stack: "mystic",
        mutate: (c) => void (at(c, "postgres").historyRetentionDays = 45),
        key: "app-platform:postgres.historyRetentionDays",
        message: /Too big: expected number to be <=30/,
    },
    {
        cls: 1,
        name: "a Neon project id that would change the API path it lands in",
        stack: "mystic",
        mutate: (c) => void (at(c, "postgres").projectId = "../../projects"),
        key: "app-platform:postgres.projectId",
        message: /a Neon project id such as cool-darkness-123456/,
    },
    {
        cls: 4,
        name: "a database owner PostgreSQL would need quoted (it lands in the URL and in SQL)",
        stack: "mystic",
        mutate: (c) => void (at(c, "postgres").owner = "Owner Role"),
        key: "app-platform:postgres.owner",
        message: /a lowercase PostgreSQL name/,
    },
    {
        cls: 4,
        name: "an alarm threshold out of range",
        stack: "smartduka",
        mutate: (c) => void (at(c, "monitoring").alarms = { database: { connectionsPercent: 0 } }),
        key: "app-platform:monitoring.alarms.database.connectionsPercent",
        message: /Too small: expected number to be >=1/,
    },
    {
        cls: 4,
        name: "an availability objective the checks cannot report in time",
        stack: "staging",
        mutate: (c) => void (at(c, "monitoring").availability = { objectivePercent: 99.995 }),
        key: "app-platform:monitoring.availability.objectivePercent",
        message: /99\.995 % leaves 2\.2 minutes of downtime a month, but an outage is reported only after \d+/,
    },
    {
        cls: 4,
        name: "a header repeated in another case",
        stack: "mystic",
        mutate: (c) => void (at(c, "hosting").securityHeaders = { "X-Frame-Options": "DENY", "x-frame-options": "SAMEORIGIN" }),
        key: "app-platform:hosting.securityHeaders.x-frame-options",
        message: /is X-Frame-Options again in another case/,
    },
    {
        cls: 4,
        name: "a Cloudflare header a transform rule cannot set (Pages)",
        stack: "mystic",
        mutate: (c) => void (at(c, "hosting").securityHeaders = { "CF-Cache-Status": "HIT" }),
        key: "app-platform:hosting.securityHeaders.CF-Cache-Status",
        message: /Cloudflare's transform rules cannot set this header/,
    },
    {
        cls: 4,
        name: "a header value outside printable ASCII, with the invisible character shown (Pages)",
        stack: "mystic",
        mutate: (c) => void (at(c, "hosting").securityHeaders = { "Referrer-Policy": "no\u200breferrer" }),
        key: "app-platform:hosting.securityHeaders.Referrer-Policy",
        message: /"no\\u200breferrer" holds characters outside printable ASCII/,
    },
    {
        cls: 4,
        name: "a header value with surrounding spaces (the edge trims it: the check's EQUALS never matches)",
        stack: "staging",
        mutate: (c) => void (at(c, "hosting").securityHeaders = { "X-Frame-Options": " DENY" }),
        key: "app-platform:hosting.securityHeaders.X-Frame-Options",
        message: /starts or ends with white space/,
    },
    {
        cls: 4,
        name: "more Stripe metadata than Stripe keeps",
        stack: "dirtfree",
        mutate: (c) => void (at(c, "webhooks").stripe.metadata = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, "v"]))),
        key: "app-platform:webhooks.stripe.metadata",
        message: /at most 47 keys/,
    },
];

const TRACE = /^\s+at .+[(:]\d+/m;

describe("bad input: config values by where they land (code, credentials, clocks, vendor limits)", function () {
    this.timeout(600_000);
    const runs = new Map<string, Run>();

    before(async () => {
        await pool(
            CASES.filter((c) => c.cli).map((c) => async () => {
                const tmp = mkdtempSync(join(tmpdir(), "bad-config-"));
                const stack = STACK_OF[c.stack];
                const file = join(tmp, `Pulumi.${stack}.yaml`);
                const config = configMap(c.stack);
                c.mutate(config);
                writeFileSync(file, stringify({ config }));
                runs.set(c.name, await runTool("inventory/cli.ts", ["--stack", stack, "--file", file, "--now", "2026-11-22"]));
            }),
            2,
        );
    });

    for (const c of CASES) {
        it(`class ${c.cls}: ${c.name}`, () => {
            const err = configErrors(() => load(c.stack, c.mutate));
            const issue = err.issues.find((i) => (c.key ? i.key === c.key : true) && c.message.test(i.message));
            assert.ok(issue, `no issue${c.key ? ` for ${c.key}` : ""} matching ${c.message}; issues were:\n${err.message}`);
            assert.ok(!TRACE.test(err.message), err.message);
            assert.ok(!/[\u200b\u00a0\ufeff]/.test(err.message), `an invisible character printed as is:\n${err.message}`);
            if (c.printed) assert.match(err.message, c.printed);
            for (const canary of c.canaries ?? []) assert.ok(!err.message.includes(canary), `printed the canary ${canary}`);
            const run = runs.get(c.name);
            if (run) assertRefused(run, { code: 1, names: new RegExp(`${c.key.replace(/[.[\]]/g, "\\$&")}: `), canaries: c.canaries ?? [] });
        });
    }

    it("every class has a case run through the CLI", () => {
        assert.deepStrictEqual([...new Set(CASES.filter((c) => c.cli).map((c) => c.cls))].sort(), [1, 2, 3, 4]);
    });
});
