import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { stringify } from "yaml";
import { configMap, ROOT } from "../helpers";

/** Runs `npm run inventory -- <args>` the way a user would, with the clock pinned. */
function inventory(...args: string[]) {
    const res = spawnSync(process.execPath, [join(ROOT, "node_modules/.bin/ts-node"), "--transpile-only", join(ROOT, "inventory/cli.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PULUMI_CONFIG: "", PULUMI_CONFIG_SECRET_KEYS: "" },
    });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe("npm run inventory", function () {
    this.timeout(120_000);

    it("--json is complete through a pipe whose reader is slow: the CLI exits only once its output is written", () => {
        // The reader takes the first byte (the CLI has its output and is writing it), then nothing for
        // 3 s: a CLI that exits with output still queued past the pipe's 64 KiB does so within
        // milliseconds and loses the rest (exit 0 all the same), which JSON.parse finds.
        const cli = [
            process.execPath,
            join(ROOT, "node_modules/.bin/ts-node"),
            "--transpile-only",
            join(ROOT, "inventory/cli.ts"),
            "--stack",
            "production",
            "--json",
            "--now",
            "2026-11-22",
        ];
        const res = spawnSync(
            "bash",
            ["-o", "pipefail", "-c", `${cli.map((a) => `'${a}'`).join(" ")} | { IFS= read -r -N 1 first; sleep 3; printf '%s' "$first"; cat; }`],
            {
                cwd: ROOT,
                encoding: "utf8",
                maxBuffer: 64 * 1024 * 1024,
                env: { ...process.env, PULUMI_CONFIG: "", PULUMI_CONFIG_SECRET_KEYS: "" },
            },
        );
        assert.strictEqual(res.status, 0, res.stderr);
        assert.ok(res.stdout.length > 65_536, `the inventory is larger than a pipe's buffer (${res.stdout.length} bytes)`);
        assert.strictEqual(JSON.parse(res.stdout).stack, "production");
    });

    it("--json prints the documented shape for production: project, domains, sensitive env vars, two random slots per secret", () => {
        const { code, stdout, stderr } = inventory("--stack", "production", "--json", "--now", "2026-11-22");
        assert.strictEqual(code, 0, stderr);
        const inv = JSON.parse(stdout);
        assert.deepStrictEqual(Object.keys(inv).sort(), ["outputs", "placeholders", "resources", "stack", "warnings"]);
        assert.strictEqual(inv.stack, "production");
        for (const r of inv.resources) assert.deepStrictEqual(Object.keys(r).sort(), ["inputs", "name", "options", "parent", "type"]);
        const of = (t: string) => inv.resources.filter((r: any) => r.type === t);
        assert.strictEqual(of("vercel:index/project:Project").length, 1);
        assert.strictEqual(of("vercel:index/projectDomain:ProjectDomain").length, 2);
        const vars = of("vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable");
        for (const key of ["RAZORPAY_KEY_SECRET", "WEBHOOK_SECRET", "WEBHOOK_SECRET_PREVIOUS", "CRON_SECRET", "SUPABASE_SERVICE_ROLE_KEY", "RESEND_API_KEY"]) {
            const v = vars.find((x: any) => x.inputs.key === key);
            assert.strictEqual(v?.inputs.sensitive, true, key);
            assert.strictEqual(v?.options.deleteBeforeReplace, true, key);
        }
        assert.strictEqual(of("random:index/randomBytes:RandomBytes").length, 4);
        assert.ok(of("vercel:index/project:Project")[0].options.protect);
        assert.ok(inv.placeholders.includes("app-platform:razorpayKeySecret"));
    });

    it("--json shows production's data and operations: Redis, masked cron auth, hardened bucket, put-only writer, DNS", () => {
        const { code, stdout, stderr } = inventory("--stack", "production", "--json", "--now", "2026-11-22");
        assert.strictEqual(code, 0, stderr);
        const inv = JSON.parse(stdout);
        const of = (t: string) => inv.resources.filter((r: any) => r.type === t);
        assert.strictEqual(of("upstash:index/redisDatabase:RedisDatabase")[0].inputs.tls, true);
        const [schedule] = of("upstash:index/qStashScheduleV2:QStashScheduleV2");
        assert.strictEqual(schedule.inputs.forwardHeaders, "[secret]");
        for (const t of [
            "Bucket",
            "BucketVersioning",
            "BucketServerSideEncryptionConfiguration",
            "BucketPublicAccessBlock",
            "BucketOwnershipControls",
            "BucketPolicy",
            "BucketLifecycleConfiguration",
        ]) {
            assert.strictEqual(of(`aws:s3/${t[0].toLowerCase()}${t.slice(1)}:${t}`).length, 1, t);
        }
        const writer = JSON.parse(of("aws:iam/rolePolicy:RolePolicy")[0].inputs.policy);
        assert.deepStrictEqual(
            writer.Statement.flatMap((s: any) => s.Action),
            ["s3:PutObject"],
        );
        const records = of("cloudflare:index/dnsRecord:DnsRecord").map((r: any) => `${r.inputs.type} ${r.inputs.name}`);
        for (const r of ["A ecoo.com", "CNAME www.ecoo.com", "TXT send.ecoo.com", "TXT _dmarc.ecoo.com", "CAA ecoo.com"]) {
            assert.ok(records.includes(r), r);
        }
        assert.strictEqual(records.filter((r: string) => /^CNAME \w+\._domainkey\.ecoo\.com$/.test(r)).length, 3, "Resend's three DKIM CNAMEs");
        assert.deepStrictEqual(
            inv.outputs.crons.map((c: any) => [c.job, c.nextRuns.length]),
            [["retry-emails", 3]],
        );
    });

    it("--json shows production's webhooks: Razorpay and the Resend domain, feeding WEBHOOK_SECRET and RESEND_WEBHOOK_SECRET", () => {
        const { code, stdout, stderr } = inventory("--stack", "production", "--json", "--now", "2026-11-22");
        assert.strictEqual(code, 0, stderr);
        const inv = JSON.parse(stdout);
        const types = new Set(inv.resources.map((r: any) => r.type));
        for (const t of ["RazorpayWebhook", "ResendDomain", "ResendDomainVerification", "ResendWebhook"])
            assert.ok(types.has(`pulumi-nodejs:dynamic/app-platform:${t}`), t);
        const contract = Object.fromEntries(inv.outputs.envContract.map((e: any) => [e.name, e]));
        assert.deepStrictEqual([contract.WEBHOOK_SECRET.source, contract.RESEND_WEBHOOK_SECRET.source], ["generated.webhookSecret", "webhooks.resend.secret"]);
        const dkim = inv.resources.filter((r: any) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && /\._domainkey\.ecoo\.com$/.test(r.inputs.name));
        assert.deepStrictEqual(
            dkim.map((r: any) => r.inputs.type),
            ["CNAME", "CNAME", "CNAME"],
            "each Resend DKIM record is a Cloudflare record",
        );
        assert.ok(inv.outputs.webhooks.razorpayWebhookId && inv.outputs.webhooks.resendWebhookId);
    });

    it("--file names the stack by itself (Pulumi.<stack>.yaml): the same inventory as with --stack", () => {
        const file = join(ROOT, "tests/fixtures/Pulumi.mystic-production.yaml");
        const alone = inventory("--file", file, "--json", "--now", "2026-11-22");
        const named = inventory("--stack", "mystic-production", "--file", file, "--json", "--now", "2026-11-22");
        assert.strictEqual(alone.code, 0, alone.stderr);
        assert.strictEqual(alone.stdout, named.stdout);
        assert.strictEqual(JSON.parse(alone.stdout).stack, "mystic-production");
    });

    it("prints a readable tree for staging with the env-var contract and rotation calendar", () => {
        const { code, stdout } = inventory("--stack", "staging", "--now", "2026-11-22");
        assert.strictEqual(code, 0);
        assert.match(stdout, /^Stack staging: \d+ resources/);
        assert.match(stdout, /vercel:index\/project:Project {2}ecoo\n/);
        assert.match(stdout, /RAZORPAY_KEY_SECRET +secret +production,preview +payments.secretKey/);
        assert.match(stdout, /webhookSecret +generated +every 90d, rotated 2026-09-28, next 2026-12-27/);
    });

    it("fails with the config errors alone (no stack trace) and exit code 1", () => {
        const config = configMap("staging");
        config["app-platform:hostng"] = {};
        config["app-platform:payments"].publicKey = "rzp_live_ShouldNotPrint";
        const dir = mkdtempSync(join(tmpdir(), "inventory-"));
        const file = join(dir, "Pulumi.staging.yaml");
        writeFileSync(file, stringify({ config }));
        const { code, stderr, stdout } = inventory("--stack", "staging", "--file", file, "--now", "2026-11-22");
        assert.strictEqual(code, 1);
        assert.strictEqual(stdout, "");
        assert.match(stderr, /Stack "staging" has 2 configuration errors/);
        assert.match(stderr, /app-platform:hostng: unknown config key/);
        assert.match(stderr, /app-platform:payments.publicKey: holds a live-mode key/);
        assert.ok(!stderr.includes("ShouldNotPrint") && !stderr.includes("    at "), stderr);
    });

    it("--help prints the usage and exits 0; --markdown with --file writes only where --out says", () => {
        const help = inventory("--help");
        assert.strictEqual(help.code, 0);
        assert.match(help.stdout, /^usage: npm run inventory -- --stack <name>/);
        const dir = mkdtempSync(join(tmpdir(), "inventory-"));
        const file = join(dir, "Pulumi.staging.yaml");
        writeFileSync(file, stringify({ config: configMap("staging") }));
        const out = join(dir, "staging.md");
        const written = inventory("--stack", "staging", "--file", file, "--markdown", "--out", out, "--now", "2026-11-22");
        assert.strictEqual(written.code, 0, written.stderr);
        assert.strictEqual(readFileSync(out, "utf8"), readFileSync(join(ROOT, "docs/stacks/staging.md"), "utf8"));
    });

    it("explains its usage when the stack is missing or unknown", () => {
        assert.strictEqual(inventory().code, 2);
        const unknown = inventory("--stack", "qa");
        assert.strictEqual(unknown.code, 2);
        assert.match(unknown.stderr, /no stack file Pulumi.qa.yaml for --stack qa/);
    });
});
