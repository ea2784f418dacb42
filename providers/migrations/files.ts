// Reads and checks a folder of versioned SQL migrations, using PostgreSQL's own parser.
import { createHash } from "crypto";
import { readdirSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { loadModule, parseSync } from "libpg-query";
import { MigrationError } from "./errors";

/** `-- migrate:no-transaction` in a file's leading comments: it runs outside a transaction, alone. */
export const NO_TRANSACTION_HEADER = "migrate:no-transaction";
const FORWARD = /^(\d{14})_([a-z0-9][a-z0-9_-]*)\.sql$/i;
const ROLLBACK = /^(\d{14})_([a-z0-9][a-z0-9_-]*)\.rollback\.sql$/i;

export interface SqlScript {
    /** Path as given, for messages. */
    file: string;
    /** The SQL to execute (an outer BEGIN/COMMIT pair is unwrapped: the engine owns the transaction). */
    sql: string;
    /** Line of the file where `sql` starts, to turn a server error position into a file line. */
    firstLine: number;
    statements: number;
    /** Runs outside a transaction (its one statement cannot run inside one). */
    noTransaction: boolean;
}

export interface MigrationFile extends SqlScript {
    version: string;
    name: string;
    /** sha256 of the file with line endings normalized and any BOM removed. */
    checksum: string;
}

/** Forward migrations sorted by version, and rollback scripts by version. */
export interface MigrationSet {
    files: MigrationFile[];
    rollbacks: Record<string, SqlScript>;
}

export function normalize(text: string): string {
    return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

export function checksum(text: string): string {
    return createHash("sha256").update(normalize(text)).digest("hex");
}

let parserReady: Promise<void> | undefined;
/** Loads the WASM parser once per process. */
export function loadParser(): Promise<void> {
    return (parserReady ??= loadModule());
}

interface ParsedStmt {
    kind: string;
    node: Record<string, any>;
    start: number;
    end: number;
}

// libpg_query reports byte offsets into the UTF-8 text; these helpers work on bytes so non-ASCII SQL lines up.
const lineAt = (text: Buffer, byteOffset: number) => text.subarray(0, byteOffset).toString().split("\n").length;
const slice = (text: Buffer, start: number, end?: number) => text.subarray(start, end).toString();
const statementHead = (text: string) => text.trim().split("\n")[0].slice(0, 80);

/** Why a statement cannot run inside a transaction, or undefined when it can. */
export function nonTransactional(stmt: { kind: string; node: Record<string, any> }): string | undefined {
    const n = stmt.node;
    switch (stmt.kind) {
        case "IndexStmt":
            return n.concurrent ? "CREATE INDEX CONCURRENTLY" : undefined;
        case "DropStmt":
            return n.concurrent ? "DROP INDEX CONCURRENTLY" : undefined;
        case "ReindexStmt":
            return (n.params ?? []).some((p: any) => p.DefElem?.defname === "concurrently") ? "REINDEX CONCURRENTLY" : undefined;
        case "VacuumStmt":
            return n.is_vacuumcmd ? "VACUUM" : undefined;
        case "CreatedbStmt":
            return "CREATE DATABASE";
        case "DropdbStmt":
            return "DROP DATABASE";
        case "AlterSystemStmt":
            return "ALTER SYSTEM";
        case "CreateTableSpaceStmt":
            return "CREATE TABLESPACE";
        case "DropTableSpaceStmt":
            return "DROP TABLESPACE";
        default:
            return undefined;
    }
}

function parse(file: string, text: string, bytes: Buffer): ParsedStmt[] {
    let tree: { stmts?: { stmt: Record<string, any>; stmt_location?: number; stmt_len?: number }[] };
    try {
        tree = parseSync(text) as unknown as typeof tree;
    } catch (err) {
        const pos = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
        const where = pos !== undefined ? `${file}:${lineAt(bytes, pos)}` : file; // a 0-based byte offset
        throw new MigrationError(`${where}: ${(err as Error).message}`);
    }
    return (tree.stmts ?? []).map((s) => {
        const kind = Object.keys(s.stmt)[0];
        const start = s.stmt_location ?? 0;
        const end = s.stmt_len ? start + s.stmt_len : bytes.length;
        // A statement's location includes the whitespace and comments before it: skip them for messages.
        const lead = /^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/.exec(slice(bytes, start, end))![0];
        return { kind, node: s.stmt[kind], start: start + Buffer.byteLength(lead), end };
    });
}

/** Parses one script; throws MigrationError naming the file (and line) on anything that would fail or mislead. */
export function parseScript(file: string, raw: string, noTransaction: boolean): SqlScript {
    const text = normalize(raw);
    const bytes = Buffer.from(text);
    if (text.trim() === "") throw new MigrationError(`${file}: has no SQL statements`);
    let stmts = parse(file, text, bytes);
    let sql = text;
    let firstLine = 1;
    if (stmts.length === 0) throw new MigrationError(`${file}: has no SQL statements`);

    const txKind = (s: ParsedStmt) => (s.kind === "TransactionStmt" ? (s.node.kind as string) : undefined);
    const first = txKind(stmts[0]);
    const last = txKind(stmts[stmts.length - 1]);
    if (stmts.length >= 2 && (first === "TRANS_STMT_BEGIN" || first === "TRANS_STMT_START") && last === "TRANS_STMT_COMMIT") {
        // Seed-style files wrap themselves in BEGIN; ... COMMIT;: run the body in the engine's transaction.
        sql = slice(bytes, stmts[0].end + 1, stmts[stmts.length - 1].start);
        firstLine = lineAt(bytes, stmts[0].end + 1);
        stmts = stmts.slice(1, -1);
    }
    for (const s of stmts) {
        if (s.kind === "TransactionStmt") {
            throw new MigrationError(
                `${file}:${lineAt(bytes, s.start)}: transaction control ("${statementHead(slice(bytes, s.start, s.end))}") is not allowed; the engine runs each file in its own transaction`,
            );
        }
    }
    if (noTransaction) {
        if (stmts.length !== 1) {
            throw new MigrationError(
                `${file}: a ${NO_TRANSACTION_HEADER} file must hold exactly one statement (it has ${stmts.length}); split it into one file per statement`,
            );
        }
    } else {
        for (const s of stmts) {
            const why = nonTransactional(s);
            if (why) {
                throw new MigrationError(
                    `${file}:${lineAt(bytes, s.start)}: ${why} cannot run inside a transaction ("${statementHead(slice(bytes, s.start, s.end))}"); ` +
                        `move it alone into its own file that starts with "-- ${NO_TRANSACTION_HEADER}"`,
                );
            }
        }
    }
    return { file, sql, firstLine, statements: stmts.length, noTransaction };
}

function hasNoTransactionHeader(text: string): boolean {
    for (const line of normalize(text).split("\n")) {
        const t = line.trim();
        if (t === "") continue;
        if (!t.startsWith("--")) return false;
        if (t.replace(/^--\s*/, "") === NO_TRANSACTION_HEADER) return true;
    }
    return false;
}

/** Whether bytes[0, n) is UTF-8; `stream` allows it to end inside a character. */
function utf8(bytes: Uint8Array, n: number, stream: boolean): boolean {
    try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream });
        return true;
    } catch {
        return false;
    }
}

