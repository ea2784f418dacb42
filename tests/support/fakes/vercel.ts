// Vercel's deployments API as its REST reference and the CLI's `vercel redeploy` use it: Bearer
// auth; `teamId` as a query parameter; GET /v6/deployments (filters projectId, target
// production|preview, state as a comma list of READY, BUILDING, ERROR, INITIALIZING, QUEUED,
// CANCELED, limit ≤ 100; answers {deployments: [{uid, name, url, state, readyState, target, ...}],
// pagination}, newest first); POST /v13/deployments (JSON; `name` required; without files or a
// gitSource, `deploymentId` names the deployment to rebuild; `target` production|staging; `meta`
// string values; forceNew 0|1) answering the new deployment QUEUED; GET /v13/deployments/{id}
// (404 not_found; `aliasAssigned` a timestamp or null, `aliasError` {code, message} or null);
// GET /v4/aliases/{idOrAlias} ("Get an Alias": the alias or its id; `projectId` keeps it to that
// project; {uid, alias, deploymentId, projectId, created, ...}; 404 not_found). Errors are {error:
// {code, message}}. A new deployment walks its `builds` script one step per GET and reads the env of
// the moment it was created. As Vercel does, it is READY before production's domains move to it
// (the CLI polls on for `aliasAssigned`, vercel/vercel packages/client/src/check-deployment-status.ts):
// the default script is BUILDING, READY, ALIASED. A project's production domains are
// `<name>.vercel.app` and those added with addDomain; an Instant Rollback points them at an older
// deployment and turns off their automatic assignment (Vercel's Instant Rollback docs), so a later
// deployment gets `aliasAssigned` for its own aliases (the schema: "true when the aliases from the
// alias property were assigned") while production's domains stay. The doctor's questions too: GET
// /v2/user ({user: {id, email, name, username, defaultTeamId}}) and GET /v2/teams/{teamId} (by id
// or slug; {id, slug, name, ...}), as the REST reference's "Get the User" and "Get a Team" answer, and
// whether the team can link a GitHub repository (vercel/sdk's generated models: GET
// /v1/integrations/git-namespaces, no teamId, the token's user's namespaces [{provider, slug, id,
// ownerType, name, installationId, requireReauth, isAccessRestricted}]; GET
// /v1/integrations/search-repo with provider, namespaceId, query, teamId: {gitAccount: {provider,
// namespaceId}, repos: [{id, provider, url, name, slug, namespace, owner: {id, name}, ownerType,
// private, defaultBranch, updatedAt}]}, an unknown installation answering 200 with {error: {code:
// "installation_not_found", message}} as the SDK's union has it). And a release's calls, as Vercel's
// SDK (vercel/sdk) types them: POST /v10/projects/{projectId}/promote/{deploymentId} ("requestPromote":
// no body; 201, or 202 while queued (then 409 to another); production's domains move to a READY production deployment without a rebuild; 404
// for a deployment of another project, 400 for one not READY or not production) and POST
// /v1/projects/{projectId}/rollback/{deploymentId} ("requestRollback", `description`; 201; the
// target must have served production: else 400; the CLI's /v9 path too); a project's
// autoAssignCustomDomains off stages production builds (its domains stay until a promote); list
// entries carry `meta.githubCommitSha` / `githubCommitMessage` (what the CLI reads) and
// `isRollbackCandidate`, and `rollbackCandidate=true` keeps those.
import { randomBytes } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const STATES = ["QUEUED", "INITIALIZING", "BUILDING", "READY", "ERROR", "CANCELED"] as const;
type State = (typeof STATES)[number];
/** A step of a build's script: a readyState; ALIASED: the aliases assigned (production's domains too, unless rolled back); or a failed assignment. */
export type Step = State | "ALIASED" | { aliasError: { code: string; message: string } };
const error = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });

