// Safaricom's Daraja API, the parts this program calls: an OAuth access token by client credentials
// (GET /oauth/v1/generate?grant_type=client_credentials, Basic consumer key:secret) and the C2B URL
// registration (POST /mpesa/c2b/v1/registerurl). Sources: developer.safaricom.co.ke ("Authorization",
// "Customer To Business Register URL") and Safaricom's own Node library (safaricom/mpesa-node-library:
// src/endpoints/oauth.js, c2b-register.js). Daraja has no API to read or delete registered URLs.
import { ApiError, apiClient, ApiRequest, isApiError } from "./http";

export const DARAJA_HOSTS = { sandbox: "https://sandbox.safaricom.co.ke", production: "https://api.safaricom.co.ke" } as const;

/** Daraja filters out callback URLs containing these words (its Register URL guidance). */
export const DARAJA_BLOCKED_WORDS = /m-?pesa|safaricom|exe|cmd|sql|query/i;

export interface DarajaCredentials {
    baseUrl: string;
    consumerKey: string;
    consumerSecret: string;
    /** Tests shorten the retry backoff. */
    maxDelayMs?: number;
}

export interface C2bRegistration {
    shortCode: string;
    responseType: "Completed" | "Cancelled";
    confirmationUrl: string;
    validationUrl: string;
}

export interface C2bRegistered {
    /** Daraja's id for the request (its own spelling: OriginatorCoversationID). */
    conversationId: string;
    description: string;
}

/** Daraja answers a shortcode whose URLs are set with this (production registers once): a 500 that no retry changes. */
const ALREADY_REGISTERED = /already registered/i;
export const isAlreadyRegistered = (err: unknown) => isApiError(err) && ALREADY_REGISTERED.test(err.message);

/** A bearer-authorized client: one fresh access token (valid 3599 s) per operation. */
export async function darajaClient(c: DarajaCredentials): Promise<ApiRequest> {
    const oauth = apiClient({
        service: "Daraja",
        baseUrl: c.baseUrl,
        auth: { basic: { user: c.consumerKey, password: c.consumerSecret } },
        maxDelayMs: c.maxDelayMs,
    });
    let token: string | undefined;
    try {
        const { body } = await oauth<{ access_token?: string }>("GET", "/oauth/v1/generate", { searchParams: { grant_type: "client_credentials" } });
        token = body?.access_token;
    } catch (err) {
        if (isApiError(err) && (err.status === 400 || err.status === 401)) {
            throw new ApiError(
                `${err.message}. Check the Daraja app's consumer key and secret (app-platform:mpesaConsumerKey, app-platform:mpesaConsumerSecret) and that they belong to ${c.baseUrl}`,
                err.status,
                err.code,
                err.requestId,
            );
        }
        throw err;
    }
    if (!token) throw new ApiError("Daraja GET /oauth/v1/generate answered without an access_token", 200, undefined, undefined);
    // registerurl is safe to resend: registering the same URLs again changes nothing.
    return apiClient({
        service: "Daraja",
        baseUrl: c.baseUrl,
        auth: { bearer: token },
        maxDelayMs: c.maxDelayMs,
        retryMethods: ["get", "post"],
        final: (_status, body) => ALREADY_REGISTERED.test(body),
    });
}

/** Registers the confirmation and validation URLs of a shortcode. */
export async function registerC2bUrls(api: ApiRequest, r: C2bRegistration): Promise<C2bRegistered> {
    const { body } = await api<{ OriginatorCoversationID?: string; ResponseCode?: string; ResponseDescription?: string }>("POST", "/mpesa/c2b/v1/registerurl", {
        json: { ShortCode: r.shortCode, ResponseType: r.responseType, ConfirmationURL: r.confirmationUrl, ValidationURL: r.validationUrl },
    });
    // Success is ResponseCode "0"; anything else is Daraja declining, in its own words.
    if (String(body?.ResponseCode) !== "0") {
        throw new ApiError(
            `Daraja POST /mpesa/c2b/v1/registerurl → ${body?.ResponseDescription ?? "no description"} (ResponseCode ${body?.ResponseCode})`,
            200,
            body?.ResponseCode,
            body?.OriginatorCoversationID,
        );
    }
    return { conversationId: body.OriginatorCoversationID ?? "", description: body.ResponseDescription ?? "" };
}
