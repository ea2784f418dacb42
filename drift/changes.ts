// What a refresh preview says changed outside Pulumi: the engine's events of `pulumi refresh
// --preview-only --json` (streamed: PULUMI_ENABLE_STREAMING_JSON_PREVIEW, one JSON event per line).
// A resource the provider read back different from the state is a `resOutputsEvent` with op `update`
// (its old and new outputs), one gone at the vendor is op `delete`; the summary's JSON lists only
// `refresh` steps with both states alike, so the events are the source. Secret values come masked
// ("[secret]"): the report names properties, never values.

export interface Drifted {
    /** The resource's type token and name, as `pulumi stack` lists them. */
    type: string;
    name: string;
    /** Gone at the vendor, or changed: the properties that differ (nested ones as a.b). */
    gone: boolean;
    properties: string[];
}

type Event = {
    resOutputsEvent?: {
        metadata: { op: string; urn: string; type: string; old?: { outputs?: object; custom?: boolean } | null; new?: { outputs?: object } | null };
    };
    summaryEvent?: object;
    diagnosticEvent?: { severity: string; message: string };
};

/** The properties whose values differ, one level into objects (lists compare whole). */
export function changedProperties(old: unknown, now: unknown, prefix = "", depth = 2): string[] {
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isObject(old) || !isObject(now)) return JSON.stringify(old) === JSON.stringify(now) ? [] : [prefix.replace(/\.$/, "") || "(value)"];
    return [...new Set([...Object.keys(old), ...Object.keys(now)])].sort().flatMap((key) => {
        const [a, b] = [old[key], now[key]];
        if (JSON.stringify(a) === JSON.stringify(b)) return [];
        return depth > 1 && isObject(a) && isObject(b) ? changedProperties(a, b, `${prefix}${key}.`, depth - 1) : [`${prefix}${key}`];
    });
}

/** The drifted resources in the event stream `text`; a stream without the engine's summary was not a finished refresh. */
export function driftedResources(text: string): Drifted[] {
    const drifted: Drifted[] = [];
    let finished = false;
    for (const line of text.split("\n")) {
        if (!line.startsWith("{")) continue;
        let event: Event;
        try {
            event = JSON.parse(line) as Event;
        } catch {
            throw new Error("pulumi refresh printed something that is not one JSON event per line (update the Pulumi CLI)");
        }
        finished ||= event.summaryEvent !== undefined;
        const m = event.resOutputsEvent?.metadata;
        // Only custom resources hold vendor state (the event omits `custom` for the stack and components).
        if (!m || (m.op !== "update" && m.op !== "delete") || m.old?.custom !== true) continue;
        const name = m.urn.split("::").pop()!;
        drifted.push(
            m.op === "delete"
                ? { type: m.type, name, gone: true, properties: [] }
                : { type: m.type, name, gone: false, properties: changedProperties(m.old?.outputs ?? {}, m.new?.outputs ?? {}) },
        );
    }
    if (!finished) throw new Error("pulumi refresh ended without its summary: nothing can be said about drift");
    // The engine reads resources in parallel: the report is sorted, the same for the same drift.
    return drifted.sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** The engine's error diagnostics in the stream (with --json, a failed refresh says why there, not on stderr). */
export function engineErrors(text: string): string[] {
    return text
        .split("\n")
        .filter((line) => line.startsWith("{") && line.includes('"diagnosticEvent"'))
        .flatMap((line) => {
            try {
                const d = (JSON.parse(line) as Event).diagnosticEvent;
                return d?.severity === "error" ? [d.message.replace(/\x1b\[[0-9;]*m/g, "").trim()] : [];
            } catch {
                return [];
            }
        })
        .filter(Boolean);
}

export function renderDrift(stack: string, drifted: Drifted[]): string {
    if (drifted.length === 0) return `no drift: every resource of ${stack} is as the last deployment left it`;
    return [
        `drift in ${stack}: ${drifted.length} resource(s) changed outside Pulumi since the last deployment`,
        ...drifted.map((d) => `  ${d.type} ${d.name}: ${d.gone ? "gone (deleted at the vendor)" : d.properties.join(", ") || "changed"}`),
        `fix: put the declared state back with pulumi up --refresh --stack ${stack} (after review; a plain up compares with the state, which still holds the old values), or adopt the change in the stack's config first`,
    ].join("\n");
}
