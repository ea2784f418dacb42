// The vendor integrations, in the order their outputs appear. A new one is its module in
// stacks/features/ (an `integration({...})`), its component and engine, and one entry here.
import { z } from "zod";
import type { Integration } from "./integration";
import { razorpay } from "./features/razorpay";
import { resend } from "./features/resend";
import { stripe } from "./features/stripe";
import { twilio } from "./features/twilio";

export const INTEGRATIONS = [stripe, razorpay, twilio, resend] as const;

type Registered = (typeof INTEGRATIONS)[number];

/** `app-platform:webhooks`: one optional section per integration. */
export const webhooksSchema = z.strictObject(
    Object.fromEntries(INTEGRATIONS.map((i) => [i.key, i.schema.optional()])) as { [I in Registered as I["key"]]: z.ZodOptional<I["schema"]> },
);

export type WebhooksConfig = z.output<typeof webhooksSchema>;

/** The integrations a stack configures, each with its section (as parsed by its schema). */
export function configured(webhooks: WebhooksConfig | undefined): { integration: Integration; section: unknown }[] {
    const all: readonly Integration[] = INTEGRATIONS;
    return all.flatMap((integration) => {
        const section = (webhooks as Record<string, unknown> | undefined)?.[integration.key];
        return section === undefined ? [] : [{ integration, section }];
    });
}
