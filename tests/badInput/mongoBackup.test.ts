// Bad input to `npm run mongo-backup`: every case exits non-zero with a message that names the flag,
// the environment variable or the archive's entry, prints no stack trace and no password, and
// changes nothing: each run gets its own TMPDIR, which must be empty again afterwards (no
// restore-* or pre-change-* folder left), and nothing appears beside it (a climbing entry).
// Nothing here needs a MongoDB server: input is refused before anything connects, and the two
// server cases point at a closed port.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { gzipSync } from "zlib";
import { BSON } from "mongodb";
import { Header } from "tar";
import { command } from "../../providers/backups/cli";
import { assertRefused, pool, Run, runInProcess, runTool } from "./harness";

const CANARY = "Canary-Mongo-Pw-7";
/** A server nobody listens on: a connection attempt fails, so a case that got there says so. */
const CLOSED = `mongodb://app:${CANARY}@127.0.0.1:9/admin`;

type EntryType = "File" | "Directory" | "SymbolicLink" | "Link" | "FIFO";
interface Entry {
    path: string;
    type?: EntryType;
    body?: Buffer | string;
    linkpath?: string;
}

/** A .tar.gz with exactly these entries, headers written with tar's own Header (no path clean-up). */
function tarball(entries: Entry[]): Buffer {
    const blocks: Buffer[] = [];
    for (const e of entries) {
        const type = e.type ?? "File";
        const body = type === "File" ? Buffer.from(e.body ?? "") : Buffer.alloc(0);
        const block = Buffer.alloc(512);
        new Header({
            path: e.path,
            type,
            size: body.length,
            mode: type === "Directory" ? 0o755 : 0o644,
            linkpath: e.linkpath,
            mtime: new Date(0),
            uid: 0,
            gid: 0,
        }).encode(block, 0);
        blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
    blocks.push(Buffer.alloc(1024));
    return gzipSync(Buffer.concat(blocks));
}

const bson = (...docs: object[]) => Buffer.concat(docs.map((d) => BSON.serialize(d)));
const PRODUCTS = bson({ _id: 1, name: "tea" }, { _id: 2, name: "rice" });
const METADATA = JSON.stringify({ indexes: [{ v: 2, key: { _id: 1 }, name: "_id_" }], collectionName: "products" });
/** A dump as mongoDump.ts writes it, with `extra` entries added (or replacing by path). */
function dump(...extra: Entry[]): Buffer {
    const base: Entry[] = [
        { path: "shop/", type: "Directory" },
        { path: "shop/products.bson", body: PRODUCTS },
        { path: "shop/products.metadata.json", body: METADATA },
    ];
    const paths = new Set(extra.map((e) => e.path));
    return tarball([...base.filter((e) => !paths.has(e.path)), ...extra]);
}
const lengthPrefixed = (n: number, rest = Buffer.alloc(8)) => Buffer.concat([Buffer.from(new Int32Array([n]).buffer), rest]);

/** A case's folder: `tmp` is its TMPDIR, `file` a plain file, `archive` the case's archive (if any). */
interface Paths {
    dir: string;
    tmp: string;
    file: string;
    archive: string;
}

interface Case {
    name: string;
    args: (p: Paths) => string[];
    env?: NodeJS.ProcessEnv;
    /** The archive's bytes, written to `archive` (given the case's folder, for absolute paths). */
    archive?: (dir: string) => Buffer | string;
    code: 1 | 2;
    names: RegExp;
    /** Runs as a child process (the others run in-process: runInProcess): it waits 30 s on a server that is down. */
    child?: true;
}

const restore =
    (...extra: string[]) =>
    (p: Paths) => ["restore-check", "--archive", p.archive, "--database", "scratch", ...extra];
const SCRATCH = { SCRATCH_URI: CLOSED };
const refusedEntry = (entry: string, why: string) =>
    new RegExp(`^mongo-backup: .*archive\\.tar\\.gz: ${JSON.stringify(entry).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ${why}`);

const CASES: Case[] = [
    // --- the command line and the environment (exit 2, before anything connects) ---
    { name: "no command", args: () => ["--database", "shop"], code: 2, names: /^error: missing command: dump or restore-check\nusage: npm run mongo-backup/ },
    { name: "an unknown command", args: () => ["restore", "--database", "shop"], code: 2, names: /unknown command "restore"; use dump or restore-check/ },
    {
        name: "a misspelt flag (Node's raw parse error before)",
        args: () => ["dump", "--databse", "shop"],
        code: 2,
        names: /^error: unknown option --databse; did you mean --database\?\nusage: /,
    },
    {
        name: "--database without its value (Node's raw text before)",
        args: () => ["dump", "--database"],
        code: 2,
        names: /^error: --database needs a value, e.g\. --database <value>\n/,
    },
    { name: "a value for --help", args: () => ["--help=yes"], code: 2, names: /^error: --help takes no value/ },
    {
        name: "a stray argument",
        args: (p) => ["dump", "now", "--database", "shop", "--dir", p.dir],
        code: 2,
        names: /unexpected argument "now" \(options start with --\)/,
    },
    { name: "no --database", args: (p) => ["dump", "--dir", p.dir], code: 2, names: /--database is required/ },
    {
        name: "--database with a slash (a folder name in the dump before)",
        args: (p) => ["dump", "--database", "../shop", "--dir", p.dir],
        env: { MONGODB_URI: CLOSED },
        code: 2,
        names: /--database "\.\.\/shop": holds "\."; a MongoDB database name has none of/,
    },
    { name: "--database with a dot", args: (p) => ["dump", "--database", "shop.prod", "--dir", p.dir], code: 2, names: /--database "shop\.prod": holds "\."/ },
    {
        name: "--database with a $",
        args: (p) => restore()(p).map((a) => (a === "scratch" ? "scr$tch" : a)),
        archive: () => dump(),
        code: 2,
        names: /--database "scr\$tch": holds "\$"/,
    },
    { name: "--database empty", args: (p) => ["dump", "--database=", "--dir", p.dir], code: 2, names: /--database "": is empty/ },
    {
        name: "--database of 64 bytes",
        args: (p) => ["dump", "--database", "d".repeat(64), "--dir", p.dir],
        code: 2,
        names: /--database "d{64}": is 64 bytes; a MongoDB database name is under 64/,
    },
    {
        name: "--dir that is a file",
        args: (p) => ["dump", "--database", "shop", "--dir", p.file],
        env: { MONGODB_URI: CLOSED },
        code: 2,
        names: /--dir .*a-file: is a file; give a folder \(it is created if missing\)/,
    },
    {
        name: "--dir below a file",
        args: (p) => ["dump", "--database", "shop", "--dir", join(p.file, "dumps")],
        env: { MONGODB_URI: CLOSED },
        code: 2,
        names: /--dir .*a-file\/dumps: .*a-file is a file; give a folder/,
    },
    {
        name: "--dir with restore-check",
        args: (p) => [...restore()(p), "--dir", p.dir],
        archive: () => dump(),
        env: SCRATCH,
        code: 2,
        names: /--dir is for dump; restore-check does not take it/,
    },
    {
        name: "--archive with dump",
        args: (p) => ["dump", "--database", "shop", "--dir", p.dir, "--archive", p.file],
        code: 2,
        names: /--archive is for restore-check; dump does not take it/,
    },
    {
        name: "MONGODB_URI not set",
        args: (p) => ["dump", "--database", "shop", "--dir", p.dir],
        env: { MONGODB_URI: "" },
        code: 2,
        names: /MONGODB_URI is not set; set it to the database's connection string \(mongodb:\/\/… or mongodb\+srv:\/\/…\)/,
    },
    {
        name: "MONGODB_URI a PostgreSQL URL with a password",
        args: (p) => ["dump", "--database", "shop", "--dir", p.dir],
        env: { MONGODB_URI: `postgresql://app:${CANARY}@db.example.com:5432/shop` },
        code: 2,
        names: /MONGODB_URI is not a MongoDB connection string: it must start with mongodb:\/\/ or mongodb\+srv:\/\/ \(the value is not shown\)/,
    },
    {
        name: "MONGODB_URI with a bad port and a password",
        args: (p) => ["dump", "--database", "shop", "--dir", p.dir],
        env: { MONGODB_URI: `mongodb://app:${CANARY}@db.example.com:port/shop` },
        code: 2,
        names: /MONGODB_URI is not a valid MongoDB connection string: .* \(the value is not shown\)/,
    },
    {
        name: "SCRATCH_URI not set",
        args: restore(),
        archive: () => dump(),
        env: { SCRATCH_URI: "" },
        code: 2,
        names: /SCRATCH_URI is not set; set it to a scratch server's connection string \(never production\)/,
    },
    {
        name: "SCRATCH_URI with an unescaped @ in the password",
        args: restore(),
        archive: () => dump(),
        env: { SCRATCH_URI: `mongodb://app:${CANARY}@x@127.0.0.1/shop` },
        code: 2,
        names: /SCRATCH_URI is not a valid MongoDB connection string: .*\(the value is not shown\)/,
    },
    {
        name: "SCRATCH_URI a mongodb+srv URI with a port",
        args: restore(),
        archive: () => dump(),
        env: { SCRATCH_URI: `mongodb+srv://app:${CANARY}@cluster0.example.net:27017/` },
        code: 2,
        names: /SCRATCH_URI is not a valid MongoDB connection string: mongodb\+srv URI cannot have port number/,
    },
    {
        name: "--archive that does not exist",
        args: (p) => ["restore-check", "--archive", join(p.dir, "nope.tar.gz"), "--database", "scratch"],
        env: SCRATCH,
        code: 2,
        names: /--archive .*nope\.tar\.gz: no such file; give the \.tar\.gz that mongo-backup dump wrote/,
    },
    {
        name: "--archive that is a folder",
        args: (p) => ["restore-check", "--archive", p.dir, "--database", "scratch"],
        env: SCRATCH,
        code: 2,
        names: /--archive .*: not a file; give the \.tar\.gz/,
    },

    // --- the archive (exit 1, the archive and the entry named, refused before connecting) ---
    {
        name: "an archive that is not gzip",
        args: restore(),
        archive: () => "shop/products.bson\n",
        env: SCRATCH,
        code: 1,
        names: /^mongo-backup: .*archive\.tar\.gz: not a gzip file; give the \.tar\.gz that mongo-backup dump wrote/,
    },
    {
        name: "an uncompressed tar",
        args: restore(),
        archive: () => require("zlib").gunzipSync(dump()),
        env: SCRATCH,
        code: 1,
        names: /archive\.tar\.gz: not a gzip file/,
    },
    {
        name: "gzip of something that is not tar",
        args: restore(),
        archive: () => gzipSync(Buffer.from("x".repeat(2000))),
        env: SCRATCH,
        code: 1,
        names: /archive\.tar\.gz: not a readable \.tar\.gz \(.+\); give the archive/,
    },
    {
        name: "a truncated archive",
        args: restore(),
        archive: () => dump().subarray(0, 60),
        env: SCRATCH,
        code: 1,
        names: /archive\.tar\.gz: not a readable \.tar\.gz \(.*(unexpected end|TAR_BAD_ARCHIVE|truncated).*\)/i,
    },
    {
        name: "an archive with no database folder",
        args: restore(),
        archive: () => tarball([{ path: "./", type: "Directory" }]),
        env: SCRATCH,
        code: 1,
        names: /archive\.tar\.gz: holds no database folder/,
    },
    {
        name: "an entry that climbs out (../../evil)",
        args: restore(),
        archive: () => dump({ path: "../../evil", body: "pwned" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("../../evil", "a path that climbs out of the archive \\(\\.\\.\\)"),
    },
    {
        name: "an entry that climbs out from inside the folder",
        args: restore(),
        archive: () => dump({ path: "shop/../../evil.bson", body: PRODUCTS }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/../../evil.bson", "a path that climbs out"),
    },
    {
        name: "an absolute path",
        args: restore(),
        archive: (dir) => dump({ path: join(dir, "abs-evil"), body: "pwned" }),
        env: SCRATCH,
        code: 1,
        names: /archive\.tar\.gz: ".*abs-evil": an absolute path/,
    },
    {
        name: "a symbolic link",
        args: restore(),
        archive: () => dump({ path: "shop/products.bson", type: "SymbolicLink", linkpath: "/etc/passwd" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.bson", "a symbolic link"),
    },
    {
        name: "a hard link",
        args: restore(),
        archive: () => dump({ path: "shop/orders.bson", type: "Link", linkpath: "shop/products.bson" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/orders.bson", "a hard link"),
    },
    {
        name: "a FIFO entry",
        args: restore(),
        archive: () => dump({ path: "shop/orders.bson", type: "FIFO" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/orders.bson", "a FIFO entry"),
    },
    {
        name: "a file instead of the database folder (ENOTDIR crash before)",
        args: restore(),
        archive: () => tarball([{ path: "shop", body: PRODUCTS }]),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop", "a file where the database folder belongs"),
    },
    {
        name: "a second database folder",
        args: restore(),
        archive: () => dump({ path: "other/", type: "Directory" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("other/", 'a second database folder \\(the first is "shop"\\)'),
    },
    {
        name: "an entry nested deeper",
        args: restore(),
        archive: () => dump({ path: "shop/x/y.bson", body: PRODUCTS }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/x/y.bson", "nested deeper than <db>/<collection>\\.bson"),
    },
    {
        name: "a .bson that is text",
        args: restore(),
        archive: () => dump({ path: "shop/products.bson", body: "this is not BSON at all\n" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.bson", "not BSON, or truncated: the document at byte 0 has length"),
    },
    {
        name: "a truncated .bson",
        args: restore(),
        archive: () => dump({ path: "shop/products.bson", body: PRODUCTS.subarray(0, PRODUCTS.length - 7) }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.bson", "not BSON, or truncated: the document at byte \\d+ has length \\d+, \\d+ bytes remain"),
    },
    {
        name: "a .bson length of 0 (looped forever before)",
        args: restore(),
        archive: () => dump({ path: "shop/products.bson", body: lengthPrefixed(0) }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.bson", "not BSON, or truncated: the document at byte 0 has length 0"),
    },
    {
        name: "a negative .bson length (read backwards before)",
        args: restore(),
        archive: () => dump({ path: "shop/products.bson", body: Buffer.concat([PRODUCTS, lengthPrefixed(-12)]) }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.bson", `not BSON, or truncated: the document at byte ${PRODUCTS.length} has length -12`),
    },
    {
        name: "a .bson whose lengths fit but whose content is not BSON",
        args: restore(),
        archive: () => dump({ path: "shop/products.bson", body: lengthPrefixed(12, Buffer.from([0x7f, 0x61, 0, 1, 2, 3, 4, 0])) }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.bson", ".+"),
    },
    {
        name: "metadata.json missing",
        args: restore(),
        archive: () =>
            tarball([
                { path: "shop/", type: "Directory" },
                { path: "shop/products.bson", body: PRODUCTS },
            ]),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.metadata.json", "missing: each \\.bson has its \\.metadata\\.json beside it"),
    },
    {
        name: "metadata.json not JSON",
        args: restore(),
        archive: () => dump({ path: "shop/products.metadata.json", body: "{indexes: [" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.metadata.json", "not JSON"),
    },
    {
        name: "metadata.json with indexes that are not a list",
        args: restore(),
        archive: () => dump({ path: "shop/products.metadata.json", body: '{"indexes": "_id_"}' }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/products.metadata.json", "indexes: "),
    },
    {
        name: "a collection name with a $",
        args: restore(),
        archive: () => dump({ path: "shop/a$b.bson", body: PRODUCTS }, { path: "shop/a$b.metadata.json", body: METADATA }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/a$b.bson", "not a collection name"),
    },
    {
        name: "a file that is not a collection's",
        args: restore(),
        archive: () => dump({ path: "shop/run.sh", body: "#!/bin/sh\n" }),
        env: SCRATCH,
        code: 1,
        names: refusedEntry("shop/run.sh", "not a collection's \\.bson or \\.metadata\\.json"),
    },

    // --- a server that does not answer (exit 1, the password scrubbed) ---
    {
        name: "a sound archive, the scratch server down",
        args: restore("--expect", "products"),
        archive: () => dump(),
        env: SCRATCH,
        code: 1,
        names: /^mongo-backup: restore check of .*archive\.tar\.gz into scratch at SCRATCH_URI's server failed: .*(ECONNREFUSED|Server selection timed out)/,
        child: true,
    },
    {
        name: "a dump, the server down",
        args: (p) => ["dump", "--database", "shop", "--dir", join(p.dir, "out")],
        env: { MONGODB_URI: CLOSED },
        code: 1,
        names: /^mongo-backup: pre-change dump of shop failed, so nothing was changed: .*(ECONNREFUSED|Server selection timed out)/,
        child: true,
    },
];

/** Every path under `dir`, relative, sorted: what a run may not change (ts-node's compile cache aside). */
function tree(dir: string, prefix = ""): string[] {
    return readdirSync(dir)
        .sort()
        .filter((name) => !name.startsWith("v8-compile-cache"))
        .flatMap((name) => {
            const path = join(dir, name);
            return statSync(path).isDirectory() ? [`${prefix}${name}/`, ...tree(path, `${prefix}${name}/`)] : [`${prefix}${name}`];
        });
}

describe("bad input: npm run mongo-backup", function () {
    this.timeout(600_000);
    const runs = new Map<string, { run: Run; before: string[]; after: string[] }>();

    before(async () => {
        runs.clear();
        // Every case's folder first: a run in-process sets TMPDIR for the whole process while it runs.
        const prepared = CASES.map((c) => {
            const dir = mkdtempSync(join(tmpdir(), "bad-mongo-"));
            const paths: Paths = { dir, tmp: join(dir, "tmp"), file: join(dir, "a-file"), archive: join(dir, "archive.tar.gz") };
            mkdirSync(paths.tmp);
            writeFileSync(paths.file, "not a folder\n");
            if (c.archive) writeFileSync(paths.archive, c.archive(dir));
            return { c, paths, before: tree(dir) };
        });
        await pool(
            prepared.map(({ c, paths, before }) => async () => {
                const env = { MONGODB_URI: "", SCRATCH_URI: "", TMPDIR: paths.tmp, ...c.env };
                const run = await (c.child ? runTool("providers/backups/cli.ts", c.args(paths), env) : runInProcess(command, c.args(paths), env));
                runs.set(c.name, { run, before, after: tree(paths.dir) });
            }),
        );
    });

    for (const c of CASES) {
        it(c.name, () => {
            const { run, before, after } = runs.get(c.name)!;
            assertRefused(run, { code: c.code, names: c.names, canaries: [CANARY] });
            // Its TMPDIR empty again (the restore-*/pre-change-* folder removed), nothing written beside it.
            assert.deepStrictEqual(after, before, "the run changed its folder");
        });
    }

    it("--help and -h print the usage and exit 0", async () => {
        for (const flag of ["--help", "-h"]) {
            const run = await runTool("providers/backups/cli.ts", [flag]);
            assert.strictEqual(run.code, 0, run.stderr);
            assert.match(
                run.stdout,
                /^usage: npm run mongo-backup -- <dump\|restore-check> --database <db> \[options\]\n[^]*--archive FILE[^]*MONGODB_URI and SCRATCH_URI come from the environment/,
            );
        }
    });

    it("the archives the cases are built from are read as intended (the sound one by tar itself)", () => {
        const dir = mkdtempSync(join(tmpdir(), "bad-mongo-sound-"));
        writeFileSync(join(dir, "a.tar.gz"), dump());
        assert.deepStrictEqual(
            execFileSync("tar", ["-tzf", join(dir, "a.tar.gz")], { encoding: "utf8" })
                .split("\n")
                .filter(Boolean),
            ["shop/", "shop/products.bson", "shop/products.metadata.json"],
        );
    });
});
