// Connection strings: refuse transaction-mode poolers, and never show a password.
import { Client } from "pg";
import { parse } from "pg-connection-string";
import { MigrationError } from "./errors";

/**
 * `url` with the SSL mode node-postgres gives it spelled out: it reads prefer, require and verify-ca
 * as verify-full (pg-connection-string 2.x) and warns about it on every process that parses one (the
 * managed providers' URLs say require). Same connection, no warning; libpq's tools read it as written.
 * Supabase's hosts are the exception: their certificates chain to Supabase's own CA, which Node does
 * not trust, so their `require` keeps libpq's meaning (encrypted, the certificate not verified), as
 * psql and pg_dump read the same URL; a URL naming `sslrootcert` with verify-full stays as it is.
 */
export function forNodePostgres(url: string): string {
    const mode = /([?&]sslmode=)(prefer|require|verify-ca)(?=&|#|$)/;
    const found = mode.exec(url);
    if (!found) return url;
    const host = parsedHost(url);
    if (host && /\.supabase\.(co|com)$/i.test(host) && found[2] !== "verify-ca") {
        if (/[?&]uselibpqcompat=true(?=&|#|$)/.test(url)) return url;
        const hash = url.indexOf("#");
        const [head, tail] = hash < 0 ? [url, ""] : [url.slice(0, hash), url.slice(hash)];
        return `${head.replace(/[?&]uselibpqcompat=[^&#]*/, "")}&uselibpqcompat=true${tail}`;
    }
    return url.replace(mode, "$1verify-full");
}

/** The URL's host, read without the driver's parser (which would warn about the SSL mode). */
function parsedHost(url: string): string | undefined {
    try {
        return new URL(url).hostname;
    } catch {
        return undefined;
    }
}

function parsed(url: string) {
    if (!/^postgres(ql)?:\/\//.test(url)) return undefined;
    try {
        return parse(forNodePostgres(url));
    } catch {
        return undefined;
    }
}

/** Where a connection string points, with no password or query: `postgresql://user@host:port/db`. */
export function describeTarget(url: string): string {
    const c = parsed(url);
    if (!c) return "the database URL";
    const port = c.port ? `:${c.port}` : "";
    return `postgresql://${c.user ? `${c.user}@` : ""}${c.host ?? ""}${port}/${c.database ?? ""}`;
}

/**
 * Every form the URL's secrets can take in a message: as the parser reads them (the password from
 * the user info or a `?password=` parameter, `sslpassword`) and as written in the URL (encoded or not,
 * even when an unencoded `@` or `:` in it confuses a reader).
 */
export function secretsIn(url: string): string[] {
    const found = new Set<string>();
    const c = parsed(url) as (ReturnType<typeof parse> & { sslpassword?: string }) | undefined;
    for (const v of [c?.password, c?.sslpassword]) if (v) found.add(v);
    const userInfo = /^[a-z]+:\/\/([^/?#]*)@/i.exec(url)?.[1]; // up to the last @ before the path
    const colon = userInfo?.indexOf(":") ?? -1;
    if (userInfo && colon >= 0) {
        const raw = userInfo.slice(colon + 1);
        found.add(raw);
        // A reader that splits at the first @ or : sees pieces of it (a host "ss", a port "Canary"):
        // hide every piece long enough to mean something.
        for (const piece of raw.split(/[@:]/)) if (piece.length >= 4) found.add(piece);
    }
    for (const m of url.matchAll(/[?&](?:ssl)?password=([^&#]*)/gi)) found.add(m[1]);
    for (const v of [...found]) {
        found.add(encodeURIComponent(v));
        try {
            found.add(decodeURIComponent(v));
        } catch {
            // not percent-encoded text: the raw form is already listed
        }
    }
    found.delete("");
    return [...found].sort((a, b) => b.length - a.length);
}

/** `text` with the URL shown as its target and each of its secrets replaced by ***. */
export function scrub(text: string, url: string | undefined): string {
    if (!url) return text;
    let out = text.split(url).join(describeTarget(url));
    for (const s of secretsIn(url)) out = out.split(s).join("***");
    return out;
}

/**
 * Why `url` cannot carry migrations, in words that quote none of it; undefined when it can.
 * Session advisory locks and multi-statement transactions break behind transaction-mode poolers
 * (Supabase's port 6543, PgBouncer with `pgbouncer=true`), so those are refused.
 */
export function connectionProblem(url: string): string | undefined {
    const c = parsed(url);
    if (!c) return "is not a postgresql:// connection string (postgresql://user:password@host:5432/database)";
    // Neon's pooler is the endpoint's host with -pooler on its first label, on port 5432.
    if (c.port === "6543" || /[?&]pgbouncer=true\b/i.test(url) || /^[^.]+-pooler\./.test(c.host ?? "")) {
        return (
            "goes through a transaction-mode pooler (port 6543, pgbouncer=true or a -pooler host), which breaks advisory locks; " +
            "use the direct connection string (Supabase: Project Settings → Database → Connection string → Direct, port 5432; Neon: the host without -pooler, or the source neon.dbUrl)"
        );
    }
    return undefined;
}

export function checkDirectConnection(url: string): void {
    const problem = connectionProblem(url);
    if (problem) throw new MigrationError(`the database URL ${problem.startsWith("is not") ? "" : `${describeTarget(url)} `}${problem}`);
}

/**
 * A connected client, or an Error saying where it could not connect, with the URL's secrets scrubbed
 * from the driver's words. A dropped connection surfaces on the next query instead of as an event.
 */
export async function openClient(url: string, applicationName: string, timeoutMs: number): Promise<Client> {
    const client = new Client({ connectionString: forNodePostgres(url), application_name: applicationName, connectionTimeoutMillis: timeoutMs });
    client.on("error", () => undefined);
    try {
        await client.connect();
        return client;
    } catch (err) {
        throw new Error(`cannot connect to ${describeTarget(url)}: ${scrub((err as Error).message, url)}`);
    }
}
