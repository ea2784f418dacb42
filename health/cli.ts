// npm run health -- --stack <name> [--file FILE] [--timeout SECONDS]
// The database check database.yml runs for each stack: the limits come from the stack file, the
// owner's URL from the environment (the stack's secret output databaseAdminUrl). Read-only.
import { readFileSync } from "fs";
import { join } from "path";
import { CliCommand, intFlag, isNamedError, parseCommandLine, runCli, stackFileFlags, UsageError } from "../shared/cli";

const ROOT = join(__dirname, "..");
const USAGE = `usage: npm run health -- --stack <name> [options]

Checks the stack's PostgreSQL against app-platform:monitoring.database: client connections against
alarms.database.connectionsPercent, queries and transactions running over longQueryMinutes, and the
database's size against storageLimitGb at alarms.database.diskPercent. Read-only: two queries.

The owner's connection string comes from $DATABASE_URL, or a file:
  --database-url-file FILE  read it from FILE (e.g. a secrets mount)

  --stack NAME      the stack (reads Pulumi.<NAME>.yaml beside Pulumi.yaml for the limits)
  --file FILE       read this stack file instead (its name, Pulumi.<stack>.yaml, gives --stack)
  --timeout S       give up connecting or querying after S seconds (default 30)
  -h, --help        this text
  --version         the program's version

Exit codes: 0 within the limits, 1 a limit crossed, the database unreachable or the stack file
invalid, 2 bad command line.`;

/** A problem the user can fix (no database URL, no monitoring.database): its message alone, exit 1. */
class HealthError extends Error {
    name = "HealthError";
}

function parse(argv: string[]) {
    const { values, positionals } = parseCommandLine(argv, {
        stack: { type: "string" },
        file: { type: "string" },
        "database-url-file": { type: "string" },
        timeout: { type: "string", default: "30" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --, e.g. --stack ${positionals[0]})`);
    return { ...stackFileFlags(values, ROOT), urlFile: values["database-url-file"], timeout: intFlag("--timeout", values.timeout, 1, 600, "seconds") };
}

function databaseUrl(urlFile: string | undefined): string {
    if (urlFile === undefined) {
        const url = process.env.DATABASE_URL;
        if (!url) throw new HealthError("no database URL: set DATABASE_URL (pulumi stack output databaseAdminUrl --show-secrets) or pass --database-url-file");
        return url;
    }
    try {
        return readFileSync(urlFile, "utf8").trim();
    } catch (err) {
        throw new HealthError(`--database-url-file ${urlFile}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
}

async function cli(argv: string[]): Promise<number> {
    const opts = parse(argv);
    const url = databaseUrl(opts.urlFile);
    const [{ readStackFile, explainConfigError }, { loadStackConfig, ConfigError }, { connectionProblem }, { checkHealth }] = await Promise.all([
        import("../inventory/stackFile"),
        import("../stacks/config"),
        import("../providers/migrations/connection"),
        import("./postgres"),
    ]);
    const read = readStackFile(opts.file);
    let cfg: ReturnType<typeof loadStackConfig>;
    try {
        cfg = loadStackConfig(read.raw, { stack: opts.stack, secretKeys: read.secretKeys, now: new Date(), file: opts.file });
    } catch (err) {
        throw err instanceof ConfigError ? explainConfigError(err, read, opts.file) : err;
    }
    const d = cfg.monitoring?.database;
    if (!d) throw new HealthError(`${opts.file}: no app-platform:monitoring.database, so no limits to check against: add it ({} takes the defaults)`);
    if (connectionProblem(url)?.startsWith("is not")) throw new HealthError(`the database URL ${connectionProblem(url)} (the value is not shown)`);
    const limits = cfg.monitoring!.alarms.database;
    const report = await checkHealth(
        url,
        {
            connectionsPercent: limits.connectionsPercent,
            longQuerySeconds: d.longQueryMinutes * 60,
            storageLimitGb: d.storageLimitGb,
            storagePercent: limits.diskPercent,
        },
        opts.timeout * 1000,
    ).catch((err: Error) => {
        throw new HealthError(err.message);
    });
    console.log(`${opts.stack}: the database check`);
    for (const line of report.lines) console.log(`  ${line}`);
    if (report.findings.length === 0) return 0;
    for (const finding of report.findings) console.error(`alert: ${finding}`);
    return 1;
}

export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "health",
    isUserError: (err) => isNamedError(err, "HealthError", "ConfigError", "StackFileError"),
};
runCli(command, module);
