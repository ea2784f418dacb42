// A typed view of App Platform's outputs (the contract in docs/outputs.md), read through a StackReference.
import * as pulumi from "@pulumi/pulumi";
import type { StackOutputs } from "../../stacks/outputs"; // outside this repository: copy the interface

/** Reads one output of the platform stack, typed by its key. */
export type Platform = <K extends keyof StackOutputs>(key: K) => pulumi.Output<StackOutputs[K]>;

/** The App Platform stack `name` (`<org>/app-platform/<stack>`). */
export function readPlatform(name: string, opts?: pulumi.CustomResourceOptions): Platform {
    const ref = new pulumi.StackReference(name, { name }, opts);
    // requireOutput fails the preview with the key's name when the platform stack lacks it;
    // secret outputs (redisRestToken) stay secret.
    return (key) => ref.requireOutput(key) as pulumi.Output<StackOutputs[typeof key]>;
}

/** Fails the preview when the platform's database is older than the schema this program needs. */
export function requireSchema(platform: Platform, minimum: string): pulumi.Output<string> {
    return platform("schemaVersion").apply((version) => {
        if (version === null || version < minimum) {
            throw new pulumi.RunError(
                `App Platform's schema is at ${version ?? "no migrations"}, older than ${minimum} that this program needs: ` +
                    `apply the platform's migrations first (pulumi up on the platform stack), or lower minSchemaVersion.`,
            );
        }
        return version;
    });
}
