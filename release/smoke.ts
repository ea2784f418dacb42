// A release's smoke test: the site's checks (stacks/siteChecks.ts, the uptime checks' own list) run
// against one deployment's own address before production's domains point at it. Like Checkly, it
// fails a response slower than failMs and retries a failed check once; it follows redirects within
// the deployment's host only: one to another host (the app's canonical domain) would test what
// production serves, and carry the protection bypass there.
import { isLoopback } from "../shared/loopback";
import type { SiteCheck } from "../stacks/siteChecks";

export interface SmokeResult {
    path: string;
    ok: boolean;
    /** What was seen: `200`, `503 (expected 200)`, `X-Frame-Options missing (expected DENY)`, `no answer in 5 s`. */
    found: string;
}

/** Tests only: a loopback server answering for every deployment host (told which by the header below). */
export const SITE_OVERRIDE = "APP_PLATFORM_RELEASE_SITE";
export const HOST_HEADER = "x-app-platform-host";

/** Where a request for `url` goes: the URL itself, or the loopback test server with the host named. */
function target(url: URL): { url: URL; headers: Record<string, string> } {
    const override = process.env[SITE_OVERRIDE];
    if (!override) return { url, headers: {} };
    if (!isLoopback(override)) throw new Error(`${SITE_OVERRIDE} must be a loopback address (a test server); unset it`);
    const local = new URL(url.pathname + url.search, override);
    return { url: local, headers: { [HOST_HEADER]: url.host } };
}

const MAX_REDIRECTS = 5;

/** The value at a JSONPath of keys and indexes ($.a.b, $.list[0]), as the schema allows them; undefined when absent. */
function valueAt(doc: unknown, path: string): unknown {
    let v: unknown = doc;
    for (const [, key, index] of path.slice(1).matchAll(/\.([^.[]+)|\[(\d+)\]/g)) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string, unknown>)[key ?? Number(index)];
    }
    return v;
}

/** What the body reports unlike the check: compared as text, as Checkly's JSON_BODY EQUALS does. */
function jsonMismatches(body: string, expected: Record<string, string | number | boolean>): string[] {
    let doc: unknown;
    try {
        doc = JSON.parse(body);
    } catch {
        return [`the body is not JSON (expected ${Object.keys(expected).join(", ")})`];
    }
    return Object.entries(expected).flatMap(([path, value]) => {
        const got = valueAt(doc, path);
        if (got === undefined) return [`${path} missing (expected ${value})`];
        return String(got) === String(value) ? [] : [`${path}: ${JSON.stringify(got)} (expected ${value})`];
    });
}

async function once(url: URL, check: SiteCheck, headers: Record<string, string>): Promise<SmokeResult> {
    const signal = AbortSignal.timeout(check.failMs);
    let res: Response;
    let body = "";
    let at = url;
    try {
        for (let hops = 0; ; hops++) {
            const to = target(at);
            res = await fetch(to.url, { redirect: "manual", headers: { ...headers, ...to.headers }, signal });
            body = await res.text();
            const location = res.headers.get("location");
            if (res.status < 300 || res.status > 399 || !location || hops === MAX_REDIRECTS) break;
            const next = new URL(location, at);
            if (next.host !== url.host) {
                return { path: check.path, ok: false, found: `${res.status} to ${next.origin} (another host: not followed; expected ${check.status} here)` };
            }
            at = next;
        }
    } catch (err) {
        const e = err as Error & { cause?: Error };
        const why = e.name === "TimeoutError" ? `no answer in ${check.failMs / 1000} s` : `no answer (${e.cause?.message ?? e.message})`;
        return { path: check.path, ok: false, found: why };
    }
    const wrong: string[] = [];
    if (res.status !== check.status) wrong.push(`${res.status} (expected ${check.status})`);
    for (const [name, value] of Object.entries(check.headers)) {
        const got = res.headers.get(name);
        if (got !== value) wrong.push(got === null ? `${name} missing (expected ${value})` : `${name}: ${got} (expected ${value})`);
    }
    if (Object.keys(check.json).length > 0) wrong.push(...jsonMismatches(body, check.json));
    return { path: check.path, ok: wrong.length === 0, found: wrong.length === 0 ? String(res.status) : wrong.join(", ") };
}

/** Each check against `origin` (https://<deployment host>), retried once when it fails. */
export async function smoke(origin: string, checks: SiteCheck[], headers: Record<string, string> = {}): Promise<SmokeResult[]> {
    const results: SmokeResult[] = [];
    for (const check of checks) {
        const url = new URL(check.path, origin);
        const first = await once(url, check, headers);
        results.push(first.ok ? first : await once(url, check, headers));
    }
    return results;
}

export const renderSmoke = (origin: string, results: SmokeResult[]) =>
    [
        `smoke test of ${origin}${process.env[SITE_OVERRIDE] ? ` (through ${process.env[SITE_OVERRIDE]}: ${SITE_OVERRIDE}, a test server)` : ""}:`,
        ...results.map((r) => `  ${r.ok ? "ok  " : "FAIL"} ${r.path}: ${r.found}`),
    ].join("\n");
