// Neon's API (console.neon.tech/api/v2) as its OpenAPI document (shipped in @neondatabase/api-client)
// describes it: every request and answer is checked against the document, a request that breaks it
// is refused (400, GeneralError) and recorded. Beyond the schemas, as Neon's docs say:
// - a new project's operations (create_timeline running, start_compute scheduling) take a few polls
//   to finish, and a change while one runs is refused with 423 Locked (docs/reference/api/operations);
// - regions are the live list of GET /regions (docs/introduction/regions; the Azure ones retired);
// - history retention is capped by the plan: Free 6 hours, Launch 7 days, Scale 30 days
//   (docs/introduction/history-window). Neon's status for an over-cap request is not documented:
//   the fake answers 400, as for any invalid request;
// - project names need not be unique; a deleted project answers 404;
// - a suspended compute (scaled to zero) is `idle` and wakes on the next connection.
// With `connect`, each new project's database is a real one on the suite's PostgreSQL and the direct
// connection string points there (SSL required, as Neon's); the pooled one keeps Neon's host.
import { randomBytes, randomUUID } from "crypto";
import type { NeonProjectSpec } from "../../../providers/postgres/neon";
import { neonContract } from "../contracts/neon";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export const FAKE_NEON_REGIONS = [
    "aws-us-east-1",
    "aws-us-east-2",
    "aws-us-west-2",
    "aws-eu-central-1",
    "aws-eu-west-2",
    "aws-ap-southeast-1",
    "aws-ap-southeast-2",
    "aws-sa-east-1",
];
const PLAN_RETENTION = { free: 6 * 3600, launch: 7 * 86_400, scale: 30 * 86_400 };

export interface FakeNeonOptions {
    plan?: keyof typeof PLAN_RETENTION;
    /** Polls of the operations list before a new operation finishes. */
    operationPolls?: number;
    /** Makes the project's database (owned by `role`, signing in with `password`); where it listens, and its name there. */
    connect?: (database: string, role: string, password: string) => Promise<{ host: string; port: number; database: string }>;
}

interface FakeProject {
    project: Record<string, any>;
    branch: Record<string, any>;
    endpoint: Record<string, any>;
    database: Record<string, any>;
    role: Record<string, any>;
    password: string;
    operations: (Record<string, any> & { pollsLeft: number; failing?: string })[];
    /** Where the direct connection string points (the suite's PostgreSQL), else Neon's host. */
    listens?: { host: string; port: number; database: string };
}

export interface FakeNeon extends FakeServer {
    projects: Map<string, FakeProject>;
    /** When set, the next project's first operation ends in error with this reason. */
    failNextProject?: string;
    /** Seeds an existing project (made in the Console): adoption's starting point. */
    addProject(spec: NeonProjectSpec): Promise<FakeProject>;
}

const error = (status: number, message: string): Reply => ({ status, body: { code: "", message, request_id: randomUUID() } });
const now = () => new Date().toISOString();
const words = ["cool", "shiny", "wild", "calm", "aged", "dawn", "snow", "sound"];
const word = () => words[randomBytes(1)[0] % words.length];
const digits = () => String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000));

