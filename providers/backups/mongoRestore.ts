// The restore check of a pre-change dump (mongoDump.ts's .tar.gz): unpack it, load each collection's
// documents and indexes into a scratch database, and count what arrived. The same archive restores
// with `mongorestore --dir <folder>/<db>` once unpacked; this needs only Node and the driver.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** The documents of a mongodump .bson file: BSON documents back to back, each led by its int32 length. */
export function bsonDocuments(bytes: Buffer): Record<string, unknown>[] {
    const { BSON } = require("mongodb") as typeof import("mongodb");
    const docs = [];
    for (let at = 0; at < bytes.length; at += bytes.readInt32LE(at)) docs.push(BSON.deserialize(bytes.subarray(at, at + bytes.readInt32LE(at))));
    return docs;
}

/** Restores `archive` into `database` at `uri` (which should be a scratch server); the documents per collection. */
export async function restoreDump(archive: string, uri: string, database: string): Promise<Record<string, number>> {
    const { BSON, MongoClient } = require("mongodb") as typeof import("mongodb");
    const tar = require("tar") as typeof import("tar");
    const tmp = mkdtempSync(join(tmpdir(), "restore-"));
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 30_000 });
    try {
        await tar.x({ file: archive, cwd: tmp });
        const [source] = readdirSync(tmp);
        if (!source) throw new Error(`${archive} holds no database folder`);
        await client.connect();
        const db = client.db(database);
        const counts: Record<string, number> = {};
        for (const file of readdirSync(join(tmp, source)).filter((f) => f.endsWith(".bson")).sort()) {
            const name = file.slice(0, -".bson".length);
            const docs = bsonDocuments(readFileSync(join(tmp, source, file)));
            const collection = db.collection(name);
            if (docs.length) await collection.insertMany(docs, { ordered: true });
            const metadata = BSON.EJSON.parse(readFileSync(join(tmp, source, `${name}.metadata.json`), "utf8")) as { indexes?: { key: Record<string, 1 | -1>; name: string; unique?: boolean }[] };
            for (const index of (metadata.indexes ?? []).filter((i) => i.name !== "_id_")) {
                await collection.createIndex(index.key, { name: index.name, unique: index.unique });
            }
            counts[name] = await collection.countDocuments();
        }
        return counts;
    } finally {
        await client.close().catch(() => undefined);
        rmSync(tmp, { recursive: true, force: true });
    }
}
