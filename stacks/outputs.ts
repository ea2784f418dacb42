// The stack outputs other teams read through `pulumi.StackReference`: a typed, versioned contract.
// Values are names, URLs, ids and dates only; no secret ever appears here (see docs/outputs.md).
import * as pulumi from "@pulumi/pulumi";
import type { ExternalKeyStatus } from "./config";
import type { EnvTarget } from "./schema";

export interface EnvContractEntry {
    name: string;
    targets: EnvTarget[];
    secret: boolean;
    source: string;
}

export interface GeneratedSecretSchedule {
    name: string;
    /** The env vars carrying it: NAME and NAME_PREVIOUS. */
    envVars: string[];
    rotationDays: number;
    rotatedAt: string;
    nextRotation: string;
}

export interface StackOutputs {
    environment: "staging" | "production";
    siteUrl: string;
    hosting: {
        provider: "vercel" | "cloudflare-pages";
        projectId: string;
        projectName: string;
        productionBranch: string;
        defaultHost: string;
    };
    /** Primary domain first, then the hosts that redirect to it. */
    domains: string[];
    /** Env-var names per deployment target, never values. */
    envVars: Record<EnvTarget, string[]>;
    envContract: EnvContractEntry[];
    generatedSecrets: GeneratedSecretSchedule[];
    externalKeys: ExternalKeyStatus[];
}

/** What index.ts exports: every key of the contract, as Outputs. */
export type StackOutputExports = { [K in keyof StackOutputs]: pulumi.Input<StackOutputs[K]> };

/** The pinned set of output keys; tests fail when the contract changes without this list. */
export const OUTPUT_KEYS = [
    "environment",
    "siteUrl",
    "hosting",
    "domains",
    "envVars",
    "envContract",
    "generatedSecrets",
    "externalKeys",
] as const satisfies readonly (keyof StackOutputs)[];
