// Pre-migration backups: pg_dump the database into the backup bucket (or a folder) before any change.
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { execFile, spawn } from "child_process";
import { constants, copyFileSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, resolve } from "path";
import { pipeline } from "stream/promises";
import { promisify } from "util";
import { createGzip } from "zlib";
import { parse } from "pg-connection-string";
import { MigrationError } from "./errors";

export type BackupTarget =
    | { kind: "dir"; path: string }
    /** `endpoint` points at an S3-compatible server (tests); credentials come from the AWS default chain. */
    | { kind: "s3"; bucket: string; region?: string; endpoint?: string };

export interface BackupOptions {
    target: BackupTarget;
    /** Stack name: backups land under `pre-migration/<stack>/`. */
    stack: string;
    /** `custom` is pg_restore's format; `plain-gz` is gzipped SQL for psql. */
    format: "custom" | "plain-gz";
    /** pg_dump binary; default `pg_dump` on PATH. */
    pgDump?: string;
}

export interface BackupResult {
    location: string;
    bytes: number;
}

/** The object key for a backup taken at `now` of a database whose latest applied version is `version`. */
export function backupKey(stack: string, version: string, now: Date, format: BackupOptions["format"]): string {
    const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    return `pre-migration/${stack}/${stamp}_${version}${format === "custom" ? ".dump" : ".sql.gz"}`;
}

async function pgDumpMajor(pgDump: string): Promise<number> {
    try {
        const { stdout } = await promisify(execFile)(pgDump, ["--version"]);
        const m = /(\d+)(\.\d+)?/.exec(stdout);
        if (!m) throw new Error(stdout);
        return Number(m[1]);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            throw new MigrationError(
                `pg_dump is not installed (looked for "${pgDump}"); install the PostgreSQL client matching your server, e.g. apt-get install postgresql-client-15`,
            );
        }
        throw new MigrationError(`pg_dump --version failed: ${(err as Error).message}`);
    }
}

/** libpq environment for pg_dump, so the password never appears on a command line. */
function pgEnv(url: string): NodeJS.ProcessEnv {
    const c = parse(url);
    const env: NodeJS.ProcessEnv = { ...process.env };
    const vars: Record<string, string | null | undefined> = {
        PGHOST: c.host,
        PGPORT: c.port,
        PGUSER: c.user,
        PGPASSWORD: c.password,
        PGDATABASE: c.database,
        PGSSLMODE: /[?&]sslmode=([a-z-]+)/.exec(url)?.[1],
        PGCONNECT_TIMEOUT: "30", // an unreachable server fails the dump instead of hanging it
    };
    for (const [k, v] of Object.entries(vars)) if (v) env[k] = v;
    return env;
}

/** Runs pg_dump into `file`; resolves once pg_dump has exited successfully. */
async function dumpTo(file: string, url: string, opts: BackupOptions): Promise<void> {
    const child = spawn(opts.pgDump ?? "pg_dump", ["--no-owner", "--no-privileges", opts.format === "custom" ? "--format=custom" : "--format=plain"], {
        env: pgEnv(url),
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => resolve(code ?? 1));
    });
    const written = opts.format === "custom" ? pipeline(child.stdout, createWriteStream(file)) : pipeline(child.stdout, createGzip(), createWriteStream(file));
    await Promise.all([
        written,
        exited.then((code) => {
            if (code !== 0) throw new Error(`pg_dump exited with ${code}: ${stderr.trim()}`);
        }),
    ]);
}

/**
 * Creates `dir` one level at a time. Node's recursive mkdir spins forever on some special
 * filesystems (a path under /proc), so it is not used.
 */
function makeDirs(dir: string): void {
    const parts = resolve(dir).split("/").filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
        try {
            mkdirSync(`/${parts.slice(0, i).join("/")}`);
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        }
    }
}

/** Checks, before anything changes, that a backup folder exists or can be made and takes files. */
export function prepareTarget(target: BackupTarget): void {
    if (target.kind !== "dir") return;
    const probe = join(target.path, `.app-platform-write-test-${process.pid}`);
    try {
        makeDirs(target.path);
        writeFileSync(probe, "");
        rmSync(probe);
    } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new MigrationError(
            `backup folder ${target.path} cannot take the backup (${e.code ?? e.message}${e.path ? ` at ${e.path}` : ""}); choose a writable folder, so nothing was migrated`,
        );
    }
}

/** Stores a finished dump file at `key` of the target (a folder, or the bucket with SSE). */
export async function store(file: string, target: BackupTarget, key: string): Promise<string> {
    if (target.kind === "dir") {
        const path = join(target.path, key);
        makeDirs(dirname(path));
        copyFileSync(file, path, constants.COPYFILE_EXCL);
        return path;
    }
    const client = new S3Client({
        region: target.region ?? process.env.AWS_REGION ?? "us-east-1",
        endpoint: target.endpoint,
        forcePathStyle: target.endpoint !== undefined,
        // Bounded waits: a silent endpoint fails the backup (and so the run) instead of hanging it.
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
        maxAttempts: 3,
    });
    try {
        const Body = createReadStream(file);
        await new Upload({ client, params: { Bucket: target.bucket, Key: key, Body, ServerSideEncryption: "AES256" } }).done();
    } finally {
        client.destroy();
    }
    return `s3://${target.bucket}/${key}`;
}

/**
 * Dumps the database to a local temporary file and, only once pg_dump has succeeded, stores it:
 * a failed dump never leaves a truncated backup behind. Throws MigrationError when anything
 * fails, so the caller migrates nothing without a backup.
 */
export async function backupDatabase(url: string, serverMajor: number, version: string, opts: BackupOptions, now = new Date()): Promise<BackupResult> {
    const clientMajor = await pgDumpMajor(opts.pgDump ?? "pg_dump");
    if (clientMajor < serverMajor) {
        throw new MigrationError(
            `pg_dump is version ${clientMajor} but the server runs PostgreSQL ${serverMajor}; install postgresql-client-${serverMajor} or newer`,
        );
    }
    const key = backupKey(opts.stack, version, now, opts.format);
    const tmp = mkdtempSync(join(tmpdir(), "pre-migration-"));
    const file = join(tmp, "dump");
    try {
        await dumpTo(file, url, opts);
        const location = await store(file, opts.target, key);
        return { location, bytes: statSync(file).size };
    } catch (err) {
        throw new MigrationError(`pre-migration backup failed, so nothing was migrated: ${(err as Error).message}`);
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
}
