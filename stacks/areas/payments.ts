// Payments: one vendor per stack (`payments.provider`; card: Stripe or Razorpay; mobile: M-Pesa or
// PhonePe). Each vendor's module checks its keys against the stack's mode, provides its env sources,
// registers what it needs once the app is live and adds its outputs; this module dispatches,
// declares the external secrets and holds the app's env vars to the contract.

import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import { PAYMENT_SECRETS } from "../keyFormats";
import type { CoreConfig, PaymentsConfig } from "../schema";
import type { SecretValue } from "../secretValue";
import { cardPayments } from "./cardPayments";
import type { PaymentVendor } from "./paymentVendor";
import { mpesaPayments } from "./mpesa";
import { phonepePayments } from "./phonepe";
import { requireDeclared } from "../checks";
import * as pulumi from "@pulumi/pulumi";
import type { Area, BuildState } from "../area";

type Of<K extends PaymentsConfig["provider"]> = Extract<PaymentsConfig, { provider: K }>;
const VENDORS: { [K in PaymentsConfig["provider"]]: PaymentVendor<Of<K>> } = {
    stripe: cardPayments,
    razorpay: cardPayments,
    mpesa: mpesaPayments,
    phonepe: phonepePayments,
};
const vendorOf = (p: PaymentsConfig) => VENDORS[p.provider] as PaymentVendor;

export function paymentSources(cfg: CoreConfig): Sources {
    const p = cfg.payments;
    if (!p) return {};
    const secrets = Object.fromEntries(PAYMENT_SECRETS[p.provider].map((s) => [s.source, { secret: true, description: s.what }]));
    return { ...vendorOf(p).sources(p, cfg), ...secrets };
}

export function checkPayments(ctx: CheckContext, values: Record<string, SecretValue>): void {
    const p = ctx.cfg.payments;
    if (!p) return;
    for (const s of PAYMENT_SECRETS[p.provider]) requireDeclared(ctx, s.secretName, `payments.provider ${p.provider}`, s.rotationDays);
    vendorOf(p).check(p, ctx, values);
    checkContract(ctx, vendorOf(p).contract(p));
}

/** Each env var the provider's contract names, in the site's env or a service's, must come from its source. */
function checkContract({ cfg, issues }: CheckContext, contract: Record<string, string>): void {
    const sections: [string, Record<string, { from?: string }>][] = [
        [`${NAMESPACE}:env`, cfg.env],
        ...Object.entries(cfg.services).map(([name, s]): [string, Record<string, { from?: string }>] => [`${NAMESPACE}:services.${name}.env`, s.env]),
    ];
    for (const [section, env] of sections) {
        for (const [name, v] of Object.entries(env)) {
            const source = contract[name];
            if (source && v.from !== source) {
                issues.push({
                    key: `${section}.${name}`,
                    message: `${name} is part of payments.provider ${cfg.payments!.provider}'s env contract: set it with { from: ${source} }, so the mode guard checks the value the app gets`,
                });
            }
        }
    }
}

export function paymentValues(ctx: BuildContext): Record<string, SourceValue> {
    const p = ctx.cfg.payments;
    if (!p) return {};
    const secrets = Object.fromEntries(PAYMENT_SECRETS[p.provider].map((s) => [s.source, { value: ctx.secret(s.secretName) }]));
    return { ...vendorOf(p).values(p, ctx), ...secrets };
}

/** The `payments` output. */
function paymentSummary(p: PaymentsConfig, { cfg, paymentRegistration }: BuildState) {
    return { provider: p.provider, ...vendorOf(p).summary(p, cfg), c2bStatus: paymentRegistration?.status ?? null };
}

export const paymentsArea: Area = {
    sources: ({ cfg }) => paymentSources(cfg),
    check: (ctx) => checkPayments(ctx, ctx.externalValues),
    values: paymentValues,
    after(state) {
        const p = state.cfg.payments;
        return { paymentRegistration: p && vendorOf(p).publish?.(p, state) };
    },
    outputs: (state) => {
        const p = state.cfg.payments;
        return {
            payments: p ? pulumi.output(paymentSummary(p, state)) : null,
            phonepeWebhookPassword: null,
            ...(p && vendorOf(p).outputs?.(p, state)),
        };
    },
};
