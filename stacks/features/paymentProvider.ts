// What each payment provider's module (cardPayments.ts, mpesa.ts, phonepe.ts) gives payments.ts,
// which dispatches to them: the contract they share, so that none imports the dispatcher.
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import type { CheckContext, Sources } from "../feature";
import type { PaymentsEntry } from "../outputs";
import type { CoreConfig, PaymentsConfig } from "../schema";
import type { SecretValue } from "../secretValue";

/** What each payment provider's module gives: its plain sources, its mode guard, the env names it fixes, and its values. */
export interface PaymentProvider<P extends PaymentsConfig = PaymentsConfig> {
    /** Plain (non-secret) sources; the secret ones come from PAYMENT_SECRETS. */
    sources(p: P, cfg: CoreConfig): Sources;
    /** The mode guard: keys, hosts and codes of the other environment are refused. */
    check(p: P, ctx: CheckContext, values: Record<string, SecretValue>): void;
    /** Env var names the app reads and the source each must come from (a literal would bypass the guard). */
    contract(p: P): Record<string, string>;
    values(p: P, ctx: BuildContext): Record<string, SourceValue>;
    /** Its mode and the URLs it calls, for the `payments` output. */
    summary(p: P, cfg: CoreConfig): Omit<PaymentsEntry, "provider" | "c2bStatus">;
}
