// Bad input to `npm run inventory` and the stack config it validates (the same loader `pulumi up`
// runs): every case exits non-zero with a message that names the flag, file:line:column or config
// key, prints no stack trace and no secret, and writes nothing.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { stringify } from "yaml";
import { ConfigMap, configMap, ROOT } from "../helpers";
import { command } from "../../inventory/cli";
import { assertRefused, pool, Run, runInProcess, runTool } from "./harness";

const STACK_DOC = join(ROOT, "docs/stacks/staging.md");

/** A JWT whose payload says role service_role (Supabase's secret key shape), signed with nonsense. */
const SERVICE_ROLE_JWT = [
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    Buffer.from(JSON.stringify({ role: "service_role", ref: "canary-ref" })).toString("base64url"),
    "Jwt-Canary-Signature",
].join(".");

interface Case {
    name: string;
    /** The command line; `file` is the case's stack file, `tmp` a scratch folder. */
    args: (file: string, tmp: string) => string[];
    /** The stack file: staging's config changed by `mutate`, or this raw text. */
    mutate?: (c: ConfigMap) => void;
    raw?: string;
    /** Edits the stringified file (to write what stringify would not, e.g. 8.0). */
    text?: (yaml: string) => string;
    /** The stack file's name in the case's folder (default Pulumi.staging.yaml). */
    fileName?: string;
    code: 1 | 2;
    names: RegExp;
    canaries?: string[];
    /** Runs as a child process (the others run in-process: runInProcess): it could block the process. */
    child?: true;
}

const flags =
    (...extra: string[]) =>
    (file: string) => ["--stack", "staging", "--file", file, "--now", "2026-11-22", ...extra];
/** A valid Cloud Run service for staging's zone, which a case then breaks. */
const API = {
    platform: "cloud-run",
    image: "europe-docker.pkg.dev/ecoo/api/api:1.0.0",
    project: "ecoo-staging",
    region: "europe-west1",
    port: 8000,
    host: "api.staging.ecoo.com",
    instances: { min: 0, max: 2 },
};
const set = (key: string, value: unknown) => (c: ConfigMap) => void (c[key] = value);

