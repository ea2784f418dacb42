// The one naming rule for what the vendors name.

/** Projects, databases, buckets: `<name>-<stack>[-<suffix>]`. */
export function physicalName(app: string, stack: string, suffix?: string): string {
    return [app, stack, suffix].filter(Boolean).join("-");
}
