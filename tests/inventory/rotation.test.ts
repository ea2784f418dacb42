import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { renderReport, rotationDue } from "../../inventory/rotationDue";
import { ROOT } from "../helpers";

const schedule = (name: string, rotatedAt: string) => ({ name, envVars: [], rotationDays: 90, rotatedAt, nextRotation: "" });
const key = (status: "ok" | "due" | "overdue") => ({ name: "resendApiKey", rotatedAt: "2026-05-01", rotationDays: 180, dueAt: "2026-10-28", status });

/** Runs `npm run rotation -- <args>` as the workflow does, with GitHub's output files. */
function rotation(...args: string[]) {
    const dir = mkdtempSync(join(tmpdir(), "rotation-"));
    const output = join(dir, "output");
    const summary = join(dir, "summary");
    writeFileSync(output, "");
    writeFileSync(summary, "");
    const res = spawnSync(process.execPath, [join(ROOT, "node_modules/.bin/ts-node"), "--transpile-only", join(ROOT, "inventory/rotation.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PULUMI_CONFIG: "", PULUMI_CONFIG_SECRET_KEYS: "", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr, output: readFileSync(output, "utf8"), summary: readFileSync(summary, "utf8"), dir };
}

describe("npm run rotation (the daily rotation workflow's check)", function () {
    this.timeout(120_000);

    it("due when a generated secret's period rolled over since the deployed state, or an external key reached its date", () => {
        const planned = [schedule("webhookSecret", "2026-12-27"), schedule("cronSecret", "2026-12-27")];
        assert.deepStrictEqual(rotationDue("staging", planned, planned, [key("ok")]).due, false);
        const rolled = rotationDue("staging", [schedule("webhookSecret", "2026-09-28"), schedule("cronSecret", "2026-12-27")], planned, [key("ok")]);
        assert.deepStrictEqual([rolled.due, rolled.rotations], [true, [{ name: "webhookSecret", deployed: "2026-09-28", rotatedAt: "2026-12-27" }]]);
        assert.strictEqual(rotationDue("staging", null, planned, []).due, true, "never deployed");
        const keyDue = rotationDue("production", planned, planned, [key("due")]);
        assert.strictEqual(keyDue.due, true);
        assert.match(
            renderReport(keyDue),
            /external key `resendApiKey` is due \(due 2026-10-28, rotated 2026-05-01\)[\s\S]*1\. create the new key[\s\S]*pulumi config set --secret app-platform:resendApiKey --stack production[\s\S]*3\. after the merge's `pulumi up`, test the app[\s\S]*4\. revoke the old key/,
        );
    });

    it("reads the deployed outputs, evaluates the stack at the clock, and tells the workflow (due=true|false, and a summary)", () => {
        const deployed = join(mkdtempSync(join(tmpdir(), "deployed-")), "deployed.json");
        writeFileSync(
            deployed,
            JSON.stringify({ environment: "staging", generatedSecrets: [schedule("webhookSecret", "2026-09-28"), schedule("cronSecret", "2026-09-28")] }),
        );
        const quiet = rotation("--stack", "staging", "--deployed", deployed, "--now", "2026-11-22");
        assert.strictEqual(quiet.code, 0, quiet.stderr);
        assert.strictEqual(quiet.output, "due=false\n");
        const rolled = rotation("--stack", "staging", "--deployed", deployed, "--now", "2026-12-28");
        assert.strictEqual(rolled.output, "due=true\n");
        assert.match(rolled.summary, /generated secret `webhookSecret`: deployed value from 2026-09-28, the period from 2026-12-27 starts now/);
    });

    it("bad input: a missing outputs file, a bad date exit 2; a broken file exits 1; each says what to do", () => {
        const bad = join(mkdtempSync(join(tmpdir(), "deployed-")), "deployed.json");
        writeFileSync(bad, "not json");
        for (const [args, message, code] of [
            [
                ["--stack", "staging", "--deployed", "/nonexistent/deployed.json"],
                /--deployed \/nonexistent\/deployed\.json: no such file; write it with: pulumi stack output --json --stack staging >/,
                2,
            ],
            [["--stack", "staging", "--deployed", bad], /not JSON; write it with: pulumi stack output --json --stack staging >/, 1],
            [["--stack", "staging", "--deployed", bad, "--now", "tomorrow"], /--now "tomorrow": not a date; use YYYY-MM-DD/, 2],
            [["--deployed", bad], /--stack is required/, 2],
        ] as const) {
            const r = rotation(...args);
            assert.strictEqual(r.code, code, r.stderr);
            assert.match(r.stderr, message);
            assert.strictEqual(r.output, "", "tells the workflow nothing");
        }
    });
});
