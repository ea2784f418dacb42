// npm run migrate -- <plan|up|status|rollback> --database-url <url> --dir <folder> [options]
// The same engine `pulumi up` uses, for app engineers testing migrations locally before staging.
import { parseArgs } from "util";
import type { BackupOptions } from "./backup";
import { EngineOptions, migrate, plan, status } from "./engine";
import { MigrationError } from "./errors";
import { readMigrations } from "./files";

const USAGE = `usage: npm run migrate -- <plan|up|status|rollback> --dir <folder> [--database-url <url>] [options]

  --database-url URL        direct (non-pooled) connection string; default $DATABASE_URL
  --dir DIR                 forward migrations (<14-digit version>_<name>.sql)
  --rollback-dir DIR        rollback scripts (<version>_<name>.rollback.sql); default --dir
  --to VERSION              rollback: undo every version above VERSION ("0" for all)
  --baseline VERSION        adopt an existing database: files up to VERSION count as applied
  --accept-checksum VERSION accept an edited, already-applied file (repeatable)
  --out-of-order            apply new files older than the latest applied one
  --schema NAME             tracking schema (default app_platform)
  --lock-timeout D          PostgreSQL lock_timeout per migration (default 10s)
  --statement-timeout D     PostgreSQL statement_timeout per migration (default 15min)
  --lock-wait SECONDS       wait this long for another run's lock (default 60)
  --backup-dir DIR          pg_dump before changing anything, into DIR/pre-migration/<stack>/
  --backup-s3 BUCKET        ... or into s3://BUCKET/pre-migration/<stack>/ (--backup-region, --backup-endpoint)
  --backup-format F         custom (default) or plain-gz
  --stack NAME              names the backup folder (default local)
  --no-supabase-interop     do not mirror versions in supabase_migrations.schema_migrations`;

class UsageError extends Error {}

function options(argv: string[]) {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            "database-url": { type: "string" },
            dir: { type: "string" },
            "rollback-dir": { type: "string" },
            to: { type: "string" },
            baseline: { type: "string" },
            "accept-checksum": { type: "string", multiple: true },
            "out-of-order": { type: "boolean" },
            schema: { type: "string" },
            "lock-timeout": { type: "string" },
            "statement-timeout": { type: "string" },
            "lock-wait": { type: "string" },
            "backup-dir": { type: "string" },
            "backup-s3": { type: "string" },
            "backup-region": { type: "string" },
            "backup-endpoint": { type: "string" },
            "backup-format": { type: "string" },
            stack: { type: "string" },
            "no-supabase-interop": { type: "boolean" },
            help: { type: "boolean", short: "h" },
        },
    });
    const [command] = positionals;
    if (values.help) throw new UsageError("");
    if (!["plan", "up", "status", "rollback"].includes(command ?? "")) throw new UsageError(`unknown command "${command ?? ""}"`);
    const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
    if (!databaseUrl) throw new UsageError("--database-url (or $DATABASE_URL) is required");
    if (!values.dir) throw new UsageError("--dir is required");
    if (command === "rollback" && !values.to) throw new UsageError("rollback needs --to <version>");
    const format = values["backup-format"] ?? "custom";
    if (format !== "custom" && format !== "plain-gz") throw new UsageError("--backup-format is custom or plain-gz");
    const stack = values.stack ?? "local";
    const backup: BackupOptions | undefined = values["backup-dir"]
        ? { target: { kind: "dir", path: values["backup-dir"] }, stack, format }
        : values["backup-s3"]
          ? { target: { kind: "s3", bucket: values["backup-s3"], region: values["backup-region"], endpoint: values["backup-endpoint"] }, stack, format }
          : undefined;
    const engine: EngineOptions = {
        databaseUrl,
        schema: values.schema,
        lockTimeout: values["lock-timeout"],
        statementTimeout: values["statement-timeout"],
        lockWaitMs: values["lock-wait"] ? Number(values["lock-wait"]) * 1000 : undefined,
        acceptChecksums: values["accept-checksum"],
        outOfOrder: values["out-of-order"],
        baseline: values.baseline,
        rollbackTo: command === "rollback" ? values.to : undefined,
        backup,
        supabaseInterop: !values["no-supabase-interop"],
        log: (line) => console.log(line),
    };
    return { command: command as "plan" | "up" | "status" | "rollback", dir: values.dir, rollbackDir: values["rollback-dir"], engine };
}

async function cli(argv: string[]): Promise<number> {
    const { command, dir, rollbackDir, engine } = options(argv);
    const set = await readMigrations(dir, rollbackDir);
    if (command === "plan") {
        const p = await plan(set, engine);
        console.log(p.pending.length === 0 ? "Nothing to apply." : `${p.pending.length} pending:`);
        for (const f of p.pending) console.log(`  ${f.file}${f.noTransaction ? " (no transaction)" : ""}`);
        return 0;
    }
    if (command === "status") {
        for (const r of await status(set, engine)) {
            console.log(`${r.version}  ${r.state.padEnd(11)}  ${r.name}${r.appliedAt ? `  ${r.appliedAt.toISOString()}` : ""}`);
        }
        return 0;
    }
    const result = await migrate(set, engine);
    if (command === "up") {
        console.log(result.ran.length === 0 ? "Nothing to apply." : `Applied ${result.ran.length} migration(s).`);
    } else {
        console.log(`Rolled back ${result.rolledBack.length} migration(s).`);
    }
    console.log(`Schema version: ${result.latestVersion ?? "none"}`);
    return 0;
}

cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
            console.error(`${err.message ? `${err.message}\n\n` : ""}${USAGE}`);
            process.exit(2);
        }
        console.error(err instanceof MigrationError ? `error: ${err.message}` : err);
        process.exit(1);
    },
);
