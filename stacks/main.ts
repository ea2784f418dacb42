// The program's entry: read the stack's config, clock and migrations, validate, build, return the outputs.
import * as pulumi from "@pulumi/pulumi";
import { isMigrationError } from "../providers/migrations/errors";
import { MigrationSet, readMigrations } from "../providers/migrations/files";
import { buildStack } from "./app";
import { ConfigError, loadStackConfig, StackConfig } from "./config";
import { LoadOptions, NAMESPACE } from "./stackConfig";
import { StackOutputExports } from "./outputs";

/** Overrides the clock that drives rotation (ISO date or timestamp); for tests and reproducible previews. */
export const CLOCK_ENV = "APP_PLATFORM_NOW";

export function clock(override = process.env[CLOCK_ENV]): Date {
    if (!override) return new Date();
    const now = new Date(override);
    if (Number.isNaN(now.getTime())) throw new pulumi.RunError(`${CLOCK_ENV}=${override} is not a date; use e.g. 2026-11-22`);
    return now;
}

/** Reads the migration files at program time; a bad file is a configuration error naming it. */
async function migrationSet(cfg: StackConfig): Promise<MigrationSet | undefined> {
    if (!cfg.migrations) return undefined;
    try {
        return await readMigrations(cfg.migrations.dir, cfg.migrations.rollbackDir);
    } catch (err) {
        if (!isMigrationError(err)) throw err;
        throw new ConfigError(
            cfg.stack,
            err.message.split("\n").map((message) => ({ key: `${NAMESPACE}:migrations.dir`, message })),
        );
    }
}

/** Validates the raw config and declares the stack; shared by `pulumi up` and the offline inventory. */
export async function run(raw: Record<string, string>, opts: LoadOptions): Promise<{ config: StackConfig; outputs: StackOutputExports }> {
    const config = loadStackConfig(raw, opts);
    return { config, outputs: buildStack(config, await migrationSet(config)) };
}

/** Config keys Pulumi holds as secrets, as the language host hands them to the program. */
function secretKeys(raw: Record<string, string>): Set<string> {
    // The SDK's own check (internal, so untyped): it reads the secret-key list the language host passed in.
    const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };
    return new Set(Object.keys(raw).filter(isConfigSecret));
}

export async function main(): Promise<StackOutputExports> {
    const raw = pulumi.runtime.allConfig();
    return (await run(raw, { stack: pulumi.getStack(), secretKeys: secretKeys(raw), now: clock() })).outputs;
}
