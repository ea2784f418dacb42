// Payment and messaging providers deliver webhooks only to https URLs.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { kindOf } from "../providers/kinds";
import { known } from "./resources";

export const webhookUrlsHttps: ResourceValidationPolicy = {
    name: "webhook-urls-https",
    description: "Every webhook registered with Stripe, Razorpay, Resend or Twilio delivers to an https URL.",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const kind = kindOf(args.type, args.props);
        const props = kind?.deliversTo;
        if (!kind || !props) return args.notApplicable("not a webhook registration");
        for (const prop of props) {
            const url = known(() => args.props[prop] as string | null);
            if (!url || url.startsWith("https://")) continue;
            reportViolation(
                `${kind.kind} ${args.name}: ${prop} ${url} is not https, so payloads and signatures travel in clear text ` +
                    `(and Stripe refuses plain http in live mode). Fix: serve the site over https; webhook URLs are built from app-platform:domains.primary.`,
            );
        }
    },
};
