import * as assert from "assert";
import { OUTPUT_KEYS } from "../../stacks/outputs";
import { evaluate, StackName } from "../helpers";

describe("outputs contract", () => {
    it("is pinned: changing the set of outputs means changing this list and docs/outputs.md", () => {
        assert.deepStrictEqual(
            [...OUTPUT_KEYS],
            [
                "environment",
                "siteUrl",
                "hosting",
                "domains",
                "envVars",
                "envContract",
                "generatedSecrets",
                "externalKeys",
                "redis",
                "redisRestToken",
                "crons",
                "backups",
                "dnsRecords",
                "schemaVersion",
                "monitoring",
                "services",
                "atlas",
                "payments",
                "phonepeWebhookPassword",
                "webhooks",
                "razorpayWebhookSecret",
                "emailDomainStatus",
                "recovery",
                "postgres",
                "databaseAdminUrl",
            ],
        );
    });

    for (const name of ["staging", "production", "mystic", "dirtfree", "smartduka", "raptorflow"] as StackName[]) {
        it(`${name} exports exactly the contract's keys, and only the Redis token, the webhook secrets to paste and the database's owner URL are secret`, async () => {
            const { inventory } = await evaluate(name);
            assert.deepStrictEqual(Object.keys(inventory.outputs).sort(), [...OUTPUT_KEYS].sort());
            const { redisRestToken, razorpayWebhookSecret, phonepeWebhookPassword, databaseAdminUrl, ...rest } = inventory.outputs;
            assert.ok(!JSON.stringify(rest).includes("[secret]"), "no other output may hold a secret");
            assert.ok(phonepeWebhookPassword === null || phonepeWebhookPassword === "[secret]", `phonepeWebhookPassword is ${phonepeWebhookPassword}`);
            assert.ok(redisRestToken === null || redisRestToken === "[secret]", `redisRestToken is ${redisRestToken}`);
            assert.ok(razorpayWebhookSecret === null || razorpayWebhookSecret === "[secret]", `razorpayWebhookSecret is ${razorpayWebhookSecret}`);
            // Every stack here has PostgreSQL but smartduka (Atlas only).
            assert.strictEqual(databaseAdminUrl, name === "smartduka" ? null : "[secret]");
        });
    }

    it("gives env-var names per target, generated secrets with their next rotation, and external key due dates", async () => {
        const { inventory } = await evaluate("staging");
        const o = inventory.outputs as any;
        assert.strictEqual(o.siteUrl, "https://staging.ecoo.com");
        assert.deepStrictEqual(o.hosting, {
            provider: "vercel",
            projectId: "ecoo-id",
            projectName: "ecoo-staging",
            productionBranch: "staging",
            defaultHost: "ecoo-staging.vercel.app",
        });
        assert.deepStrictEqual(o.domains, ["staging.ecoo.com"]);
        assert.ok(o.envVars.preview.includes("CRON_SECRET"));
        assert.deepStrictEqual(o.envVars.development, []);
        assert.deepStrictEqual(
            o.generatedSecrets.find((s: any) => s.name === "webhookSecret"),
            {
                name: "webhookSecret",
                envVars: ["WEBHOOK_SECRET", "WEBHOOK_SECRET_PREVIOUS"],
                rotationDays: 90,
                rotatedAt: "2026-09-28",
                nextRotation: "2026-12-27",
            },
        );
        assert.deepStrictEqual(
            o.externalKeys.find((k: any) => k.name === "razorpayKeySecret"),
            {
                name: "razorpayKeySecret",
                rotatedAt: "2026-08-01",
                rotationDays: 180,
                dueAt: "2027-01-28",
                status: "ok",
            },
        );
        const contract = o.envContract.find((e: any) => e.name === "SUPABASE_SERVICE_ROLE_KEY");
        assert.deepStrictEqual(contract, {
            name: "SUPABASE_SERVICE_ROLE_KEY",
            targets: ["production", "preview"],
            secret: true,
            source: "supabase.serviceRoleKey",
        });
    });
});
