// The program's entry: read the stack's config and clock, validate, build, return the outputs.
import * as pulumi from "@pulumi/pulumi";
import { buildStack } from "./app";
import { loadStackConfig, LoadOptions, StackConfig } from "./config";
import { StackOutputExports } from "./outputs";

/** Overrides the clock that drives rotation (ISO date or timestamp); for tests and reproducible previews. */
export const CLOCK_ENV = "APP_PLATFORM_NOW";

export function clock(override = process.env[CLOCK_ENV]): Date {
    if (!override) return new Date();
    const now = new Date(override);
    if (Number.isNaN(now.getTime())) throw new pulumi.RunError(`${CLOCK_ENV}=${override} is not a date; use e.g. 2026-11-22`);
    return now;
}

/** Validates the raw config and declares the stack; shared by `pulumi up` and the offline inventory. */
export function run(raw: Record<string, string>, opts: LoadOptions): { config: StackConfig; outputs: StackOutputExports } {
    const config = loadStackConfig(raw, opts);
    return { config, outputs: buildStack(config) };
}

/** Config keys Pulumi holds as secrets, as the language host hands them to the program. */
function secretKeys(raw: Record<string, string>): Set<string> {
    // The SDK's own check (internal, so untyped): it reads the secret-key list the language host passed in.
    const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };
    return new Set(Object.keys(raw).filter(isConfigSecret));
}

export function main(): StackOutputExports {
    const raw = pulumi.runtime.allConfig();
    return run(raw, { stack: pulumi.getStack(), secretKeys: secretKeys(raw), now: clock() }).outputs;
}
