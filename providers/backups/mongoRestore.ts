// The restore check of a pre-change dump (mongoDump.ts's .tar.gz): unpack it, load each collection's
// documents and indexes into a scratch database, and count what arrived. The same archive restores
// with `mongorestore --dir <folder>/<db>` once unpacked; this needs only Node and the driver.
// The archive is checked whole (entries, BSON, metadata) before anything connects: a hostile or
// broken archive is refused naming the entry, and nothing lands outside the temporary folder.
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { z } from "zod";

/** An archive that is not one mongo-backup dump wrote (or is damaged): printed as is, without a trace. */
export class RestoreError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RestoreError";
        this.stack = "";
    }
}

/** The documents of a mongodump .bson file: BSON documents back to back, each led by its int32 length. */
export function bsonDocuments(bytes: Buffer): Record<string, unknown>[] {
    const { BSON } = require("mongodb") as typeof import("mongodb");
    const docs = [];
    for (let at = 0; at < bytes.length;) {
        // The smallest document is 5 bytes; a length below that (0 would never advance) or past the
        // end means the file is truncated or not BSON.
        const length = bytes.length - at >= 4 ? bytes.readInt32LE(at) : 0;
        if (length < 5 || length > bytes.length - at) {
            throw new Error(`not BSON, or truncated: the document at byte ${at} has length ${length}, ${bytes.length - at} bytes remain`);
        }
        docs.push(BSON.deserialize(bytes.subarray(at, at + length)));
        at += length;
    }
    return docs;
}

const metadataSchema = z.looseObject({
    indexes: z.array(z.looseObject({ key: z.record(z.string(), z.unknown()), name: z.string().min(1), unique: z.boolean().optional() })).optional(),
});
type Metadata = z.infer<typeof metadataSchema>;

/** An entry's path in parts, without empty and "." parts. */
const segments = (path: string) => path.split("/").filter((p) => p !== "" && p !== ".");

/** Why an archive entry is refused: only `<db>/` and regular files `<db>/<collection>.bson|.metadata.json`. */
function entryProblem(path: string, type: string): string | undefined {
    if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "an absolute path";
    const parts = segments(path);
    if (parts.includes("..")) return "a path that climbs out of the archive (..)";
    if (type === "SymbolicLink" || type === "Link") return `a ${type === "Link" ? "hard" : "symbolic"} link`;
    const file = type === "File" || type === "OldFile";
    if (!file && type !== "Directory") return `a ${type} entry; only folders and files belong in a dump`;
    if (parts.length === 1 && file) return "a file where the database folder belongs (<db>/<collection>.bson)";
    if (parts.length === 2 && !file) return "a folder inside the database folder";
    if (parts.length > 2) return "nested deeper than <db>/<collection>.bson";
    if (parts.length === 2 && !/\.(bson|metadata\.json)$/.test(parts[1])) return "not a collection's .bson or .metadata.json";
    return undefined;
}

interface Collection {
    name: string;
    bson: string;
    metadata: Metadata;
}

