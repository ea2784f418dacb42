// Upstash's Developer API, the one call the doctor makes, as Upstash publishes it (upstash/docs
// devops/developer-api/openapi.yml: server https://api.upstash.com/v2, basicAuth, listDatabases
// `GET /redis/databases` answering a JSON array of Database objects). A wrong email or key is 401
// (http_status_codes.mdx: "Your API key is wrong"); its body is not documented, and Upstash's CLI and
// MCP server read only the status: a short text here. The database fields are the document's, plus the
// ones the retired list_databases page showed and Upstash's MCP server still reads (database_type,
// user_email, password, rest_token, read_only_rest_token).
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export interface FakeUpstashAccount {
    email: string;
    apiKey: string;
    /** The account's Redis databases, by name. */
    databases: string[];
}

export async function startFakeUpstash(account: FakeUpstashAccount): Promise<FakeServer> {
    const expected = `Basic ${Buffer.from(`${account.email}:${account.apiKey}`).toString("base64")}`;
    return startFake((req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.headers.authorization !== expected) return { status: 401, body: "Unauthorized", headers: { "content-type": "text/plain; charset=utf-8" } };
        if (req.method !== "GET" || req.path !== "/v2/redis/databases") {
            fake.violations.push(`${req.method} ${req.path}: not an endpoint this fake serves`);
            return { status: 404, body: "Not Found", headers: { "content-type": "text/plain; charset=utf-8" } };
        }
        return {
            status: 200,
            body: account.databases.map((name, i) => ({
                database_id: `96ad0856-03b1-4ee7-9666-e81abd0349e${i}`,
                database_name: name,
                database_type: "Pay as You Go",
                region: "global",
                type: "payg",
                port: 6379,
                creation_time: 1700000000 + i,
                state: "active",
                endpoint: `${name}-${i}.upstash.io`,
                tls: true,
                primary_region: "ap-south-1",
                read_regions: [],
                eviction: false,
                auto_upgrade: false,
                consistent: false,
                user_email: account.email,
                password: `redis-password-${i}`,
                rest_token: `rest-token-${i}`,
                read_only_rest_token: `read-only-rest-token-${i}`,
            })),
        };
    });
}