const CASES: Case[] = [
    // --- the command line (exit 2) ---
    { name: "no --stack", args: () => ["--json"], code: 2, names: /--stack is required/ },
    {
        name: "--file whose name does not say the stack, without --stack",
        args: (_f, scratch) => ["--file", join(scratch, "stack.yaml")],
        code: 2,
        names: /--file \S+stack\.yaml: its name does not say the stack \(Pulumi\.<stack>\.yaml\); add --stack <name>/,
    },
    { name: "an unknown stack", args: () => ["--stack", "qa"], code: 2, names: /no stack file Pulumi\.qa\.yaml for --stack qa/ },
    {
        name: "--stack that climbs out of docs/ with --markdown (wrote outside the repository before)",
        args: () => ["--stack", "../..", "--markdown"],
        code: 2,
        names: /--stack "\.\.\/\.\.": a stack name is/,
    },
    { name: "--stack with a slash", args: () => ["--stack", "a/b"], code: 2, names: /--stack "a\/b": a stack name is/ },
    {
        name: "--markdown with --file (overwrote the committed doc before)",
        args: (f) => ["--stack", "staging", "--file", f, "--markdown"],
        code: 2,
        names: /--markdown with --file needs --out FILE: it would otherwise overwrite docs\/stacks\/staging\.md/,
    },
    {
        name: "--now that is not a date",
        args: () => ["--stack", "staging", "--now", "2026-13-45"],
        code: 2,
        names: /--now "2026-13-45": not a date; use YYYY-MM-DD/,
    },
    { name: "--now in words", args: () => ["--stack", "staging", "--now", "yesterday"], code: 2, names: /--now "yesterday": not a date/ },
    {
        name: "--now 2026-02-30 (became March 2 before)",
        args: () => ["--stack", "staging", "--now", "2026-02-30"],
        code: 2,
        names: /--now "2026-02-30": not a date; use YYYY-MM-DD \(e\.g\. 2026-11-22\) or an ISO timestamp .*\. 2026-02 has days 01 to 28\./,
    },
    {
        name: "--now 2026-04-31T06:00:00Z (became May 1 before)",
        args: () => ["--stack", "staging", "--now", "2026-04-31T06:00:00Z"],
        code: 2,
        names: /--now "2026-04-31T06:00:00Z": not a date; .*2026-04 has days 01 to 30\./,
    },
    {
        name: "--now at hour 25",
        args: () => ["--stack", "staging", "--now", "2026-11-22T25:00:00Z"],
        code: 2,
        names: /--now "2026-11-22T25:00:00Z": not a date; .*25:00:00Z is not a time of day/,
    },
    {
        name: "--file that is a pipe (the read waited forever)",
        args: (_, tmp) => {
            execFileSync("mkfifo", [join(tmp, "fifo.yaml")]);
            return ["--stack", "staging", "--file", join(tmp, "fifo.yaml")];
        },
        code: 2,
        names: /--file .*fifo\.yaml: not a regular file; give the stack file/,
        child: true,
    },
    { name: "--file that is a folder", args: (_, tmp) => ["--stack", "staging", "--file", tmp], code: 2, names: /--file .*: is a folder; give the stack file/ },
    {
        name: "--file that does not exist",
        args: (_, tmp) => ["--stack", "staging", "--file", join(tmp, "Pulumi.nope.yaml")],
        code: 2,
        names: /--file .*Pulumi\.nope\.yaml: no such file/,
    },
    { name: "a misspelt flag", args: () => ["--stack", "staging", "--jsno"], code: 2, names: /unknown option --jsno; did you mean --json\?/ },
    {
        name: "--json and --markdown together",
        args: () => ["--stack", "staging", "--json", "--markdown"],
        code: 2,
        names: /choose --json or --markdown, not both/,
    },
    {
        name: "the stack as a bare argument",
        args: () => ["staging"],
        code: 2,
        names: /unexpected argument "staging" \(options start with --, e\.g\. --stack staging\)/,
    },
    { name: "--out without --markdown", args: (_, tmp) => ["--stack", "staging", "--out", join(tmp, "x.md")], code: 2, names: /--out goes with --markdown/ },

    // --- the stack file as YAML (exit 1, file:line:column, no trace) ---
    {
        name: "bad indentation",
        raw: "config:\n  app-platform:name: shop\n   app-platform:environment: staging\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:2:22: Nested mappings are not allowed in compact mappings\n +1 \| config:\n +2 \| {3}app-platform:name: shop\n +\| +\^\n +3 \| {4}app-platform:environment: staging/,
    },
    {
        name: "an unclosed [ (reported where the parser stopped, a line later, before)",
        raw: "config:\n  app-platform:domains:\n    primary: a.example.com\n    redirects: [www.example.com\n  app-platform:name: shop\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:4:16: the \[ opened on line 4 is never closed; close it with \] \(or quote the value if the \[ is text\)\n +3 \| {5}primary: a\.example\.com\n +4 \| {5}redirects: \[www\.example\.com\n +\| {16}\^\n +5 \| {3}app-platform:name: shop\n\(the YAML parser stopped at line 5, column 3: Flow sequence in block collection must be sufficiently indented and end with a \]\)/,
    },
    {
        name: "an unclosed [ spread over lines: the line it opened on",
        raw: "config:\n  app-platform:name: shop\n  app-platform:domains:\n    primary: a.example.com\n    redirects: [\n      www.example.com,\n      shop.example.com\n  app-platform:environment: staging\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:5:16: the \[ opened on line 5 is never closed[^]*\n +5 \| {5}redirects: \[\n[^]*\(the YAML parser stopped at line 8, column 3: /,
    },
    {
        name: "an unclosed {",
        raw: "config:\n  app-platform:name: shop\n  app-platform:domains: {primary: a.example.com\n  app-platform:environment: staging\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:3:25: the \{ opened on line 3 is never closed; close it with \}/,
    },
    {
        name: "a [ closed with }",
        raw: "config:\n  app-platform:domains: {primary: a.example.com, redirects: [www.example.com}\n  app-platform:name: shop\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:2:61: the \[ opened on line 2 is never closed; close it with \]/,
    },
    {
        name: "a YAML error in a --file named otherwise names that file",
        fileName: "shop-staging.yml",
        raw: "config:\n  app-platform:name: shop\n   app-platform:environment: staging\n",
        args: flags(),
        code: 1,
        names: /\/shop-staging\.yml:2:22: Nested mappings/,
    },
    {
        name: "an empty file (a list of required keys before)",
        raw: "",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml: this is not a stack file: it is empty\. A stack file \(Pulumi\.<stack>\.yaml\) looks like:\n {2}config:\n {4}app-platform:name: shop\n/,
    },
    {
        name: "a file of comments only",
        raw: "# staging\n# (to do)\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml: this is not a stack file: it is empty/,
    },
    {
        name: "the project file, Pulumi.yaml (a list of required keys before)",
        fileName: "Pulumi.yaml",
        raw: readFileSync(join(ROOT, "Pulumi.yaml"), "utf8"),
        args: flags(),
        code: 1,
        names: /\/Pulumi\.yaml: this is not a stack file: it is a project file \(name: and runtime:, no config:\)\. A stack file \(Pulumi\.<stack>\.yaml\) looks like:\n {2}config:/,
    },
    {
        name: "YAML without config:",
        raw: "encryptionsalt: v1:c2FsdA==:v1:abc\nsecretsprovider: passphrase\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml: this is not a stack file: it has no config: key\. A stack file/,
    },
    {
        name: "config keys without config: above them",
        raw: "app-platform:name: shop\napp-platform:environment: staging\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:1:1: "app-platform:name" is at the top level of the file; config keys go under config:, indented by two spaces\n +1 \| app-platform:name: shop\n +\| \^/,
    },
    {
        name: "a zero-width space before a key (it left config: unseen)",
        raw: "config:\n  app-platform:name: shop\n\u200b  app-platform:environment: staging\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:3:1: "\\u200b  app-platform:environment" is at the top level of the file[^]*\n +3 \| \\u200b  app-platform:environment: staging/,
    },
    {
        name: "a non-breaking space after a colon: the excerpt shows it",
        raw: "config:\n  app-platform:name:\u00a0shop\n  app-platform:environment: staging\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:2:3: Implicit keys need to be on a single line\n +1 \| config:\n +2 \| {3}app-platform:name:\\u00a0shop\n[^]*\nLine 2 holds invisible characters \(\\u00a0 at column 21\): retype them as plain spaces or remove them\./,
    },
    {
        name: "a tab before a secret's value: the excerpt shows \\t, still not the value",
        raw: "config:\n  app-platform:name: shop\n   app-platform:stripeSecretKey:\tsk_live_TabCanary1234567\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:2:22: [^]*\n +3 \| {4}app-platform:stripeSecretKey:\\t<value not shown>/,
        canaries: ["TabCanary1234567"],
    },
    {
        name: "an alias bomb (billion laughs: unexpected failure before)",
        raw: "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nconfig:\n  app-platform:name: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:2:8: its aliases \(\*name\) expand into too much data \(.*resource exhaustion.*\); a stack file needs no aliases: write the values out/,
    },
    {
        name: "a duplicate key",
        raw: "config:\n  app-platform:name: shop\n  app-platform:name: store\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:3:3: Map keys must be unique\n[^]* +3 \| {3}app-platform:name: store\n +\| {3}\^/,
    },
    {
        name: "a tab as indentation",
        raw: "config:\n\tapp-platform:name: shop\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:2:1: Tabs are not allowed as indentation/,
    },
    {
        name: "a broken line holding a secret shows the key, not the value",
        raw: "config:\n  app-platform:name: shop\n   app-platform:stripeSecretKey: sk_live_YamlCanary123456\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml:2:22: [^]*\n +3 \| {4}app-platform:stripeSecretKey: <value not shown>/,
        canaries: ["YamlCanary123456"],
    },
    {
        name: "config that is a list",
        raw: "config:\n  - app-platform:name\n",
        args: flags(),
        code: 1,
        names: /Pulumi\.staging\.yaml: its config: must be a YAML mapping/,
    },
    { name: "a file that is a list", raw: "- config\n", args: flags(), code: 1, names: /Pulumi\.staging\.yaml: the file must be a YAML mapping/ },

    // --- the config as the file wrote it (exit 1): its own name, quoting, invisible characters ---
    {
        name: "a plaintext secret in a --file named otherwise: Remove it from that file (Pulumi.staging.yaml before)",
        fileName: "staging-copy.yaml",
        mutate: set("app-platform:razorpayKeySecret", "Plain-Canary-11"),
        args: flags(),
        code: 1,
        names: /\(\/.*\/staging-copy\.yaml and its secrets\):\n {2}- app-platform:razorpayKeySecret: is stored in plaintext\. Remove it from \/.*\/staging-copy\.yaml and run: pulumi config set --secret/,
        canaries: ["Plain-Canary-11"],
    },
    {
        name: "a hostname YAML reads as a number: quote it",
        mutate: (c) => void (c["app-platform:domains"].primary = 123),
        args: flags(),
        code: 1,
        names: /app-platform:domains\.primary: expected string \(a hostname such as shop\.example\.com\), got a number; YAML read it as a number: write it in quotes: "123" \(line \d+\)/,
    },
    {
        name: "an M-Pesa shortcode unquoted",
        mutate: (c) => void (c["app-platform:payments"] = { provider: "mpesa", environment: "sandbox", shortcode: 174379 }),
        args: flags(),
        code: 1,
        names: /app-platform:payments\.shortcode: expected string, got a number; YAML read it as a number: write it in quotes: "174379" \(line \d+\)/,
    },
    {
        name: "a version YAML reads as a number (8.0 is 8)",
        mutate: (c) => {
            c["app-platform:atlas"] = {
                orgId: "64f0c0ffee0ddba11c0ffee1",
                region: "EU_WEST_1",
                tier: "M10",
                database: "shop",
                accessList: [{ cidr: "203.0.113.9/32", comment: "office" }],
                mongoVersion: "MONGO_VERSION",
            };
            c["app-platform:secrets"].generated.mongodbPassword = { encoding: "alphanumeric", length: 32, rotationDays: 90 };
        },
        text: (y) => y.replace("MONGO_VERSION", "8.0"),
        args: flags(),
        code: 1,
        names: /app-platform:atlas\.mongoVersion: Invalid option: expected one of "7\.0"\|"8\.0" \(line \d+ reads 8\.0 as a number: write it in quotes: "8\.0"\)/,
    },
    {
        name: "a branch name YAML reads as a boolean",
        mutate: (c) => void (c["app-platform:hosting"].productionBranch = "BRANCH"),
        text: (y) => y.replace("BRANCH", "true"),
        args: flags(),
        code: 1,
        names: /app-platform:hosting\.productionBranch: expected string, got a boolean; YAML read it as a boolean: write it in quotes: "true" \(line \d+\)/,
    },
    {
        name: "a zero-width space in a key",
        mutate: (c) => {
            const h = c["app-platform:hosting"];
            h["frame\u200bwork"] = h.framework;
            delete h.framework;
        },
        args: flags(),
        code: 1,
        names: /app-platform:hosting\.frame\\u200bwork: unknown key\. Did you mean framework\?/,
    },
    {
        name: "a BOM inside the file, before a key",
        mutate: (c) => void (c["\ufeffapp-platform:redis"] = c["app-platform:redis"] ?? {}),
        args: flags(),
        code: 1,
        names: /- \\ufeffapp-platform:redis: unknown namespace "\\ufeffapp-platform" .*Did you mean app-platform:redis\?/,
    },
    {
        name: "a control character (BEL) in a key",
        mutate: (c) => {
            const h = c["app-platform:hosting"];
            h["framework\u0007"] = h.framework;
            delete h.framework;
        },
        args: flags(),
        code: 1,
        names: /app-platform:hosting\.framework\\u0007: unknown key/,
    },
    {
        name: "a non-breaking space after a value",
        mutate: set("app-platform:environment", "staging\u00a0"),
        args: flags(),
        code: 1,
        names: /app-platform:environment: Invalid option: expected one of "staging"\|"production" \(line \d+: the value holds invisible characters, \\u00a0: retype it\)/,
    },
    {
        name: "a tab inside a value",
        mutate: (c) => void (c["app-platform:hosting"].provider = "ver\tcel"),
        args: flags(),
        code: 1,
        names: /app-platform:hosting\.provider: .*\(line \d+: the value holds invisible characters, \\t: retype it\)/,
    },
    {
        name: "a carriage return ending a value",
        mutate: (c) => void (c["app-platform:hosting"].provider = "vercel\r"),
        args: flags(),
        code: 1,
        names: /app-platform:hosting\.provider: .*\(line \d+: the value holds invisible characters, \\r: retype it\)/,
    },

    // --- the config (exit 1, the key and how to fix it) ---
    {
        name: "a misspelt namespace (dropped the whole section before)",
        mutate: (c) => {
            c["app-platfom:crons"] = c["app-platform:crons"] ?? {};
        },
        args: flags(),
        code: 1,
        names: /app-platfom:crons: unknown namespace "app-platfom" .* Did you mean app-platform:crons\?/,
    },
    {
        name: "a misspelt provider namespace",
        mutate: set("vercell:apiToken", "x"),
        args: flags(),
        code: 1,
        names: /vercell:apiToken: unknown namespace "vercell" .* Did you mean vercel:apiToken\?/,
    },
    {
        name: "a Supabase service_role JWT as a literal (accepted before)",
        mutate: (c) => void (c["app-platform:env"].SUPABASE_ADMIN_KEY = { value: SERVICE_ROLE_JWT }),
        args: flags(),
        code: 1,
        names: /app-platform:env\.SUPABASE_ADMIN_KEY\.value: looks like a Supabase service-role key in plaintext \(the value is not shown\)/,
        canaries: ["Jwt-Canary-Signature", SERVICE_ROLE_JWT.split(".")[1]],
    },
    {
        name: "a connection string with a password as a literal",
        mutate: (c) => void (c["app-platform:env"].DB_URL = { value: "postgresql://app:Literal-Canary-9@db.example.com:5432/app" }),
        args: flags(),
        code: 1,
        names: /app-platform:env\.DB_URL\.value: looks like a connection string with a password/,
        canaries: ["Literal-Canary-9"],
    },
    {
        name: "a Stripe secret key as a literal",
        mutate: (c) => void (c["app-platform:env"].STRIPE_KEY = { value: "sk_test_StripeCanary42" }),
        args: flags(),
        code: 1,
        names: /app-platform:env\.STRIPE_KEY\.value: looks like a Stripe secret key/,
        canaries: ["StripeCanary42"],
    },
    {
        name: "a plaintext external secret",
        mutate: set("app-platform:razorpayKeySecret", "Plain-Canary-10"),
        args: flags(),
        code: 1,
        names: /app-platform:razorpayKeySecret: is stored in plaintext\. Remove it from .*Pulumi\.staging\.yaml and run: pulumi config set --secret/,
        canaries: ["Plain-Canary-10"],
    },
    {
        name: "a misspelt Razorpay event (unchecked before)",
        mutate: (c) => void (c["app-platform:webhooks"].razorpay.events = ["payment.captured", "payment.capture"]),
        args: flags(),
        code: 1,
        names: /app-platform:webhooks\.razorpay\.events\[1\]: "payment\.capture" is not a Razorpay webhook event\. Did you mean payment\.captured\?/,
    },
    {
        name: "a wrong type (reported as required before)",
        mutate: (c) => void (c["app-platform:domains"].primary = 5),
        args: flags(),
        code: 1,
        names: /app-platform:domains\.primary: expected string \(a hostname such as shop\.example\.com\), got a number/,
    },
    {
        name: "a list where a mapping belongs",
        mutate: (c) => void (c["app-platform:crons"].jobs = "retry-emails"),
        args: flags(),
        code: 1,
        names: /app-platform:crons\.jobs: expected array, got a string/,
    },
    {
        name: "a lower-case env name (lost its hint before)",
        mutate: (c) => void (c["app-platform:env"].site_url = { value: "x" }),
        args: flags(),
        code: 1,
        names: /app-platform:env\.site_url: bad name: environment variable names are UPPER_SNAKE_CASE/,
    },
    {
        name: "a section that is not a mapping",
        mutate: set("app-platform:redis", "yes"),
        args: flags(),
        code: 1,
        names: /app-platform:redis: expected an object \(YAML mapping\)/,
    },
    {
        name: "the error header names --file's file (named Pulumi.<stack>.yaml before)",
        mutate: set("app-platform:hostng", {}),
        args: flags(),
        code: 1,
        names: /Stack "staging" has 1 configuration error \(.*\/Pulumi\.staging\.yaml and its secrets\):\n {2}- app-platform:hostng: unknown config key\. Did you mean app-platform:hosting\?/,
    },
    {
        name: "migrations.lockTimeout 0 (the CLI's rule)",
        mutate: (c) => void (c["app-platform:migrations"].lockTimeout = "0"),
        args: flags(),
        code: 1,
        names: /app-platform:migrations\.lockTimeout: a PostgreSQL duration above zero and at most 24 days/,
    },
    {
        name: "migrations.baseline latest (the CLI's rule)",
        mutate: (c) => void (c["app-platform:migrations"].baseline = "latest"),
        args: flags(),
        code: 1,
        names: /app-platform:migrations\.baseline: the 14-digit version of the last file/,
    },
    {
        name: "migrations.lockWaitSeconds as text",
        mutate: (c) => void (c["app-platform:migrations"].lockWaitSeconds = "sixty"),
        args: flags(),
        code: 1,
        names: /app-platform:migrations\.lockWaitSeconds: expected number \(a whole number of seconds, e\.g\. 60\), got a string/,
    },
    {
        name: "migrations.rollbackTo 13 digits",
        mutate: (c) => void (c["app-platform:migrations"].rollbackTo = "2026012010000"),
        args: flags(),
        code: 1,
        names: /app-platform:migrations\.rollbackTo: a 14-digit migration version, or "0"/,
    },
    {
        name: "a misspelt key in a section",
        mutate: (c) => void (c["app-platform:hosting"].framwork = "nextjs"),
        args: flags(),
        code: 1,
        names: /app-platform:hosting\.framwork: unknown key\. Did you mean framework\?/,
    },
    {
        name: "an unknown hosting provider",
        mutate: (c) => void (c["app-platform:hosting"].provider = "netlify"),
        args: flags(),
        code: 1,
        names: /app-platform:hosting\.provider: /,
    },
    {
        name: "a rotation day in the future",
        mutate: (c) => void (c["app-platform:secrets"].external.resendApiKey.rotatedAt = "2027-01-01"),
        args: flags(),
        code: 1,
        names: /app-platform:secrets\.external\.resendApiKey\.rotatedAt: 2027-01-01 is in the future/,
    },
    {
        name: "an uptime frequency Checkly does not offer",
        mutate: (c) => void (c["app-platform:monitoring"].uptime.frequencyMinutes = 7),
        args: flags(),
        code: 1,
        names: /app-platform:monitoring\.uptime\.frequencyMinutes: one of Checkly's frequencies: 1, 5, 10, 15, 30, 60, 720, 1440 \(minutes\)/,
    },
    {
        name: "a misspelt monitoring key",
        mutate: (c) => void (c["app-platform:monitoring"].alert = c["app-platform:monitoring"].alerts),
        args: flags(),
        code: 1,
        names: /app-platform:monitoring\.alert: unknown key\. Did you mean alerts\?/,
    },
    {
        name: "a Slack webhook secret not declared",
        mutate: (c) => void (c["app-platform:monitoring"].alerts.slack = { channel: "#ops", webhookUrlSecret: "opsSlack" }),
        args: flags(),
        code: 1,
        names: /app-platform:secrets\.external\.opsSlack: app-platform:monitoring\.alerts\.slack \(its incoming-webhook URL\) needs this key declared, e\.g\. \{ rotatedAt: 2026-11-22, rotationDays: 365 \}/,
    },
    {
        name: "a service image tagged latest",
        mutate: (c) => void (c["app-platform:services"] = { api: { ...API, image: "europe-docker.pkg.dev/ecoo/api/api:latest" } }),
        args: flags(),
        code: 1,
        names: /app-platform:services\.api\.image: the tag latest names no particular build/,
    },
    {
        name: "a Cloud Run region without domain mappings",
        mutate: (c) => void (c["app-platform:services"] = { api: { ...API, region: "asia-south1" } }),
        args: flags(),
        code: 1,
        names: /app-platform:services\.api\.region: a Cloud Run region with domain mappings: /,
    },
    {
        name: "a secret pasted into a service's env",
        mutate: (c) => void (c["app-platform:services"] = { api: { ...API, env: { STRIPE_KEY: { value: "sk_live_ServiceCanary0123456789" } } } }),
        args: flags(),
        code: 1,
        names: /app-platform:services\.api\.env\.STRIPE_KEY\.value: looks like .* in plaintext \(the value is not shown\)/,
        canaries: ["ServiceCanary0123456789"],
    },
    {
        name: "seed 004's M-Pesa mix-up: the sandbox shortcode with MPESA_ENV=production",
        mutate: (c) => void (c["app-platform:payments"] = { provider: "mpesa", environment: "production", shortcode: "174379" }),
        args: flags(),
        code: 1,
        names: /app-platform:payments\.shortcode: 174379 is one of Safaricom's sandbox test shortcodes .*payments\.environment is production \(MPESA_ENV=production\)/,
    },
    {
        name: "an Atlas password that cannot sit in a URI",
        mutate: (c) => {
            c["app-platform:atlas"] = {
                orgId: "64f0c0ffee0ddba11c0ffee1",
                region: "EU_WEST_1",
                tier: "M10",
                database: "shop",
                accessList: [{ cidr: "203.0.113.9/32", comment: "office" }],
            };
            c["app-platform:secrets"].generated.mongodbPassword = { bytes: 24, encoding: "base64", rotationDays: 90 };
        },
        args: flags(),
        code: 1,
        names: /app-platform:secrets\.generated\.mongodbPassword: the database users' password sits inside MONGODB_URI/,
    },
    // Values the provider or vendor would refuse at deploy time (first contact with the real providers).
    {
        name: "a Sentry platform (the pinned provider fetches docs.sentry.io to check it: a 404, so every preview fails)",
        mutate: (c) => void (c["app-platform:monitoring"].sentry.platform = "javascript-nextjs"),
        args: flags(),
        code: 1,
        names: /app-platform:monitoring\.sentry\.platform: remove it: the Sentry provider checks a platform against docs\.sentry\.io/,
    },
    {
        name: "a Sentry dataset Sentry does not offer for alerts",
        mutate: (c) => void (c["app-platform:monitoring"].sentry.performanceDataset = "metrics"),
        args: flags(),
        code: 1,
        names: /app-platform:monitoring\.sentry\.performanceDataset: .*events_analytics_platform/,
    },
    {
        name: "more Checkly reminders than its API takes (the schema allowed 10)",
        mutate: (c) => void (c["app-platform:monitoring"].alerts.reminders = { times: 6, everyMinutes: 10 }),
        args: flags(),
        code: 1,
        names: /app-platform:monitoring\.alerts\.reminders\.times: Checkly reminds 1 to 5 times, or 100000 \(until resolved\)/,
    },
    {
        name: "an empty env value (ECS drops it: a new task definition on every up)",
        mutate: (c) => void (c["app-platform:env"].EMPTY_FLAG = { value: "" }),
        args: flags(),
        code: 1,
        names: /app-platform:env\.EMPTY_FLAG\.value: is empty: remove the variable/,
    },
    {
        name: "Atlas weekly snapshots kept shorter than the daily ones",
        mutate: (c) => {
            c["app-platform:atlas"] = {
                orgId: "64f0c0ffee0ddba11c0ffee1",
                region: "EU_WEST_1",
                tier: "M10",
                database: "shop",
                accessList: [{ cidr: "203.0.113.9/32", comment: "office" }],
                backup: { dailyDays: 14, weeklyWeeks: 1 },
            };
            c["app-platform:secrets"].generated.mongodbPassword = { encoding: "alphanumeric", length: 32, rotationDays: 90 };
        },
        args: flags(),
        code: 1,
        names: /app-platform:atlas\.backup\.weeklyWeeks: keeps snapshots for less time than dailyDays \(14 days\)/,
    },
    {
        name: "an Atlas restore window longer than the snapshots it restores from",
        mutate: (c) => {
            c["app-platform:atlas"] = {
                orgId: "64f0c0ffee0ddba11c0ffee1",
                region: "EU_WEST_1",
                tier: "M10",
                database: "shop",
                accessList: [{ cidr: "203.0.113.9/32", comment: "office" }],
                backup: { restoreWindowDays: 14, dailyDays: 7 },
            };
            c["app-platform:secrets"].generated.mongodbPassword = { encoding: "alphanumeric", length: 32, rotationDays: 90 };
        },
        args: flags(),
        code: 1,
        names: /app-platform:atlas\.backup\.restoreWindowDays: 14 days is longer than the daily snapshots are kept \(dailyDays: 7\)/,
    },
    {
        name: "the Atlas maintenance hour called UTC (it is the project's time zone)",
        mutate: (c) => {
            c["app-platform:atlas"] = {
                orgId: "64f0c0ffee0ddba11c0ffee1",
                region: "EU_WEST_1",
                tier: "M10",
                database: "shop",
                accessList: [{ cidr: "203.0.113.9/32", comment: "office" }],
                maintenance: { day: "sunday", hourUtc: 2 },
            };
            c["app-platform:secrets"].generated.mongodbPassword = { encoding: "alphanumeric", length: 32, rotationDays: 90 };
        },
        args: flags(),
        code: 1,
        names: /app-platform:atlas\.maintenance\.hourUtc: unknown key.*hour/,
    },
    {
        name: "a PhonePe webhook username PhonePe refuses",
        mutate: (c) =>
            void (c["app-platform:payments"] = {
                provider: "phonepe",
                environment: "uat",
                merchantId: "PGTESTPAYUAT86",
                clientId: "TEST-CLIENT",
                clientVersion: 1,
                webhook: { url: "https://api.example.com/hooks/phonepe", username: "a-b" },
            }),
        args: flags(),
        code: 1,
        names: /app-platform:payments\.webhook\.username: 5 to 20 letters, digits or underscores/,
    },
];

