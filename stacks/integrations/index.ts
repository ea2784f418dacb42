// The vendor integrations, in the order their outputs appear. A new one is its module in
// stacks/integrations/ (an `integration({...})`), its component and engine, and one entry here.
import { z } from "zod";
import * as pulumi from "@pulumi/pulumi";
import { Area, BuildState, generatedSecret } from "../area";
import { declaredSources, Integration, providedSources } from "../integration";
import type { SourceValue } from "../envContract";
import { INTEGRATION_OUTPUTS, IntegrationExports, IntegrationOutputs } from "../outputs";
import { razorpay } from "./razorpay";
import { resend } from "./resend";
import { stripe } from "./stripe";
import { twilio } from "./twilio";

export const INTEGRATIONS = [stripe, razorpay, twilio, resend] as const;

type Registered = (typeof INTEGRATIONS)[number];

/** `app-platform:webhooks`: one optional section per integration. */
export const webhooksSchema = z.strictObject(
    Object.fromEntries(INTEGRATIONS.map((i) => [i.key, i.schema.optional()])) as { [I in Registered as I["key"]]: z.ZodOptional<I["schema"]> },
);

export type WebhooksConfig = z.output<typeof webhooksSchema>;

/** The integrations a stack configures, each with its section (as parsed by its schema). */
export function configured(webhooks: Record<string, unknown> | undefined): { integration: Integration; section: unknown }[] {
    const all: readonly Integration[] = INTEGRATIONS;
    return all.flatMap((integration) => {
        const section = (webhooks as Record<string, unknown> | undefined)?.[integration.key];
        return section === undefined ? [] : [{ integration, section }];
    });
}

/** The vendor integrations as one area: each hook iterates the integrations the stack configures. */
export const integrationsArea: Area = {
    sources: ({ webhooks }) => Object.assign({}, ...configured(webhooks).map(({ integration, section }) => declaredSources(integration.sources, section))),
    check(ctx) {
        for (const { integration, section } of configured(ctx.webhooks)) integration.check?.(section, ctx);
    },
    before(state) {
        const ctx = integrationContext(state);
        const outputs: IntegrationOutputs[] = [];
        const values: Record<string, SourceValue> = {};
        for (const { integration, section } of configured(state.cfg.webhooks)) {
            const built = integration.build?.(section, ctx);
            if (integration.outputs) outputs.push(integration.outputs(built));
            for (const [name, source] of providedSources(integration.sources, section)) values[name] = { value: source.value(built) };
        }
        return { integrationOutputs: outputs, integrationValues: values };
    },
    values: ({ integrationValues }) => integrationValues ?? {},
    after(state) {
        const published = { ...integrationContext(state), live: state.live };
        const outputs = [...state.integrationOutputs];
        for (const { integration, section } of configured(state.cfg.webhooks)) if (integration.publish) outputs.push(integration.publish(section, published));
        return { integrationOutputs: outputs };
    },
    outputs({ integrationOutputs }) {
        const all = integrationOutputs.reduce<IntegrationExports>(
            (all, { webhooks, ...rest }) => ({ ...all, ...rest, webhooks: { ...all.webhooks, ...webhooks } }),
            INTEGRATION_OUTPUTS,
        );
        return { ...all, webhooks: pulumi.output(all.webhooks) };
    },
};

function integrationContext(state: BuildState) {
    return { ...state, generated: (name: string) => generatedSecret(state.generated, name) };
}
