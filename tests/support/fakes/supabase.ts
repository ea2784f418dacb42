// Supabase's Management API (api.supabase.com/v1) as its document describes it (tests/support/contracts/
// supabase.ts): every request and answer is checked against it; a request that breaks it is refused
// (400, `{ message }`, Supabase's error body) and recorded. Beyond the schemas, as Supabase's docs and
// its CLI have it:
// - a new project is COMING_UP for a few reads before ACTIVE_HEALTHY; a paused one is INACTIVE;
// - an unknown project answers 404 (the CLI's handling; the document lists no 404 there);
// - the organization must be one the token's user belongs to (404 otherwise);
// - a project name holds no dot (the document's description of `name`);
// - the legacy keys (anon, service_role) are JWTs with the project's ref, listed whole; the pooler (Supavisor) is
//   aws-0-<region>.pooler.supabase.com for user postgres.<ref>, transaction mode on 6543;
// - point-in-time recovery is an add-on (Pro plan): off unless the test turns it on.
// Beside it, on the same port (the real one is each project's own host, <ref>.supabase.co), the
// Metrics API (beta): GET /customer/v1/privileged/metrics, HTTP Basic auth as service_role with the
// project's service-role key (supabase.com/docs/guides/telemetry/metrics), 401 otherwise; Prometheus
// text with the node exporter's series of the database server (service_type "db", labelled with
// supabase_project_ref and supabase_identifier, cpu and mode; / and /data on ext4) beside other
// services' series, as supabase/supabase-grafana's metrics.md samples them (commit 8bfe3f12). The CPU
// counters advance by `server.tickSeconds` per CPU at each scrape, busy at `server.cpuBusy`.
import { createHmac, randomBytes } from "crypto";
import { supabaseContract } from "../contracts/supabase";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export interface FakeSupabaseProject {
    project: Record<string, any>;
    dbPass: string;
    anonKey: string;
    serviceRoleKey: string;
    pitr: boolean;
    /** Reads of the project left before a COMING_UP project is up, and what it is then. */
    readsLeft: number;
    upAs: string;
    /** The database server the Metrics API reports: a test may load it. */
    server: FakeServerLoad;
}

export interface FakeServerLoad {
    cpus: number;
    /** The busy share of each CPU between two scrapes (0 to 1). */
    cpuBusy: number;
    tickSeconds: number;
    memTotalBytes: number;
    memAvailableBytes: number;
    /** Size and free bytes of / and /data. */
    disks: Record<"/" | "/data", { size: number; avail: number }>;
    /** The CPU counters so far, per CPU: [idle, busy] seconds. */
    counters: [number, number][];
}

const GIB = 1024 ** 3;

