// Connection strings: refuse transaction-mode poolers, and never show a password.
import { parse } from "pg-connection-string";
import { MigrationError } from "./errors";

/** The URL with its password replaced, safe for messages and logs. */
export function redact(url: string): string {
    return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/**
 * Why `url` cannot carry migrations, in words that quote none of it; undefined when it can.
 * Session advisory locks and multi-statement transactions break behind transaction-mode poolers
 * (Supabase's port 6543, PgBouncer with `pgbouncer=true`), so those are refused.
 */
export function connectionProblem(url: string): string | undefined {
    let port: string | null | undefined;
    try {
        if (!/^postgres(ql)?:\/\//.test(url)) throw new Error();
        port = parse(url).port;
    } catch {
        return "is not a postgresql:// connection string (postgresql://user:password@host:5432/database)";
    }
    if (port === "6543" || /[?&]pgbouncer=true\b/i.test(url)) {
        return "goes through a transaction-mode pooler (port 6543 or pgbouncer=true), which breaks advisory locks; " +
            "use the direct connection string (Supabase: Project Settings → Database → Connection string → Direct, port 5432)";
    }
    return undefined;
}

export function checkDirectConnection(url: string): void {
    const problem = connectionProblem(url);
    if (problem) throw new MigrationError(`the database URL ${problem.startsWith("is not") ? "" : `${redact(url)} `}${problem}`);
}