export interface FakeDeployment {
    uid: string;
    name: string;
    projectId: string;
    url: string;
    target: "production" | null;
    readyState: State;
    created: number;
    /** What the build read: the project's env at creation (whatever `envOf` returned). */
    env: unknown;
    /** When its aliases were assigned (a timestamp), or null. */
    aliasAssigned: number | null;
    aliasError: { code: string; message: string } | null;
    /** The steps still to come, one per GET. */
    script: Step[];
    redeployOf?: string;
    /** What Vercel's git integration records of the commit it built. */
    meta: Record<string, string>;
    /** It has served production (a rollback candidate). */
    servedProduction: boolean;
}

export interface FakeVercel extends FakeServer {
    deployments: Map<string, FakeDeployment>;
    /** Steps the next new deployments walk through (one list per deployment), e.g. [["BUILDING", "ERROR"]], [["BUILDING", "READY", "READY", "ALIASED"]]. */
    builds: Step[][];
    /** The env a new deployment of `projectId` reads (the test wires it to the project's variables). */
    envOf: (projectId: string) => unknown;
    /** A production deployment made by a git push of `commit`, READY and (unless staged or rolled back) serving production. */
    addProductionDeployment(projectId: string, name: string, commit?: { sha: string; message: string }): FakeDeployment;
    /** Promotions answer 202 and move the domains only after this many alias reads (Vercel queues them); 0: at once (201). */
    promoteLag: number;
    /** The project's autoAssignCustomDomains (as the provider set it): off stages production builds. */
    setAutoAssign(projectId: string, on: boolean): void;
    /** A production domain of the project; it serves the current production deployment, if any. */
    addDomain(projectId: string, domain: string): void;
    /** Instant Rollback: production's domains point at an earlier production deployment and stop moving to new ones. */
    rollback(projectId: string, toDeploymentId: string): void;
    /** The deployment serving production: the one production's domains point at. */
    production(projectId: string): FakeDeployment | undefined;
}

/** The slug of the fake's team (its id is the one given). */
export const TEAM_SLUG = "the-team";

/** The token's user's GitHub connection: each owner the Vercel GitHub App is installed on, with the repositories it may access. */
export type FakeGitHubInstallations = Record<string, string[]>;

