// Connection strings: refuse transaction-mode poolers, and never show a password.
import { parse } from "pg-connection-string";
import { MigrationError } from "./errors";

/** The URL with its password replaced, safe for messages and logs. */
export function redact(url: string): string {
    return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/**
 * Session advisory locks and multi-statement transactions break behind transaction-mode poolers
 * (Supabase's port 6543, PgBouncer with `pgbouncer=true`), so those URLs are refused.
 */
export function checkDirectConnection(url: string): void {
    let parsed: ReturnType<typeof parse>;
    try {
        parsed = parse(url);
    } catch {
        throw new MigrationError("the database URL does not parse; use postgresql://user:password@host:5432/database");
    }
    const pooled = parsed.port === "6543" || /[?&]pgbouncer=true\b/i.test(url);
    if (pooled) {
        throw new MigrationError(
            `${redact(url)} goes through a transaction-mode pooler (port 6543 or pgbouncer=true), which breaks advisory locks; ` +
                "use the direct connection string (Supabase: Project Settings → Database → Connection string → Direct, port 5432)",
        );
    }
}
