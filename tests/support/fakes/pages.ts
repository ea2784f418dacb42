// Cloudflare Pages' deployments API as the API v4 reference and the official `cloudflare` SDK
// (pages.projects.deployments) describe it: Bearer token; paths under
// /accounts/{account_id}/pages/projects/{project_name}/deployments; the envelope
// {success, errors: [{code, message}], messages, result}; list with `env` production|preview and
// `page`/`per_page`; create as multipart/form-data (a git-connected project takes `branch`, whose
// HEAD is built; the project must exist); get by id (8000009 "deployment not found" as 404). A new
// deployment walks its stages queued → initialize → clone_repo → build → deploy, one per GET, and
// reads the project's env vars when it is created. Besides, what the doctor asks of the same API:
// GET /user/tokens/verify and, for an account-owned token, /accounts/{account_id}/tokens/verify
// ({id, status: active}; an unknown token, or one asked at the other, 401, code 1000 "Invalid API
// Token") and GET /zones/{zone_id} (Zone Details: {id, name, status, paused, type, name_servers,
// account}; a zone the token cannot see 404, code 7003), as the v4 reference and the SDK type them.
// And a release's calls (cloudflare-typescript src/resources/pages/projects): GET the project (its
// `canonical_deployment`, the one production serves) and POST …/deployments/{id}/rollback ("Any
// production deployment that has been successfully built is a valid rollback target", newer ones
// too; a preview or a failed build is refused, 8000010), the deployment's trigger metadata
// (`commit_hash`, `commit_message`, `branch`) and `created_on`.
import { randomBytes, randomUUID } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export type StageStatus = "idle" | "active" | "success" | "failure" | "canceled";
const STAGES = ["queued", "initialize", "clone_repo", "build", "deploy"];
const fail = (status: number, code: number, message: string): Reply => ({
    status,
    body: { success: false, errors: [{ code, message }], messages: [], result: null },
});
const ok = (result: unknown): Reply => ({ status: 200, body: { success: true, errors: [], messages: [], result } });

export interface FakePagesDeployment {
    id: string;
    project: string;
    environment: "production" | "preview";
    branch: string;
    stage: { name: string; status: StageStatus };
    /** The steps still to come, one per GET. */
    script: { name: string; status: StageStatus }[];
    env: unknown;
    created: number;
    commit?: { sha: string; message: string };
}

export interface FakePages extends FakeServer {
    deployments: Map<string, FakePagesDeployment>;
    /** Stage scripts for the next new deployments; default: every stage to success. */
    builds: { name: string; status: StageStatus }[][];
    envOf: (project: string) => unknown;
    addProductionDeployment(project: string, branch: string, commit?: { sha: string; message: string }): FakePagesDeployment;
    production(project: string): FakePagesDeployment | undefined;
}

/** Multipart fields of a form-data body (text fields only). */
function multipart(req: ParsedRequest): Record<string, string> | undefined {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(String(req.headers["content-type"] ?? ""));
    if (!boundary) return undefined;
    const fields: Record<string, string> = {};
    for (const part of req.raw.split(`--${boundary[1] ?? boundary[2]}`).slice(1, -1)) {
        const [head, ...body] = part.replace(/^\r\n/, "").split("\r\n\r\n");
        const name = /name="([^"]+)"/.exec(head)?.[1];
        if (name) fields[name] = body.join("\r\n\r\n").replace(/\r\n$/, "");
    }
    return fields;
}

/** A zone the account holds: its name and status (a zone waits in `pending` until its nameservers point at Cloudflare). */
export interface FakeZone {
    name: string;
    status: "active" | "pending" | "initializing" | "moved";
}