/** Byte offset of the first sequence that is not UTF-8, or -1 when all of `bytes` is UTF-8. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
    if (utf8(bytes, bytes.length, false)) return -1;
    // The shortest prefix the streaming decoder refuses ends in the bad sequence (or the file
    // ends inside a character); the sequence starts after the last complete character before it.
    let [lo, hi] = [0, bytes.length];
    while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (utf8(bytes, mid, true)) lo = mid;
        else hi = mid;
    }
    let start = hi - 1;
    while (start > 0 && !utf8(bytes, start, false)) start--;
    return start;
}

/** A file's text; one that is not UTF-8 is refused (never applied with its bytes replaced). */
function read(path: string): string {
    let bytes: Buffer;
    try {
        bytes = readFileSync(path);
    } catch (err) {
        throw new MigrationError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const bad = invalidUtf8Offset(bytes);
    if (bad >= 0) {
        const line = bytes.subarray(0, bad).toString("latin1").split("\n").length;
        throw new MigrationError(
            `${path}:${line}: is not UTF-8 (invalid byte 0x${bytes[bad].toString(16).padStart(2, "0")} at byte offset ${bad}); save the file as UTF-8`,
        );
    }
    return bytes.toString("utf8");
}

/** Builds a forward migration from its file name and text. */
export function migrationFromText(file: string, text: string): MigrationFile {
    const match = FORWARD.exec(file.split("/").pop()!);
    if (!match) throw new MigrationError(`${file}: name must be <14-digit version>_<name>.sql, e.g. 20260203120000_add_user_preferences.sql`);
    return { version: match[1], name: match[2], checksum: checksum(text), ...parseScript(file, text, hasNoTransactionHeader(text)) };
}

export function rollbackFromText(file: string, text: string): SqlScript & { version: string } {
    const match = ROLLBACK.exec(file.split("/").pop()!);
    if (!match) throw new MigrationError(`${file}: name must be <14-digit version>_<name>.rollback.sql`);
    return { version: match[1], ...parseScript(file, text, hasNoTransactionHeader(text)) };
}

/**
 * Reads `dir` and the rollback scripts in `rollbackDir` (default `dir`). Every problem across all
 * files is reported at once. A rollback may outlive its forward file (to undo a removed migration).
 */
export async function readMigrations(dir: string, rollbackDir = dir): Promise<MigrationSet> {
    await loadParser();
    const problems: string[] = [];
    const attempt = <T>(fn: () => T): T | undefined => {
        try {
            return fn();
        } catch (err) {
            if (!(err instanceof MigrationError)) throw err;
            problems.push(err.message);
            return undefined;
        }
    };
    // Every entry is a migration, a rollback or a reported problem; subfolders (but not one named
    // like a migration) and dotfiles (.gitkeep) are skipped.
    const list = (d: string) => {
        try {
            return readdirSync(d, { withFileTypes: true })
                .filter((e) => !e.name.startsWith(".") && !(e.isDirectory() && !/\.sql$/i.test(e.name)))
                .map((e) => e.name)
                .sort();
        } catch (err) {
            throw new MigrationError(`${d}: cannot list migrations (${(err as NodeJS.ErrnoException).code})`);
        }
    };
    const separate = resolve(rollbackDir) !== resolve(dir);

    const files: MigrationFile[] = [];
    const rollbackFiles: string[] = [];
    const byVersion = new Map<string, string>();
    for (const f of list(dir)) {
        const path = join(dir, f);
        if (ROLLBACK.test(f)) {
            if (separate) problems.push(`${path}: is a rollback script, but rollbacks are read from ${rollbackDir}; move it there`);
            else rollbackFiles.push(path);
            continue;
        }
        if (!/\.sql$/i.test(f)) {
            problems.push(`${path}: is not a migration (<14-digit version>_<name>.sql); rename it, or move it out of ${dir}`);
            continue;
        }
        const m = attempt(() => migrationFromText(path, read(path)));
        if (!m) continue;
        const other = byVersion.get(m.version);
        if (other) problems.push(`${path}: version ${m.version} is also used by ${other}`);
        else {
            byVersion.set(m.version, path);
            files.push(m);
        }
    }
    if (separate) {
        for (const f of list(rollbackDir)) {
            const path = join(rollbackDir, f);
            if (ROLLBACK.test(f)) rollbackFiles.push(path);
            else problems.push(`${path}: is not a rollback script (<14-digit version>_<name>.rollback.sql); rename it, or move it out of ${rollbackDir}`);
        }
    }
    const rollbacks: Record<string, SqlScript> = {};
    for (const path of rollbackFiles) {
        const r = attempt(() => rollbackFromText(path, read(path)));
        if (!r) continue;
        const { version, ...script } = r;
        if (rollbacks[version]) problems.push(`${path}: version ${version} already has a rollback, ${rollbacks[version].file}`);
        else rollbacks[version] = script;
    }
    if (problems.length > 0) throw new MigrationError(problems.join("\n"));
    return { files: files.sort((a, b) => a.version.localeCompare(b.version)), rollbacks };
}
