// npm run mongo-backup -- <dump|restore-check> ...: the pre-change dump and its restore check by hand.
//   dump --database <db> --dir <folder>          MONGODB_URI from the environment (never a flag: it holds a password)
//   restore-check --archive <file> --database <db> [--expect a,b]
//                                                SCRATCH_URI from the environment: a scratch server, never production
import { parseArgs } from "util";
import { dumpMongo } from "./mongoDump";
import { restoreDump } from "./mongoRestore";

const USAGE = "usage: npm run mongo-backup -- dump --database <db> --dir <folder>\n       npm run mongo-backup -- restore-check --archive <file> --database <db> [--expect products,sales]";

function fail(message: string): never {
    console.error(`mongo-backup: ${message}`);
    process.exit(2);
}

async function main(): Promise<void> {
    const { positionals, values } = (() => {
        try {
            return parseArgs({ allowPositionals: true, options: { database: { type: "string" }, dir: { type: "string" }, archive: { type: "string" }, expect: { type: "string" } } });
        } catch (err) {
            return fail(`${(err as Error).message}\n${USAGE}`);
        }
    })();
    const [command] = positionals;
    if (!values.database) fail(`--database is required\n${USAGE}`);
    if (command === "dump") {
        const uri = process.env.MONGODB_URI || fail("set MONGODB_URI to the database's connection string");
        if (!values.dir) fail(`--dir is required\n${USAGE}`);
        const result = await dumpMongo({ uri, database: values.database, target: { kind: "dir", path: values.dir }, stack: "manual", label: "manual" });
        console.log(`${result.location} (${result.collections} collections, ${result.documents} documents, ${result.bytes} bytes)`);
        return;
    }
    if (command === "restore-check") {
        const uri = process.env.SCRATCH_URI || fail("set SCRATCH_URI to a scratch server (never production)");
        if (!values.archive) fail(`--archive is required\n${USAGE}`);
        const counts = await restoreDump(values.archive, uri, values.database);
        console.log("| collection | documents restored |\n|---|---|");
        for (const [name, n] of Object.entries(counts)) console.log(`| ${name} | ${n} |`);
        const missing = (values.expect ?? "").split(",").filter((c) => c && !(c in counts));
        if (missing.length) fail(`restore check: ${missing.join(", ")} missing from the dump`);
        return;
    }
    fail(USAGE);
}

main().catch((err) => fail((err as Error).message));
