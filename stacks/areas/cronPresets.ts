// The seeds' scheduled jobs, as data: a stack includes a list with `crons.presets: [<name>]`.
import type { CronJobConfig } from "../schema";

const job = (name: string, schedule: string, description: string): CronJobConfig => ({ name, schedule, description });

export const CRON_PRESETS: Record<string, CronJobConfig[]> = {
    // Seed 000: the email queue's retry job (app/api/cron/retry-emails/route.ts answers GET).
    ecoo: [
        {
            name: "retry-emails",
            schedule: "*/15 * * * *",
            path: "/api/cron/retry-emails",
            method: "GET",
            retries: 3,
            description: "Retry queued emails (up to 3 attempts each)",
        },
    ],
    // Seed 002: the 18 jobs "to configure in Vercel", each POSTed to /api/cron/execute/<job>.
    "dirt-free-crm": [
        job("process-opportunity-offers", "0 8 * * *", "Opportunities: daily 8am"),
        job("check-stale-opportunities", "0 9 * * *", "Opportunities: daily 9am"),
        job("process-promotion-deliveries", "*/30 * * * *", "Promotions: every 30 min"),
        job("schedule-birthday-promotions", "0 6 * * *", "Promotions: daily 6am"),
        job("schedule-anniversary-promotions", "0 6 * * *", "Promotions: daily 6am"),
        job("send-review-requests", "0 */6 * * *", "Reviews: every 6 hours"),
        job("sync-google-reviews", "0 2 * * *", "Reviews: daily 2am"),
        job("process-loyalty-tier-upgrades", "0 3 * * *", "Loyalty: daily 3am"),
        job("award-birthday-points", "0 0 * * *", "Loyalty: daily midnight"),
        job("award-anniversary-points", "0 0 * * *", "Loyalty: daily midnight"),
        job("calculate-daily-metrics", "0 1 * * *", "Analytics: daily 1am"),
        job("generate-weekly-report", "0 4 * * 1", "Analytics: Monday 4am"),
        job("check-system-health", "*/15 * * * *", "Monitoring: every 15 min"),
        job("cleanup-old-notifications", "0 2 * * 0", "Cleanup: Sunday 2am"),
        job("cleanup-old-logs", "0 3 * * 0", "Cleanup: Sunday 3am"),
        job("cleanup-expired-sessions", "0 4 * * *", "Cleanup: daily 4am"),
        job("archive-old-opportunities", "0 5 * * 0", "Cleanup: Sunday 5am"),
        job("generate-scheduled-reports", "0 6 * * *", "Reports: daily 6am"),
    ],
};
