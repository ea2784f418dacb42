// npm run health -- --stack <name> [--file FILE] [--timeout SECONDS]
// The database check database.yml runs for each stack: the limits come from the stack file, the
// owner's URL from the environment (the stack's secret output databaseAdminUrl). Read-only.
import { readFileSync } from "fs";
import { CliCommand, intFlag, isNamedError, parseCommandLine, runCli, stackFileFlags, UsageError } from "../shared/cli";
import type { StackConfig } from "../stacks/config";

const USAGE = `usage: npm run health -- --stack <name> [options]

Checks the stack's PostgreSQL against app-platform:monitoring.database: client connections against
alarms.database.connectionsPercent, queries and transactions running over longQueryMinutes, and the
database's size against storageLimitGb at alarms.database.diskPercent. Read-only: two queries.
On Supabase, also the database server's CPU, memory and disks (/ and /data) against
alarms.database, from the project's Metrics API: $SUPABASE_ACCESS_TOKEN reads the project's
service-role key, which only Supabase's hosts receive.

The owner's connection string comes from $DATABASE_URL, or a file:
  --database-url-file FILE  read it from FILE (e.g. a secrets mount)

  --stack NAME      the stack (reads Pulumi.<NAME>.yaml in the folder it runs in, as pulumi does;
                    npm run's is the project's)
  --file FILE       read this stack file instead (its name, Pulumi.<stack>.yaml, gives --stack)
  --timeout S       give up connecting or querying after S seconds (default 30)
  --server-window S Supabase: the seconds between the Metrics API's two scrapes (default 60;
                    Supabase updates the CPU counters every minute)
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
        "server-window": { type: "string", default: "60" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --, e.g. --stack ${positionals[0]})`);
    return {
        // Pulumi.<stack>.yaml in the current folder, as pulumi reads it (npm runs the script in the project's).
        ...stackFileFlags(values, process.cwd()),
        urlFile: values["database-url-file"],
        timeout: intFlag("--timeout", values.timeout, 1, 600, "seconds"),
        serverWindow: intFlag("--server-window", values["server-window"], 1, 300, "seconds"),
    };
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
    const problem = connectionProblem(url);
    if (problem?.startsWith("is not")) throw new HealthError(`the database URL ${problem} (the value is not shown)`);
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
    if (cfg.postgres?.provider === "supabase") {
        const server = await supabaseServer(cfg.postgres, opts.serverWindow * 1000, limits);
        report.lines.push(...server.lines);
        report.findings.push(...server.findings);
    }
    console.log(`${opts.stack}: the database check`);
    for (const line of report.lines) console.log(`  ${line}`);
    if (report.findings.length === 0) return 0;
    for (const finding of report.findings) console.error(`alert: ${finding}`);
    return 1;
}

/** The Supabase project's server, through its Metrics API: its ref from the config (or its name), its service-role key from the Management API. */
async function supabaseServer(
    p: Extract<NonNullable<StackConfig["postgres"]>, { provider: "supabase" }>,
    windowMs: number,
    limits: { cpuPercent: number; memoryPercent: number; diskPercent: number },
): Promise<{ lines: string[]; findings: string[] }> {
    const token = process.env.SUPABASE_ACCESS_TOKEN;
    if (!token)
        throw new HealthError(
            `the stack's PostgreSQL is Supabase's: set SUPABASE_ACCESS_TOKEN (pulumi config get app-platform:${p.accessTokenSecret}) to read its server's CPU, memory and disks`,
        );
    const [{ apiClient, isApiError }, supabase, { serverUsage, judgeServer, MetricsError }, { isLoopback }] = await Promise.all([
        import("../providers/webhooks/http"),
        import("../providers/postgres/supabase"),
        import("./supabaseServer"),
        import("../shared/loopback"),
    ]);
    const api = apiClient({ service: "Supabase", baseUrl: p.apiBaseUrl, auth: { bearer: token }, retryMethods: supabase.RETRY_METHODS });
    try {
        const found = p.projectRef ?? (await supabase.findByName(api, { name: p.project, organization: p.organization }).then((f) => f && supabase.refOf(f)));
        if (!found) throw new HealthError(`Supabase's organization ${p.organization} has no project named ${p.project}: has the stack been deployed?`);
        // The key goes to a host made of the ref: a ref as Supabase makes them (20 lowercase letters), as postgres.projectRef must be.
        if (!/^[a-z]{20}$/.test(found))
            throw new HealthError(`Supabase named project ${p.project}'s ref ${JSON.stringify(found)}, not 20 lowercase letters: not sent a key`);
        const { serviceRoleKey } = await supabase.apiKeys(api, found);
        // The project's own host only (a local API in tests, which serves both).
        const metrics = apiClient({
            service: "Supabase's Metrics API",
            baseUrl: isLoopback(p.apiBaseUrl) ? p.apiBaseUrl : `https://${found}.supabase.co`,
            auth: { basic: { user: "service_role", password: serviceRoleKey } },
            retries: 2,
        });
        return judgeServer(await serverUsage(metrics, found, windowMs), limits);
    } catch (err) {
        // The vendors' answers (never a credential: the client's errors name the method, path and status):
        // a finding beside the database's own report, which still prints.
        if (err instanceof HealthError || err instanceof MetricsError || isApiError(err))
            return { lines: ["server        not read (below)"], findings: [`server: ${(err as Error).message}`] };
        throw err;
    }
}

export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "health",
    isUserError: (err) => isNamedError(err, "HealthError", "ConfigError", "StackFileError"),
};
runCli(command, module);
