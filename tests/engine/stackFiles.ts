// Stack files and secrets for a throwaway workspace: canary secrets that pass the format and
// mode checks a real value of each key faces, and YAML that keeps dates as strings.
import { randomBytes } from "crypto";
import { stringify } from "yaml";
import { PAYMENT_KEYS, SECRET_PREFIXES } from "../../stacks/keyFormats";

/** The stacks run under the real engine (the tests and bench:preview): stack name → stack file. */
export const ENGINE_STACKS = {
    staging: "Pulumi.staging.yaml",
    production: "Pulumi.production.yaml",
    "mystic-production": "tests/fixtures/Pulumi.mystic-production.yaml",
    "dirtfree-staging": "tests/fixtures/Pulumi.dirtfree-staging.yaml",
    "dirtfree-production": "tests/fixtures/Pulumi.dirtfree-production.yaml",
    "smartduka-production": "tests/fixtures/Pulumi.smartduka-production.yaml",
    "smartduka-staging": "tests/fixtures/Pulumi.smartduka-staging.yaml",
    "raptorflow-production": "tests/fixtures/Pulumi.raptorflow-production.yaml",
};

/** The clock of every engine run but a rotation day: pinned, so a re-preview can only differ by a defect. */
export const ENGINE_NOW = "2026-11-23T12:00:00Z";

/** A unique, searchable marker: the secret scan looks for exactly this text. */
export const canary = (label: string) => `CANARY${label.replace(/[^A-Za-z0-9]/g, "")}${randomBytes(6).toString("hex")}`;

/** A canary for the external secret `name` of a stack in `environment`. */
export function canaryFor(name: string, environment: string): string {
    const payment = Object.values(PAYMENT_KEYS).find((p) => p.secretName === name);
    const prefix = payment?.secretPrefix?.[environment === "production" ? "live" : "test"][0] ?? SECRET_PREFIXES[name]?.[0] ?? "";
    return `${prefix}${canary(name)}`;
}

/** Stack-file YAML with every string quoted, so dates stay strings (as in the committed files). */
export const toYaml = (doc: unknown) => stringify(doc, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" });
