import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CronSchedules } from "../../components/cronSchedules";
import { CronJob } from "../../components/cronSchedules";
import { declare, evaluate, NOW } from "../helpers";

const SCHEDULE = "upstash:index/qStashScheduleV2:QStashScheduleV2";
const jobs: CronJob[] = [
    { name: "retry-emails", schedule: "*/15 * * * *", path: "/api/cron/retry-emails", method: "GET", retries: 3, enabled: true },
    { name: "weekly-report", schedule: "0 4 * * 1", path: "/api/cron/execute/weekly-report", method: "POST", retries: 2, enabled: false },
];

describe("CronSchedules", () => {
    it("declares one QStash schedule per enabled job, calling the site with its method and retries", async () => {
        const { of } = await declare(() => new CronSchedules("cron", { siteUrl: "https://shop.example.com", jobs, secret: pulumi.secret("s3cret") }));
        const schedules = of(SCHEDULE);
        assert.deepStrictEqual(
            schedules.map((s) => [s.name, s.inputs.destination, s.inputs.cron, s.inputs.method, s.inputs.retries]),
            [["cron-retry-emails", "https://shop.example.com/api/cron/retry-emails", "*/15 * * * *", "GET", 3]],
        );
    });

    it("sends Authorization: Bearer <secret>, masked in the plan", async () => {
        const { of } = await declare(() => new CronSchedules("cron", { siteUrl: "https://shop.example.com", jobs, secret: pulumi.secret("s3cret") }));
        const [s] = of(SCHEDULE);
        assert.strictEqual(s.inputs.forwardHeaders, "[secret]");
        assert.deepStrictEqual(s.revealed.forwardHeaders, { Authorization: "Bearer s3cret" });
    });

    it("follows the rotating CRON_SECRET: a rollover changes every schedule's header in the same update", async () => {
        const header = async (now: Date) => {
            const { records } = await evaluate("dirtfree", undefined, now);
            const schedules = records.filter((r) => r.type === SCHEDULE);
            const cronSecret = records.find((r) => r.inputs.key === "CRON_SECRET")?.revealed.value;
            assert.strictEqual(schedules.length, 18);
            for (const s of schedules) assert.deepStrictEqual(s.revealed.forwardHeaders, { Authorization: `Bearer ${cronSecret}` });
            return cronSecret;
        };
        const before = await header(NOW);
        const after = await header(new Date("2027-01-01T00:00:00Z")); // past the 2026-12-27 rotation
        assert.notStrictEqual(before, after);
    });
});
