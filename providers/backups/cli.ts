// npm run mongo-backup -- <dump|restore-check> ...: the pre-change dump and its restore check by hand.
//   dump --database <db> --dir <folder>          MONGODB_URI from the environment (never a flag: it holds a password)
//   restore-check --archive <file> --database <db> [--expect a,b]
//                                                SCRATCH_URI from the environment: a scratch server, never production
// Everything the command line and the environment say is checked before anything connects.
import { existsSync, statSync } from "fs";
import { dirname, resolve } from "path";
import { CliCommand, isUsageError, parseCommandLine, runCli, UsageError } from "../../shared/cli";
// The dump and restore modules (the MongoDB driver, the S3 client) load once the command line is
// checked: --help and a usage error answer without them.
const dumpModule = (): typeof import("./mongoDump") => require("./mongoDump");
const restoreModule = (): typeof import("./mongoRestore") => require("./mongoRestore");

const USAGE = `usage: npm run mongo-backup -- <dump|restore-check> --database <db> [options]

  dump              dump the database MONGODB_URI names into --dir (a .tar.gz in mongodump's layout)
  restore-check     restore --archive into the scratch server SCRATCH_URI names, and count what arrived
  --database DB     the database to dump, or the scratch database to restore into
  --dir FOLDER      dump: where the archive goes (created if missing)
  --archive FILE    restore-check: the .tar.gz that dump wrote
  --expect A,B      restore-check: collections the archive must hold, e.g. products,sales
  -h, --help        this text
  --version         the program's version

MONGODB_URI and SCRATCH_URI come from the environment, never a flag: they hold a password.
Exit codes: 0 done, 1 the dump, the archive or the restore check failed, 2 bad command line.`;

const COMMANDS = { dump: "MONGODB_URI", "restore-check": "SCRATCH_URI" } as const;
type Command = keyof typeof COMMANDS;

/** A dump or restore that failed on its input or its server: printed alone, exit 1. */
class BackupFailure extends Error {}

/** The connection strings this run read, to scrub from everything it prints. */
const uris: string[] = [];

/** The connection string in `variable`: set, and a MongoDB URI the driver can parse (never printed). */
function connectionString(variable: string, purpose: string): string {
    const uri = process.env[variable] ?? "";
    if (uri.trim() === "") throw new UsageError(`${variable} is not set; set it to ${purpose} (mongodb://… or mongodb+srv://…)`);
    uris.push(uri);
    if (!/^mongodb(\+srv)?:\/\//.test(uri))
        throw new UsageError(`${variable} is not a MongoDB connection string: it must start with mongodb:// or mongodb+srv:// (the value is not shown)`);
    const { MongoClient } = require("mongodb") as typeof import("mongodb");
    try {
        new MongoClient(uri); // parses only: no connection until connect()
    } catch (err) {
        throw new UsageError(`${variable} is not a valid MongoDB connection string: ${(err as Error).message} (the value is not shown)`);
    }
    return uri;
}

function flagPath(flag: string, path: string | undefined, kind: "file" | "folder"): string {
    if (path === undefined || path === "") throw new UsageError(`${flag} is required`);
    if (kind === "file") {
        if (!existsSync(path)) throw new UsageError(`${flag} ${path}: no such file; give the .tar.gz that mongo-backup dump wrote`);
        if (!statSync(path).isFile()) throw new UsageError(`${flag} ${path}: not a file; give the .tar.gz that mongo-backup dump wrote`);
        return path;
    }
    // The folder is created if missing, so its nearest existing ancestor must be a folder.
    let at = resolve(path);
    while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
    if (!statSync(at).isDirectory())
        throw new UsageError(`${flag} ${path}: ${at === resolve(path) ? "is a file" : `${at} is a file`}; give a folder (it is created if missing)`);
    return path;
}

async function main(argv: string[]): Promise<number> {
    const { positionals, values } = parseCommandLine(argv, {
        database: { type: "string" },
        dir: { type: "string" },
        archive: { type: "string" },
        expect: { type: "string" },
    });
    const [command, ...extra] = positionals;
    if (command === undefined) throw new UsageError("missing command: dump or restore-check");
    if (!(command in COMMANDS)) throw new UsageError(`unknown command ${JSON.stringify(command)}; use dump or restore-check`);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])} (options start with --)`);
    const cmd = command as Command;
    for (const flag of cmd === "dump" ? (["archive", "expect"] as const) : (["dir"] as const)) {
        if (values[flag] !== undefined) throw new UsageError(`--${flag} is for ${cmd === "dump" ? "restore-check" : "dump"}; ${cmd} does not take it`);
    }
    if (values.database === undefined) throw new UsageError("--database is required");
    const problem = dumpModule().databaseNameProblem(values.database);
    if (problem) throw new UsageError(`--database ${JSON.stringify(values.database)}: ${problem}`);

    try {
        return await (cmd === "dump" ? dumpTo(values.database, values.dir) : restoreCheck(values.database, values.archive, values.expect));
    } catch (err) {
        // The archive's, the dump's and the driver's errors are the input's or the server's, not bugs.
        const { MongoError } = require("mongodb") as typeof import("mongodb");
        if (!isUsageError(err) && (err instanceof dumpModule().MongoDumpError || err instanceof restoreModule().RestoreError || err instanceof MongoError))
            throw new BackupFailure(`mongo-backup: ${(err as Error).message}`);
        throw err;
    }
}

async function dumpTo(database: string, dirFlag: string | undefined): Promise<number> {
    const dir = flagPath("--dir", dirFlag, "folder");
    const uri = connectionString(COMMANDS.dump, "the database's connection string");
    const result = await dumpModule().dumpMongo({ uri, database, target: { kind: "dir", path: dir }, stack: "manual", label: "manual" });
    console.log(`${result.location} (${result.collections} collections, ${result.documents} documents, ${result.bytes} bytes)`);
    return 0;
}

async function restoreCheck(database: string, archiveFlag: string | undefined, expect: string | undefined): Promise<number> {
    const archive = flagPath("--archive", archiveFlag, "file");
    const uri = connectionString(COMMANDS["restore-check"], "a scratch server's connection string (never production)");
    const { MongoError } = require("mongodb") as typeof import("mongodb");
    const counts = await restoreModule()
        .restoreDump(archive, uri, database)
        .catch((err) => {
            if (!(err instanceof MongoError)) throw err;
            throw new BackupFailure(`mongo-backup: restore check of ${archive} into ${database} at SCRATCH_URI's server failed: ${err.message}`);
        });
    console.log("| collection | documents restored |\n|---|---|");
    for (const [name, n] of Object.entries(counts)) console.log(`| ${name} | ${n} |`);
    const missing = (expect ?? "").split(",").filter((c) => c && !(c in counts));
    if (missing.length)
        throw new BackupFailure(
            `mongo-backup: restore check: ${missing.join(", ")} missing from the dump (--expect ${expect}; ${archive} holds ${Object.keys(counts).join(", ") || "no collections"})`,
        );
    return 0;
}

export const command: CliCommand = {
    main,
    usage: USAGE,
    script: "mongo-backup",
    isUserError: (err) => err instanceof BackupFailure,
    scrub: (text) => uris.reduce((t, uri) => dumpModule().redact(t, uri), text),
};
runCli(command, module);
