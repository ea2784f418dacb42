// A MongoDB wire-protocol server for the suite: FerretDB on SQLite (scripts/ferretdb.sh builds it),
// started once on a free port in a fresh folder, stopped by the root hooks.
import { ChildProcess, execFileSync, spawn } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "../helpers";

let server: { url: string; child: ChildProcess; dir: string } | undefined;

const freePort = () =>
    new Promise<number>((resolve, reject) => {
        const s = createServer();
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as { port: number }).port;
            s.close(() => resolve(port));
        });
        s.on("error", reject);
    });

/** The server's URL (mongodb://127.0.0.1:<port>/), starting it on first use. */
export async function mongoServer(): Promise<string> {
    if (server) return server.url;
    const binary = execFileSync("bash", [join(ROOT, "scripts/ferretdb.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    const dir = mkdtempSync(join(tmpdir(), "ferretdb-"));
    const port = await freePort();
    const child = spawn(
        binary,
        [
            "--handler=sqlite",
            `--sqlite-url=file:${dir}/`,
            `--listen-addr=127.0.0.1:${port}`,
            `--state-dir=${dir}`,
            "--telemetry=disable",
            "--debug-addr=-",
            "--log-level=error",
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
    );
    // Found by the next run if this one is killed outright (tests/support/runFolder.ts).
    if (child.pid) writeFileSync(join(dir, "server.pid"), `${child.pid}\n`);
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    server = { url: `mongodb://127.0.0.1:${port}/`, child, dir };
    const { MongoClient } = await import("mongodb");
    for (let attempt = 0; ; attempt++) {
        try {
            const client = await MongoClient.connect(server.url, { serverSelectionTimeoutMS: 500 });
            await client.close();
            return server.url;
        } catch (err) {
            if (attempt > 40 || child.exitCode !== null) throw new Error(`FerretDB did not start: ${stderr || (err as Error).message}`);
            await new Promise((r) => setTimeout(r, 250));
        }
    }
}

export async function stopMongoServer(): Promise<void> {
    if (!server) return;
    server.child.kill();
    rmSync(server.dir, { recursive: true, force: true });
    server = undefined;
}