/** The Metrics API's answer for one project: its database server's node series, and other services' series it must not be mistaken for. */
function metricsText(ref: string, load: FakeServerLoad): string {
    for (const c of load.counters) {
        c[0] += load.tickSeconds * (1 - load.cpuBusy);
        c[1] += load.tickSeconds * load.cpuBusy;
    }
    const labels = (extra: Record<string, string> = {}, service = "db", identifier = ref) =>
        `{${Object.entries({ supabase_project_ref: ref, supabase_identifier: identifier, service_type: service, ...extra })
            .map(([k, v]) => `${k}="${v}"`)
            .join(",")}}`;
    const lines = [
        "# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.",
        "# TYPE node_cpu_seconds_total counter",
        ...load.counters.flatMap(([idle, busy], cpu) => [
            `node_cpu_seconds_total${labels({ cpu: String(cpu), mode: "idle" })} ${idle}`,
            `node_cpu_seconds_total${labels({ cpu: String(cpu), mode: "user" })} ${busy * 0.8}`,
            `node_cpu_seconds_total${labels({ cpu: String(cpu), mode: "system" })} ${busy * 0.2}`,
            `node_cpu_seconds_total${labels({ cpu: String(cpu), mode: "iowait" })} 0`,
        ]),
        // A read replica's server, busier than the primary and moving: never the primary's.
        ...load.counters.flatMap(([idle, busy], cpu) => [
            `node_cpu_seconds_total${labels({ cpu: String(cpu), mode: "idle" }, "db", `${ref}-rr-us-east-1-abcde`)} ${idle / 10}`,
            `node_cpu_seconds_total${labels({ cpu: String(cpu), mode: "user" }, "db", `${ref}-rr-us-east-1-abcde`)} ${busy * 5}`,
        ]),
        "# HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.",
        "# TYPE node_memory_MemAvailable_bytes gauge",
        `node_memory_MemAvailable_bytes${labels()} ${load.memAvailableBytes}`,
        "# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.",
        "# TYPE node_memory_MemTotal_bytes gauge",
        // Another service's memory series under the same name, listed first: not the server's.
        `node_memory_MemTotal_bytes${labels({}, "postgresql")} ${64 * GIB}`,
        `node_memory_MemTotal_bytes${labels()} ${load.memTotalBytes}`,
        "# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.",
        "# TYPE node_filesystem_avail_bytes gauge",
        // The root filesystem's rootfs view, as node exporters list it beside the real device: not a disk.
        `node_filesystem_avail_bytes${labels({ device: "rootfs", device_error: "", fstype: "rootfs", mountpoint: "/" })} 0`,
        `node_filesystem_avail_bytes${labels({ device: "/dev/nvme0n1p2", device_error: "", fstype: "ext4", mountpoint: "/" })} ${load.disks["/"].avail}`,
        `node_filesystem_avail_bytes${labels({ device: "/dev/nvme1n1", device_error: "", fstype: "ext4", mountpoint: "/data" })} ${load.disks["/data"].avail}`,
        "# HELP node_filesystem_size_bytes Filesystem size in bytes.",
        "# TYPE node_filesystem_size_bytes gauge",
        `node_filesystem_size_bytes${labels({ device: "rootfs", device_error: "", fstype: "rootfs", mountpoint: "/" })} ${load.disks["/"].size}`,
        `node_filesystem_size_bytes${labels({ device: "/dev/nvme0n1p2", device_error: "", fstype: "ext4", mountpoint: "/" })} ${load.disks["/"].size}`,
        `node_filesystem_size_bytes${labels({ device: "/dev/nvme1n1", device_error: "", fstype: "ext4", mountpoint: "/data" })} ${load.disks["/data"].size}`,
        "# HELP pg_stat_database_num_backends The number of backends currently connected to this database.",
        "# TYPE pg_stat_database_num_backends gauge",
        `pg_stat_database_num_backends${labels({ datid: "5", datname: "postgres" }, "postgresql")} 12`,
        "# HELP go_memstats_alloc_bytes Number of bytes allocated and still in use.",
        "# TYPE go_memstats_alloc_bytes gauge",
        `go_memstats_alloc_bytes${labels({}, "gotrue")} 1.2e+07`,
    ];
    return lines.join("\n") + "\n";
}

export interface FakeSupabase extends FakeServer {
    projects: Map<string, FakeSupabaseProject>;
    /** When set, the next project made comes up as this status (INIT_FAILED) instead of ACTIVE_HEALTHY. */
    failNextProject?: string;
    /** Seeds an existing project (made in the Dashboard): adoption's starting point. */
    addProject(spec: {
        ref?: string;
        name: string;
        organization: string;
        region: string;
        dbPass: string;
        pitr?: boolean;
        status?: string;
    }): FakeSupabaseProject;
}

const error = (status: number, message: string): Reply => ({ status, body: { message } });
const letters = () => Array.from(randomBytes(20), (b) => String.fromCharCode(97 + (b % 26))).join("");
const jwt = (payload: object) => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const body = `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}`;
    return `${body}.${createHmac("sha256", randomBytes(16)).update(body).digest("base64url")}`;
};

