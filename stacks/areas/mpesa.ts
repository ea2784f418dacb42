// M-Pesa through Daraja (seed 004): the MPESA_* env contract, the mode guard (a sandbox shortcode,
// host or passkey never reaches production, nor the reverse) and the C2B URL registration.
import { MpesaC2bUrls } from "../../components/mpesaC2bUrls";
import { DARAJA_BLOCKED_WORDS, DARAJA_HOSTS } from "../../providers/webhooks/daraja";
import { NAMESPACE } from "../stackConfig";
import { isSandboxShortcode } from "../keyFormats";
import type { CoreConfig, PaymentsConfig } from "../schema";
import { checkOwnedUrl, checkStackEnvironment, checkVendorHost, PaymentVendor } from "./paymentVendor";

type Mpesa = Extract<PaymentsConfig, { provider: "mpesa" }>;

/** The sandbox's Lipa Na M-Pesa Online passkey, published with its test shortcodes. */
const SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

export const mpesaCallbackUrl = (p: Mpesa, cfg: Pick<CoreConfig, "domains">) => p.callbackUrl ?? `https://api.${cfg.domains.primary}/payments/callback`;
const apiBaseUrl = (p: Mpesa) => p.apiBaseUrl ?? DARAJA_HOSTS[p.environment];
const c2bUrls = (p: Mpesa, cfg: Pick<CoreConfig, "domains">) => {
    const origin = new URL(mpesaCallbackUrl(p, cfg)).origin;
    return p.c2b && { confirmationUrl: `${origin}${p.c2b.confirmationPath}`, validationUrl: `${origin}${p.c2b.validationPath}` };
};

export const mpesaPayments: PaymentVendor<Mpesa> = {
    sources: () => ({
        "payments.shortcode": { secret: false, description: "M-Pesa paybill or till number" },
        "payments.environment": { secret: false, description: "Daraja environment (sandbox or production)" },
        "payments.callbackUrl": { secret: false, description: "STK push callback URL" },
    }),
    check(p, ctx, values) {
        const { cfg, issues } = ctx;
        const key = (k: string) => `${NAMESPACE}:payments.${k}`;
        const wanted = cfg.environment === "production" ? "production" : "sandbox";
        const daraja = {
            vendor: "Daraja",
            wanted,
            wantedText: `Daraja's ${wanted} (MPESA_ENV=${wanted})`,
            environment: p.environment,
            hosts: DARAJA_HOSTS,
            apiBaseUrl: p.apiBaseUrl,
        };
        checkStackEnvironment(ctx, daraja);
        if (p.environment === "production" && isSandboxShortcode(p.shortcode)) {
            issues.push({
                key: key("shortcode"),
                message:
                    `${p.shortcode} is one of Safaricom's sandbox test shortcodes (174379, 600xxx), but payments.environment is production (MPESA_ENV=production): ` +
                    `Daraja's production API refuses it. Set payments.shortcode to the business's own paybill or till number`,
            });
        }
        if (p.environment === "sandbox" && !isSandboxShortcode(p.shortcode)) {
            issues.push({
                key: key("shortcode"),
                message:
                    `${p.shortcode} is not a sandbox test shortcode (174379, 600xxx), and payments.environment is sandbox: the sandbox knows only its test shortcodes. ` +
                    `Use your Daraja sandbox app's test shortcode here; the real one belongs to the production stack`,
            });
        }
        checkVendorHost(ctx, daraja);
        if (p.environment === "production" && values.mpesaPasskey?.reveal() === SANDBOX_PASSKEY) {
            issues.push({
                key: `${NAMESPACE}:mpesaPasskey`,
                message:
                    "holds the sandbox's published Lipa Na M-Pesa Online passkey (the value is not shown); set the production passkey Safaricom issued for the shortcode",
            });
        }
        const callback = mpesaCallbackUrl(p, cfg);
        checkOwnedUrl(ctx, "callbackUrl", callback, "Daraja");
        if (DARAJA_BLOCKED_WORDS.test(callback)) {
            issues.push({
                key: key("callbackUrl"),
                message: `${callback} contains a word Daraja filters out (M-Pesa, Safaricom, exe, cmd, sql, query); choose another URL`,
            });
        }
    },
    contract: () => ({
        MPESA_CONSUMER_KEY: "payments.consumerKey",
        MPESA_CONSUMER_SECRET: "payments.consumerSecret",
        MPESA_SHORTCODE: "payments.shortcode",
        MPESA_PASSKEY: "payments.passkey",
        MPESA_ENV: "payments.environment",
        MPESA_CALLBACK_URL: "payments.callbackUrl",
    }),
    values: (p, { cfg }) => ({
        "payments.shortcode": { value: p.shortcode },
        "payments.environment": { value: p.environment },
        "payments.callbackUrl": { value: mpesaCallbackUrl(p, cfg) },
    }),
    summary: (p, cfg) => {
        const c2b = c2bUrls(p, cfg);
        return {
            mode: p.environment,
            urls: { stkCallback: mpesaCallbackUrl(p, cfg), ...(c2b ? { c2bConfirmation: c2b.confirmationUrl, c2bValidation: c2b.validationUrl } : {}) },
        };
    },
    // After the API is live: the shortcode's C2B URLs, registered with Daraja.
    publish(p, { cfg, protect, secret, live }) {
        if (!p.c2b) return undefined;
        return new MpesaC2bUrls(
            `${cfg.name}-mpesa-c2b`,
            {
                environment: p.environment,
                apiBaseUrl: apiBaseUrl(p),
                consumerKey: secret("mpesaConsumerKey"),
                consumerSecret: secret("mpesaConsumerSecret"),
                shortCode: p.shortcode,
                responseType: p.c2b.responseType,
                ...c2bUrls(p, cfg)!,
                protect,
            },
            { dependsOn: live },
        );
    },
};
