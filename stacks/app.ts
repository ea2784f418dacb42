// Composes one environment from its validated config: each feature builds its part (stacks/features/),
// in the order their dependencies ask: secrets and services first, then the app that reads them as
// env vars, then what points at the app (schedules, DNS, the sending domain).
import * as pulumi from "@pulumi/pulumi";
import type { MigrationSet } from "../providers/migrations/files";
import { buildContext } from "./buildContext";
import { envContract } from "./envContract";
import type { StackConfig } from "./feature";
import { buildBackups } from "./features/backups";
import { buildCrons, nextRuns } from "./features/crons";
import { buildDns } from "./features/dns";
import { emailValues } from "./features/email";
import { previousName } from "./features/env";
import { buildHosting, hostingValues } from "./features/hosting";
import { buildMigrations } from "./features/migrations";
import { paymentValues } from "./features/payments";
import { buildRazorpay } from "./features/razorpay";
import { buildRedis } from "./features/redis";
import { buildResendDomain, buildResendWebhook } from "./features/resend";
import { buildGeneratedSecrets, secretValues } from "./features/secrets";
import { buildStripe } from "./features/stripe";
import { buildTwilio } from "./features/twilio";
import { StackOutputExports } from "./outputs";

export function buildStack(cfg: StackConfig, migrationFiles?: MigrationSet): StackOutputExports {
    for (const warning of cfg.warnings) pulumi.log.warn(warning);
    const ctx = buildContext(cfg);

    const generated = buildGeneratedSecrets(ctx);
    const redis = buildRedis(ctx);
    const stripe = buildStripe(ctx);
    const razorpay = buildRazorpay(ctx, generated);
    const resendWebhook = buildResendWebhook(ctx);
    const twilio = buildTwilio(ctx);

    // Every env source's value, from the feature that provides it (the config checked the names).
    const environment = envContract(cfg, {
        ...hostingValues(ctx),
        ...emailValues(ctx),
        ...paymentValues(ctx),
        ...secretValues(ctx, generated),
        ...redis.values,
        ...stripe.values,
        ...resendWebhook.values,
    });
    const hosting = buildHosting(ctx, environment);

    buildCrons(ctx, generated, hosting);
    const backups = buildBackups(ctx);
    const migrations = buildMigrations(ctx, migrationFiles, backups);
    const dns = buildDns(ctx, hosting);
    const resendDomain = buildResendDomain(ctx, dns?.adapter);

    return {
        environment: cfg.environment,
        siteUrl: cfg.siteUrl,
        hosting: pulumi.output({
            provider: hosting.provider,
            projectId: hosting.projectId,
            projectName: hosting.projectName,
            productionBranch: hosting.productionBranch,
            defaultHost: hosting.defaultHost,
        }),
        domains: hosting.domains,
        envVars: hosting.envVarNames,
        envContract: environment.map(({ name, targets, secret, source }) => ({ name, targets: [...targets], secret, source })),
        generatedSecrets: generated.map(([name, s]) => ({
            name,
            envVars: Object.entries(cfg.env)
                .filter(([, v]) => v.from === `generated.${name}`)
                .flatMap(([n]) => [n, previousName(n)]),
            rotationDays: s.rotationDays,
            rotatedAt: s.rotatedAt,
            nextRotation: s.nextRotation,
        })),
        externalKeys: cfg.externalKeys,
        redis: redis.redis ? pulumi.output({ restUrl: redis.redis.restUrl, databaseId: redis.redis.databaseId }) : null,
        redisRestToken: redis.redis ? redis.redis.restToken : null,
        crons: cfg.cronJobs.map((job) => ({
            job: job.name,
            cron: job.schedule,
            url: `${cfg.siteUrl}${job.path}`,
            method: job.method,
            enabled: job.enabled,
            nextRuns: job.enabled ? nextRuns(job.schedule, cfg.now) : [],
        })),
        backups: backups
            ? pulumi.output({
                  bucketName: backups.bucketName,
                  bucketArn: backups.bucketArn,
                  region: backups.region,
                  writerRoleArn: backups.writerRoleArn ?? null,
                  writerUserName: backups.writerUserName ?? null,
              })
            : null,
        dnsRecords: cfg.dnsRecords.map(({ name, type, content }) => ({ name, type, content })),
        schemaVersion: migrations ? migrations.schemaVersion : null,
        webhooks: pulumi.output({
            stripeEndpointId: stripe.webhook ? stripe.webhook.endpointId : null,
            razorpayWebhookId: razorpay.webhook ? razorpay.webhook.webhookId : null,
            twilioNumberSid: twilio ? twilio.numberSid : null,
            resendWebhookId: resendWebhook.webhook ? resendWebhook.webhook.webhookId : null,
        }),
        razorpayWebhookSecret: razorpay.secretToPaste,
        emailDomainStatus: resendDomain ? resendDomain.status : null,
    };
}
