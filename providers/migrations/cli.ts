// npm run migrate -- <plan|up|status|rollback> --dir <folder> [options]
// The same engine `pulumi up` uses, for app engineers testing migrations locally before staging.
import { readFileSync, statSync } from "fs";
import { checkStackName, CliCommand, parseCommandLine, runCli, UsageError } from "../../shared/cli";
import type { BackupOptions } from "./backup";
import { scrub } from "./connection";
import type { EngineOptions } from "./engine";
import { isMigrationError } from "./errors";
import { MigrationSettings, migrationSettings } from "./settings";

const USAGE = `usage: npm run migrate -- <plan|up|status|rollback> --dir <folder> [options]

The connection string (direct, not pooled) comes from $DATABASE_URL, or a file:
  --database-url-file FILE  read it from FILE (e.g. a secrets mount)
  --database-url URL        on the command line (visible to other users in ps: avoid)

  --dir DIR                 forward migrations (<14-digit version>_<name>.sql)
  --rollback-dir DIR        rollback scripts (<version>_<name>.rollback.sql); default --dir
  --to VERSION              rollback: undo every applied version above VERSION ("0" for all)
  --baseline VERSION        up: adopt an existing database; files up to VERSION count as applied
                            (refused when the database lacks the tables they create)
  --accept-checksum VERSION accept an edited, already-applied file (repeatable)
  --out-of-order            apply new files older than the latest applied one
  --schema NAME             tracking schema (default app_platform)
  --lock-timeout D          PostgreSQL lock_timeout per migration (default 10s)
  --statement-timeout D     PostgreSQL statement_timeout per migration (default 15min)
  --lock-wait SECONDS       wait this long for another run's lock (default 60, at most 3600)
  --backup-dir DIR          pg_dump before changing anything, into DIR/pre-migration/<stack>/
  --backup-s3 BUCKET        ... or into s3://BUCKET/pre-migration/<stack>/ (--backup-region, --backup-endpoint)
  --backup-format F         custom (default) or plain-gz
  --stack NAME              names the backup folder (default local)
  --no-supabase-interop     do not mirror versions in supabase_migrations.schema_migrations
  -h, --help                this text
  --version                 the program's version

Exit codes: 0 done, 1 refused or failed (nothing half-applied), 2 bad command line.`;

const COMMANDS = ["plan", "up", "status", "rollback"] as const;
type Command = (typeof COMMANDS)[number];

/** The flag behind each engine setting, so a schema issue names what the user typed. */
const FLAG_OF: Record<keyof MigrationSettings, string> = {
    schema: "--schema",
    lockTimeout: "--lock-timeout",
    statementTimeout: "--statement-timeout",
    lockWaitSeconds: "--lock-wait",
    backupFormat: "--backup-format",
    supabaseInterop: "--no-supabase-interop",
    acceptChecksums: "--accept-checksum",
    outOfOrder: "--out-of-order",
    baseline: "--baseline",
    rollbackTo: "--to",
};

function parse(argv: string[]) {
    const { values, positionals } = parseCommandLine(argv, {
        "database-url": { type: "string" },
        "database-url-file": { type: "string" },
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
    });
    return { values, positionals };
}

type Values = ReturnType<typeof parse>["values"];

/** The engine settings from the flags, through the schema the stack config uses. */
function settings(values: Values, command: Command): MigrationSettings {
    const lockWait = values["lock-wait"];
    const result = migrationSettings.safeParse({
        schema: values.schema,
        lockTimeout: values["lock-timeout"],
        statementTimeout: values["statement-timeout"],
        // A number only when it is all digits: "abc", "1.5" or "" reach the schema as text and are refused.
        lockWaitSeconds: lockWait !== undefined && /^\d+$/.test(lockWait) ? Number(lockWait) : lockWait,
        backupFormat: values["backup-format"],
        supabaseInterop: values["no-supabase-interop"] ? false : undefined,
        acceptChecksums: values["accept-checksum"],
        outOfOrder: values["out-of-order"],
        baseline: values.baseline,
        rollbackTo: command === "rollback" ? values.to : undefined,
    });
    if (!result.success) {
        const lines = result.error.issues.map((i) => {
            const [key, index] = i.path as [keyof MigrationSettings, number?];
            const given = index !== undefined ? (values["accept-checksum"] ?? [])[index] : (values as Record<string, unknown>)[FLAG_OF[key].slice(2)];
            return `${FLAG_OF[key]}${given !== undefined && typeof given === "string" ? ` ${JSON.stringify(given)}` : ""}: expected ${i.message.replace(/^Invalid input: expected /, "")}`;
        });
        throw new UsageError(lines.join("\n"));
    }
    return result.data;
}

function folder(flag: string, path: string | undefined): string | undefined {
    if (path === undefined) return undefined;
    let isDir = false;
    try {
        isDir = statSync(path).isDirectory();
    } catch (err) {
        throw new UsageError(`${flag} ${path}: no such folder (${(err as NodeJS.ErrnoException).code})`);
    }
    if (!isDir) throw new UsageError(`${flag} ${path}: is a file; give the folder that holds the migrations`);
    return path;
}

/** The connection string as far as it is known (the command line's, then the one read), to scrub from every message. */
let knownUrl: string | undefined;

