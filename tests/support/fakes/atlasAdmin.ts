// The MongoDB Atlas Administration API (v2), the parts scripts/atlas-access.sh calls, as Atlas's
// OpenAPI document describes them (read through mongodb/atlas-sdk-go, generated from it:
// admin/api_project_ip_access_list.go, api_database_users.go, api_clusters.go, and the models
// NetworkPermissionEntry, NetworkPermissionEntryStatus, CloudDatabaseUser, DatabaseUserRole,
// UserScope, ClusterStatus, ApiError):
// - every request authenticates with HTTP digest (RFC 7616, MD5, qop=auth) with a programmatic API
//   key, and names the resource version in `Accept: application/vnd.atlas.2023-01-01+json`; a body
//   is sent with that same Content-Type;
// - POST /groups/{groupId}/accessList takes an array of entries, each exactly one of ipAddress,
//   cidrBlock, awsSecurityGroup, with an optional comment and deleteAfterDate ("later than the
//   current date but no later than one week after you submit this request"; security groups cannot
//   be temporary), and answers 200 with the paginated list (openapi/atlas-api-transformed.yaml,
//   createAccessListEntry: responses "200", PaginatedNetworkAccess — unlike databaseUsers' 201); GET .../{entry}/status answers
//   { STATUS: PENDING | ACTIVE | FAILED }; DELETE .../{entry} answers 204;
// - POST /groups/{groupId}/databaseUsers takes a CloudDatabaseUser (groupId, databaseName — admin
//   for SCRAM users —, username, password, roles, optional scopes, deleteAfterDate within a week)
//   and answers 201 without the password; DELETE .../{databaseName}/{username} answers 204;
// - GET /groups/{groupId}/clusters/{clusterName}/status answers { changeStatus: PENDING | APPLIED }
//   ("when status is Pending, new users can't log in");
// - GET /orgs/{orgId} (getOrg, any Organization Member) answers an AtlasOrganization { id, name,
//   isDeleted, links, skipDefaultAlertsSettings }; an organization the key may not read answers 401
//   without an errorCode, as a refused key does (terraform-provider-mongodbatlas #1327, #1622);
// - a key with an API access list refuses any other caller's address: 403 IP_ADDRESS_NOT_ON_ACCESS_LIST,
//   "IP address … is not allowed to access this resource." (terraform-provider-mongodbatlas #557, #1048);
// - errors are ApiError { detail, error, errorCode, parameters, reason }.
// Not confirmed from an official source, so kept as the generic codes: the errorCode strings for a
// bad attribute (INVALID_ATTRIBUTE), a duplicate user (USER_ALREADY_EXISTS), something missing
// (RESOURCE_NOT_FOUND), an unversioned request (406, NOT_ACCEPTABLE) and the digest realm.
import { createHash, randomBytes } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const VERSION = "application/vnd.atlas.2023-01-01+json";
const REALM = "MMS Public API";
const WEEK_MS = 7 * 24 * 3600 * 1000;
const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const apiError = (status: number, errorCode: string, detail: string, reason: string): Reply => ({
    status,
    body: { detail, error: status, errorCode, parameters: [], reason },
    headers: { "content-type": "application/json" },
});
const bad = (detail: string) => apiError(400, "INVALID_ATTRIBUTE", detail, "Bad Request");
/** Atlas refuses attributes its model does not have. */
const unknownAttribute = (value: object | null, allowed: string[]): Reply | undefined => {
    const unknown = Object.keys(value ?? {}).find((k) => !allowed.includes(k));
    return unknown === undefined ? undefined : apiError(400, "INVALID_JSON_ATTRIBUTE", `Invalid attribute ${unknown} specified.`, "Bad Request");
};

export interface AccessEntry {
    ipAddress?: string;
    cidrBlock?: string;
    comment?: string;
    deleteAfterDate?: string;
    /** Status reads still answering PENDING. */
    pendingReads: number;
}

export interface DatabaseUser {
    username: string;
    databaseName: string;
    password: string;
    roles: { databaseName: string; roleName: string }[];
    scopes: { name: string; type: string }[];
    deleteAfterDate?: string;
}

export interface FakeAtlasAdmin extends FakeServer {
    accessList: Map<string, AccessEntry>;
    /** Keyed `<databaseName>/<username>`. */
    users: Map<string, DatabaseUser>;
    /** How many status reads answer PENDING after each change (Atlas applies changes asynchronously). */
    pendingReads: number;
}

export interface FakeAtlasAdminOptions {
    publicKey: string;
    privateKey: string;
    projectId: string;
    clusterName: string;
    /** The organization the key belongs to. */
    orgId?: string;
    orgName?: string;
    /** The key's API access list (addresses); unset, any caller may use it. */
    apiAccessList?: string[];
}

/** `deleteAfterDate` as Atlas takes it: ISO 8601, after now, within a week; an error message or undefined. */
function checkExpiry(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value))
        return "deleteAfterDate must be an ISO 8601 timestamp";
    const at = Date.parse(value);
    if (!(at > Date.now())) return "deleteAfterDate must be later than the current date";
    if (at > Date.now() + WEEK_MS) return "deleteAfterDate must be no later than one week from now";
    return undefined;
}

