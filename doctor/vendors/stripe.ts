// Stripe (payments or its webhook): the key is accepted where the engine uses it.
import { PAYMENT_KEYS } from "../../stacks/keyFormats";
import { client, VendorCheck, withSecret } from "./ask";

export const stripe: VendorCheck = (cfg, config) =>
    cfg.payments?.provider === "stripe" || cfg.webhooks?.stripe
        ? withSecret("stripe", PAYMENT_KEYS.stripe.secretName, cfg.stack, config, async (apiKey) => {
              // What the engine itself calls (a restricted rk_ key with webhook access passes; the balance would need more).
              await client("Stripe", cfg.webhooks?.stripe?.apiBaseUrl ?? "https://api.stripe.com", { bearer: apiKey })("GET", "/v1/webhook_endpoints", {
                  searchParams: { limit: "1" },
              });
              // The key's mode is its prefix, which the config check already held to the stack's environment.
              return { verdict: "ok", found: `the ${apiKey.includes("_live_") ? "live" : "test"}-mode key is accepted (webhook endpoints readable)` };
          })
        : undefined;
