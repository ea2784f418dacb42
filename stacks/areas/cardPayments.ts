// Card payments (Stripe, Razorpay): the public key id in config, the secret key an external secret,
// both of the stack's mode (live in production, test in staging).
import { NAMESPACE } from "../stackConfig";
import { secretCommand } from "../checks";
import { modeOf, PAYMENT_KEYS } from "../keyFormats";
import type { PaymentsConfig } from "../schema";
import type { SecretValue } from "../secretValue";
import type { PaymentVendor } from "./paymentVendor";

type Card = Extract<PaymentsConfig, { publicKey: string }>;

export const cardPayments: PaymentVendor<Card> = {
    sources: (p) => ({ "payments.publicKey": { secret: false, description: `${p.provider} public key` } }),
    check(p, ctx, values: Record<string, SecretValue>) {
        const { cfg, issues } = ctx;
        const spec = PAYMENT_KEYS[p.provider];
        const mode = modeOf(cfg.environment);
        const other = mode === "live" ? "test" : "live";
        if (!spec.publicPrefix[mode].some((prefix) => p.publicKey.startsWith(prefix))) {
            const holds = spec.publicPrefix[other].some((prefix) => p.publicKey.startsWith(prefix)) ? `holds a ${other}-mode key` : "is not a recognised key";
            issues.push({
                key: `${NAMESPACE}:payments.publicKey`,
                message: `${holds}; the ${cfg.environment} stack needs a ${mode}-mode key starting with ${spec.publicPrefix[mode].join(" or ")}`,
            });
        }
        const secret = values[spec.secretName];
        if (secret && spec.secretPrefix && !secret.startsWith(spec.secretPrefix[mode])) {
            const holds = secret.startsWith(spec.secretPrefix[other]) ? `holds a ${other}-mode key` : "is not a recognised key";
            issues.push({
                key: `${NAMESPACE}:${spec.secretName}`,
                message:
                    `${holds}; the ${cfg.environment} stack needs a ${mode}-mode key starting with ` +
                    `${spec.secretPrefix[mode].join(" or ")} (the value is not shown). Run: ${secretCommand(spec.secretName, ctx.opts.stack)}`,
            });
        }
    },
    // Card apps name their keys freely (STRIPE_SECRET_KEY, RAZORPAY_KEY_ID...): the prefixes guard them.
    contract: () => ({}),
    values: (p) => ({ "payments.publicKey": { value: p.publicKey } }),
    summary: (_, cfg) => ({ mode: modeOf(cfg.environment), urls: {} }),
};