export async function startFakeSupabase(token: string, organizations: string[], options: { comingUpReads?: number } = {}): Promise<FakeSupabase> {
    const contract = supabaseContract();
    // eslint-disable-next-line prefer-const
    let fake: FakeSupabase | undefined;
    const projects = new Map<string, FakeSupabaseProject>();

    const make = (spec: { ref?: string; name: string; organization: string; region: string; dbPass: string; pitr?: boolean; status?: string }) => {
        const ref = spec.ref ?? letters();
        const p: FakeSupabaseProject = {
            project: {
                id: ref,
                ref,
                organization_id: spec.organization,
                organization_slug: spec.organization,
                name: spec.name,
                region: spec.region,
                created_at: new Date().toISOString(),
                status: spec.status ?? "COMING_UP",
                database: { host: `db.${ref}.supabase.co`, version: "15.8.1.085", postgres_engine: "15", release_channel: "ga" },
            },
            dbPass: spec.dbPass,
            anonKey: jwt({ iss: "supabase", ref, role: "anon" }),
            serviceRoleKey: jwt({ iss: "supabase", ref, role: "service_role" }),
            pitr: spec.pitr ?? false,
            server: {
                cpus: 2,
                cpuBusy: 0.2,
                tickSeconds: 15,
                memTotalBytes: 2 * GIB,
                memAvailableBytes: 1.2 * GIB,
                disks: { "/": { size: 10 * GIB, avail: 6 * GIB }, "/data": { size: 8 * GIB, avail: 7 * GIB } },
                counters: [
                    [1000, 200],
                    [1000, 200],
                ],
            },
            readsLeft: options.comingUpReads ?? 2,
            upAs: fake?.failNextProject ?? "ACTIVE_HEALTHY",
        };
        if (fake) fake.failNextProject = undefined;
        projects.set(ref, p);
        return p;
    };
    const shown = (p: FakeSupabaseProject) => {
        if (p.project.status === "COMING_UP" && --p.readsLeft <= 0) p.project.status = p.upAs;
        return p.project;
    };

    function route(req: ParsedRequest): Reply {
        const [, v1, kind, ref, ...rest] = req.path.split("/");
        const sub = rest.join("/");
        if (v1 !== "v1" || kind !== "projects") return error(404, "Not Found");
        if (!ref) {
            if (req.method === "GET") return { status: 200, body: [...projects.values()].map((p) => p.project) };
            const b = req.json;
            if (!organizations.includes(b.organization_slug)) return error(404, `Organization ${b.organization_slug} not found`);
            if (b.name.includes(".")) return error(400, "name should not contain dots");
            const p = make({ name: b.name, organization: b.organization_slug, region: b.region, dbPass: b.db_pass });
            const { database: _, ...created } = p.project;
            return { status: 201, body: created };
        }
        const p = projects.get(ref);
        if (!p) return error(404, "Project not found");
        if (!sub && req.method === "GET") return { status: 200, body: shown(p) };
        if (!sub && req.method === "DELETE") {
            projects.delete(ref);
            return { status: 200, body: { id: 1, ref, name: p.project.name } };
        }
        if (sub === "api-keys" && req.method === "GET") {
            // The legacy JWT keys come whole; `reveal` unmasks only the new secret keys (none here).
            const key = (name: string, value: string) => ({ name, api_key: value, type: "legacy" });
            return { status: 200, body: [key("anon", p.anonKey), key("service_role", p.serviceRoleKey)] };
        }
        if (sub === "config/database/pooler" && req.method === "GET") {
            const host = `aws-0-${p.project.region}.pooler.supabase.com`;
            return {
                status: 200,
                body: [
                    {
                        identifier: ref,
                        database_type: "PRIMARY",
                        is_using_scram_auth: true,
                        db_user: `postgres.${ref}`,
                        db_host: host,
                        db_port: 6543,
                        db_name: "postgres",
                        connectionString: `postgresql://postgres.${ref}:[YOUR-PASSWORD]@${host}:6543/postgres`,
                        pool_mode: "transaction",
                        default_pool_size: 15,
                        max_client_conn: 200,
                    },
                ],
            };
        }
        if (sub === "database/backups" && req.method === "GET")
            return {
                status: 200,
                body: { region: p.project.region, walg_enabled: true, pitr_enabled: p.pitr, backups: [], physical_backup_data: {} },
            };
        return error(404, `${req.method} ${req.path} is not served by this fake`);
    }

    fake = (await startFake((req, server) => {
        if (req.path === "/customer/v1/privileged/metrics") {
            const [scheme, encoded] = String(req.headers.authorization ?? "").split(" ");
            const [user, ...key] =
                scheme === "Basic"
                    ? Buffer.from(encoded ?? "", "base64")
                          .toString()
                          .split(":")
                    : [];
            const p = [...projects.values()].find((x) => user === "service_role" && x.serviceRoleKey === key.join(":"));
            if (req.method !== "GET" || !p) return error(401, "Unauthorized");
            return { status: 200, body: metricsText(p.project.ref, p.server), headers: { "content-type": "text/plain; version=0.0.4" } };
        }
        if (req.headers.authorization !== `Bearer ${token}`) return error(401, "Unauthorized");
        const issues = contract.checkRequest(req.method, req.path, req.query, req.json);
        if (issues === "no-such-route") {
            server.violations.push(`${req.method} ${req.path}: not in Supabase's API`);
            return error(404, "Not Found");
        }
        if (issues.length > 0) {
            server.violations.push(`${req.method} ${req.path}: ${issues.map((i) => i.message).join("; ")}`);
            return error(400, issues.map((i) => i.message).join("; "));
        }
        const reply = route(req);
        for (const i of contract.checkResponse(req.method, req.path, reply.status, reply.body))
            server.violations.push(`the fake's answer to ${req.method} ${req.path}: ${i.message}`);
        return reply;
    })) as FakeSupabase;
    fake.projects = projects;
    fake.addProject = (spec) => make({ status: "ACTIVE_HEALTHY", ...spec });
    return fake;
}