export async function startFakePages(
    token: string,
    accountId: string,
    projects: (name: string) => { productionBranch: string } | undefined,
    /** The zones the token sees, and its kind: an account-owned token verifies only under its account. */
    { zones = {}, tokenKind = "user" }: { zones?: Record<string, FakeZone>; tokenKind?: "user" | "account" } = {},
): Promise<FakePages> {
    const deployments = new Map<string, FakePagesDeployment>();
    /** The deployment each project's production serves. */
    const canonical = new Map<string, string>();
    let clock = 0;
    const view = (d: FakePagesDeployment) => ({
        id: d.id,
        short_id: d.id.slice(0, 8),
        project_name: d.project,
        environment: d.environment,
        url: `https://${d.id.slice(0, 8)}.${d.project}.pages.dev`,
        deployment_trigger: {
            type: d.commit ? "github:push" : "ad_hoc",
            metadata: { branch: d.branch, ...(d.commit ? { commit_hash: d.commit.sha, commit_message: d.commit.message } : {}) },
        },
        created_on: new Date(1_700_000_000_000 + d.created * 1000).toISOString(),
        latest_stage: { name: d.stage.name, status: d.stage.status },
        stages: [],
    });
    const make = (
        project: string,
        branch: string,
        environment: "production" | "preview",
        stage: FakePagesDeployment["stage"],
        script: FakePagesDeployment["script"],
    ) => {
        const d: FakePagesDeployment = { id: randomUUID(), project, environment, branch, stage, script, env: fake.envOf(project), created: ++clock };
        deployments.set(d.id, d);
        return d;
    };
    const tokenId = randomBytes(16).toString("hex");
    const handle = (req: ParsedRequest, f: FakeServer): Reply => {
        const verify =
            req.method === "GET" && (req.path === "/user/tokens/verify" ? "user" : req.path === `/accounts/${accountId}/tokens/verify` ? "account" : undefined);
        if (verify) {
            return req.headers.authorization === `Bearer ${token}` && verify === tokenKind
                ? ok({ id: tokenId, status: "active" })
                : fail(401, 1000, "Invalid API Token");
        }
        if (req.headers.authorization !== `Bearer ${token}`) return fail(403, 10000, "Authentication error");
        const zoneId = /^\/zones\/([^/]+)$/.exec(req.path)?.[1];
        if (req.method === "GET" && zoneId) {
            const zone = zones[zoneId];
            if (!zone) return fail(404, 7003, `Could not route to /zones/${zoneId}, perhaps your object identifier is invalid?`);
            return ok({
                id: zoneId,
                ...zone,
                paused: false,
                type: "full",
                name_servers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
                account: { id: accountId, name: "the account" },
            });
        }
        const one = /^\/accounts\/([^/]+)\/pages\/projects\/([^/]+)$/.exec(req.path);
        if (req.method === "GET" && one) {
            const [, account, name] = one.map(decodeURIComponent);
            if (account !== accountId) return fail(403, 10000, "Authentication error");
            const p = projects(name);
            if (!p) return fail(404, 8000007, "Project not found. The specified project name does not match any of your existing projects.");
            const live = fake.production(name);
            return ok({ name, subdomain: `${name}.pages.dev`, production_branch: p.productionBranch, canonical_deployment: live ? view(live) : null });
        }
        const back = /^\/accounts\/([^/]+)\/pages\/projects\/([^/]+)\/deployments\/([^/]+)\/rollback$/.exec(req.path);
        if (req.method === "POST" && back) {
            const [, account, name, id] = back.map(decodeURIComponent);
            if (account !== accountId) return fail(403, 10000, "Authentication error");
            const d = deployments.get(id);
            if (!d || d.project !== name)
                return fail(404, 8000009, "The deployment ID you have specified does not exist. Update the deployment ID and try again.");
            if (d.environment !== "production" || d.stage.name !== "deploy" || d.stage.status !== "success")
                return fail(400, 8000010, "You can only rollback to successful builds on production.");
            canonical.set(name, d.id);
            return ok(view(d));
        }
        const m = /^\/accounts\/([^/]+)\/pages\/projects\/([^/]+)\/deployments(?:\/([^/]+))?$/.exec(req.path);
        if (!m) {
            f.violations.push(`${req.method} ${req.path}: not a Pages deployments endpoint`);
            return fail(404, 7003, "No route for the URI");
        }
        const [, account, projectName, id] = m.map((x) => x && decodeURIComponent(x));
        if (account !== accountId) return fail(403, 10000, "Authentication error");
        const project = projects(projectName);
        if (!project) return fail(404, 8000007, "Project not found. The specified project name does not match any of your existing projects.");
        if (req.method === "GET" && !id) {
            const env = req.query.get("env");
            if (env !== null && !["production", "preview"].includes(env)) return fail(400, 8000000, "Invalid env: production or preview");
            const perPage = Number(req.query.get("per_page") ?? 25);
            if (!Number.isInteger(perPage) || perPage < 1) return fail(400, 8000000, "Invalid per_page");
            const found = [...deployments.values()]
                .filter((d) => d.project === projectName && (env === null || d.environment === env))
                .sort((a, b) => b.created - a.created)
                .slice(0, perPage);
            return ok(found.map(view));
        }
        if (req.method === "POST" && !id) {
            const fields = multipart(req);
            if (!fields) {
                f.violations.push("POST deployments: the body must be multipart/form-data");
                return fail(400, 8000000, "Request body must be multipart/form-data");
            }
            const unknown = Object.keys(fields).find(
                (k) =>
                    !["branch", "commit_hash", "commit_message", "commit_dirty", "manifest", "pages_build_output_dir", "wrangler_config_hash"].includes(k) &&
                    !k.startsWith("_"),
            );
            if (unknown) return fail(400, 8000000, `Unknown field ${unknown}`);
            const branch = fields.branch ?? project.productionBranch;
            const environment = branch === project.productionBranch ? "production" : "preview";
            const script = fake.builds.shift() ?? [
                ...STAGES.slice(1).map((name) => ({ name, status: "active" as StageStatus })),
                { name: "deploy", status: "success" as StageStatus },
            ];
            return ok(view(make(projectName, branch, environment, { name: "queued", status: "active" }, script)));
        }
        if (req.method === "GET" && id) {
            const d = deployments.get(id);
            if (!d || d.project !== projectName)
                return fail(404, 8000009, "The deployment ID you have specified does not exist. Update the deployment ID and try again.");
            const next = d.script.shift();
            if (next) d.stage = next;
            // A production build goes live as its deploy stage succeeds.
            if (next && d.environment === "production" && next.name === "deploy" && next.status === "success") canonical.set(d.project, d.id);
            return ok(view(d));
        }
        f.violations.push(`${req.method} ${req.path}: not used by the redeploy`);
        return fail(405, 7001, "Method not allowed");
    };
    const fake = Object.assign(await startFake(handle), {
        deployments,
        builds: [] as FakePagesDeployment["script"][],
        envOf: (() => undefined) as (project: string) => unknown,
        addProductionDeployment: (project: string, branch: string, commit?: { sha: string; message: string }) => {
            const d = make(project, branch, "production", { name: "deploy", status: "success" }, []);
            d.commit = commit;
            canonical.set(project, d.id);
            return d;
        },
        production: (project: string) => {
            const id = canonical.get(project);
            return id === undefined ? undefined : deployments.get(id);
        },
    }) as FakePages;
    return fake;
}
