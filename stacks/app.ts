// Composes one environment from its validated config: each area (stacks/areas/index.ts) builds its part in
// three phases: before the app (secrets, Redis, the bucket, Atlas, Sentry, the integrations' resources),
// the app (the hosting project, its DNS, the services that read the same env sources), and after it
// (schedules, registrations, migrations, monitoring, what the integrations publish).
import * as pulumi from "@pulumi/pulumi";
import type { MigrationSet } from "../providers/migrations/files";
import type { Area, BuildState } from "./area";
import { AREAS } from "./areas";
import { buildContext } from "./buildContext";
import type { StackConfig } from "./config";
import { envContract } from "./envContract";
import { OUTPUT_KEYS, StackOutputExports } from "./outputs";

export function buildStack(cfg: StackConfig, migrationFiles?: MigrationSet): StackOutputExports {
    for (const warning of cfg.warnings) pulumi.log.warn(warning);
    const start = { ...buildContext(cfg), cfg, migrationFiles, generated: [], values: {}, environment: [], live: [], integrationOutputs: [] };
    // `hosting` joins in the app phase, before anything reads it.
    let state = start as Omit<BuildState, "hosting"> as BuildState;
    const phase = (name: "before" | "app" | "after") => {
        for (const area of AREAS) state = { ...state, ...area[name]?.(state) };
    };
    phase("before");
    // Every env source's value, from the area that provides it (the config checked the names).
    const values = Object.assign({}, ...AREAS.map((area: Area) => area.values?.(state)));
    state = { ...state, values, environment: envContract(cfg, values) };
    phase("app");
    phase("after");
    const outputs: Partial<StackOutputExports> = Object.assign({}, ...AREAS.map((area) => area.outputs?.(state)));
    return Object.fromEntries(OUTPUT_KEYS.map((key) => [key, outputs[key]])) as StackOutputExports;
}