const hash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("bad input: npm run inventory and the stack config", function () {
    this.timeout(600_000);
    const runs = new Map<string, Run>();
    const docBefore = hash(STACK_DOC);
    // Where a climbing --stack would have written: docs/, docs/stacks/ and the folder above the
    // project (only .md files: other tests make temporary folders there).
    const written = () =>
        [join(ROOT, "docs"), join(ROOT, "docs", "stacks"), join(ROOT, "..")].map((d) =>
            readdirSync(d)
                .filter((f) => f.endsWith(".md"))
                .sort(),
        );
    const writtenBefore = written();

    before(async () => {
        runs.clear();
        await pool(
            CASES.map((c) => async () => {
                const tmp = mkdtempSync(join(tmpdir(), "bad-inventory-"));
                const file = join(tmp, c.fileName ?? "Pulumi.staging.yaml");
                const config = configMap("staging");
                c.mutate?.(config);
                const yaml = stringify({ config });
                writeFileSync(file, c.raw ?? c.text?.(yaml) ?? yaml);
                const args = c.args(file, mkdtempSync(join(tmpdir(), "bad-inventory-scratch-")));
                runs.set(c.name, await (c.child ? runTool("inventory/cli.ts", args) : runInProcess(command, args)));
            }),
        );
    });

    for (const c of CASES) {
        it(c.name, () => assertRefused(runs.get(c.name)!, { code: c.code, names: c.names, canaries: c.canaries ?? [] }));
    }

    it("wrote nothing: the committed stack doc and the folder above the project are as they were", () => {
        assert.strictEqual(hash(STACK_DOC), docBefore);
        assert.deepStrictEqual(written(), writtenBefore);
        assert.ok(!existsSync(join(ROOT, "docs", "...md")));
    });
});
