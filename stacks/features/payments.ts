// Payments (Stripe or Razorpay): keys of the stack's mode, the secret declared; env sources.
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, secretCommand, Sources } from "../feature";
import { modeOf, PAYMENT_KEYS } from "../keyFormats";
import type { CoreConfig } from "../schema";
import { SecretValue } from "../secretValue";
import { requireDeclared } from "./secrets";

/** A payment webhook registers with the provider's own keys: it needs payments.provider to be that provider. */
export function requirePaymentProvider({ cfg, issues }: CheckContext, provider: "stripe" | "razorpay", section: string, what: string): void {
    if (cfg.payments?.provider !== provider) issues.push({ key: `${NAMESPACE}:${section}`, message: `needs payments.provider ${provider} (its ${what})` });
}

export function paymentSources(cfg: CoreConfig): Sources {
    if (!cfg.payments) return {};
    return {
        "payments.publicKey": { secret: false, description: `${cfg.payments.provider} public key` },
        "payments.secretKey": { secret: true, description: `${cfg.payments.provider} secret key` },
    };
}

export function checkPayments(ctx: CheckContext, values: Record<string, SecretValue>): void {
    const { cfg, issues } = ctx;
    if (!cfg.payments) return;
    const spec = PAYMENT_KEYS[cfg.payments.provider];
    const mode = modeOf(cfg.environment);
    const other = mode === "live" ? "test" : "live";
    requireDeclared(ctx, spec.secretName, `payments.provider ${cfg.payments.provider}`, spec.rotationDays);
    const pub = cfg.payments.publicKey;
    if (!spec.publicPrefix[mode].some((p) => pub.startsWith(p))) {
        const holds = spec.publicPrefix[other].some((p) => pub.startsWith(p)) ? `holds a ${other}-mode key` : "is not a recognised key";
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
            message: `${holds}; the ${cfg.environment} stack needs a ${mode}-mode key starting with ` +
                `${spec.secretPrefix[mode].join(" or ")} (the value is not shown). Run: ${secretCommand(spec.secretName, ctx.opts.stack)}`,
        });
    }
}

export function paymentValues({ cfg, secret }: BuildContext): Record<string, SourceValue> {
    if (!cfg.payments) return {};
    return {
        "payments.publicKey": { value: cfg.payments.publicKey },
        "payments.secretKey": { value: secret(PAYMENT_KEYS[cfg.payments.provider].secretName) },
    };
}
