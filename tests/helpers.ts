// Shared test fixtures: stack files, a fixed clock, and config mutation helpers.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ConfigError, loadStackConfig, StackConfig } from "../stacks/config";
import { evaluateStack, Evaluation } from "../inventory/evaluate";
import { installMocks, ResourceRecord, settle } from "../inventory/mocks";
import { fromConfigMap, StackFileConfig } from "../inventory/stackFile";

/** Tests pin the clock: the stack files' rotation dates are judged against it, not the wall clock. */
export const NOW = new Date("2026-11-22T12:00:00Z");

export const ROOT = join(__dirname, "..");

/** Every committed stack file (Pulumi.<stack>.yaml, the fixtures' too), relative to ROOT. */
export function committedStackFiles(): string[] {
    return execFileSync("git", ["ls-files", "Pulumi.*.yaml", "**/Pulumi.*.yaml"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");
}
export const STACKS = {
    staging: join(ROOT, "Pulumi.staging.yaml"),
    production: join(ROOT, "Pulumi.production.yaml"),
    mystic: join(ROOT, "tests/fixtures/Pulumi.mystic-production.yaml"),
    dirtfree: join(ROOT, "tests/fixtures/Pulumi.dirtfree-staging.yaml"),
    dirtfreeProduction: join(ROOT, "tests/fixtures/Pulumi.dirtfree-production.yaml"),
    smartduka: join(ROOT, "tests/fixtures/Pulumi.smartduka-production.yaml"),
    smartdukaStaging: join(ROOT, "tests/fixtures/Pulumi.smartduka-staging.yaml"),
    raptorflow: join(ROOT, "tests/fixtures/Pulumi.raptorflow-production.yaml"),
};
export type StackName = keyof typeof STACKS;
export const STACK_OF: Record<StackName, string> = {
    staging: "staging",
    production: "production",
    mystic: "production",
    dirtfree: "staging",
    dirtfreeProduction: "production",
    smartduka: "production",
    smartdukaStaging: "staging",
    raptorflow: "production",
};

export type ConfigMap = Record<string, any>;

/** The stack file's `config:` mapping, deep-copied so a test may change it. */
export function configMap(name: StackName): ConfigMap {
    return (parse(readFileSync(STACKS[name], "utf8")) as { config: ConfigMap }).config;
}

export function stackFile(name: StackName, mutate?: (c: ConfigMap) => void): StackFileConfig {
    const config = configMap(name);
    mutate?.(config);
    return fromConfigMap(config);
}

export function load(name: StackName, mutate?: (c: ConfigMap) => void, now = NOW): StackConfig {
    // Validation only (synchronous): the migration files are read by `evaluate`.
    const file = stackFile(name, mutate);
    return loadStackConfig(file.raw, { stack: STACK_OF[name], secretKeys: file.secretKeys, now });
}

export function evaluate(name: StackName, mutate?: (c: ConfigMap) => void, now = NOW): Promise<Evaluation> {
    return evaluateStack(STACK_OF[name], stackFile(name, mutate), now);
}

/** Runs `fn`, expects a ConfigError, and returns its issues for closer checks. */
export function configErrors(fn: () => unknown): ConfigError {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
        return err;
    }
    assert.fail("expected a ConfigError, but the config was accepted");
}

export function issueFor(err: ConfigError, key: string): string {
    const issue = err.issues.find((i) => i.key === key);
    assert.ok(issue, `no issue for ${key}; issues were:\n${err.message}`);
    return issue.message;
}

/** Awaits an Output: its value and whether Pulumi holds it as a secret. */
export async function reveal<T>(output: unknown): Promise<{ value: T; secret: boolean }> {
    const o = pulumi.output(output) as unknown as { isSecret: Promise<boolean>; promise(): Promise<T> };
    return { value: await o.promise(), secret: await o.isSecret };
}

/** Declares resources under fresh recording mocks and waits until all have registered. */
export async function declare<T>(build: () => T): Promise<{ built: T; records: ResourceRecord[]; of: (type: string) => ResourceRecord[] }> {
    const records = await installMocks("app-platform", "test");
    const built = build();
    await settle();
    return { built, records, of: (type) => records.filter((r) => r.type === type) };
}
