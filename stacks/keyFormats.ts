// What the services' keys look like: which external secret each provider needs, the
// live/test prefixes of payment keys, and patterns that betray a secret pasted as a literal.
import type { CoreConfig } from "./schema";

export type Mode = "live" | "test";
type PaymentProvider = NonNullable<CoreConfig["payments"]>["provider"];
type CardProvider = Extract<NonNullable<CoreConfig["payments"]>, { publicKey: string }>["provider"];
type EmailProvider = NonNullable<CoreConfig["email"]>["provider"];

/** A card provider's keys: a public key id in config, the secret key an external secret. */
export const PAYMENT_KEYS: Record<
    CardProvider,
    {
        secretName: string;
        rotationDays: number;
        publicPrefix: Record<Mode, string[]>;
        /** Prefixes of the secret key, where the service gives it one. */
        secretPrefix?: Record<Mode, string[]>;
    }
> = {
    razorpay: {
        secretName: "razorpayKeySecret",
        rotationDays: 180,
        publicPrefix: { live: ["rzp_live_"], test: ["rzp_test_"] },
    },
    stripe: {
        secretName: "stripeSecretKey",
        rotationDays: 180,
        publicPrefix: { live: ["pk_live_"], test: ["pk_test_"] },
        secretPrefix: { live: ["sk_live_", "rk_live_"], test: ["sk_test_", "rk_test_"] },
    },
};

/**
 * The external secrets each payment provider needs, by the env source that carries them. Card
 * providers' secret key; Daraja's consumer key and secret (OAuth client credentials) and the Lipa Na
 * M-Pesa Online passkey; PhonePe's client secret (OAuth client credentials).
 */
export const PAYMENT_SECRETS: Record<PaymentProvider, { source: string; secretName: string; rotationDays: number; what: string }[]> = {
    stripe: [{ source: "payments.secretKey", ...PAYMENT_KEYS.stripe, what: "Stripe secret key" }],
    razorpay: [{ source: "payments.secretKey", ...PAYMENT_KEYS.razorpay, what: "Razorpay key secret" }],
    mpesa: [
        { source: "payments.consumerKey", secretName: "mpesaConsumerKey", rotationDays: 180, what: "Daraja app's consumer key" },
        { source: "payments.consumerSecret", secretName: "mpesaConsumerSecret", rotationDays: 180, what: "Daraja app's consumer secret" },
        { source: "payments.passkey", secretName: "mpesaPasskey", rotationDays: 365, what: "Lipa Na M-Pesa Online passkey" },
    ],
    phonepe: [{ source: "payments.clientSecret", secretName: "phonepeClientSecret", rotationDays: 180, what: "PhonePe client secret" }],
};

export const EMAIL_KEYS: Record<EmailProvider, { secretName: string; rotationDays: number }> = {
    resend: { secretName: "resendApiKey", rotationDays: 180 },
    sendgrid: { secretName: "sendgridApiKey", rotationDays: 180 },
};

/** Prefixes a known external secret must start with (catches a key pasted into the wrong slot). */
export const SECRET_PREFIXES: Record<string, string[]> = {
    stripeSecretKey: ["sk_", "rk_"],
    resendApiKey: ["re_"],
    sendgridApiKey: ["SG."],
    supabaseServiceRoleKey: ["eyJ", "sb_secret_"],
};

/** Literal values that are secrets and so must not sit in plaintext in a stack file. */
const SECRET_LITERALS: { pattern: RegExp; what: string }[] = [
    { pattern: /\b[sr]k_(live|test)_[A-Za-z0-9]{6,}/, what: "a Stripe secret key" },
    { pattern: /\bwhsec_[A-Za-z0-9]{6,}/, what: "a Stripe webhook signing secret" },
    { pattern: /\bre_[A-Za-z0-9_]{16,}/, what: "a Resend API key" },
    { pattern: /\bSG\.[\w-]{16,}/, what: "a SendGrid API key" },
    { pattern: /\bsb_secret_[\w-]{6,}/, what: "a Supabase secret key" },
    { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: "a private key" },
];

/** What a value gives away, if it is a secret whatever its name; never the value itself. */
export function secretInValue(value: string): string | undefined {
    const literal = SECRET_LITERALS.find((s) => s.pattern.test(value));
    if (literal) return literal.what;
    if (/^[a-z][a-z0-9+.-]*:\/\/([^/\s:@]*:[^/\s]+@|[^\s]*[?&](ssl)?password=[^&\s])/i.test(value)) return "a connection string with a password";
    if (jwtRole(value) === "service_role") return "a Supabase service-role key";
    return undefined;
}

/** The `role` claim of a JWT (Supabase keys are JWTs: `anon` is public, `service_role` is not). */
function jwtRole(value: string): string | undefined {
    const parts = value.split(".");
    if (parts.length !== 3 || !parts[0].startsWith("eyJ")) return undefined;
    try {
        return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")).role;
    } catch {
        return undefined;
    }
}

/** Payment-key prefixes of a mode, for spotting a test key in production (or the reverse). */
export const MODE_PREFIXES: Record<Mode, string[]> = {
    live: ["pk_live_", "sk_live_", "rk_live_", "rzp_live_"],
    test: ["pk_test_", "sk_test_", "rk_test_", "rzp_test_"],
};

/**
 * Safaricom's sandbox test shortcodes (the Daraja simulator's test credentials): 174379 for Lipa Na
 * M-Pesa Online (STK push) and the 600xxx range for C2B/B2C.
 */
export const isSandboxShortcode = (code: string) => code === "174379" || /^600\d{3}$/.test(code);

/** PhonePe's PG hosts (developer.phonepe.com, "How to Go Live"; UAT: the pg-sandbox host). */
export const PHONEPE_HOSTS = { uat: "https://api-preprod.phonepe.com/apis/pg-sandbox", production: "https://api.phonepe.com/apis/pg" } as const;
/** PhonePe's published UAT test merchants are PGTESTPAYUAT, PGTESTPAYUAT86, ... */
export const isPhonepeTestMerchant = (id: string) => id.startsWith("PGTESTPAYUAT");

/** The mode a mobile-money env var's value belongs to (M-Pesa's MPESA_*, PhonePe's PHONEPE_*), if it tells. */
export function mobileModeOf(name: string, value: string): Mode | undefined {
    switch (name) {
        case "MPESA_ENV":
            return value === "production" ? "live" : value === "sandbox" ? "test" : undefined;
        case "MPESA_SHORTCODE":
            return isSandboxShortcode(value) ? "test" : undefined;
        case "PHONEPE_ENV":
            return value === "PRODUCTION" ? "live" : value === "SANDBOX" ? "test" : undefined;
        case "PHONEPE_BASE_URL":
            return value.startsWith(PHONEPE_HOSTS.uat) ? "test" : value.startsWith(PHONEPE_HOSTS.production) ? "live" : undefined;
        case "PHONEPE_MERCHANT_ID":
            return isPhonepeTestMerchant(value) ? "test" : undefined;
        default:
            return undefined;
    }
}

export function modeOf(environment: "staging" | "production"): Mode {
    return environment === "production" ? "live" : "test";
}

/** Prefixes that ship a variable into browser bundles (Next.js, Astro/Vite, Nuxt, Expo). */
export const PUBLIC_PREFIXES = ["NEXT_PUBLIC_", "PUBLIC_", "VITE_", "NUXT_PUBLIC_", "EXPO_PUBLIC_"];

export function isPublicName(name: string): boolean {
    return PUBLIC_PREFIXES.some((p) => name.startsWith(p));
}
