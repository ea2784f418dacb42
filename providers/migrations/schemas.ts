// The schemas migration files use but do not create (`auth.users`, `auth.uid()`): a database must
// have them before the first file runs (the doctor asks; PostgreSQL's parser reads the files).
import { loadModule, parseSync } from "libpg-query";
import type { MigrationFile } from "./files";

type Node = Record<string, any>;
// Every database has these.
const BUILT_IN = new Set(["pg_catalog", "information_schema", "public"]);

/** Each schema the files qualify a name with and never create, with the first file that does. */
export async function schemasUsedBy(files: MigrationFile[]): Promise<Map<string, string>> {
    await loadModule();
    const used = new Map<string, string>();
    const created = new Set<string>();
    const walk = (node: unknown, file: string): void => {
        if (Array.isArray(node)) return node.forEach((n) => walk(n, file));
        if (!node || typeof node !== "object") return;
        const n = node as Node;
        // A table, view or sequence name (RangeVar), and a schema-qualified function call.
        if (typeof n.schemaname === "string" && typeof n.relname === "string" && !used.has(n.schemaname)) used.set(n.schemaname, file);
        const call = n.FuncCall?.funcname as Node[] | undefined;
        if (call?.length === 2 && call[0].String?.sval && !used.has(call[0].String.sval)) used.set(call[0].String.sval, file);
        if (n.CreateSchemaStmt?.schemaname) created.add(n.CreateSchemaStmt.schemaname);
        for (const value of Object.values(n)) walk(value, file);
    };
    for (const f of files) walk((parseSync(f.sql) as unknown as { stmts?: unknown[] }).stmts ?? [], f.file);
    for (const schema of [...used.keys()]) if (created.has(schema) || BUILT_IN.has(schema)) used.delete(schema);
    return used;
}
