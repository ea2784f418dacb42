// The migration options' defaults, in one table. The settings schema (stack config and CLI) and the
// engine both read it; it imports nothing, because the engine is serialized into the dynamic
// provider by value and must not drag the schema library along.
export const DEFAULTS = {
    schema: "app_platform",
    lockTimeout: "10s",
    statementTimeout: "15min",
    lockWaitSeconds: 60,
    backupFormat: "custom",
    supabaseInterop: true,
    outOfOrder: false,
} as const;
