// Evaluates the real program for one stack under recording mocks and returns what it declares.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, StackConfig } from "../stacks/config";
import { run } from "../stacks/main";
import { installMocks, resolveMasked, ResourceOptionsRecord, ResourceRecord, settle } from "./mocks";
import { explainConfigError, StackFileConfig } from "./stackFile";

export const PROJECT = "app-platform";

export interface Inventory {
    stack: string;
    resources: { type: string; name: string; parent: string | null; inputs: Record<string, unknown>; options: ResourceOptionsRecord }[];
    outputs: Record<string, unknown>;
    warnings: string[];
    /** Secret config keys that were filled with placeholders. */
    placeholders: string[];
}

export interface Evaluation {
    inventory: Inventory;
    /** Every registration, with revealed inputs: for tests only, never printed. */
    records: ResourceRecord[];
    config: StackConfig;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** `named` is the stack file read, for config errors, when it is not `Pulumi.<stack>.yaml`. */
/**
 * Runs `fn` with V8's own stack traces. Each registration captures a full stack for the resource's
 * source position (the SDK's Resource.callsites), which ts-node's source-map-support maps frame by
 * frame: about 1 s of a stack's evaluation. The inventory shows no source positions.
 */
async function withV8Stacks<T>(fn: () => Promise<T>): Promise<T> {
    const mapped = Error.prepareStackTrace;
    Reflect.deleteProperty(Error, "prepareStackTrace");
    try {
        return await fn();
    } finally {
        Error.prepareStackTrace = mapped;
    }
}

export async function evaluateStack(stack: string, file: StackFileConfig, now: Date, named?: string): Promise<Evaluation> {
    const { records, config, outputs, resolved } = await withV8Stacks(async () => {
        const records = await installMocks(PROJECT, stack);
        pulumi.runtime.setAllConfig(file.raw, [...file.secretKeys]);
        const { config, outputs } = await run(file.raw, { stack, secretKeys: file.secretKeys, now, file: named }).catch((err) => {
            throw err instanceof ConfigError ? explainConfigError(err, file, named) : err;
        });
        const resolved = (await resolveMasked(outputs)) as Record<string, unknown>;
        await settle();
        return { records, config, outputs, resolved };
    });
    return {
        inventory: {
            stack,
            // Registration order depends on when Outputs resolve; sort so the same stack prints the same.
            resources: records
                .map(({ type, name, parent, inputs, options }) => ({ type, name, parent, inputs, options }))
                .sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type)),
            outputs: resolved,
            warnings: config.warnings,
            placeholders: file.placeholders,
        },
        records,
        config,
        outputs,
    };
}
