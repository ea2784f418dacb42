import * as assert from "assert";
import { nextRuns, scheduleProblem } from "../../stacks/areas/crons";
import { configErrors, issueFor, load } from "../helpers";

// Seed 002's table, "Cron Jobs to Configure in Vercel" (18 jobs).
const SEED_002_JOBS: Record<string, string> = {
    "process-opportunity-offers": "0 8 * * *",
    "check-stale-opportunities": "0 9 * * *",
    "process-promotion-deliveries": "*/30 * * * *",
    "schedule-birthday-promotions": "0 6 * * *",
    "schedule-anniversary-promotions": "0 6 * * *",
    "send-review-requests": "0 */6 * * *",
    "sync-google-reviews": "0 2 * * *",
    "process-loyalty-tier-upgrades": "0 3 * * *",
    "award-birthday-points": "0 0 * * *",
    "award-anniversary-points": "0 0 * * *",
    "calculate-daily-metrics": "0 1 * * *",
    "generate-weekly-report": "0 4 * * 1",
    "check-system-health": "*/15 * * * *",
    "cleanup-old-notifications": "0 2 * * 0",
    "cleanup-old-logs": "0 3 * * 0",
    "cleanup-expired-sessions": "0 4 * * *",
    "archive-old-opportunities": "0 5 * * 0",
    "generate-scheduled-reports": "0 6 * * *",
};

describe("cron jobs", () => {
    it("accepts 5-field expressions and explains the rest", () => {
        assert.strictEqual(scheduleProblem("*/15 * * * *"), undefined);
        assert.match(scheduleProblem("* * * *")!, /not a 5-field cron expression/);
        assert.match(scheduleProblem("0 0 * * * *")!, /not a 5-field cron expression/);
        assert.match(scheduleProblem("@daily")!, /not a 5-field cron expression/);
        assert.match(scheduleProblem("61 * * * *")!, /does not parse: .*0-59/);
    });

    it("computes the next runs in UTC", () => {
        assert.deepStrictEqual(nextRuns("0 2 * * *", new Date("2026-11-22T03:00:00+05:30")), [
            "2026-11-22T02:00:00.000Z",
            "2026-11-23T02:00:00.000Z",
            "2026-11-24T02:00:00.000Z",
        ]);
    });

    it("the seed-002 fixture declares all 18 jobs with the seed's schedules, POSTing to /api/cron/execute/<job>", () => {
        const jobs = load("dirtfree").cronJobs;
        assert.deepStrictEqual(Object.fromEntries(jobs.map((j) => [j.name, j.schedule])), SEED_002_JOBS);
        assert.ok(jobs.every((j) => j.method === "POST" && j.path === `/api/cron/execute/${j.name}` && j.enabled));
    });

    it("the flagship carries seed 000's email-retry job, slowed to hourly in staging", () => {
        const [prod] = load("production").cronJobs;
        assert.deepStrictEqual([prod.name, prod.schedule, prod.method, prod.path], ["retry-emails", "*/15 * * * *", "GET", "/api/cron/retry-emails"]);
        assert.strictEqual(load("staging").cronJobs[0].schedule, "0 * * * *");
    });

    it("lets a stack disable a job through an override", () => {
        const jobs = load("dirtfree", (c) => (c["app-platform:crons"].overrides = { "sync-google-reviews": { enabled: false } })).cronJobs;
        assert.strictEqual(jobs.find((j) => j.name === "sync-google-reviews")?.enabled, false);
    });

    describe("bad input", () => {
        it("names the job whose expression does not parse", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:crons"].jobs = [{ name: "nightly-report", schedule: "0 25 * * *" }])));
            assert.match(issueFor(err, "app-platform:crons.jobs[0].schedule"), /job nightly-report: "0 25 \* \* \*" does not parse/);
        });

        it("names the override that breaks a preset job's schedule", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:crons"].overrides["retry-emails"].schedule = "every hour")));
            assert.match(
                issueFor(err, "app-platform:crons.overrides.retry-emails.schedule"),
                /job retry-emails: "every hour" is not a 5-field cron expression/,
            );
        });

        it("rejects a path without a leading slash", () => {
            const err = configErrors(() =>
                load("staging", (c) => (c["app-platform:crons"].jobs = [{ name: "sitemap", schedule: "0 3 * * *", path: "api/cron/sitemap" }])),
            );
            assert.match(issueFor(err, "app-platform:crons.jobs[0].path"), /a path starting with \//);
        });

        it("rejects a duplicate job name, pointing at overrides for preset jobs", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:crons"].jobs = [{ name: "retry-emails", schedule: "0 3 * * *" }])));
            assert.match(
                issueFor(err, "app-platform:crons.jobs[0]"),
                /duplicate job name "retry-emails" \(already declared at app-platform:crons.presets\[0\].*use app-platform:crons.overrides.retry-emails/,
            );
        });

        it("rejects an unknown preset and an override of a job that does not exist", () => {
            const err = configErrors(() =>
                load("staging", (c) => {
                    c["app-platform:crons"].presets = ["ecoo", "dirt-free"];
                    c["app-platform:crons"].overrides = { "retry-email": { enabled: false } };
                }),
            );
            assert.match(issueFor(err, "app-platform:crons.presets[1]"), /unknown preset "dirt-free"; available: ecoo, dirt-free-crm/);
            assert.match(issueFor(err, "app-platform:crons.overrides.retry-email"), /no job named "retry-email"/);
        });

        it("requires the cron secret to be a generated secret", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:crons"].secret = "jobSecret")));
            assert.match(issueFor(err, "app-platform:crons.secret"), /"jobSecret" is not declared under app-platform:secrets.generated/);
        });
    });
});
