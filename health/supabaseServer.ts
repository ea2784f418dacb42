// The database server's CPU, memory and disks of a Supabase project, from its Metrics API (beta):
// https://<ref>.supabase.co/customer/v1/privileged/metrics, Prometheus text, HTTP Basic auth as
// service_role with the project's service-role key (supabase.com/docs/guides/telemetry/metrics).
// The series and the arithmetic are those of Supabase's own dashboard (supabase/supabase-grafana
// dashboard.json: CPU Busy, RAM Used, Disk Space Used): the node exporter's series of service_type
// "db". CPU is a counter: two scrapes, a window apart (Supabase updates the series every minute).
import type { ApiRequest } from "../providers/webhooks/http";

export interface ServerUsage {
    /** Busy share of every CPU over the window (100 − idle). */
    cpuPercent: number;
    /** 1 − MemAvailable / MemTotal. */
    memoryPercent: number;
    /** Used share of each disk, by mount point (/ and /data, the database's). */
    disks: { mountpoint: string; percent: number; sizeBytes: number }[];
    windowSeconds: number;
}

interface Sample {
    name: string;
    labels: Record<string, string>;
    value: number;
}

/** Thrown when the Metrics API answers nothing usable: what it said, and what to do. */
export class MetricsError extends Error {
    name = "MetricsError";
}

type Parsed = { name: string; metrics: { value: string; labels?: Record<string, string> }[] }[];

/** The project's database-server samples of the node exporter (not its other services', not a replica's). */
export function samplesOf(text: string, ref: string): Sample[] {
    const parse = require("parse-prometheus-text-format") as (t: string) => Parsed;
    return parse(text).flatMap((family) =>
        family.metrics
            .map((m) => ({ name: family.name, labels: m.labels ?? {}, value: Number(m.value) }))
            // supabase_identifier names the database (the primary's is the ref; a read replica's differs); older scrapes lack it.
            .filter((s) => s.labels.service_type === "db" && (s.labels.supabase_identifier ?? ref) === ref),
    );
}

const one = (samples: Sample[], name: string) => samples.find((s) => s.name === name)?.value;
/** A series' identity: its name and labels. */
const seriesKey = (s: Sample) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;

/**
 * CPU busy between two scrapes, series by series (each CPU and mode present in both): 100 − the
 * idle share of the time all CPUs counted. A counter that went back means the server restarted.
 */
function cpuBusy(before: Sample[], after: Sample[]): number | { missing: string } {
    const earlier = new Map(before.filter((s) => s.name === "node_cpu_seconds_total").map((s) => [seriesKey(s), s.value]));
    let [total, idle] = [0, 0];
    for (const s of after.filter((x) => x.name === "node_cpu_seconds_total")) {
        const was = earlier.get(seriesKey(s));
        if (was === undefined) continue;
        if (s.value < was) return { missing: "the CPU counters went back between the scrapes (the server restarted): the next check reads them again" };
        total += s.value - was;
        if (s.labels.mode === "idle") idle += s.value - was;
    }
    if (total <= 0) return { missing: "the CPU counters did not move between the scrapes" };
    return Math.max(0, 100 - (100 * idle) / total);
}

/** The usage from two scrapes `windowSeconds` apart; what is missing when they cannot tell. */
export function usageFrom(before: Sample[], after: Sample[], windowSeconds: number): ServerUsage | { missing: string } {
    const [memTotal, memAvailable] = [one(after, "node_memory_MemTotal_bytes"), one(after, "node_memory_MemAvailable_bytes")];
    if (!after.some((s) => s.name === "node_cpu_seconds_total") || memTotal === undefined || memAvailable === undefined)
        return { missing: "the scrape has no node_cpu_seconds_total or node_memory_* series of the database server (service_type db)" };
    const cpu = cpuBusy(before, after);
    if (typeof cpu !== "number") return cpu;
    // Each filesystem's size and free space, matched on every label (device, fstype, mount point).
    const same = (a: Sample, b: Sample) => ["device", "fstype", "mountpoint"].every((l) => a.labels[l] === b.labels[l]);
    const disks = after
        .filter((s) => s.name === "node_filesystem_size_bytes" && s.labels.fstype !== "rootfs" && ["/", "/data"].includes(s.labels.mountpoint))
        .flatMap((size) => {
            const avail = after.find((a) => a.name === "node_filesystem_avail_bytes" && same(a, size));
            return avail ? [{ mountpoint: size.labels.mountpoint, percent: 100 - (100 * avail.value) / size.value, sizeBytes: size.value }] : [];
        });
    return { cpuPercent: cpu, memoryPercent: 100 * (1 - memAvailable / memTotal), disks, windowSeconds };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Scrapes `windowMs` apart, through `metrics` (an API client on the project's host, as service_role):
 * a third when the counters did not move (Supabase refreshes them every minute, so two scrapes a
 * minute apart may read one refresh).
 */
export async function serverUsage(metrics: ApiRequest, ref: string, windowMs: number): Promise<ServerUsage> {
    const scrape = async () => {
        try {
            return samplesOf((await metrics("GET", "/customer/v1/privileged/metrics", { headers: { accept: "text/plain" } })).text, ref);
        } catch (err) {
            const status = (err as { status?: number }).status;
            const why =
                status === 401 || status === 403
                    ? " (the service-role key was refused)"
                    : status === 404
                      ? " (the Metrics API is in beta: a project without it answers 404; Supabase's third-party guides name the Pro plan and above)"
                      : "";
            throw new MetricsError(`${(err as Error).message}${why}`);
        }
    };
    const before = await scrape();
    await sleep(windowMs);
    let usage = usageFrom(before, await scrape(), Math.round(windowMs / 1000));
    if ("missing" in usage && /did not move/.test(usage.missing)) {
        await sleep(windowMs);
        usage = usageFrom(before, await scrape(), Math.round((2 * windowMs) / 1000));
    }
    if ("missing" in usage) throw new MetricsError(`Supabase's Metrics API for ${ref}: ${usage.missing}`);
    return usage;
}

const GIB = 1024 ** 3;

/** Judges the server's usage against alarms.database (70, 80 and 80 % by default; Supabase's dashboard turns amber at 85, 80 and 80). */
export function judgeServer(
    u: ServerUsage,
    limits: { cpuPercent: number; memoryPercent: number; diskPercent: number },
): { lines: string[]; findings: string[] } {
    const lines: string[] = [];
    const findings: string[] = [];
    const measure = (label: string, what: string, percent: number, limit: number, fix: string) => {
        const text = `${what} ${Math.round(percent)} %, alert at ${limit} %`;
        lines.push(`${label.padEnd(14)}${text}`);
        if (percent >= limit) findings.push(`${label}: ${text}. ${fix}`);
    };
    measure(
        "cpu",
        `busy over ${u.windowSeconds} s:`,
        u.cpuPercent,
        limits.cpuPercent,
        "Find the costly queries (pg_stat_statements), or raise the compute size",
    );
    measure("memory", "used:", u.memoryPercent, limits.memoryPercent, "Lower the connections or work_mem, or raise the compute size");
    for (const d of u.disks)
        measure(
            `disk ${d.mountpoint}`,
            `${(d.sizeBytes / GIB).toFixed(1)} GiB, used:`,
            d.percent,
            limits.diskPercent,
            "Delete or archive old rows (VACUUM FULL returns the space), or grow the disk (Dashboard → Project Settings → Compute and Disk)",
        );
    return { lines, findings };
}
