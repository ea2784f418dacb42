// Another team's program: reads App Platform's outputs and builds on them.
import * as pulumi from "@pulumi/pulumi";
import { readPlatform, requireSchema } from "./platform";

const config = new pulumi.Config();
const platform = readPlatform(config.require("platformStack"));

export const schemaVersion = requireSchema(platform, config.require("minSchemaVersion"));
export const environment = platform("environment");
export const healthCheckUrl = pulumi.interpolate`${platform("siteUrl")}/api/health`;
export const rateLimitEndpoint = platform("redis").apply((r) => r?.restUrl ?? null);
/** Stays a secret here too: StackReference keeps the platform's secret outputs secret. */
export const rateLimitToken = platform("redisRestToken");
export const backupBucket = platform("backups").apply((b) => b?.bucketName ?? null);
/** Whether the app can verify cron calls (the platform generates and rotates CRON_SECRET). */
export const cronProtected = platform("envVars").apply((v) => v.production.includes("CRON_SECRET"));
export const nightlyJobs = platform("crons").apply((jobs) => jobs.filter((j) => j.enabled).map((j) => `${j.job} (${j.cron} UTC)`));