export async function startFakeAtlasAdmin(opts: FakeAtlasAdminOptions): Promise<FakeAtlasAdmin> {
    const nonces = new Set<string>();
    const accessList: FakeAtlasAdmin["accessList"] = new Map();
    const users: FakeAtlasAdmin["users"] = new Map();
    let clusterPending = 0;

    const challenge = (): Reply => {
        const nonce = randomBytes(16).toString("hex");
        nonces.add(nonce);
        return {
            ...apiError(401, "UNAUTHORIZED", "You are not authorized for this resource.", "Unauthorized"),
            headers: {
                "content-type": "application/json",
                "www-authenticate": `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=false`,
            },
        };
    };

    /** RFC 7616 with MD5 and qop=auth, as curl --digest answers the challenge. */
    const authenticated = (req: ParsedRequest): boolean => {
        const header = String(req.headers.authorization ?? "");
        if (!header.startsWith("Digest ")) return false;
        const p: Record<string, string> = {};
        for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) p[m[1]] = m[2] ?? m[3];
        if (p.username !== opts.publicKey || p.realm !== REALM || !nonces.has(p.nonce) || p.qop !== "auth") return false;
        const ha1 = md5(`${opts.publicKey}:${REALM}:${opts.privateKey}`);
        const ha2 = md5(`${req.method}:${p.uri}`);
        return p.response === md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
    };

    const body = (req: ParsedRequest): { value?: any; error?: Reply } => {
        if (String(req.headers["content-type"] ?? "") !== VERSION)
            return { error: apiError(415, "UNSUPPORTED_MEDIA_TYPE", `send the body as ${VERSION}`, "Unsupported Media Type") };
        try {
            return { value: JSON.parse(req.raw) };
        } catch {
            return { error: apiError(400, "INVALID_JSON", "Received JSON is malformed.", "Bad Request") };
        }
    };

    const addEntries = (req: ParsedRequest): Reply => {
        const { value, error } = body(req);
        if (error) return error;
        if (!Array.isArray(value) || value.length === 0) return bad("the body must be an array of access list entries");
        const added: [string, AccessEntry][] = [];
        for (const e of value) {
            const refused = unknownAttribute(e, ["ipAddress", "cidrBlock", "awsSecurityGroup", "comment", "deleteAfterDate"]);
            if (refused) return refused;
            const kinds = ["ipAddress", "cidrBlock", "awsSecurityGroup"].filter((k) => e[k] !== undefined);
            if (kinds.length !== 1) return bad("each entry takes exactly one of ipAddress, cidrBlock, awsSecurityGroup");
            if (e.awsSecurityGroup !== undefined) return bad("security groups need VPC peering, which this project has none of");
            if (e.ipAddress !== undefined && (!IPV4.test(e.ipAddress) || e.ipAddress.split(".").some((o: string) => Number(o) > 255)))
                return bad(`ipAddress ${e.ipAddress} is not an IP address`);
            if (e.cidrBlock !== undefined && !/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(e.cidrBlock)) return bad(`cidrBlock ${e.cidrBlock} is not a CIDR block`);
            const expiry = checkExpiry(e.deleteAfterDate);
            if (expiry) return bad(expiry);
            added.push([
                e.ipAddress ?? e.cidrBlock,
                { ipAddress: e.ipAddress, cidrBlock: e.cidrBlock, comment: e.comment, deleteAfterDate: e.deleteAfterDate, pendingReads: fake.pendingReads },
            ]);
        }
        for (const [key, entry] of added) accessList.set(key, entry);
        const results = [...accessList.values()].map(({ pendingReads: _, ...e }) => ({ ...e, groupId: opts.projectId }));
        return { status: 200, body: { links: [], results, totalCount: results.length } };
    };

    const addUser = (req: ParsedRequest): Reply => {
        const { value: u, error } = body(req);
        if (error) return error;
        const refused = unknownAttribute(u, [
            "groupId",
            "databaseName",
            "username",
            "password",
            "roles",
            "scopes",
            "deleteAfterDate",
            "description",
            "labels",
            "awsIAMType",
            "ldapAuthType",
            "oidcAuthType",
            "x509Type",
        ]);
        if (refused) return refused;
        for (const field of ["groupId", "databaseName", "username", "roles"]) if (u[field] === undefined) return bad(`${field} is required`);
        if (u.groupId !== opts.projectId) return bad("groupId must be the project in the path");
        if (u.databaseName !== "admin") return bad("SCRAM users authenticate against admin");
        if (typeof u.password !== "string" || u.password.length < 8) return bad("a SCRAM user needs a password of at least 8 characters");
        if (!Array.isArray(u.roles) || u.roles.length === 0 || u.roles.some((r: any) => typeof r?.databaseName !== "string" || typeof r?.roleName !== "string"))
            return bad("roles must list { databaseName, roleName }");
        if (
            u.scopes !== undefined &&
            (!Array.isArray(u.scopes) || u.scopes.some((s: any) => !["CLUSTER", "DATA_LAKE", "STREAM"].includes(s?.type) || typeof s?.name !== "string"))
        )
            return bad("scopes must list { name, type: CLUSTER | DATA_LAKE | STREAM }");
        if (u.scopes?.some((s: any) => s.type === "CLUSTER" && s.name !== opts.clusterName)) return bad("a scope names a cluster this project does not have");
        const expiry = checkExpiry(u.deleteAfterDate);
        if (expiry) return bad(expiry);
        const key = `${u.databaseName}/${u.username}`;
        if (users.has(key)) return apiError(409, "USER_ALREADY_EXISTS", `The user ${u.username} already exists.`, "Conflict");
        users.set(key, {
            username: u.username,
            databaseName: u.databaseName,
            password: u.password,
            roles: u.roles,
            scopes: u.scopes ?? [],
            deleteAfterDate: u.deleteAfterDate,
        });
        clusterPending = fake.pendingReads;
        const { password: _, ...shown } = u;
        return { status: 201, body: shown };
    };

    const handle = (req: ParsedRequest): Reply => {
        if (!authenticated(req)) return challenge();
        const caller = req.remoteAddress.replace(/^::ffff:/, "");
        if (opts.apiAccessList && !opts.apiAccessList.includes(caller))
            return apiError(403, "IP_ADDRESS_NOT_ON_ACCESS_LIST", `IP address ${caller} is not allowed to access this resource.`, "Forbidden");
        if (
            !String(req.headers.accept ?? "")
                .split(",")
                .map((s) => s.trim())
                .includes(VERSION)
        )
            return apiError(406, "NOT_ACCEPTABLE", `name the resource version: Accept: ${VERSION}`, "Not Acceptable");
        const org = req.path.match(/^\/api\/atlas\/v2\/orgs\/([^/]+)$/);
        if (org && req.method === "GET") {
            if (!/^[a-f0-9]{24}$/.test(org[1])) return bad("orgId must be 24 hexadecimal digits");
            if (org[1] !== opts.orgId)
                return { status: 401, body: { detail: "You are not authorized for this resource.", error: 401, parameters: [], reason: "Unauthorized" } };
            return { status: 200, body: { id: org[1], name: opts.orgName ?? "Organization", isDeleted: false, links: [], skipDefaultAlertsSettings: false } };
        }
        const m = req.path.match(/^\/api\/atlas\/v2\/groups\/([^/]+)(\/.*)$/);
        if (!m) return apiError(404, "RESOURCE_NOT_FOUND", `no resource at ${req.path}`, "Not Found");
        if (!/^[a-f0-9]{24}$/.test(m[1])) return bad("groupId must be 24 hexadecimal digits");
        if (m[1] !== opts.projectId) return apiError(404, "GROUP_NOT_FOUND", `No group with ID ${m[1]} exists.`, "Not Found");
        const rest = decodeURIComponent(m[2]);
        let r: RegExpMatchArray | null;
        if (rest === "/accessList" && req.method === "POST") return addEntries(req);
        if ((r = rest.match(/^\/accessList\/([^/]+)\/status$/)) && req.method === "GET") {
            const entry = accessList.get(r[1]);
            if (!entry) return apiError(404, "RESOURCE_NOT_FOUND", `No access list entry ${r[1]}.`, "Not Found");
            return { status: 200, body: { STATUS: entry.pendingReads-- > 0 ? "PENDING" : "ACTIVE" } };
        }
        if ((r = rest.match(/^\/accessList\/([^/]+)$/)) && req.method === "DELETE") {
            if (!accessList.delete(r[1])) return apiError(404, "RESOURCE_NOT_FOUND", `No access list entry ${r[1]}.`, "Not Found");
            return { status: 204 };
        }
        if (rest === "/databaseUsers" && req.method === "POST") return addUser(req);
        if ((r = rest.match(/^\/databaseUsers\/([^/]+)\/([^/]+)$/)) && req.method === "DELETE") {
            if (!users.delete(`${r[1]}/${r[2]}`)) return apiError(404, "USERNAME_NOT_FOUND", `No user with username ${r[2]} exists.`, "Not Found");
            clusterPending = fake.pendingReads;
            return { status: 204 };
        }
        if ((r = rest.match(/^\/clusters\/([^/]+)\/status$/)) && req.method === "GET") {
            if (r[1] !== opts.clusterName) return apiError(404, "CLUSTER_NOT_FOUND", `No cluster named ${r[1]} exists in group ${m[1]}.`, "Not Found");
            return { status: 200, body: { changeStatus: clusterPending-- > 0 ? "PENDING" : "APPLIED", links: [] } };
        }
        return apiError(404, "RESOURCE_NOT_FOUND", `no ${req.method} ${req.path}`, "Not Found");
    };

    const fake = (await startFake((req) => handle(req))) as FakeAtlasAdmin;
    return Object.assign(fake, { accessList, users, pendingReads: 1 });
}