function databaseUrl(values: Values): { url: string; warning?: string } {
    if (values["database-url"] !== undefined && values["database-url-file"] !== undefined) {
        throw new UsageError("give --database-url or --database-url-file, not both");
    }
    if (values["database-url-file"] !== undefined) {
        const file = values["database-url-file"];
        let text: string;
        try {
            text = readFileSync(file, "utf8");
        } catch (err) {
            throw new UsageError(`--database-url-file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code})`);
        }
        const url = (knownUrl = text.trim());
        if (!url) throw new UsageError(`--database-url-file ${file}: is empty; write the connection string into it`);
        return { url };
    }
    if (values["database-url"] !== undefined) {
        knownUrl = values["database-url"];
        return {
            url: values["database-url"],
            warning: "warning: --database-url shows the password to every user of this machine (ps); prefer $DATABASE_URL or --database-url-file",
        };
    }
    const url = (knownUrl = process.env.DATABASE_URL);
    if (!url) throw new UsageError("no connection string: set $DATABASE_URL (or pass --database-url-file FILE)");
    return { url };
}

function options(argv: string[]): { command: Command; dir: string; rollbackDir?: string; engine: EngineOptions; warning?: string } {
    const { values, positionals } = parse(argv);
    const [command, ...extra] = positionals;
    if (!command) throw new UsageError("missing command: plan, up, status or rollback");
    if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}"; use plan, up, status or rollback`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (options start with --)`);
    const cmd = command as Command;
    if (cmd === "rollback" && values.to === undefined) throw new UsageError("rollback needs --to <version> (the version to keep, or 0 for all)");
    if (cmd !== "rollback" && values.to !== undefined) throw new UsageError(`--to is for rollback; ${cmd} does not take it`);
    if (cmd !== "up" && cmd !== "plan" && values.baseline !== undefined)
        throw new UsageError(`--baseline is for up (and plan, to preview it); ${cmd} does not take it`);
    if (values["backup-dir"] !== undefined && values["backup-s3"] !== undefined) throw new UsageError("give --backup-dir or --backup-s3, not both");
    for (const flag of ["backup-region", "backup-endpoint"] as const) {
        if (values[flag] !== undefined && values["backup-s3"] === undefined) throw new UsageError(`--${flag} goes with --backup-s3`);
    }
    const stack = values.stack ?? "local";
    checkStackName(stack); // it names the backup folder
    const dir = values.dir === undefined ? undefined : folder("--dir", values.dir);
    if (dir === undefined) throw new UsageError("--dir is required (the folder of migrations, e.g. --dir migrations)");
    const rollbackDir = folder("--rollback-dir", values["rollback-dir"]);
    const s = settings(values, cmd);
    const { url, warning } = databaseUrl(values);
    const backup: BackupOptions | undefined =
        values["backup-dir"] !== undefined
            ? { target: { kind: "dir", path: values["backup-dir"] }, stack, format: s.backupFormat }
            : values["backup-s3"] !== undefined
              ? {
                    target: { kind: "s3", bucket: values["backup-s3"], region: values["backup-region"], endpoint: values["backup-endpoint"] },
                    stack,
                    format: s.backupFormat,
                }
              : undefined;
    const engine: EngineOptions = {
        databaseUrl: url,
        schema: s.schema,
        lockTimeout: s.lockTimeout,
        statementTimeout: s.statementTimeout,
        lockWaitMs: s.lockWaitSeconds * 1000,
        acceptChecksums: s.acceptChecksums,
        outOfOrder: s.outOfOrder,
        baseline: s.baseline,
        rollbackTo: s.rollbackTo,
        backup,
        supabaseInterop: s.supabaseInterop,
        log: (line) => console.log(scrub(line, url)),
    };
    return { command: cmd, dir, rollbackDir, engine, warning };
}

async function cli(argv: string[]): Promise<number> {
    const { command, dir, rollbackDir, engine, warning } = options(argv);
    if (warning) console.error(warning);
    // The engine (pg, the SQL parser) loads only now: --help and usage errors answer without it.
    const [{ migrate, plan, status }, { readMigrations }] = await Promise.all([import("./engine"), import("./files")]);
    const set = await readMigrations(dir, rollbackDir);
    if (command === "plan") {
        const p = await plan(set, engine);
        if (p.baseline.length > 0) {
            console.log(`baseline ${engine.baseline}: would record ${p.baseline.length} file(s) as applied without running them:`);
            for (const f of p.baseline) console.log(`  ${f.file}`);
        }
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

/** The connection string as far as the command line and environment tell it, before any is read. */
function urlFromArgs(argv: string[]): string | undefined {
    const i = argv.findIndex((a) => a === "--database-url" || a.startsWith("--database-url="));
    if (i >= 0) return argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1];
    return process.env.DATABASE_URL || undefined;
}

export const command: CliCommand = {
    async main(argv) {
        knownUrl = urlFromArgs(argv);
        try {
            return await cli(argv);
        } catch (err) {
            // The engine's refusals say what to do; they print as errors, not as bugs.
            if (!isMigrationError(err)) throw err;
            console.error(`error: ${scrub((err as Error).message, knownUrl)}`);
            return 1;
        }
    },
    usage: USAGE,
    script: "migrate",
    isUserError: () => false,
    scrub: (text) => scrub(text, knownUrl),
};

runCli(command, module);
