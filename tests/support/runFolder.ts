// One folder per test run holds every temporary folder the tests and their children make: TMPDIR
// points into it, and os.tmpdir() reads TMPDIR at each call. So an interrupted run leaves nothing
// behind: on SIGINT or SIGTERM (Ctrl-C, a CI timeout) the servers stop and the folder goes, and a run
// killed outright (SIGKILL) is cleaned by the next run, servers included.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const PREFIX = "app-platform-tests-";

/** A process id still running (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}

/** The process id on the first line of a server's pid file (PostgreSQL's postmaster.pid), if any. */
export function pidIn(file: string): number | undefined {
    const pid = existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : NaN;
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The servers a run left under `dir`, from their pid files, with the signal that stops each at once:
 * PostgreSQL's postmaster.pid (SIGQUIT: immediate shutdown) and FerretDB's server.pid.
 */
function leftServers(dir: string): [number, NodeJS.Signals][] {
    const found: [number, NodeJS.Signals][] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        for (const [file, signal] of [
            [join(dir, entry.name, "data", "postmaster.pid"), "SIGQUIT"],
            [join(dir, entry.name, "server.pid"), "SIGTERM"],
        ] as const) {
            const pid = pidIn(file);
            if (pid !== undefined && alive(pid)) found.push([pid, signal]);
        }
    }
    return found;
}

/** Removes the folders of runs whose process is gone, after stopping the servers they left running. */
function removeAbandoned(base: string): string[] {
    const removed: string[] = [];
    for (const name of readdirSync(base)) {
        const pid = Number(name.slice(PREFIX.length));
        if (!name.startsWith(PREFIX) || !Number.isInteger(pid) || alive(pid)) continue;
        const dir = join(base, name);
        for (const [pid, signal] of leftServers(dir)) process.kill(pid, signal);
        rmSync(dir, { recursive: true, force: true });
        removed.push(dir);
    }
    return removed;
}

/**
 * Makes this run's folder and points TMPDIR at it; `stop` runs (bounded) before the folder is removed
 * on a signal. Returns the folder.
 */
export function useRunFolder(stop: () => Promise<void>): string {
    const base = tmpdir();
    removeAbandoned(base);
    const dir = join(base, `${PREFIX}${process.pid}`);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as its own user and must enter it
    process.env.TMPDIR = dir;
    const remove = () => rmSync(dir, { recursive: true, force: true });
    process.once("exit", remove);
    for (const [signal, code] of [
        ["SIGINT", 130],
        ["SIGTERM", 143],
    ] as const) {
        process.once(signal, () => {
            const limit = new Promise((resolve) => setTimeout(resolve, 15_000).unref());
            void Promise.race([stop().catch(() => undefined), limit]).finally(() => {
                remove();
                process.exit(code);
            });
        });
    }
    return dir;
}
