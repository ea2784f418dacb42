// Safaricom's Daraja API, the parts the engine calls, as the developer portal documents them
// (developer.safaricom.co.ke: Authorization; Customer To Business Register URL, its request and
// response tables and its URL rules; the error-code table) and Safaricom's Node library
// (safaricom/mpesa-node-library: oauth.js, c2b-register.js). Daraja publishes no OpenAPI document.
// - GET /oauth/v1/generate?grant_type=client_credentials with `Authorization: Basic key:secret`
//   answers { access_token, expires_in: "3599" }; a wrong grant type or credentials is a 400.
// - POST /mpesa/c2b/v1/registerurl with `Authorization: Bearer <token>` and a JSON body of exactly
//   ShortCode, ResponseType (Completed | Cancelled), ConfirmationURL, ValidationURL answers
//   { OriginatorCoversationID, ResponseCode: "0", ResponseDescription: "Success" } (Daraja's
//   spelling). Errors are { requestId, errorCode, errorMessage }: 401 for an unknown or expired
//   token, 400 "Bad Request - Invalid <field>" for a missing or bad field, a shortcode the app does
//   not hold, an http URL in production, or a URL with a word Daraja filters (M-Pesa, Safaricom,
//   exe, exec, cmd, sql, query).
// - Production registers a shortcode's URLs once; another registration is refused ("already
//   registered", the code as developers report it: 500.003.1001) until they are deleted in the portal.
import { randomBytes } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const error = (status: number, errorCode: string, errorMessage: string): Reply => ({
    status,
    body: { requestId: `${randomBytes(4).toString("hex")}-${Date.now()}`, errorCode, errorMessage },
});
const BLOCKED = /m-?pesa|safaricom|exe|cmd|sql|query/i;
const FIELDS = ["ShortCode", "ResponseType", "ConfirmationURL", "ValidationURL"];

export interface FakeDarajaOptions {
    environment: "sandbox" | "production";
    consumerKey: string;
    consumerSecret: string;
    /** Shortcodes the Daraja app may register URLs for. */
    shortcodes: string[];
}

export interface FakeDaraja extends FakeServer {
    /** Registered URLs by shortcode. */
    registered: Map<string, { ResponseType: string; ConfirmationURL: string; ValidationURL: string }>;
    /** Ends every issued token's life (as after 3599 seconds). */
    expireTokens(): void;
    /** Issued tokens (a test checks they never reach an error message). */
    tokens: Set<string>;
}

export async function startFakeDaraja(opts: FakeDarajaOptions): Promise<FakeDaraja> {
    const registered: FakeDaraja["registered"] = new Map();
    const tokens = new Set<string>();
    const basic = `Basic ${Buffer.from(`${opts.consumerKey}:${opts.consumerSecret}`).toString("base64")}`;

    const url = (value: unknown, field: string): Reply | undefined => {
        if (typeof value !== "string" || !value) return error(400, "400.002.02", `Bad Request - Invalid ${field}`);
        let parsed: URL;
        try {
            parsed = new URL(value);
        } catch {
            return error(400, "400.002.02", `Bad Request - Invalid ${field}`);
        }
        if (opts.environment === "production" && parsed.protocol !== "https:") return error(400, "400.002.02", `Bad Request - Invalid ${field}`);
        if (BLOCKED.test(value)) return error(400, "400.002.02", `Bad Request - Invalid ${field}`);
        return undefined;
    };

    const handle = (req: ParsedRequest, fake: FakeServer): Reply => {
        if (req.path === "/oauth/v1/generate") {
            if (req.method !== "GET") return error(405, "405.001", "Method Not Allowed");
            if (req.query.get("grant_type") !== "client_credentials") return error(400, "400.008.02", "Invalid grant type passed");
            if (req.headers.authorization !== basic) return error(400, "400.008.01", "Invalid Authentication passed");
            const token = randomBytes(14).toString("base64url");
            tokens.add(token);
            return { status: 200, body: { access_token: token, expires_in: "3599" } };
        }
        if (req.path !== "/mpesa/c2b/v1/registerurl") return error(404, "404.001.01", "Resource not found");
        if (req.method !== "POST") return error(405, "405.001", "Method Not Allowed");
        const auth = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""));
        if (!auth || !tokens.has(auth[1])) return error(401, "404.001.03", "Invalid Access Token");
        if (!req.json || typeof req.json !== "object") {
            fake.violations.push("registerurl: body is not JSON");
            return error(400, "400.002.05", "Invalid Request Payload");
        }
        const b = req.json as Record<string, unknown>;
        const extra = Object.keys(b).filter((k) => !FIELDS.includes(k));
        if (extra.length) return error(400, "400.002.02", `Bad Request - Invalid ${extra[0]}`);
        const code = String(b.ShortCode ?? "");
        if (!/^\d{5,7}$/.test(code) || !opts.shortcodes.includes(code)) return error(400, "400.002.02", "Bad Request - Invalid ShortCode");
        if (b.ResponseType !== "Completed" && b.ResponseType !== "Cancelled") return error(400, "400.002.02", "Bad Request - Invalid ResponseType");
        const bad = url(b.ConfirmationURL, "ConfirmationURL") ?? url(b.ValidationURL, "ValidationURL");
        if (bad) return bad;
        if (opts.environment === "production" && registered.has(code)) return error(500, "500.003.1001", "Urls are already registered");
        registered.set(code, { ResponseType: b.ResponseType, ConfirmationURL: b.ConfirmationURL as string, ValidationURL: b.ValidationURL as string });
        return {
            status: 200,
            body: { OriginatorCoversationID: `${randomBytes(3).toString("hex")}-${Date.now()}-1`, ResponseCode: "0", ResponseDescription: "Success" },
        };
    };
    const fake = await startFake(handle);
    return Object.assign(fake, { registered, tokens, expireTokens: () => tokens.clear() });
}
