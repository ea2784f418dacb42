// The database check on Supabase: the server's CPU, memory and disks from the project's Metrics API
// (the local Supabase API serves it, held to Supabase's docs and its Grafana repository's samples),
// with the service-role key the Management API gives, beside the database's own measures.
import * as assert from "assert";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseDocument } from "yaml";
import { command } from "../../health/cli";
import { judgeServer, MetricsError, serverUsage } from "../../health/supabaseServer";
import { apiClient } from "../../providers/webhooks/http";
import { STACKS } from "../helpers";
import { runInProcess } from "../badInput/harness";
import { FakeSupabase, startFakeSupabase } from "../support/fakes/supabase";
import { freshDatabase } from "../support/postgres";

const TOKEN = "sbp_health-canary-token";
const GIB = 1024 ** 3;
const LIMITS = { cpuPercent: 70, memoryPercent: 80, diskPercent: 80 };

describe("the database check on Supabase: the server's CPU, memory and disks (Metrics API)", function () {
    this.timeout(60_000);
    let supabase: FakeSupabase;
    let url: string;
    /** dirtfree-production's stack file, its Supabase API the local one. */
    let stackFile: string;
    let ref: string;

    before(async () => {
        url = await freshDatabase("health_sb");
        const doc = parseDocument(readFileSync(STACKS.dirtfreeProduction, "utf8"));
        const project = doc.getIn(["config", "app-platform:postgres"], true) as any;
        supabase = await startFakeSupabase(TOKEN, [project.get("organization")]);
        ref = project.get("projectRef");
        supabase.addProject({ ref, name: project.get("project"), organization: project.get("organization"), region: project.get("region"), dbPass: "x" });
        doc.setIn(["config", "app-platform:postgres", "apiBaseUrl"], supabase.url);
        stackFile = join(mkdtempSync(join(tmpdir(), "health-sb-")), "Pulumi.dirtfree-production.yaml");
        writeFileSync(stackFile, doc.toString());
    });
    after(() => supabase?.close());

    const metricsApi = (password: string) =>
        apiClient({ service: "Supabase's Metrics API", baseUrl: supabase.url, auth: { basic: { user: "service_role", password } }, retries: 0 });

    it("reads the primary's server only, two scrapes apart, as Supabase's dashboard computes it", async () => {
        const p = supabase.projects.get(ref)!;
        const usage = await serverUsage(metricsApi(p.serviceRoleKey), ref, 50);
        // 20 % busy; 1.2 of 2 GiB available; / 6 of 10 GiB free, /data 7 of 8: the replica's idle CPU and other services' series left out.
        assert.deepStrictEqual(
            [Math.round(usage.cpuPercent), Math.round(usage.memoryPercent), usage.disks.map((d) => [d.mountpoint, Math.round(d.percent)])],
            [
                20,
                40,
                [
                    ["/", 40],
                    ["/data", 13],
                ],
            ],
        );
        assert.deepStrictEqual(judgeServer(usage, LIMITS).findings, []);
        assert.deepStrictEqual(supabase.violations, []);
    });

    it("CPU, memory or a disk past alarms.database alerts, each with what to do", async () => {
        const p = supabase.projects.get(ref)!;
        Object.assign(p.server, { cpuBusy: 0.9, memAvailableBytes: 0.2 * GIB });
        p.server.disks["/data"].avail = 0.4 * GIB;
        try {
            const { findings } = judgeServer(await serverUsage(metricsApi(p.serviceRoleKey), ref, 50), LIMITS);
            assert.deepStrictEqual(
                findings.map((f) => f.split(".")[0]),
                ["cpu: busy over 0 s: 90 %, alert at 70 %", "memory: used: 90 %, alert at 80 %", "disk /data: 8"],
            );
            assert.match(findings[2], /^disk \/data: 8\.0 GiB, used: 95 %, alert at 80 %\. Delete or archive old rows/);
        } finally {
            Object.assign(p.server, { cpuBusy: 0.2, memAvailableBytes: 1.2 * GIB });
            p.server.disks["/data"].avail = 7 * GIB;
        }
    });

    it("series seen in one scrape only, and counters that went back (a restart), are not read as CPU", async () => {
        const p = supabase.projects.get(ref)!;
        const api = metricsApi(p.serviceRoleKey);
        // A CPU the server did not have at the first scrape (a resize) counts from the second only.
        const grow = serverUsage(api, ref, 300);
        await new Promise((r) => setTimeout(r, 100));
        p.server.counters.push([5e6, 5e6]);
        try {
            assert.strictEqual(Math.round((await grow).cpuPercent), 20);
        } finally {
            p.server.counters.pop();
        }
        const restart = serverUsage(api, ref, 300).catch((e) => e);
        await new Promise((r) => setTimeout(r, 100));
        const saved = p.server.counters.map((c) => [...c] as [number, number]);
        for (const c of p.server.counters) c.splice(0, 2, 0, 0); // the server restarted
        const err = await restart;
        p.server.counters.splice(0, p.server.counters.length, ...saved);
        assert.ok(err instanceof MetricsError, String(err));
        assert.match(err.message, /the CPU counters went back between the scrapes \(the server restarted\)/);
    });

    it("a key the Metrics API refuses is named as such, never shown", async () => {
        const err = await serverUsage(metricsApi("not-the-service-role-key"), ref, 10).catch((e) => e);
        assert.ok(err instanceof MetricsError);
        assert.match(err.message, /GET \/customer\/v1\/privileged\/metrics → 401.*\(the service-role key was refused\)$/);
        assert.ok(!err.message.includes("not-the-service-role-key"));
    });

    describe("npm run health on a Supabase stack", () => {
        it("adds the server's lines: its key from the Management API with SUPABASE_ACCESS_TOKEN; exit 0 within the limits", async () => {
            const run = await runInProcess(command, ["--file", stackFile, "--server-window", "1"], { DATABASE_URL: url, SUPABASE_ACCESS_TOKEN: TOKEN });
            assert.strictEqual(run.code, 0, run.stderr);
            assert.match(
                run.stdout,
                /\n {2}cpu {11}busy over 1 s: 20 %, alert at 70 %\n {2}memory {8}used: 40 %, alert at 80 %\n {2}disk \/ {8}10\.0 GiB, used: 40 %, alert at 80 %\n {2}disk \/data {4}8\.0 GiB, used: 13 %, alert at 80 %\n$/,
            );
            assert.ok(!run.stdout.includes(supabase.projects.get(ref)!.serviceRoleKey) && !run.stdout.includes(TOKEN));
        });

        it("a server past its limits fails the check, and a made project (no projectRef) is found by its name", async () => {
            const doc = parseDocument(readFileSync(stackFile, "utf8"));
            doc.deleteIn(["config", "app-platform:postgres", "projectRef"]);
            doc.deleteIn(["config", "app-platform:postgres", "dbPasswordSecret"]);
            const made = join(mkdtempSync(join(tmpdir(), "health-sb-")), "Pulumi.dirtfree-production.yaml");
            writeFileSync(made, doc.toString());
            const p = supabase.projects.get(ref)!;
            p.server.cpuBusy = 0.95;
            try {
                const run = await runInProcess(command, ["--file", made, "--server-window", "1"], { DATABASE_URL: url, SUPABASE_ACCESS_TOKEN: TOKEN });
                assert.strictEqual(run.code, 1, run.stdout + run.stderr);
                assert.match(run.stderr, /^alert: cpu: busy over 1 s: 95 %, alert at 70 %\. Find the costly queries/m);
            } finally {
                p.server.cpuBusy = 0.2;
            }
        });

        it("without SUPABASE_ACCESS_TOKEN it says what to set; with another account's, the server is a finding and the database's report still prints", async () => {
            const none = await runInProcess(command, ["--file", stackFile], { DATABASE_URL: url });
            assert.strictEqual(none.code, 1);
            assert.match(
                none.stderr,
                /^the stack's PostgreSQL is Supabase's: set SUPABASE_ACCESS_TOKEN \(pulumi config get app-platform:supabaseAccessToken\)/,
            );
            const wrong = await runInProcess(command, ["--file", stackFile], { DATABASE_URL: url, SUPABASE_ACCESS_TOKEN: "sbp_another-account" });
            assert.strictEqual(wrong.code, 1);
            assert.match(
                wrong.stdout,
                /^dirtfree-production: the database check\n {2}connections .*\n {2}long queries .*\n {2}storage .*\n {2}server {8}not read \(below\)\n$/,
            );
            assert.match(wrong.stderr, /^alert: server: Supabase GET \/v1\/projects\/\w+\/api-keys → 401/);
            assert.ok(!(wrong.stdout + wrong.stderr).includes("sbp_another-account"));
        });
    });
});
