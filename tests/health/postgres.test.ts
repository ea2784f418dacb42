// The database check (`npm run health`, database.yml) against the suite's real PostgreSQL: what it
// measures (connections, long queries and transactions, size), what it never prints (a query's text,
// the password), and its command line.
import * as assert from "assert";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Client } from "pg";
import { parseDocument } from "yaml";
import { checkHealth, HealthLimits } from "../../health/postgres";
import { command } from "../../health/cli";
import { STACKS } from "../helpers";
import { freshDatabase, query } from "../support/postgres";
import { runInProcess } from "../badInput/harness";

const GENEROUS: HealthLimits = { connectionsPercent: 100, longQuerySeconds: 3600, storagePercent: 100 };
/** In a query's text: a customer's data, which no report may show. */
const CANARY = "customer-4111111111111111";

async function session(url: string, name: string): Promise<Client> {
    const c = new Client({ connectionString: url, application_name: name });
    await c.connect();
    c.on("error", () => undefined);
    return c;
}

describe("the database check (health/postgres.ts, npm run health)", function () {
    this.timeout(60_000);
    let url: string;

    before(async () => {
        url = await freshDatabase("health");
    });

    it("within its limits: connections, no long query, the size reported (not judged without storageLimitGb)", async () => {
        const report = await checkHealth(url, GENEROUS, 10_000);
        assert.deepStrictEqual(report.findings, []);
        assert.match(report.lines[0], /^connections {3}\d+ of \d+ client connections \(\d+ %; max_connections \d+, \d+ reserved\), alert at 100 %$/);
        assert.strictEqual(report.lines[1], "long queries  none over 1.0 h");
        assert.match(report.lines[2], /^storage {7}0\.0\d GiB \(no storageLimitGb: not judged\)$/);
    });

    it("connections past the share alert, with what to do", async () => {
        const [max] = await query(url, "SELECT current_setting('max_connections')::int AS n");
        const report = await checkHealth(url, { ...GENEROUS, connectionsPercent: 1 }, 10_000);
        assert.strictEqual(report.findings.length, 1);
        assert.match(
            report.findings[0],
            new RegExp(`^connections: \\d+ of \\d+ client connections \\(\\d+ %; max_connections ${max.n}, .*Move the app to the pooled URL`),
        );
    });

    it("a query or a transaction running past longQuery alerts with its pid, role and application, never its text", async () => {
        const [busy, idle] = [await session(url, "checkout-worker"), await session(url, "report\u001b[31m")];
        const sleeping = busy.query(`SELECT pg_sleep(4), '${CANARY}'`).catch(() => undefined);
        await idle.query("BEGIN");
        await idle.query(`SELECT '${CANARY}'`);
        try {
            await new Promise((r) => setTimeout(r, 2100));
            const report = await checkHealth(url, { ...GENEROUS, longQuerySeconds: 1 }, 10_000);
            const [pidBusy, pidIdle] = [(busy as any).processID, (idle as any).processID];
            assert.strictEqual(report.findings.length, 2, report.findings.join("\n"));
            const byPid = (pid: number) => report.findings.find((f) => f.includes(`pid ${pid},`))!;
            assert.match(
                byPid(pidBusy),
                /^long queries: a query running [23] s: pid \d+, role postgres, application "checkout-worker" \(over 1 s\)\. pg_cancel_backend\(\d+\)/,
            );
            // A client's application name reaches the log without its control characters.
            assert.match(
                byPid(pidIdle),
                /^long queries: a transaction \(idle in transaction\) running [23] s: pid \d+, role postgres, application "report\?\[31m"/,
            );
            assert.ok(!JSON.stringify(report).includes(CANARY), "a query's text was printed");
        } finally {
            await busy.query("SELECT pg_cancel_backend($1)", [(busy as any).processID]).catch(() => undefined);
            await sleeping;
            await Promise.all([busy.end(), idle.end()]);
        }
    });

    it("a transaction open past the limit alerts even while its current statement is short", async () => {
        const busy = await session(url, "batch");
        await busy.query("BEGIN");
        await busy.query("SELECT 1");
        try {
            await new Promise((r) => setTimeout(r, 2100));
            const sleeping = busy.query("SELECT pg_sleep(1.5)");
            await new Promise((r) => setTimeout(r, 300));
            const report = await checkHealth(url, { ...GENEROUS, longQuerySeconds: 2 }, 10_000);
            await sleeping;
            assert.strictEqual(report.findings.length, 1, report.findings.join("\n"));
            assert.match(
                report.findings[0],
                /^long queries: a transaction \(active\) running [23] s: pid \d+, role postgres, application "batch" \(over 2 s\)/,
            );
        } finally {
            await busy.query("ROLLBACK").catch(() => undefined);
            await busy.end();
        }
    });

    it("a role that cannot read other roles' sessions alerts with the GRANT to run, rather than reporting no long query", async () => {
        const role = `health_peek_${process.pid}`;
        await query(url, `CREATE ROLE ${role} LOGIN PASSWORD 'peek-pw-1'`);
        const peek = new URL(url);
        [peek.username, peek.password] = [role, "peek-pw-1"];
        const other = await session(url, "the-app");
        try {
            const report = await checkHealth(peek.toString(), GENEROUS, 10_000);
            assert.deepStrictEqual(
                report.findings,
                [
                    `long queries: 1 session(s) of other roles are hidden from ${role}, so their age is unknown: GRANT pg_read_all_stats TO ${role} (as a superuser or the role's admin)`,
                ],
                report.lines.join("\n"),
            );
            assert.ok(!report.lines.some((l) => /none over/.test(l)), "not reported as no long query");
            await query(url, `GRANT pg_read_all_stats TO ${role}`);
            assert.deepStrictEqual((await checkHealth(peek.toString(), GENEROUS, 10_000)).findings, []);
        } finally {
            await other.end();
            await query(url, `DROP ROLE ${role}`);
        }
    });

    it("storage past its share of storageLimitGb alerts; under it, the share is reported", async () => {
        const [{ bytes }] = await query(url, "SELECT pg_database_size(current_database())::bigint AS bytes");
        const tiny = Number(bytes) / 1024 ** 3 / 0.9; // the database is 90 % of this
        const over = await checkHealth(url, { ...GENEROUS, storageLimitGb: tiny, storagePercent: 80 }, 10_000);
        assert.match(over.findings[0], /^storage: 0\.0\d GiB of 0\.0\d+ GiB \(90 %\), alert at 80 %\. Delete or archive old rows, or raise the plan's storage/);
        const under = await checkHealth(url, { ...GENEROUS, storageLimitGb: 8, storagePercent: 80 }, 10_000);
        assert.deepStrictEqual(under.findings, []);
        assert.match(under.lines[2], /^storage {7}0\.0\d GiB of 8 GiB \(0 %\), alert at 80 %$/);
    });

    describe("npm run health", () => {
        // Seed 001 on Neon: the database's own measures only (Neon publishes no server metrics). Supabase's: supabase.test.ts.
        const mystic = STACKS.mystic;

        it("reads the limits from the stack file and the URL from DATABASE_URL: exit 0 within them", async () => {
            const run = await runInProcess(command, ["--file", mystic], { DATABASE_URL: url });
            assert.strictEqual(run.code, 0, run.stderr);
            assert.match(
                run.stdout,
                /^mystic-production: the database check\n {2}connections .* alert at 80 %\n {2}long queries {2}none over 5 min\n {2}storage {7}0\.0\d GiB \(no storageLimitGb: not judged\)\n$/,
            );
        });

        it("exit 1 with each alert on stderr when a limit is crossed; the password is never printed", async () => {
            // The same stack file with a limit any connection crosses: 1 % of the connections.
            const doc = parseDocument(readFileSync(mystic, "utf8"));
            doc.setIn(["config", "app-platform:monitoring", "alarms", "database", "connectionsPercent"], 1);
            const file = join(mkdtempSync(join(tmpdir(), "health-")), "Pulumi.mystic-production.yaml");
            writeFileSync(file, doc.toString());
            const run = await runInProcess(command, ["--file", file], { DATABASE_URL: url });
            assert.strictEqual(run.code, 1, run.stderr);
            assert.match(run.stdout, /^mystic-production: the database check\n {2}connections {3}\d+ of \d+ client connections .* alert at 1 %\n/);
            assert.match(run.stderr, /^alert: connections: \d+ of \d+ client connections .*Move the app to the pooled URL.*\n$/);
            assert.ok(!`${run.stdout}${run.stderr}`.includes(new URL(url).password));
        });

        it("an unreachable database: exit 1, where it tried, no password, within --timeout", async () => {
            const unreachable = new URL(url);
            [unreachable.port, unreachable.password] = ["1", "Unreachable-pw-77"];
            const run = await runInProcess(command, ["--file", mystic, "--timeout", "5"], { DATABASE_URL: unreachable.toString() });
            assert.strictEqual(run.code, 1);
            assert.match(run.stderr, /^cannot connect to .*127\.0\.0\.1:1.*: .*ECONNREFUSED/);
            assert.ok(!run.stderr.includes("Unreachable-pw-77") && !run.stdout.includes("Unreachable-pw-77"));
        });
    });
});
