// The schemas migration files use before (or without) creating them (`auth.users`, `auth.uid()`,
// `auth.role_t`, `EXECUTE FUNCTION auth.f()`, `GRANT … IN SCHEMA auth`): a database must have them
// before the first file runs (the doctor asks; PostgreSQL's parser reads the files, in order).
// The bodies of SQL functions are strings to the parser and are not read.
import { loadModule, parseSync } from "libpg-query";
import type { MigrationFile } from "./files";

type Node = Record<string, any>;
// Every database has these.
const BUILT_IN = new Set(["pg_catalog", "information_schema", "public"]);

const qualifier = (names: Node[] | undefined) => (names && names.length >= 2 ? (names[0].String?.sval as string | undefined) : undefined);

/** Each schema a file uses before any file creates it, with the first file that does. */
export async function schemasUsedBy(files: MigrationFile[]): Promise<Map<string, string>> {
    await loadModule();
    const used = new Map<string, string>();
    const created = new Set<string>();
    const use = (schema: string | undefined, file: string) => {
        if (schema && !created.has(schema) && !BUILT_IN.has(schema) && !used.has(schema)) used.set(schema, file);
    };
    const walk = (node: unknown, file: string): void => {
        if (Array.isArray(node)) return node.forEach((n) => walk(n, file));
        if (!node || typeof node !== "object") return;
        const n = node as Node;
        if (n.CreateSchemaStmt?.schemaname) created.add(n.CreateSchemaStmt.schemaname);
        // A table, view or sequence (RangeVar); a function call, a trigger's function, a type or cast.
        if (typeof n.schemaname === "string" && typeof n.relname === "string") use(n.schemaname, file);
        use(qualifier(n.FuncCall?.funcname), file);
        use(qualifier(n.CreateTrigStmt?.funcname), file);
        use(qualifier(n.typeName?.names), file);
        use(qualifier(n.TypeName?.names), file);
        // GRANT … ON ALL TABLES IN SCHEMA s: the schemas are its objects.
        if (n.GrantStmt?.targtype === "ACL_TARGET_ALL_IN_SCHEMA") for (const o of n.GrantStmt.objects ?? []) use(o.String?.sval, file);
        for (const value of Object.values(n)) walk(value, file);
    };
    for (const f of files) walk((parseSync(f.sql) as unknown as { stmts?: unknown[] }).stmts ?? [], f.file);
    return used;
}
