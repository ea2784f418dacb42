// Payments: card providers (Razorpay, Stripe), M-Pesa through Daraja, and PhonePe.
import { z } from "zod";
import { DARAJA_BLOCKED_WORDS } from "../../providers/webhooks/daraja";
import { urlPath } from "../fieldRules";
import { isoDate, secretName } from "./common";

const cardPayments = z.strictObject({
    provider: z.enum(["razorpay", "stripe"]),
    publicKey: z.string().min(1),
});
const mpesaPath = urlPath.refine(
    (p) => !DARAJA_BLOCKED_WORDS.test(p),
    "Daraja blocks URLs containing M-Pesa, Safaricom, exe, exec, cmd, sql or query: choose another path",
);
/** M-Pesa through Safaricom's Daraja API (seed 004). Credentials are external secrets (keyFormats.ts). */
const mpesaPayments = z.strictObject({
    provider: z.literal("mpesa"),
    /** Daraja's environment: the app's MPESA_ENV; sandbox in staging, production in production. */
    environment: z.enum(["sandbox", "production"]),
    /** The paybill or till number (the app's MPESA_SHORTCODE); 174379 and 600xxx are Safaricom's sandbox test codes. */
    shortcode: z.string().regex(/^\d{5,7}$/, "a paybill or till number of 5 to 7 digits, e.g. 174379"),
    /** Where Daraja posts STK push results (the app's MPESA_CALLBACK_URL); default https://api.<domains.primary>/payments/callback. */
    callbackUrl: z.url({ protocol: /^https$/, error: "an https URL such as https://api.example.com/payments/callback" }).optional(),
    /** The Daraja host; only a local test server may stand in for the environment's own. */
    apiBaseUrl: z.url().optional(),
    /** C2B: register the confirmation and validation URLs for the shortcode (Daraja's registerurl). */
    c2b: z
        .strictObject({
            confirmationPath: mpesaPath.default("/payments/c2b/confirmation"),
            validationPath: mpesaPath.default("/payments/c2b/validation"),
            /** What M-Pesa does when the validation URL does not answer. */
            responseType: z.enum(["Completed", "Cancelled"]).default("Completed"),
        })
        .optional(),
});
/** PhonePe Payment Gateway, Standard Checkout v2 (seed 003). The client secret is an external secret. */
const phonepePayments = z.strictObject({
    provider: z.literal("phonepe"),
    /** PhonePe's environments: UAT (the SDK's SANDBOX) in staging, production in production. */
    environment: z.enum(["uat", "production"]),
    merchantId: z.string().regex(/^[A-Z0-9]{6,38}$/, "the merchant id PhonePe issued, e.g. M22ABCDEF1234"),
    clientId: z.string().min(1),
    clientVersion: z.int().min(1),
    /** The PG host; only a local test server may stand in for the environment's own. */
    apiBaseUrl: z.url().optional(),
    /** The S2S webhook PhonePe calls, authenticated with a username and a generated password set in its Dashboard. */
    webhook: z
        .strictObject({
            url: z.url({ protocol: /^https$/, error: "an https URL such as https://api.example.com/payments/phonepe/webhook (PhonePe calls only https)" }),
            /** 5-20 letters, digits or underscores (PhonePe's rule). */
            username: z.string().regex(/^\w{5,20}$/, "5 to 20 letters, digits or underscores (PhonePe's rule)"),
            /** The generated secret (alphanumeric, at most 20 characters) that is the webhook password. */
            password: secretName.default("phonepeWebhookPassword"),
            /** The rotatedAt of the password last set in the Dashboard; rotation waits for it (as for Razorpay's dashboard webhooks). */
            pasted: isoDate.optional(),
        })
        .optional(),
});

export const payments = z.discriminatedUnion("provider", [cardPayments, mpesaPayments, phonepePayments]).optional();
