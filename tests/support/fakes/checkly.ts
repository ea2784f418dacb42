// Checkly's current-account endpoint as its OpenAPI document describes it (api.checklyhq.com/openapi.json,
// checkly/docs api-reference/openapi.json: GET /v1/accounts/me, getV1AccountsMe, Bearer auth, the
// account named by the x-checkly-account header; 200 an Account, only id required; errors
// {statusCode, error, message} with error one of Unauthorized, Forbidden, Not Found, Too Many Requests).
// A user key ("cu_…") reaches the accounts its user belongs to and needs the header (checkly-go-sdk
// checkly.go: "Missing Checkly Account ID (required when using User API Keys)"); which status an
// account the key cannot reach gets is not documented: 403, as for any account the key may not use.
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export interface FakeChecklyAccount {
    apiKey: string;
    /** The accounts the key may use: id → name. */
    accounts: Record<string, string>;
}

const error = (statusCode: number, text: "Unauthorized" | "Forbidden" | "Not Found", message: string): Reply => ({
    status: statusCode,
    body: { statusCode, error: text, message, ...(statusCode === 401 ? { attributes: {} } : {}) },
});

export async function startFakeCheckly(key: FakeChecklyAccount): Promise<FakeServer> {
    return startFake((req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== `Bearer ${key.apiKey}`) return error(401, "Unauthorized", "Bad Token");
        if (req.method !== "GET" || req.path !== "/v1/accounts/me") {
            fake.violations.push(`${req.method} ${req.path}: not an endpoint this fake serves`);
            return error(404, "Not Found", "Not Found");
        }
        const id = req.headers["x-checkly-account"];
        if (typeof id !== "string") return error(403, "Forbidden", "Missing x-checkly-account header (required with a user API key)");
        if (!(id in key.accounts)) return error(403, "Forbidden", "Forbidden");
        return { status: 200, body: { id, name: key.accounts[id], runtimeId: "2022.10", settings: {}, alertSettings: {} } };
    });
}