export async function startFakeVercel(token: string, teamId?: string, github: FakeGitHubInstallations = {}): Promise<FakeVercel> {
    const deployments = new Map<string, FakeDeployment>();
    let clock = 1_700_000_000_000;
    let pending: { projectId: string; d: FakeDeployment; reads: number } | undefined;
    const projects = new Map<string, { domains: Set<string>; autoAssign: boolean }>();
    const project = (id: string) => projects.get(id) ?? projects.set(id, { domains: new Set(), autoAssign: true }).get(id)!;
    const aliases = new Map<string, { uid: string; alias: string; projectId: string; deploymentId: string; created: number; updatedAt: number }>();
    const pointAt = (alias: string, d: FakeDeployment) => {
        const a = aliases.get(alias);
        d.servedProduction = true;
        if (a) Object.assign(a, { deploymentId: d.uid, updatedAt: clock });
        else
            aliases.set(alias, {
                uid: randomBytes(12).toString("base64url"),
                alias,
                projectId: d.projectId,
                deploymentId: d.uid,
                created: clock,
                updatedAt: clock,
            });
    };
    /** The aliases assigned; production's domains move too unless a rollback pinned them. */
    const assign = (d: FakeDeployment) => {
        d.aliasAssigned = ++clock;
        const p = project(d.projectId);
        if (d.target === "production" && p.autoAssign) for (const host of [`${d.name}.vercel.app`, ...p.domains]) pointAt(host, d);
    };
    const make = (projectId: string, name: string, readyState: State, script: Step[], redeployOf?: string): FakeDeployment => {
        const uid = `dpl_${randomBytes(14).toString("base64url")}`;
        const d: FakeDeployment = {
            uid,
            name,
            projectId,
            url: `${name}-${uid.slice(4, 13).toLowerCase()}.vercel.app`,
            target: "production",
            readyState,
            created: ++clock,
            env: fake.envOf(projectId),
            aliasAssigned: null,
            aliasError: null,
            script,
            redeployOf,
            meta: {},
            servedProduction: false,
        };
        deployments.set(uid, d);
        return d;
    };
    const production = (projectId: string) => {
        const a = [...aliases.values()].find((x) => x.projectId === projectId);
        return a && deployments.get(a.deploymentId);
    };
    const view = (d: FakeDeployment) => ({
        id: d.uid,
        uid: d.uid,
        name: d.name,
        url: d.url,
        projectId: d.projectId,
        target: d.target,
        readyState: d.readyState,
        state: d.readyState,
        createdAt: d.created,
        created: d.created,
        aliasAssigned: d.aliasAssigned,
        aliasError: d.aliasError,
        meta: d.meta,
        isRollbackCandidate: d.servedProduction,
    });
    /** Production's domains (and <name>.vercel.app) point at `d`. */
    const moveProduction = (projectId: string, d: FakeDeployment) => {
        ++clock;
        for (const host of [`${d.name}.vercel.app`, ...project(projectId).domains]) pointAt(host, d);
    };

    const handle = (req: ParsedRequest, f: FakeServer): Reply => {
        if (req.headers.authorization !== `Bearer ${token}`) return error(403, "forbidden", "Not authorized");
        // What the doctor asks: "Get the User" (the token's owner), and "Get a Team" by id or slug (a team the token cannot use: 403).
        if (req.method === "GET" && req.path === "/v2/user")
            return {
                status: 200,
                body: { user: { id: "user_doctor", email: "owner@example.com", name: "Owner", username: "owner", defaultTeamId: teamId ?? null } },
            };
        const asked = /^\/v2\/teams\/([^/]+)$/.exec(req.path)?.[1];
        if (req.method === "GET" && asked) {
            if (!teamId || (asked !== teamId && asked !== TEAM_SLUG)) return error(403, "forbidden", "You don't have permission to access this team");
            return { status: 200, body: { id: teamId, slug: TEAM_SLUG, name: "The team", createdAt: 1_700_000_000_000 } };
        }
        const owners = Object.keys(github);
        if (req.method === "GET" && req.path === "/v1/integrations/git-namespaces") {
            if (req.query.has("teamId")) f.violations.push("GET /v1/integrations/git-namespaces takes no teamId");
            const provider = req.query.get("provider");
            if (provider !== null && provider !== "github") return { status: 200, body: [] };
            const body = owners.map((owner, i) => ({
                provider: "github",
                slug: owner,
                id: 1000 + i,
                ownerType: "Organization",
                name: owner,
                installationId: 5000 + i,
                requireReauth: false,
                isAccessRestricted: false,
            }));
            return { status: 200, body };
        }
        const team = req.query.get("teamId");
        if ((team ?? undefined) !== teamId) return error(403, "forbidden", "You don't have permission to access this resource (teamId)");
        if (req.method === "GET" && req.path === "/v1/integrations/search-repo") {
            const unknown = [...req.query.keys()].find((k) => !["query", "namespaceId", "provider", "installationId", "host", "teamId", "slug"].includes(k));
            if (unknown) f.violations.push(`GET /v1/integrations/search-repo: unknown query parameter ${unknown}`);
            const namespaceId = Number(req.query.get("namespaceId"));
            const owner = owners[namespaceId - 1000];
            if (!owner) return { status: 200, body: { error: { code: "installation_not_found", message: "Installation not found" } } };
            const query = (req.query.get("query") ?? "").toLowerCase();
            const repos = github[owner]
                .filter((name) => name.toLowerCase().includes(query))
                .map((name, i) => ({
                    id: 9000 + i,
                    provider: "github",
                    url: `https://github.com/${owner}/${name}`,
                    name,
                    slug: name,
                    namespace: owner,
                    owner: { id: namespaceId, name: owner },
                    ownerType: "team",
                    private: true,
                    defaultBranch: "main",
                    updatedAt: 1_700_000_000_000,
                }));
            return { status: 200, body: { gitAccount: { provider: "github", namespaceId }, repos } };
        }
        if (req.method === "GET" && req.path === "/v6/deployments") {
            const unknown = [...req.query.keys()].find(
                (k) =>
                    !["projectId", "target", "state", "limit", "teamId", "app", "from", "to", "since", "until", "users", "slug", "rollbackCandidate"].includes(
                        k,
                    ),
            );
            if (unknown) f.violations.push(`GET /v6/deployments: unknown query parameter ${unknown}`);
            const target = req.query.get("target");
            if (target !== null && !["production", "preview"].includes(target))
                return error(400, "bad_request", 'Invalid request: `target` should be equal to one of the allowed values "production, preview".');
            const states = req.query.get("state")?.split(",");
            if (states?.some((s) => !(STATES as readonly string[]).includes(s)))
                return error(400, "bad_request", "Invalid request: `state` has an invalid value.");
            const limit = Number(req.query.get("limit") ?? 20);
            if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, "bad_request", "Invalid request: `limit` should be <= 100.");
            const projectId = req.query.get("projectId");
            const candidates = req.query.get("rollbackCandidate") === "true";
            const found = [...deployments.values()]
                .filter(
                    (d) =>
                        (!projectId || d.projectId === projectId) &&
                        (!candidates || d.servedProduction) &&
                        (target === null || (target === "production") === (d.target === "production")) &&
                        (!states || states.includes(d.readyState)),
                )
                .sort((a, b) => b.created - a.created)
                .slice(0, limit);
            return { status: 200, body: { deployments: found.map(view), pagination: { count: found.length, next: null, prev: null } } };
        }
        if (req.method === "POST" && req.path === "/v13/deployments") {
            if (!req.json) return error(400, "bad_request", "Invalid JSON body");
            const b = req.json;
            const forceNew = req.query.get("forceNew");
            if (forceNew !== null && !["0", "1"].includes(forceNew)) return error(400, "bad_request", "Invalid request: `forceNew` should be 0 or 1.");
            if (typeof b.name !== "string" || !b.name) return error(400, "bad_request", "Invalid request: missing required property `name`.");
            if (b.target !== undefined && !["production", "staging"].includes(b.target))
                return error(400, "bad_request", "Invalid request: `target` should be production or staging.");
            if (b.meta !== undefined && (typeof b.meta !== "object" || Object.values(b.meta).some((v) => typeof v !== "string")))
                return error(400, "bad_request", "Invalid request: `meta` values should be strings.");
            if (b.files === undefined && b.gitSource === undefined && b.deploymentId === undefined) return error(400, "missing_files", "Missing files");
            const from = b.deploymentId !== undefined ? deployments.get(b.deploymentId) : undefined;
            if (b.deploymentId !== undefined && !from) return error(404, "not_found", "Deployment not found");
            if (!from) {
                f.violations.push("POST /v13/deployments: the fake only rebuilds existing deployments");
                return error(400, "bad_request", "unsupported by the fake");
            }
            if (from.name !== b.name) return error(400, "bad_request", `Invalid request: \`name\` does not match the project of ${from.uid}.`);
            const d = make(from.projectId, from.name, "QUEUED", fake.builds.shift() ?? ["BUILDING", "READY", "ALIASED"], from.uid);
            d.target = b.target === "production" ? "production" : null;
            // A rebuild is of the same commit: Vercel keeps its git metadata.
            d.meta = { ...from.meta };
            return { status: 200, body: view(d) };
        }
        const one = /^\/v13\/deployments\/([^/]+)$/.exec(req.path);
        if (req.method === "GET" && one) {
            const d = deployments.get(decodeURIComponent(one[1]));
            if (!d) return error(404, "not_found", "Deployment not found");
            const next = d.script.shift();
            if (next === "ALIASED") assign(d);
            else if (typeof next === "object") d.aliasError = next.aliasError;
            else if (next) d.readyState = next;
            return {
                status: 200,
                body: { ...view(d), ...(d.readyState === "ERROR" ? { errorCode: "BUILD_FAILED", errorMessage: 'Command "npm run build" exited with 1' } : {}) },
            };
        }
        const alias = /^\/v4\/aliases\/([^/]+)$/.exec(req.path);
        if (req.method === "GET" && alias) {
            // A queued promotion completes after its reads.
            if (pending && --pending.reads <= 0) {
                moveProduction(pending.projectId, pending.d);
                pending = undefined;
            }
            const unknown = [...req.query.keys()].find((k) => !["from", "projectId", "since", "until", "teamId", "slug"].includes(k));
            if (unknown) f.violations.push(`GET /v4/aliases: unknown query parameter ${unknown}`);
            const key = decodeURIComponent(alias[1]);
            const a = aliases.get(key) ?? [...aliases.values()].find((x) => x.uid === key);
            const projectId = req.query.get("projectId");
            if (!a || (projectId !== null && a.projectId !== projectId)) return error(404, "not_found", "The alias was not found");
            const d = deployments.get(a.deploymentId)!;
            return {
                status: 200,
                body: {
                    uid: a.uid,
                    alias: a.alias,
                    created: new Date(a.created).toISOString(),
                    createdAt: a.created,
                    updatedAt: a.updatedAt,
                    deploymentId: a.deploymentId,
                    projectId: a.projectId,
                    deployment: { id: d.uid, url: d.url, meta: {} },
                    redirect: null,
                    protectionBypass: {},
                },
            };
        }
        const move = /^\/(v10)\/projects\/([^/]+)\/promote\/([^/]+)$/.exec(req.path) ?? /^\/(v1|v9)\/projects\/([^/]+)\/rollback\/([^/]+)$/.exec(req.path);
        if (req.method === "POST" && move) {
            const [, version, projectId, id] = move.map(decodeURIComponent);
            const unknown = [...req.query.keys()].find((k) => !["teamId", "slug", ...(version === "v10" ? [] : ["description"])].includes(k));
            if (unknown) f.violations.push(`POST ${req.path}: unknown query parameter ${unknown}`);
            const d = deployments.get(id);
            if (!d || d.projectId !== projectId) return error(404, "not_found", "Deployment not found");
            if (version === "v10") {
                if (d.target !== "production" || d.readyState !== "READY")
                    return error(400, "bad_request", "Only READY production deployments can be promoted");
                if (pending) return error(409, "conflict", "A promotion of this project is already in progress");
                if (fake.promoteLag > 0) {
                    pending = { projectId, d, reads: fake.promoteLag };
                    return { status: 202 };
                }
                moveProduction(projectId, d);
                return { status: 201 };
            }
            if (!d.servedProduction || d.readyState !== "READY") return error(400, "bad_request", "The deployment is not eligible for rollback");
            fake.rollback(projectId, id);
            return { status: 201 };
        }
        f.violations.push(`${req.method} ${req.path}: not an endpoint of the deployments API`);
        return error(404, "not_found", "The requested path was not found");
    };
    const fake = Object.assign(await startFake(handle), {
        deployments,
        builds: [] as Step[][],
        promoteLag: 0,
        envOf: (() => undefined) as (projectId: string) => unknown,
        addProductionDeployment: (projectId: string, name: string, commit?: { sha: string; message: string }) => {
            const d = make(projectId, name, "READY", []);
            if (commit) d.meta = { githubCommitSha: commit.sha, githubCommitMessage: commit.message, githubCommitRef: "main" };
            assign(d);
            return d;
        },
        setAutoAssign: (projectId: string, on: boolean) => void (project(projectId).autoAssign = on),
        addDomain: (projectId: string, domain: string) => {
            project(projectId).domains.add(domain);
            const now = production(projectId);
            if (now) pointAt(domain, now);
        },
        rollback: (projectId: string, toDeploymentId: string) => {
            const d = deployments.get(toDeploymentId);
            // Eligible: a production deployment of the project that has served production.
            if (!d || d.projectId !== projectId || d.target !== "production" || d.readyState !== "READY" || !d.aliasAssigned)
                throw new Error(`fake Vercel: ${toDeploymentId} cannot be rolled back to`);
            moveProduction(projectId, d);
            project(projectId).autoAssign = false;
        },
        production,
    }) as FakeVercel;
    return fake;
}
