// Live payment keys only in production, test keys only in staging (seed 000: "Razorpay in correct mode").
import { ResourceValidationPolicy } from "@pulumi/policy";
import { MODE_PREFIXES, Mode } from "../stacks/keyFormats";
import { deployedVars } from "./envVars";
import { environmentOf, unknownEnvironment } from "./environment";
import { kindOf } from "../providers/kinds";
import { known } from "./resources";

const WRONG: Record<"production" | "staging", Mode> = { production: "test", staging: "live" };

/** The wrong-mode prefix a value starts with (or contains, for a key inside a URL or list). */
const wrongPrefix = (value: string | undefined, mode: Mode) => (value ? MODE_PREFIXES[mode].find((p) => value.includes(p)) : undefined);

export const paymentKeysMatchEnvironment: ResourceValidationPolicy = {
    name: "payment-keys-match-environment",
    description: "Production uses live-mode payment keys and staging test-mode keys (Stripe sk_/pk_/rk_, Razorpay rzp_).",
    severity: "critical",
    validateResource: (args, reportViolation) => {
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
