// Fixtures for the migration tests: temporary migration folders, the Supabase auth stub, the CLI.
import { spawn, SpawnOptions } from "child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "../../helpers";
import { query } from "../../support/postgres";

/** Writes `files` (name → SQL) into a new temporary folder and returns its path. */
export function migrationsDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    for (const [name, sql] of Object.entries(files)) {
        if (name.endsWith("/")) mkdirSync(join(dir, name));
        else writeFileSync(join(dir, name), sql);
    }
    return dir;
}

/** The bits of Supabase's `auth` schema the flagship's migrations reference. */
export async function supabaseAuthStub(url: string): Promise<void> {
    await query(
        url,
        `
        CREATE SCHEMA auth;
        CREATE TABLE auth.users (id uuid PRIMARY KEY);
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$;`,
    );
}

export async function tables(url: string, schema = "public"): Promise<string[]> {
    const rows = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1", [schema]);
    return rows.map((r) => r.tablename);
}

export async function trackedVersions(url: string): Promise<string[]> {
    const rows = await query<{ version: string }>(url, "SELECT version FROM app_platform.schema_migrations WHERE finished_at IS NOT NULL ORDER BY 1");
    return rows.map((r) => r.version);
}

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Starts `npm run migrate -- <args>` as a child process (ts-node, like the npm script). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, opts: SpawnOptions = {}) {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/.bin/ts-node"), "--transpile-only", join(ROOT, "providers/migrations/cli.ts"), ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: "", ...env },
        ...opts,
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    const done = new Promise<CliRun>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
    return { child, done };
}

export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) => startCli(args, env).done;