export async function startFakeNeon(apiKey: string, options: FakeNeonOptions = {}): Promise<FakeNeon> {
    const contract = neonContract();
    const projects = new Map<string, FakeProject>();
    const polls = options.operationPolls ?? 1;

    const operation = (p: Pick<FakeProject, "project" | "branch" | "endpoint">, action: string, status: string) => ({
        id: randomUUID(),
        project_id: p.project.id,
        branch_id: p.branch.id,
        endpoint_id: p.endpoint.id,
        action,
        status,
        failures_count: 0,
        created_at: now(),
        updated_at: now(),
        total_duration_ms: 0,
        pollsLeft: polls,
    });
    const bare = ({ pollsLeft: _, failing: __, ...o }: FakeProject["operations"][number]) => o;
    const listItem = ({ history_retention_seconds: _, active_time_seconds, ...p }: Record<string, any>) => ({ ...p, active_time: active_time_seconds });

    async function makeProject(spec: NeonProjectSpec) {
        const id = `${word()}-${word()}-${digits()}`;
        const at = now();
        const project = {
            id,
            platform_id: "aws",
            region_id: spec.region,
            name: spec.name,
            pg_version: spec.pgVersion,
            proxy_host: `${spec.region.replace(/^aws-/, "")}.aws.neon.tech`,
            branch_logical_size_limit: 0,
            branch_logical_size_limit_bytes: 0,
            store_passwords: true,
            cpu_used_sec: 0,
            provisioner: "k8s-neonvm",
            creation_source: "console",
            history_retention_seconds: spec.historyRetentionSeconds,
            created_at: at,
            updated_at: at,
            owner_id: "fake-owner",
            consumption_period_start: at,
            consumption_period_end: at,
            active_time_seconds: 0,
            compute_time_seconds: 0,
            written_data_bytes: 0,
            data_transfer_bytes: 0,
            data_storage_bytes_hour: 0,
        };
        const branchId = `br-${word()}-${word()}-${randomBytes(4).toString("hex")}`;
        const branch = {
            id: branchId,
            project_id: id,
            name: "main",
            current_state: "init",
            pending_state: "ready",
            state_changed_at: at,
            creation_source: "console",
            created_at: at,
            updated_at: at,
            default: true,
            protected: false,
            cpu_used_sec: 0,
            active_time_seconds: 0,
            compute_time_seconds: 0,
            written_data_bytes: 0,
            data_transfer_bytes: 0,
        };
        const endpointId = `ep-${word()}-${word()}-${randomBytes(4).toString("hex")}`;
        const endpoint = {
            host: `${endpointId}.${project.proxy_host}`,
            id: endpointId,
            project_id: id,
            branch_id: branchId,
            region_id: spec.region,
            autoscaling_limit_min_cu: 0.25,
            autoscaling_limit_max_cu: 2,
            type: "read_write",
            current_state: "init",
            pending_state: "active",
            pooler_enabled: false,
            pooler_mode: "transaction",
            disabled: false,
            passwordless_access: true,
            creation_source: "console",
            created_at: at,
            updated_at: at,
            settings: {},
            proxy_host: project.proxy_host,
            suspend_timeout_seconds: 0,
            provisioner: "k8s-neonvm",
        };
        const role = { branch_id: branchId, name: spec.owner, protected: false, created_at: at, updated_at: at };
        const database = { id: 1, branch_id: branchId, name: spec.database, owner_name: spec.owner, created_at: at, updated_at: at };
        const password = `npg_${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
        const p: FakeProject = { project, branch, endpoint, database, role, password, operations: [] };
        p.operations.push(operation(p, "create_timeline", "running"), operation(p, "start_compute", "scheduling"));
        if (fake.failNextProject) {
            Object.assign(p.operations[0], { failing: fake.failNextProject });
            fake.failNextProject = undefined;
        }
        if (options.connect) p.listens = await options.connect(spec.database, spec.owner, password);
        projects.set(id, p);
        return p;
    }

    const uri = (p: FakeProject, pooled: boolean) => {
        const host = pooled ? p.endpoint.host.replace(/^([^.]+)/, "$1-pooler") : p.listens ? `${p.listens.host}:${p.listens.port}` : p.endpoint.host;
        const database = p.listens && !pooled ? p.listens.database : p.database.name;
        return `postgresql://${p.role.name}:${p.password}@${host}/${database}?sslmode=require&channel_binding=require`;
    };
    const busy = (p: FakeProject) => p.operations.some((o) => ["scheduling", "running", "cancelling"].includes(o.status));
    const progress = (p: FakeProject) => {
        for (const o of p.operations) {
            if (o.status === "scheduling") o.status = "running";
            else if (o.status === "running" && --o.pollsLeft <= 0) {
                Object.assign(o, o.failing ? { status: "error", error: o.failing } : { status: "finished" });
                o.updated_at = now();
            }
        }
        if (!busy(p)) {
            Object.assign(p.branch, { current_state: "ready", pending_state: undefined });
            Object.assign(p.endpoint, { current_state: p.endpoint.current_state === "init" ? "active" : p.endpoint.current_state, pending_state: undefined });
        }
    };

    async function route(req: ParsedRequest): Promise<Reply> {
        const [, projectsSeg, id, sub, branchId, leaf] = req.path.split("/");
        if (projectsSeg !== "projects") return error(404, "not found");
        if (req.method === "GET" && !id) {
            const search = req.query.get("search") ?? "";
            const org = req.query.get("org_id");
            const found = [...projects.values()].filter(
                (p) => (p.project.name.includes(search) || p.project.id.includes(search)) && (!org || p.project.org_id === org),
            );
            return { status: 200, body: { projects: found.map((p) => listItem(p.project)), applications: {}, integrations: {} } };
        }
        if (req.method === "POST" && !id) {
            const b = req.json.project;
            const region = b.region_id ?? "aws-us-east-2";
            if (!FAKE_NEON_REGIONS.includes(region)) return error(400, `region ${region} is not available`);
            const retention = b.history_retention_seconds ?? 86_400;
            const cap = PLAN_RETENTION[options.plan ?? "launch"];
            if (retention > cap) return error(400, `history_retention_seconds ${retention} exceeds the plan's limit of ${cap}`);
            const p = await makeProject({
                name: b.name ?? "",
                region,
                pgVersion: b.pg_version ?? 17,
                historyRetentionSeconds: retention,
                database: b.branch?.database_name ?? "neondb",
                owner: b.branch?.role_name ?? `${b.branch?.database_name ?? "neondb"}_owner`,
            });
            if (!b.name) p.project.name = p.project.id;
            if (b.org_id) p.project.org_id = b.org_id;
            return {
                status: 201,
                body: {
                    project: p.project,
                    connection_uris: [
                        {
                            connection_uri: uri(p, false),
                            connection_parameters: {
                                database: p.database.name,
                                password: p.password,
                                role: p.role.name,
                                host: p.endpoint.host,
                                pooler_host: p.endpoint.host.replace(/^([^.]+)/, "$1-pooler"),
                            },
                        },
                    ],
                    roles: [{ ...p.role, password: p.password }],
                    databases: [p.database],
                    operations: p.operations.map(bare),
                    branch: p.branch,
                    endpoints: [p.endpoint],
                },
            };
        }
        const p = projects.get(id);
        if (!p) return error(404, "project not found");
        if (!sub) {
            if (req.method === "GET") return { status: 200, body: { project: p.project } };
            if (busy(p)) return error(423, "project already has running conflicting operations, scheduling of new ones is prohibited");
            if (req.method === "PATCH") {
                const b = req.json.project;
                if (b.history_retention_seconds !== undefined && b.history_retention_seconds > PLAN_RETENTION[options.plan ?? "launch"])
                    return error(400, `history_retention_seconds ${b.history_retention_seconds} exceeds the plan's limit`);
                const ops = [];
                if (b.history_retention_seconds !== undefined && b.history_retention_seconds !== p.project.history_retention_seconds) {
                    p.project.history_retention_seconds = b.history_retention_seconds;
                    ops.push(operation(p, "apply_storage_config", "running"));
                }
                if (b.name !== undefined) p.project.name = b.name;
                p.project.updated_at = now();
                p.operations.push(...ops);
                return { status: 200, body: { project: p.project, operations: ops.map(bare) } };
            }
            if (req.method === "DELETE") {
                projects.delete(id);
                return { status: 200, body: { project: p.project } };
            }
        }
        if (sub === "operations" && req.method === "GET") {
            progress(p);
            return { status: 200, body: { operations: p.operations.map(bare).reverse() } };
        }
        if (sub === "connection_uri" && req.method === "GET") {
            const [database, role] = [req.query.get("database_name"), req.query.get("role_name")];
            if (database !== p.database.name) return error(404, `database ${database} not found`);
            if (role !== p.role.name) return error(404, `role ${role} not found`);
            return { status: 200, body: { uri: uri(p, req.query.get("pooled") === "true") } };
        }
        if (sub === "branches" && req.method === "GET") {
            if (!branchId) return { status: 200, body: { branches: [p.branch], annotations: {} } };
            if (branchId !== p.branch.id) return error(404, "branch not found");
            if (leaf === "databases") return { status: 200, body: { databases: [p.database] } };
            if (leaf === "roles") return { status: 200, body: { roles: [p.role] } };
            if (leaf === "endpoints") return { status: 200, body: { endpoints: [p.endpoint] } };
        }
        return error(404, `${req.method} ${req.path} is not served by this fake`);
    }

    const fake = (await startFake(async (req, server) => {
        if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401, "authentication required");
        const path = req.path.replace(/^\/api\/v2/, "");
        const issues = contract.checkRequest(req.method, path, req.query, req.json);
        if (issues === "no-such-route") {
            server.violations.push(`${req.method} ${req.path}: not in Neon's API`);
            return error(404, "not found");
        }
        if (issues.length > 0) {
            server.violations.push(`${req.method} ${req.path}: ${issues.map((i) => i.message).join("; ")}`);
            return error(400, issues.map((i) => i.message).join("; "));
        }
        const reply = await route({ ...req, path });
        for (const i of contract.checkResponse(req.method, path, reply.status, reply.body))
            server.violations.push(`the fake's answer to ${req.method} ${path}: ${i.message}`);
        return reply;
    })) as FakeNeon;
    fake.url = `${fake.url}/api/v2`;
    fake.projects = projects;
    fake.addProject = async (spec) => {
        const p = await makeProject(spec);
        for (const o of p.operations) o.status = "finished";
        progress(p);
        return p;
    };
    return fake;
}
