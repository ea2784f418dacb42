// The pre-change dump of a MongoDB database (seed 004: "mongodump before production changes"),
// with the official driver: each collection's documents as raw BSON in mongodump's directory layout
// (<db>/<collection>.bson and .metadata.json with its indexes), packed as a .tar.gz that
// `mongorestore --dir` restores once unpacked. Stored only once complete, like the PostgreSQL
// pre-migration backup; any failure throws, so what waits on the dump changes nothing.
import { once } from "events";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { BackupTarget, store } from "../migrations/backup";

export interface MongoDumpOptions {
    uri: string;
    database: string;
    target: BackupTarget;
    /** Dumps land under `pre-migration/<stack>/`, with the PostgreSQL ones (one retention rule). */
    stack: string;
    /** What the dump precedes (a deploy token), in its name. */
    label: string;
    /** Bounds the wait for an unreachable cluster. */
    timeoutMs?: number;
}

export interface MongoDumpResult {
    location: string;
    bytes: number;
    collections: number;
    documents: number;
}

export class MongoDumpError extends Error {
    constructor(message: string) {
        super(message);
        this.message = message; // kept when Pulumi serializes this class for a dynamic provider
        this.name = "MongoDumpError";
        this.stack = "";
    }
}

export function mongoDumpKey(stack: string, label: string, now: Date): string {
    const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    return `pre-migration/${stack}/${stamp}_${label.replace(/[^A-Za-z0-9]/g, "").slice(0, 12)}.mongodump.tar.gz`;
}

/**
 * A driver message without the credentials of any connection string in it. The password is found
 * in `uri` even when the URI is malformed (an unescaped @, a bad port), raw and decoded.
 */
export function redact(message: string, uri: string): string {
    const userinfo = /^mongodb(?:\+srv)?:\/\/(.*)@/s.exec(uri)?.[1] ?? "";
    const password = userinfo.includes(":") ? userinfo.slice(userinfo.indexOf(":") + 1) : "";
    const decoded = (() => {
        try {
            return decodeURIComponent(password);
        } catch {
            return password;
        }
    })();
    let clean = message.replace(/(mongodb(\+srv)?:\/\/)[^@/\s]*@/g, "$1[credentials]@");
    for (const secret of [userinfo, password, decoded]) if (secret) clean = clean.split(secret).join("[secret]");
    return clean;
}

/** What is wrong with a MongoDB database name (MongoDB's rules), or undefined when it is fine. */
export function databaseNameProblem(name: string): string | undefined {
    if (name === "") return "is empty";
    const bad = /[/\\. "$*<>:|?\0]/.exec(name)?.[0];
    if (bad !== undefined) return `holds ${JSON.stringify(bad)}; a MongoDB database name has none of / \\ . " $ * < > : | ? or spaces`;
    if (Buffer.byteLength(name) >= 64) return `is ${Buffer.byteLength(name)} bytes; a MongoDB database name is under 64`;
    return undefined;
}

async function writeCollection(dir: string, db: import("mongodb").Db, name: string): Promise<number> {
    const out = createWriteStream(join(dir, `${name}.bson`));
    let documents = 0;
    // raw: the server's own BSON bytes, concatenated, is mongodump's .bson format.
    for await (const doc of db.collection(name).find({}, { raw: true, batchSize: 1000 })) {
        if (!out.write(doc as unknown as Buffer)) await once(out, "drain");
        documents++;
    }
    out.end();
    await once(out, "close");
    return documents;
}

export async function dumpMongo(opts: MongoDumpOptions, now = new Date()): Promise<MongoDumpResult> {
    // Packages load at run time: a serialized dynamic provider requires them instead of capturing them.
    const { BSON, MongoClient } = require("mongodb") as typeof import("mongodb");
    const tar = require("tar") as typeof import("tar");
    // The name becomes a folder below: a checked name cannot climb out of it.
    const problem = databaseNameProblem(opts.database);
    if (problem) throw new MongoDumpError(`pre-change dump of ${JSON.stringify(opts.database)} refused, so nothing was changed: the database name ${problem}`);
    const tmp = mkdtempSync(join(tmpdir(), "pre-change-"));
    const timeout = opts.timeoutMs ?? 30_000;
    const client = new MongoClient(opts.uri, { serverSelectionTimeoutMS: timeout, connectTimeoutMS: timeout, appName: "app-platform pre-change dump" });
    try {
        await client.connect();
        const db = client.db(opts.database);
        const dir = join(tmp, opts.database);
        mkdirSync(dir);
        const collections = (await db.listCollections({}, { nameOnly: false }).toArray()).filter((c) => c.type !== "view" && !c.name.startsWith("system."));
        let documents = 0;
        for (const c of collections) {
            documents += await writeCollection(dir, db, c.name);
            const indexes = await db.collection(c.name).listIndexes().toArray();
            const metadata = {
                indexes,
                uuid: (c.info as { uuid?: { toHexString(): string } })?.uuid?.toHexString() ?? "",
                collectionName: c.name,
                type: "collection",
                options: c.options ?? {},
            };
            writeFileSync(join(dir, `${c.name}.metadata.json`), BSON.EJSON.stringify(metadata, { relaxed: false }));
        }
        const file = join(tmp, "dump.tar.gz");
        await tar.c({ gzip: true, file, cwd: tmp, portable: true }, [opts.database]);
        const location = await store(file, opts.target, mongoDumpKey(opts.stack, opts.label, now));
        return { location, bytes: statSync(file).size, collections: collections.length, documents };
    } catch (err) {
        throw new MongoDumpError(`pre-change dump of ${opts.database} failed, so nothing was changed: ${redact((err as Error).message, opts.uri)}`);
    } finally {
        await client.close().catch(() => undefined);
        rmSync(tmp, { recursive: true, force: true });
    }
}
