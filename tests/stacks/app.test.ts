import * as assert from "assert";
import { evaluate, reveal, StackName } from "../helpers";
import { ResourceRecord } from "../../inventory/mocks";
import { PLACEHOLDER } from "../../inventory/stackFile";

/** Every secret value the stack hands a provider: sensitive Vercel variables and Pages secret_text variables. */
function secretValues(records: ResourceRecord[]): string[] {
    return records.flatMap((r) => {
        if (r.type === ENV_VAR) return r.revealed.sensitive ? [r.revealed.value as string] : [];
        const configs = r.revealed.deploymentConfigs as Record<string, { envVars: Record<string, { type: string; value: string }> }> | undefined;
        return Object.values(configs ?? {}).flatMap((c) =>
            Object.values(c.envVars)
                .filter((v) => v.type === "secret_text")
                .map((v) => v.value),
        );
    });
}

const ENV_VAR = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";

describe("stacks end to end (under mocks)", () => {
    it("staging: one Vercel project ecoo-staging on branch staging, the seed's env-var contract, test keys", async () => {
        const { records, inventory } = await evaluate("staging");
        const project = records.find((r) => r.type === "vercel:index/project:Project");
        assert.strictEqual(project?.inputs.name, "ecoo-staging");
        assert.strictEqual((project?.inputs.gitRepository as { productionBranch: string }).productionBranch, "staging");
        const vars = Object.fromEntries(records.filter((r) => r.type === ENV_VAR).map((r) => [r.inputs.key as string, r]));
        assert.deepStrictEqual(Object.keys(vars).sort(), [
            "ADMIN_EMAIL",
            "CRON_SECRET",
            "CRON_SECRET_PREVIOUS",
            "EDGE_CONFIG", // the feature flags' Edge Config (flags.edgeConfig)
            "NEXT_PUBLIC_RAZORPAY_KEY_ID",
            "NEXT_PUBLIC_SENTRY_DSN",
            "NEXT_PUBLIC_SITE_URL",
            "NEXT_PUBLIC_SUPABASE_ANON_KEY",
            "NEXT_PUBLIC_SUPABASE_URL",
            "RAZORPAY_KEY_ID",
            "RAZORPAY_KEY_SECRET",
            "REDIS_URL",
            "RESEND_API_KEY",
            "RESEND_WEBHOOK_SECRET",
            "SUPABASE_SERVICE_ROLE_KEY",
            "UPSTASH_REDIS_REST_TOKEN",
            "UPSTASH_REDIS_REST_URL",
            "WEBHOOK_SECRET",
            "WEBHOOK_SECRET_PREVIOUS",
        ]);
        assert.strictEqual(vars.NEXT_PUBLIC_RAZORPAY_KEY_ID.revealed.value, "rzp_test_EcooStaging01");
        assert.strictEqual(vars.NEXT_PUBLIC_SITE_URL.revealed.value, "https://staging.ecoo.com");
        assert.strictEqual(vars.RAZORPAY_KEY_SECRET.revealed.value, `${PLACEHOLDER}`);
        for (const secret of [
            "CRON_SECRET",
            "WEBHOOK_SECRET",
            "RAZORPAY_KEY_SECRET",
            "SUPABASE_SERVICE_ROLE_KEY",
            "RESEND_API_KEY",
            "REDIS_URL",
            "UPSTASH_REDIS_REST_TOKEN",
        ]) {
            assert.strictEqual(vars[secret].inputs.sensitive, true, secret);
            assert.strictEqual(vars[secret].inputs.value, "[secret]", secret);
        }
        assert.deepStrictEqual(inventory.warnings, []);
    });

    it("production: project ecoo-production on main, apex + www redirect, everything guarded, live keys only in production target", async () => {
        const { records } = await evaluate("production");
        const project = records.find((r) => r.type === "vercel:index/project:Project");
        assert.strictEqual(project?.inputs.name, "ecoo-production");
        assert.ok(project?.options.protect);
        const domains = records.filter((r) => r.type === "vercel:index/projectDomain:ProjectDomain");
        assert.deepStrictEqual(domains.map((d) => [d.inputs.domain, d.inputs.redirect ?? null]).sort(), [
            ["ecoo.com", null],
            ["www.ecoo.com", "ecoo.com"],
        ]);
        const vars = records.filter((r) => r.type === ENV_VAR);
        assert.ok(vars.every((v) => JSON.stringify(v.inputs.targets) === '["production"]'));
        const keyId = vars.find((v) => v.inputs.key === "RAZORPAY_KEY_ID");
        assert.strictEqual(keyId?.revealed.value, "rzp_live_EcooProd0001");
    });

    it("each generated secret has two random slots, and NAME_PREVIOUS carries the other slot", async () => {
        const { records } = await evaluate("production");
        const slots = records
            .filter((r) => r.type === "random:index/randomBytes:RandomBytes")
            .map((r) => r.name)
            .sort();
        assert.deepStrictEqual(slots, ["ecoo-cronSecret-a", "ecoo-cronSecret-b", "ecoo-webhookSecret-a", "ecoo-webhookSecret-b"]);
        const value = (key: string) => records.find((r) => r.type === ENV_VAR && r.inputs.key === key)?.revealed.value as string;
        assert.match(value("WEBHOOK_SECRET"), /^[0-9a-f]{64}$/); // openssl rand -hex 32
        assert.strictEqual(Buffer.from(value("CRON_SECRET"), "base64").length, 32); // openssl rand -base64 32
        assert.notStrictEqual(value("WEBHOOK_SECRET"), value("WEBHOOK_SECRET_PREVIOUS"));
    });

    it("seed 001 fixture: Cloudflare Pages with Stripe live keys and SendGrid SMTP", async () => {
        const { records, outputs } = await evaluate("mystic");
        const project = records.find((r) => r.type === "cloudflare:index/pagesProject:PagesProject");
        const envVars = (project?.revealed.deploymentConfigs as { production: { envVars: Record<string, { type: string; value: string }> } }).production
            .envVars;
        assert.deepStrictEqual(envVars.STRIPE_SECRET_KEY, { type: "secret_text", value: `sk_live_${PLACEHOLDER}` });
        assert.deepStrictEqual(envVars.STRIPE_PUBLISHABLE_KEY, { type: "plain_text", value: "pk_live_MysticLive0001" });
        assert.deepStrictEqual(envVars.EMAIL_PASSWORD.type, "secret_text");
        assert.deepStrictEqual(envVars.PUBLIC_SITE_URL, { type: "plain_text", value: "https://mystic-ecom.com" });
        assert.ok(envVars.JWT_SECRET_PREVIOUS);
        assert.strictEqual((await reveal<{ provider: string }>(outputs.hosting)).value.provider, "cloudflare-pages");
    });

    it("seed 002 fixture: Vercel staging with Stripe test keys, Twilio and Resend", async () => {
        const { records } = await evaluate("dirtfree");
        const keys = records.filter((r) => r.type === ENV_VAR).map((r) => r.inputs.key as string);
        for (const k of [
            "STRIPE_SECRET_KEY",
            "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
            "TWILIO_AUTH_TOKEN",
            "RESEND_FROM_EMAIL",
            "CRON_SECRET",
            "NEXT_PUBLIC_APP_URL",
        ]) {
            assert.ok(keys.includes(k), k);
        }
        const stripe = records.find((r) => r.inputs.key === "STRIPE_SECRET_KEY");
        assert.strictEqual(stripe?.revealed.value, `sk_test_${PLACEHOLDER}`);
    });

    for (const name of ["staging", "production", "mystic", "dirtfree"] as StackName[]) {
        it(`${name}: no secret value reaches the outputs or the printable inventory`, async () => {
            const { inventory, records } = await evaluate(name);
            const printed = JSON.stringify(inventory);
            assert.ok(!printed.includes(PLACEHOLDER), "an external secret leaked");
            const secrets = secretValues(records);
            assert.ok(secrets.length > 0, "expected secret inputs to check");
            for (const v of secrets) assert.ok(!printed.includes(v), `a secret of ${v.length} chars leaked`);
        });
    }
});
