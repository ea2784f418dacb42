// The migrations' database: reachable with the stack's connection string (direct, not pooled), and
// holding every schema the migration files use without creating (Supabase's auth on plain PostgreSQL
// is the classic miss). Read-only: one connection, two queries.
import { relative, resolve } from "path";
import { Client } from "pg";
import { connectionProblem, describeTarget, forNodePostgres, scrub } from "../providers/migrations/connection";
import { readMigrations } from "../providers/migrations/files";
import { schemasUsedBy } from "../providers/migrations/schemas";
import type { Check } from "./checks";

/** `project` is the Pulumi project's folder: the files are named relative to it. */
export function databaseCheck(url: string | undefined, project: string, dir: string, rollbackDir?: string): Check {
    return {
        name: "database",
        async run(signal) {
            if (!url) return { verdict: "missing", found: "the migrations' connection string is not set", fix: "see the config line above" };
            const problem = connectionProblem(url);
            if (problem) return { verdict: "wrong", found: `the migrations' connection string ${problem}` };
            let files: Awaited<ReturnType<typeof readMigrations>>["files"];
            let used: Map<string, string>;
            try {
                files = (await readMigrations(resolve(project, dir), rollbackDir && resolve(project, rollbackDir))).files;
                used = await schemasUsedBy(files);
            } catch (err) {
                return { verdict: "wrong", found: `the migration files: ${(err as Error).message}`, fix: "fix the file it names (the preview refuses it too)" };
            }
            const db = new Client({ connectionString: forNodePostgres(url), connectionTimeoutMillis: 15_000, statement_timeout: 10_000 });
            const stop = () => void db.end().catch(() => undefined);
            signal.addEventListener("abort", stop);
            try {
                await db.connect();
                const { rows } = await db.query<{ nspname: string }>("SELECT nspname FROM pg_namespace");
                const present = new Set(rows.map((r) => r.nspname));
                const lacking = [...used].filter(([schema]) => !present.has(schema));
                if (lacking.length > 0) {
                    return {
                        verdict: "missing",
                        found: `${describeTarget(url)} lacks ${lacking.map(([schema, file]) => `schema "${schema}" (used by ${relative(project, file)})`).join(", ")}`,
                        fix: "point the connection string at the database that has it (Supabase's own schemas, such as auth, exist only there), or create it first",
                    };
                }
                return {
                    verdict: "ok",
                    found: `${describeTarget(url)} answers; it has the schemas the ${files.length} files use${used.size ? ` (${[...used.keys()].join(", ")})` : ""}`,
                };
            } catch (err) {
                return {
                    verdict: "unreachable",
                    found: `${describeTarget(url)}: ${scrub((err as Error).message, url)}`,
                    fix: "check the host, the port (5432, direct), the password and this machine's network access to it",
                };
            } finally {
                signal.removeEventListener("abort", stop);
                await db.end().catch(() => undefined);
            }
        },
    };
}
