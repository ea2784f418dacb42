// One HTTP client for the webhook engines: retries with jittered exponential backoff on 429, 5xx,
// timeouts and dropped connections (honouring Retry-After), and errors that carry the service's
// own message, code and request id, never a credential.

export type Auth = { bearer: string } | { basic: { user: string; password: string } };

export interface ApiClientOptions {
    /** Named in errors, e.g. "Stripe". */
    service: string;
    baseUrl: string;
    auth: Auth;
    timeoutMs?: number;
    /** Retries after the first attempt. */
    retries?: number;
    /** Upper bound of one backoff delay, in ms (tests shorten it). */
    maxDelayMs?: number;
    /** Methods safe to resend; default all (POSTs carry an Idempotency-Key). */
    retryMethods?: string[];
    /** An error answer that is the service's final word, never retried (Daraja's "already registered" is a 500). */
    final?: (status: number, body: string) => boolean;
}

export interface RequestOptions {
    form?: Record<string, string | string[] | Record<string, string> | boolean | number | undefined>;
    /** multipart/form-data fields (Cloudflare's Pages deployments). */
    multipart?: Record<string, string>;
    json?: unknown;
    headers?: Record<string, string>;
    searchParams?: Record<string, string>;
}

/** The answer to `request`, or null when the service says the thing is gone (a 404, unless `gone` says otherwise). */
export async function unlessGone<T>(request: Promise<T>, gone: (err: unknown) => boolean = isNotFound): Promise<T | null> {
    try {
        return await request;
    } catch (err) {
        if (gone(err)) return null;
        throw err;
    }
}

export const isNotFound = (err: unknown) => isApiError(err) && err.status === 404;

export class ApiError extends Error {
    constructor(
        message: string,
        readonly status: number | undefined,
        readonly code: string | undefined,
        readonly requestId: string | undefined,
    ) {
        super(message);
        this.message = message; // kept when Pulumi serializes this class for a dynamic provider
        this.name = "ApiError";
    }
}

export function isApiError(err: unknown): err is ApiError {
    return typeof err === "object" && err !== null && (err as Error).name === "ApiError";
}

/** Stripe-style form encoding: arrays as `key[]`, objects as `key[sub]`. */
export function formEncode(form: NonNullable<RequestOptions["form"]>): URLSearchParams {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) value.forEach((v) => params.append(`${key}[]`, v));
        else if (typeof value === "object") for (const [k, v] of Object.entries(value)) params.append(`${key}[${k}]`, v);
        else params.append(key, String(value));
    }
    return params;
}

/** The service's own words for an error body: Stripe, Razorpay, Resend, Twilio, Vercel, Cloudflare and Daraja shapes. */
function errorDetails(body: any): { message?: string; code?: string } {
    // Daraja: { requestId, errorCode: "400.002.02", errorMessage }.
    if (typeof body?.errorMessage === "string") return { message: body.errorMessage, code: body.errorCode };
    const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
    if (first && typeof first === "object") return { message: first.message, code: first.code !== undefined ? String(first.code) : undefined };
    const e = body?.error;
    if (e && typeof e === "object") return { message: e.message ?? e.description, code: e.code ?? e.type };
    return { message: body?.message ?? (typeof e === "string" ? e : undefined), code: body?.code !== undefined ? String(body.code) : body?.name };
}

/**
 * What went wrong below HTTP: fetch says only "fetch failed" and keeps the reason in `cause`
 * (ENOTFOUND with the host, ECONNREFUSED with the address, a TLS error), sometimes as several errors.
 */
export function networkReason(err: unknown): { message: string; code?: string } {
    const e = err as Error & { code?: string; cause?: unknown };
    const cause = e?.cause as (Error & { code?: string; errors?: Error[] }) | undefined;
    if (!cause || typeof cause !== "object") return { message: e?.message ?? String(err), code: e?.code };
    const inner = cause.errors?.length ? cause.errors.map((x) => x.message).join("; ") : cause.message;
    return { message: `${e.message} (${inner})`, code: cause.code ?? (cause.errors?.[0] as { code?: string } | undefined)?.code };
}

