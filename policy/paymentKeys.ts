// Live payment keys only in production, test keys only in staging (seed 000: "Razorpay in correct mode");
// the same for mobile money: M-Pesa's sandbox and PhonePe's UAT stay out of production, and the reverse.
import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { mobileModeOf, MODE_PREFIXES, Mode } from "../stacks/keyFormats";
import { deployedVars } from "./envVars";
import { environmentOf, unknownEnvironment } from "./environment";
import { kindOf } from "../providers/kinds";
import { known, TYPES } from "./resources";
import { plainVars } from "./services";

const WRONG: Record<"production" | "staging", Mode> = { production: "test", staging: "live" };

/** The wrong-mode prefix a value starts with (or contains, for a key inside a URL or list). */
const wrongPrefix = (value: string | undefined, mode: Mode) => (value ? MODE_PREFIXES[mode].find((p) => value.includes(p)) : undefined);

export const paymentKeysMatchEnvironment: ResourceValidationPolicy = {
    name: "payment-keys-match-environment",
    description:
        "Production uses live-mode payment keys and staging test-mode keys (Stripe sk_/pk_/rk_, Razorpay rzp_); M-Pesa's sandbox and PhonePe's UAT only in staging.",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        if (
            [TYPES.ecsTaskDefinition, TYPES.cloudRunService, TYPES.cloudRunJob].includes(args.type as never) ||
            kindOf(args.type, args.props)?.kind === "MpesaC2bUrls"
        ) {
            return mobileModes(args, reportViolation);
        }
        const paymentKey = kindOf(args.type, args.props)?.paymentKey;
        const keys = paymentKey
            ? [{ what: paymentKey.what, value: known(() => args.props[paymentKey.prop] as string) }]
            : deployedVars(args.type, args.props).map((v) => ({ what: `${v.name} (${v.where})`, value: v.value }));
        if (keys.length === 0) return args.notApplicable("sets no payment key");
        const env = environmentOf(args.urn, args.stackTags);
        if (!env) return args.notApplicable(unknownEnvironment(args.urn));
        const mode = WRONG[env];
        for (const key of keys) {
            const prefix = wrongPrefix(key.value, mode);
            if (!prefix) continue;
            reportViolation(
                `${key.what} holds a ${mode}-mode payment key (${prefix}…) in the ${env} stack. Fix: ` +
                    (env === "production"
                        ? `set app-platform:payments.publicKey to the live key id and store the live secret with ` +
                          `pulumi config set --secret --stack <production stack> (test keys belong to staging).`
                        : `set app-platform:payments.publicKey to a test key id and store the test secret with ` +
                          `pulumi config set --secret --stack <staging stack>; staging must never charge real cards.`),
            );
        }
    },
};

/** M-Pesa and PhonePe settings a service runs with (or the C2B registration uses), against the stack's mode. */
function mobileModes(args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    const env = environmentOf(args.urn, args.stackTags);
    if (!env) return args.notApplicable(unknownEnvironment(args.urn));
    const vars =
        kindOf(args.type, args.props)?.kind === "MpesaC2bUrls"
            ? [
                  { name: "MPESA_ENV", value: String(known(() => args.props.environment)) },
                  { name: "MPESA_SHORTCODE", value: String(known(() => args.props.shortCode)) },
              ]
            : plainVars(args.type, args.props);
    for (const v of vars) {
        if (mobileModeOf(v.name, v.value) !== WRONG[env]) continue;
        reportViolation(
            `${v.name}=${v.value} (${args.name}) belongs to ${env === "production" ? "the sandbox (M-Pesa) or UAT (PhonePe)" : "live money"}, not the ${env} stack. Fix: ` +
                (env === "production"
                    ? "set app-platform:payments.environment to production with the production shortcode or merchant id; the mode guard then keeps test values out."
                    : "set app-platform:payments.environment to sandbox (M-Pesa) or uat (PhonePe) with its test shortcode or merchant: staging must never move real money."),
        );
    }
}
