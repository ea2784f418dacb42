// PhonePe Payment Gateway, Standard Checkout v2 (seed 003): the PHONEPE_* env contract, the guard
// between UAT and production (host, merchant id) and the S2S webhook's credentials. PhonePe sends
// `Authorization: SHA256(username:password)`, both set in its Business Dashboard (no API): the
// password is a generated secret rotated with overlap, and preview prints the paste when it is due.
import * as pulumi from "@pulumi/pulumi";
import { generatedSecret } from "../area";
import { NAMESPACE } from "../stackConfig";
import { isPhonepeTestMerchant, PHONEPE_HOSTS } from "../keyFormats";
import type { PaymentsConfig } from "../schema";
import { holdForPaste } from "../dashboardPaste";
import { checkOwnedUrl, checkStackEnvironment, checkVendorHost, PaymentVendor } from "./paymentVendor";

type Phonepe = Extract<PaymentsConfig, { provider: "phonepe" }>;

/** PhonePe's rule for the webhook password: 8-20 characters with letters and digits. */
const PASSWORD_MAX = 20;

const apiBaseUrl = (p: Phonepe) => p.apiBaseUrl ?? PHONEPE_HOSTS[p.environment];
export const phonepePasswordCommand = (stack: string) => `pulumi stack output phonepeWebhookPassword --show-secrets --stack ${stack}`;

export const phonepePayments: PaymentVendor<Phonepe> = {
    sources: (p) => ({
        "payments.merchantId": { secret: false, description: "PhonePe merchant id" },
        "payments.clientId": { secret: false, description: "PhonePe client id" },
        "payments.clientVersion": { secret: false, description: "PhonePe client version" },
        "payments.environment": { secret: false, description: "PhonePe SDK environment (SANDBOX or PRODUCTION)" },
        "payments.apiBaseUrl": { secret: false, description: "PhonePe PG host" },
        ...(p.webhook ? { "payments.webhookUsername": { secret: false, description: "PhonePe webhook username" } } : {}),
    }),
    check(p, ctx) {
        const { cfg, issues } = ctx;
        const key = (k: string) => `${NAMESPACE}:payments.${k}`;
        const wanted = cfg.environment === "production" ? "production" : "uat";
        const phonepe = {
            vendor: "PhonePe",
            wanted,
            wantedText: `PhonePe's ${wanted} environment`,
            environment: p.environment,
            hosts: PHONEPE_HOSTS,
            apiBaseUrl: p.apiBaseUrl,
        };
        checkStackEnvironment(ctx, phonepe);
        if (p.environment === "production" && isPhonepeTestMerchant(p.merchantId)) {
            issues.push({
                key: key("merchantId"),
                message: `${p.merchantId} is one of PhonePe's UAT test merchants, but payments.environment is production: set the production merchant id from PhonePe's production credentials email`,
            });
        }
        checkVendorHost(ctx, phonepe);
        if (!p.webhook) return;
        checkOwnedUrl(ctx, "webhook.url", p.webhook.url, "PhonePe");
        const g = cfg.secrets.generated[p.webhook.password];
        if (!g) {
            issues.push({
                key: key("webhook.password"),
                message: `"${p.webhook.password}" is not declared under ${NAMESPACE}:secrets.generated: declare it, e.g. { encoding: alphanumeric, length: 20, rotationDays: 90 }`,
            });
        } else if (g.encoding !== "alphanumeric" || g.length > PASSWORD_MAX) {
            issues.push({
                key: `${NAMESPACE}:secrets.generated.${p.webhook.password}`,
                message: `PhonePe takes a webhook password of 8-20 letters and digits: use { encoding: alphanumeric, length: 20 } (at most ${PASSWORD_MAX})`,
            });
        } else {
            holdForPaste(ctx, {
                key: key("webhook.pasted"),
                secretName: p.webhook.password,
                pasted: p.webhook.pasted,
                show: phonepePasswordCommand(ctx.opts.stack),
                where: `the PhonePe Business Dashboard (${p.environment === "production" ? "Test Mode off" : "Test Mode on"} → Developer Settings → Webhook → ${p.webhook.url}: username ${p.webhook.username}, password)`,
            });
        }
    },
    contract: (p) => ({
        PHONEPE_MERCHANT_ID: "payments.merchantId",
        PHONEPE_CLIENT_ID: "payments.clientId",
        PHONEPE_CLIENT_SECRET: "payments.clientSecret",
        PHONEPE_CLIENT_VERSION: "payments.clientVersion",
        PHONEPE_ENV: "payments.environment",
        PHONEPE_BASE_URL: "payments.apiBaseUrl",
        ...(p.webhook ? { PHONEPE_WEBHOOK_USERNAME: "payments.webhookUsername", PHONEPE_WEBHOOK_PASSWORD: `generated.${p.webhook.password}` } : {}),
    }),
    values: (p) => ({
        "payments.merchantId": { value: p.merchantId },
        "payments.clientId": { value: p.clientId },
        "payments.clientVersion": { value: String(p.clientVersion) },
        // The SDK's Env names: Env.SANDBOX (UAT) and Env.PRODUCTION.
        "payments.environment": { value: p.environment === "production" ? "PRODUCTION" : "SANDBOX" },
        "payments.apiBaseUrl": { value: apiBaseUrl(p) },
        ...(p.webhook ? { "payments.webhookUsername": { value: p.webhook.username } } : {}),
    }),
    summary: (p) => ({ mode: p.environment, urls: p.webhook ? { webhook: p.webhook.url } : ({} as Record<string, string>) }),
    // The webhook password (a generated secret): the merchant pastes it into PhonePe's dashboard.
    outputs: (p, { generated }) => ({
        phonepeWebhookPassword: p.webhook ? pulumi.secret(generatedSecret(generated, p.webhook.password).current) : null,
    }),
};
