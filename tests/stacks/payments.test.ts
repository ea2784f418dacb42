// M-Pesa and PhonePe: the env contracts, the mode guards and what the stacks build and export.
import * as assert from "assert";
import { loadStackConfig } from "../../stacks/config";
import { configErrors, evaluate, issueFor, load, NOW, stackFile } from "../helpers";

const payments = (c: any) => c["app-platform:payments"];
const api = (c: any) => c["app-platform:services"].api;

describe("M-Pesa (seed 004)", () => {
    it("refuses the seed's mix-up, shortcode 174379 with MPESA_ENV=production, naming both keys and the fix", () => {
        const e = configErrors(() => load("smartduka", (c) => (payments(c).shortcode = "174379")));
        assert.deepStrictEqual(
            e.issues.map((i) => i.key),
            ["app-platform:payments.shortcode"],
        );
        assert.match(
            issueFor(e, "app-platform:payments.shortcode"),
            /174379 is one of Safaricom's sandbox test shortcodes \(174379, 600xxx\), but payments\.environment is production \(MPESA_ENV=production\): Daraja's production API refuses it\. Set payments\.shortcode to the business's own paybill or till number/,
        );
    });

    it("holds each stack to its Daraja environment: production's shortcode and host never meet the sandbox", () => {
        const sandboxInProduction = configErrors(() => load("smartduka", (c) => (payments(c).environment = "sandbox")));
        assert.match(
            issueFor(sandboxInProduction, "app-platform:payments.environment"),
            /the production stack takes Daraja's production \(MPESA_ENV=production\)/,
        );
        assert.match(
            issueFor(sandboxInProduction, "app-platform:payments.shortcode"),
            /4012345 is not a sandbox test shortcode .* the real one belongs to the production stack/,
        );
        const wrongHost = configErrors(() => load("smartduka", (c) => (payments(c).apiBaseUrl = "https://sandbox.safaricom.co.ke")));
        assert.match(
            issueFor(wrongHost, "app-platform:payments.apiBaseUrl"),
            /is Daraja's sandbox host, but payments\.environment is production; remove apiBaseUrl to use https:\/\/api\.safaricom\.co\.ke/,
        );
        const notDaraja = configErrors(() => load("smartduka", (c) => (payments(c).apiBaseUrl = "https://daraja.example.com")));
        assert.match(issueFor(notDaraja, "app-platform:payments.apiBaseUrl"), /is not Daraja .*only a local test server may stand in for it/);
        // Staging: the sandbox and its test shortcode.
        const staging = load("smartduka", (c) => {
            c["app-platform:environment"] = "staging";
            Object.assign(payments(c), { environment: "sandbox", shortcode: "174379" });
        });
        assert.strictEqual(staging.payments?.provider, "mpesa");
    });

    it("refuses the sandbox's published passkey in production, without showing it", () => {
        const SANDBOX = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
        const file = stackFile("smartduka");
        file.raw["app-platform:mpesaPasskey"] = SANDBOX;
        const e = configErrors(() => loadStackConfig(file.raw, { stack: "production", secretKeys: file.secretKeys, now: NOW }));
        assert.match(issueFor(e, "app-platform:mpesaPasskey"), /holds the sandbox's published Lipa Na M-Pesa Online passkey \(the value is not shown\)/);
        assert.ok(!e.message.includes(SANDBOX));
    });

    it("the MPESA_* env contract: each variable from its payments source, never a literal that would slip past the guard", () => {
        const e = configErrors(() =>
            load("smartduka", (c) => {
                api(c).env.MPESA_SHORTCODE = { value: "174379" };
                api(c).env.MPESA_ENV = { value: "production" };
            }),
        );
        assert.match(
            issueFor(e, "app-platform:services.api.env.MPESA_SHORTCODE"),
            /part of payments\.provider mpesa's env contract: set it with \{ from: payments\.shortcode \}/,
        );
        assert.match(issueFor(e, "app-platform:services.api.env.MPESA_ENV"), /\{ from: payments\.environment \}/);
        const undeclared = configErrors(() => load("smartduka", (c) => delete c["app-platform:secrets"].external.mpesaPasskey));
        assert.match(issueFor(undeclared, "app-platform:secrets.external.mpesaPasskey"), /payments\.provider mpesa needs this key declared/);
    });

    it("Daraja filters URLs with M-Pesa, Safaricom, exe, cmd, sql or query: such paths are refused before any call", () => {
        const e = configErrors(() => load("smartduka", (c) => (payments(c).c2b.confirmationPath = "/mpesa/confirmation")));
        assert.match(
            issueFor(e, "app-platform:payments.c2b.confirmationPath"),
            /Daraja blocks URLs containing M-Pesa, Safaricom, exe, exec, cmd, sql or query/,
        );
    });

    it("builds the C2B registration on the API's host and exports the provider's URLs; the secrets reach the API only through its store", async () => {
        const { records, inventory } = await evaluate("smartduka");
        const c2b = records.find((r) => r.type === "pulumi-nodejs:dynamic/app-platform:MpesaC2bUrls")!;
        assert.deepStrictEqual(
            [c2b.revealed.confirmationUrl, c2b.revealed.validationUrl, c2b.revealed.apiBaseUrl, c2b.options.protect],
            ["https://api.smartduka.com/payments/c2b/confirmation", "https://api.smartduka.com/payments/c2b/validation", "https://api.safaricom.co.ke", true],
        );
        assert.strictEqual(c2b.inputs.consumerSecret, "[secret]");
        assert.deepStrictEqual(inventory.outputs.payments, {
            provider: "mpesa",
            mode: "production",
            c2bStatus: "registered",
            urls: {
                stkCallback: "https://api.smartduka.com/payments/callback",
                c2bConfirmation: "https://api.smartduka.com/payments/c2b/confirmation",
                c2bValidation: "https://api.smartduka.com/payments/c2b/validation",
            },
        });
    });
});

describe("PhonePe (seed 003)", () => {
    it("holds each stack to its PhonePe environment: UAT merchants and hosts never reach production", () => {
        const e = configErrors(() =>
            load("raptorflow", (c) =>
                Object.assign(payments(c), { merchantId: "PGTESTPAYUAT86", apiBaseUrl: "https://api-preprod.phonepe.com/apis/pg-sandbox" }),
            ),
        );
        assert.match(
            issueFor(e, "app-platform:payments.merchantId"),
            /PGTESTPAYUAT86 is one of PhonePe's UAT test merchants, but payments\.environment is production/,
        );
        assert.match(
            issueFor(e, "app-platform:payments.apiBaseUrl"),
            /is PhonePe's uat host, but payments\.environment is production; remove apiBaseUrl to use https:\/\/api\.phonepe\.com\/apis\/pg/,
        );
        const uat = configErrors(() => load("raptorflow", (c) => (payments(c).environment = "uat")));
        assert.match(issueFor(uat, "app-platform:payments.environment"), /the production stack takes PhonePe's production environment/);
    });

    it("the webhook password is generated alphanumeric within PhonePe's 20 characters; a longer one is refused", () => {
        const e = configErrors(() =>
            load("raptorflow", (c) => (c["app-platform:secrets"].generated.phonepeWebhookPassword = { encoding: "hex", bytes: 16, rotationDays: 90 })),
        );
        assert.match(
            issueFor(e, "app-platform:secrets.generated.phonepeWebhookPassword"),
            /PhonePe takes a webhook password of 8-20 letters and digits: use \{ encoding: alphanumeric, length: 20 \}/,
        );
        const username = configErrors(() => load("raptorflow", (c) => (payments(c).webhook.username = "raptor-flow")));
        assert.match(issueFor(username, "app-platform:payments.webhook.username"), /5 to 20 letters, digits or underscores/);
    });

    it("the PHONEPE_* contract, the password and its previous value to the API's store, and the password to paste as a secret output", async () => {
        const { inventory } = await evaluate("raptorflow");
        const env = (inventory.outputs.services as any).api.env as { name: string; secret: boolean; source: string }[];
        const of = (name: string) => env.find((v) => v.name === name);
        assert.deepStrictEqual(
            [of("PHONEPE_ENV")?.source, of("PHONEPE_CLIENT_SECRET")?.secret, of("PHONEPE_WEBHOOK_PASSWORD_PREVIOUS")?.secret],
            ["payments.environment", true, true],
        );
        assert.strictEqual(inventory.outputs.phonepeWebhookPassword, "[secret]");
        assert.deepStrictEqual(inventory.outputs.payments, {
            provider: "phonepe",
            mode: "production",
            c2bStatus: null,
            urls: { webhook: "https://api.raptorflow.com/api/payments/v2/webhook" },
        });
    });

    it("the Dashboard step is printed when the password rotated past the pasted value, and rotation holds two periods on", () => {
        const due = load("raptorflow", undefined, new Date("2026-12-28T12:00:00Z"));
        assert.match(
            due.warnings.join("\n"),
            /app-platform:payments\.webhook\.pasted: action required: paste the value of `pulumi stack output phonepeWebhookPassword --show-secrets --stack production` into the PhonePe Business Dashboard \(Test Mode off → Developer Settings → Webhook → https:\/\/api\.raptorflow\.com\/api\/payments\/v2\/webhook: username raptorflow_pg, password\), then set app-platform:payments\.webhook\.pasted to 2026-12-27/,
        );
        // Three months on, with the external keys rotated meanwhile.
        const held = load(
            "raptorflow",
            (c) => Object.values(c["app-platform:secrets"].external).forEach((k: any) => (k.rotatedAt = "2027-03-01")),
            new Date("2027-04-01T12:00:00Z"),
        );
        assert.match(held.warnings.join("\n"), /rotation of phonepeWebhookPassword held since 2027-03-27/);
        assert.ok(held.rotationClocks.phonepeWebhookPassword, "the password's clock is held");
    });
});

describe("payments output for card providers", () => {
    it("the flagship's Razorpay: its key mode, no URLs", async () => {
        const { inventory } = await evaluate("production");
        assert.deepStrictEqual(inventory.outputs.payments, { provider: "razorpay", mode: "live", urls: {}, c2bStatus: null });
    });
});
