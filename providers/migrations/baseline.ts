// Baselining records files as applied without running them: it is only safe when the database
// already holds what they create. This reads the tables, views, indexes and sequences the files
// leave behind (PostgreSQL's parser; later drops and renames taken into account) and asks the
// database for each.
import type { ClientBase } from "pg";
import { loadModule, parseSync } from "libpg-query";
import type { MigrationFile } from "./files";

type Node = Record<string, any>;
const DROPPABLE = new Set(["OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_INDEX", "OBJECT_SEQUENCE"]);

const qualified = (schema: string | undefined, name: string) => (schema ? [schema, name] : [name]);
const rangeVar = (r: Node | undefined) => (r && r.relpersistence !== "t" ? qualified(r.schemaname, r.relname) : undefined);
const quoted = (parts: string[]) => parts.map((p) => `"${p.replace(/"/g, '""')}"`).join(".");

/** Relations (schema-qualified where the SQL qualifies them) the files leave, with the file creating each. */
export async function relationsLeftBy(files: MigrationFile[]): Promise<Map<string, { parts: string[]; file: string }>> {
    await loadModule();
    const left = new Map<string, { parts: string[]; file: string }>();
    const add = (parts: string[], file: string) => left.set(parts.join("."), { parts, file });
    for (const f of files) {
        const tree = parseSync(f.sql) as unknown as { stmts?: { stmt: Node }[] };
        for (const { stmt } of tree.stmts ?? []) {
            const [kind] = Object.keys(stmt);
            const n = stmt[kind];
            const created =
                kind === "CreateStmt"
                    ? rangeVar(n.relation)
                    : kind === "ViewStmt"
                      ? rangeVar(n.view)
                      : kind === "CreateTableAsStmt"
                        ? rangeVar(n.into?.rel)
                        : kind === "CreateSeqStmt"
                          ? rangeVar(n.sequence)
                          : kind === "IndexStmt" && n.idxname
                            ? qualified(n.relation?.schemaname, n.idxname)
                            : undefined;
            if (created) add(created, f.file);
            if (kind === "DropStmt" && DROPPABLE.has(n.removeType)) {
                for (const o of n.objects ?? []) left.delete((o.List?.items ?? []).map((i: Node) => i.String?.sval).join("."));
            }
            if (kind === "RenameStmt" && DROPPABLE.has(n.renameType) && n.relation) {
                const from = rangeVar(n.relation)!.join(".");
                if (left.delete(from)) add(qualified(n.relation.schemaname, n.newname), f.file);
            }
        }
    }
    return left;
}

/** The relations the files would leave that the database does not have, as `file: name`. */
export async function missingRelations(db: ClientBase, files: MigrationFile[]): Promise<string[]> {
    const expected = [...(await relationsLeftBy(files)).entries()];
    if (expected.length === 0) return [];
    const { rows } = await db.query("SELECT to_regclass(n) IS NOT NULL AS present FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i", [
        expected.map(([, r]) => quoted(r.parts)),
    ]);
    return expected.filter((_, i) => !rows[i].present).map(([name, r]) => `${r.file}: ${name}`);
}