/** Unpacks `archive` into `tmp` and checks every collection in it: the database folder and its collections. */
async function unpackChecked(archive: string, tmp: string): Promise<{ dir: string; collections: Collection[] }> {
    const tar = require("tar") as typeof import("tar");
    const refuse = (entry: string, why: string) =>
        new RestoreError(`${archive}: ${JSON.stringify(entry)}: ${why}; this is not a dump mongo-backup wrote (or it is damaged)`);
    const head = Buffer.alloc(2);
    const fd = openSync(archive, "r");
    try {
        readSync(fd, head, 0, 2, 0);
    } finally {
        closeSync(fd);
    }
    if (head[0] !== 0x1f || head[1] !== 0x8b) throw new RestoreError(`${archive}: not a gzip file; give the .tar.gz that mongo-backup dump wrote`);

    let refused: RestoreError | undefined;
    let top: string | undefined;
    try {
        await tar.x({
            file: archive,
            cwd: tmp,
            strict: true, // a damaged archive is an error, not a warning
            // Every entry is judged before it is written; after one is refused, nothing more is.
            filter: (path, entry) => {
                if (refused) return false;
                const type = "type" in entry ? entry.type : "File";
                const [folder] = segments(path);
                if (folder === undefined && type === "Directory") return false; // "./": the archive's root
                let problem = entryProblem(path, type);
                if (!problem && top !== undefined && folder !== top) problem = `a second database folder (the first is ${JSON.stringify(top)})`;
                if (problem) refused = refuse(path, problem);
                else top ??= folder;
                return !problem;
            },
        });
    } catch (err) {
        if (refused) throw refused;
        // tar's and zlib's words (a bad header, unexpected end of file), without the temporary folder.
        throw new RestoreError(
            `${archive}: not a readable .tar.gz (${(err as Error).message.split(tmp).join("<archive>")}); give the archive that mongo-backup dump wrote`,
        );
    }
    if (refused) throw refused;
    if (top === undefined)
        throw new RestoreError(`${archive}: holds no database folder (<db>/<collection>.bson); give the archive that mongo-backup dump wrote`);

    const { BSON } = require("mongodb") as typeof import("mongodb");
    const dir = join(tmp, top);
    const files = existsSync(dir) ? readdirSync(dir).sort() : [];
    const collections: Collection[] = [];
    for (const file of files.filter((f) => f.endsWith(".bson"))) {
        const name = file.slice(0, -".bson".length);
        const entry = `${top}/${file}`;
        if (name === "" || name.includes("$") || name.startsWith("system.")) throw refuse(entry, "not a collection name (empty, a $, or system.)");
        try {
            bsonDocuments(readFileSync(join(dir, file)));
        } catch (err) {
            throw refuse(entry, (err as Error).message);
        }
        const metadataEntry = `${top}/${name}.metadata.json`;
        if (!files.includes(`${name}.metadata.json`)) throw refuse(metadataEntry, `missing: each .bson has its .metadata.json beside it`);
        let metadata: unknown;
        try {
            metadata = BSON.EJSON.parse(readFileSync(join(dir, `${name}.metadata.json`), "utf8"));
        } catch {
            throw refuse(metadataEntry, "not JSON");
        }
        const parsed = metadataSchema.safeParse(metadata);
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw refuse(metadataEntry, `${issue.path.join(".") || "the file"}: ${issue.message}`);
        }
        collections.push({ name, bson: join(dir, file), metadata: parsed.data });
    }
    return { dir, collections };
}

/** Restores `archive` into `database` at `uri` (which should be a scratch server); the documents per collection. */
export async function restoreDump(archive: string, uri: string, database: string): Promise<Record<string, number>> {
    const { MongoClient } = require("mongodb") as typeof import("mongodb");
    const tmp = mkdtempSync(join(tmpdir(), "restore-"));
    let client: import("mongodb").MongoClient | undefined;
    try {
        const { collections } = await unpackChecked(archive, tmp);
        // Only a whole, checked archive gets a connection.
        client = new MongoClient(uri, { serverSelectionTimeoutMS: 30_000 });
        await client.connect();
        const db = client.db(database);
        const counts: Record<string, number> = {};
        for (const { name, bson, metadata } of collections) {
            const docs = bsonDocuments(readFileSync(bson));
            const collection = db.collection(name);
            if (docs.length) await collection.insertMany(docs, { ordered: true });
            for (const index of (metadata.indexes ?? []).filter((i) => i.name !== "_id_")) {
                await collection.createIndex(index.key as Record<string, 1 | -1>, { name: index.name, unique: index.unique });
            }
            counts[name] = await collection.countDocuments();
        }
        return counts;
    } finally {
        await client?.close().catch(() => undefined);
        rmSync(tmp, { recursive: true, force: true });
    }
}