type Ky = (url: string, options: Record<string, unknown>) => Promise<Response>;

export function apiClient(opts: ApiClientOptions) {
    // ky is ESM-only; Node 20.19+ loads it through require(). Loaded here so that a serialized
    // dynamic provider requires it at run time instead of capturing it.
    const ky = (require("ky") as { default: { create(o: Record<string, unknown>): Ky } }).default;
    const authorization =
        "bearer" in opts.auth ? `Bearer ${opts.auth.bearer}` : `Basic ${Buffer.from(`${opts.auth.basic.user}:${opts.auth.basic.password}`).toString("base64")}`;
    const client = ky.create({
        prefixUrl: opts.baseUrl,
        timeout: opts.timeoutMs ?? 30_000,
        retry: {
            limit: opts.retries ?? 4,
            methods: opts.retryMethods ?? ["get", "post", "put", "patch", "delete"],
            statusCodes: [408, 429, 500, 502, 503, 504],
            afterStatusCodes: [429, 503],
            maxRetryAfter: 60_000,
            backoffLimit: opts.maxDelayMs ?? 10_000,
            jitter: true,
            retryOnTimeout: true,
            // undefined: ky's own rules (status codes, Retry-After) decide.
            shouldRetry:
                opts.final &&
                (async ({ error }: { error: { response?: Response } }) =>
                    error.response && opts.final!(error.response.status, await error.response.clone().text()) ? false : undefined),
        },
    });

    return async function request<T>(
        method: string,
        path: string,
        req: RequestOptions = {},
    ): Promise<{ body: T; text: string; headers: Headers; status: number }> {
        const headers: Record<string, string> = { authorization, accept: "application/json", ...req.headers };
        let body: string | URLSearchParams | FormData | undefined;
        if (req.form) body = formEncode(req.form);
        else if (req.multipart) {
            body = new FormData();
            for (const [k, v] of Object.entries(req.multipart)) body.append(k, v);
        } else if (req.json !== undefined) {
            body = JSON.stringify(req.json);
            headers["content-type"] = "application/json";
        }
        let res: Response;
        try {
            res = await client(path.replace(/^\//, ""), { method, headers, body, searchParams: req.searchParams });
        } catch (err) {
            // ky throws on an error status (so that it can retry); after the retries, read the answer.
            const response = (err as { response?: Response }).response;
            if (!response) {
                // Network failures and timeouts: the method, path and the system's reason, never headers.
                const why = networkReason(err);
                throw new ApiError(`${opts.service} ${method} ${path} failed: ${why.message}`, undefined, why.code, undefined);
            }
            res = response;
        }
        const text = await res.text();
        let parsed: unknown = undefined;
        try {
            parsed = text ? JSON.parse(text) : undefined;
        } catch {
            parsed = undefined;
        }
        if (!res.ok) {
            const { message, code } = errorDetails(parsed);
            const requestId =
                res.headers.get("request-id") ??
                res.headers.get("x-request-id") ??
                res.headers.get("twilio-request-id") ??
                (typeof (parsed as { requestId?: unknown })?.requestId === "string" ? (parsed as { requestId: string }).requestId : undefined);
            throw new ApiError(
                `${opts.service} ${method} ${path} → ${res.status}: ${message ?? res.statusText}${code ? ` (code ${code})` : ""}${requestId ? ` [request ${requestId}]` : ""}`,
                res.status,
                code,
                requestId,
            );
        }
        // The answer as sent too, for a service that answers other than JSON (a Prometheus scrape).
        return { body: parsed as T, text, headers: res.headers, status: res.status };
    };
}

export type ApiRequest = ReturnType<typeof apiClient>;
