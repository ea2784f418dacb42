// The dynamic providers' code serialized once per version of the code (providers/dynamicResource.ts):
// byte for byte the code pulumi.dynamic.Resource sends, from a cold cache and from a warm one.
import * as assert from "assert";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as pulumi from "@pulumi/pulumi";
import { cacheKey, DynamicResource, serialize } from "../../providers/dynamicResource";
import { mongoDumpProvider } from "../../providers/backups/mongoDumpProvider";
import { pagesRedeployProvider } from "../../providers/deployments/pagesProvider";
import { vercelRedeployProvider } from "../../providers/deployments/vercelProvider";
import { migrationsProvider } from "../../providers/migrations/provider";
import { jobExecutionProvider } from "../../providers/tasks/cloudRunExecutionProvider";
import { ecsRolloutProvider } from "../../providers/tasks/ecsRolloutProvider";
import { ecsRunProvider } from "../../providers/tasks/ecsRunProvider";
import { mpesaC2bProvider } from "../../providers/webhooks/darajaProvider";
import { razorpayDashboardProvider, razorpayPartnerProvider } from "../../providers/webhooks/razorpayProvider";
import { resendDomainProvider, resendVerificationProvider, resendWebhookProvider } from "../../providers/webhooks/resendProvider";
import { stripeWebhookProvider } from "../../providers/webhooks/stripeProvider";
import { twilioWebhookProvider } from "../../providers/webhooks/twilioProvider";
import { declare } from "../helpers";

const PROVIDERS: Record<string, pulumi.dynamic.ResourceProvider> = {
    mongoDumpProvider,
    pagesRedeployProvider,
    vercelRedeployProvider,
    migrationsProvider,
    jobExecutionProvider,
    ecsRolloutProvider,
    ecsRunProvider,
    mpesaC2bProvider,
    razorpayDashboardProvider,
    razorpayPartnerProvider,
    resendDomainProvider,
    resendVerificationProvider,
    resendWebhookProvider,
    stripeWebhookProvider,
    twilioWebhookProvider,
};

class SdkResource extends pulumi.dynamic.Resource {}
class CachedResource extends DynamicResource {}

describe("dynamic providers' code, serialized once per version of the code", function () {
    this.timeout(120_000);

    it("is byte for byte what pulumi.dynamic.Resource sends, for every provider, whatever the cache holds", async () => {
        const { records } = await declare(() => {
            for (const [name, provider] of Object.entries(PROVIDERS)) {
                new SdkResource(provider, `${name}-sdk`, {}, undefined, "app-platform", name);
                new CachedResource(provider, `${name}-here`, {}, undefined, "app-platform", name);
            }
        });
        const code = (name: string) => records.find((r) => r.name === name)?.revealed.__provider;
        const cache = mkdtempSync(join(tmpdir(), "provider-cache-"));
        for (const [name, provider] of Object.entries(PROVIDERS)) {
            const sdk = code(`${name}-sdk`);
            assert.ok(typeof sdk === "string" && sdk.length > 1000, name);
            assert.strictEqual(records.find((r) => r.name === `${name}-here`)?.type, `pulumi-nodejs:dynamic/app-platform:${name}`);
            assert.strictEqual(code(`${name}-here`), sdk, `${name}: the resource's code`);
            const cold = await serialize(provider, cache);
            assert.ok(existsSync(join(cache, `${cacheKey(provider)}.json`)), `${name}: kept`);
            const warm = await serialize(provider, cache);
            assert.deepStrictEqual(
                [cold, warm],
                [
                    { text: sdk, containsSecrets: false },
                    { text: sdk, containsSecrets: false },
                ],
                name,
            );
        }
        assert.strictEqual(new Set(Object.values(PROVIDERS).map(cacheKey)).size, Object.keys(PROVIDERS).length, "one key per provider");
    });

    it("a kept entry is what a run reads: the key is stable, and the text comes from the file", async () => {
        const cache = mkdtempSync(join(tmpdir(), "provider-cache-"));
        writeFileSync(join(cache, `${cacheKey(stripeWebhookProvider)}.json`), JSON.stringify({ text: "exports.handler = 1;" }));
        assert.deepStrictEqual(await serialize(stripeWebhookProvider, cache), { text: "exports.handler = 1;", containsSecrets: false });
    });

    it("is not kept for a provider that no module exports, nor for a closure that holds a secret (which stays secret)", async () => {
        const cache = mkdtempSync(join(tmpdir(), "provider-cache-"));
        const local: pulumi.dynamic.ResourceProvider = { create: async () => ({ id: "x" }) };
        assert.strictEqual(cacheKey(local), undefined);
        assert.strictEqual((await serialize(local, cache)).containsSecrets, false);
        const token = pulumi.secret("provider-cache-canary");
        const holding: pulumi.dynamic.ResourceProvider = { create: async () => ({ id: String(token) }) };
        assert.strictEqual((await serialize(holding, cache)).containsSecrets, true);
        assert.deepStrictEqual(readdirSync(cache), []);
        const { records } = await declare(() => new CachedResource(holding, "holding", {}, undefined, "app-platform", "Holding"));
        const wire = records[0].wire.__provider as { value?: unknown };
        assert.ok(String(records[0].revealed.__provider).includes("provider-cache-canary"), "the closure holds the secret");
        assert.strictEqual(wire.value, records[0].revealed.__provider, "sent in Pulumi's secret envelope");
    });
});
