// Payments: one provider per stack (card: Stripe or Razorpay; mobile: M-Pesa or PhonePe). Each
// provider's module checks its keys against the stack's mode and provides its env sources; this
// module dispatches, declares the external secrets and holds the app's env vars to the contract.

import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import { PAYMENT_SECRETS } from "../keyFormats";
import type { CoreConfig, PaymentsConfig } from "../schema";
import type { SecretValue } from "../secretValue";
import { cardPayments } from "./cardPayments";
import type { PaymentProvider } from "./paymentProvider";
import { buildMpesaC2b, mpesaPayments } from "./mpesa";
import { phonepePayments } from "./phonepe";
import { requireDeclared } from "../checks";
import * as pulumi from "@pulumi/pulumi";
import type { Area, BuildState } from "../area";

type Of<K extends PaymentsConfig["provider"]> = Extract<PaymentsConfig, { provider: K }>;
const PROVIDERS: { [K in PaymentsConfig["provider"]]: PaymentProvider<Of<K>> } = {
    stripe: cardPayments,
    razorpay: cardPayments,
    mpesa: mpesaPayments,
    phonepe: phonepePayments,
};
const providerOf = (p: PaymentsConfig) => PROVIDERS[p.provider] as PaymentProvider;

export function paymentSources(cfg: CoreConfig): Sources {
    const p = cfg.payments;
    if (!p) return {};
    const secrets = Object.fromEntries(PAYMENT_SECRETS[p.provider].map((s) => [s.source, { secret: true, description: s.what }]));
    return { ...providerOf(p).sources(p, cfg), ...secrets };
}

export function checkPayments(ctx: CheckContext, values: Record<string, SecretValue>): void {
    const p = ctx.cfg.payments;
    if (!p) return;
    for (const s of PAYMENT_SECRETS[p.provider]) requireDeclared(ctx, s.secretName, `payments.provider ${p.provider}`, s.rotationDays);
    providerOf(p).check(p, ctx, values);
    checkContract(ctx, providerOf(p).contract(p));
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
    return { ...providerOf(p).values(p, ctx), ...secrets };
}

/** The `payments` output. */
export function paymentSummary(cfg: CoreConfig, c2bStatus: pulumi.Output<string> | undefined) {
    const p = cfg.payments!;
    return { provider: p.provider, ...providerOf(p).summary(p, cfg), c2bStatus: c2bStatus ?? null };
}

/** PhonePe's webhook password (a generated secret): the merchant pastes it into PhonePe's dashboard. */
function phonepeWebhookPassword(p: PaymentsConfig | undefined, generated: BuildState["generated"]) {
    if (p?.provider !== "phonepe" || !p.webhook) return null;
    const password = p.webhook.password;
    return pulumi.secret(generated.find(([n]) => n === password)![1].current);
}

export const paymentsArea: Area = {
    sources: ({ cfg }) => paymentSources(cfg),
    check: (ctx) => checkPayments(ctx, ctx.externalValues),
    values: paymentValues,
    after: (state) => ({ c2b: buildMpesaC2b(state, state.live) }),
    outputs: ({ cfg, c2b, generated }) => ({
        payments: cfg.payments ? pulumi.output(paymentSummary(cfg, c2b?.status)) : null,
        phonepeWebhookPassword: phonepeWebhookPassword(cfg.payments, generated),
    }),
};
