// Composes one environment from its validated config: secrets → env vars → hosting project.
import * as pulumi from "@pulumi/pulumi";
import { BackupBucket } from "../components/backupBucket";
import { CronSchedules } from "../components/cronSchedules";
import { Dns } from "../components/dns";
import { HostingProject } from "../components/hostingProject";
import { Migrations } from "../components/migrations";
import { Redis } from "../components/redis";
import type { MigrationSet } from "../providers/migrations/files";
import { RotatingSecret } from "../components/rotatingSecret";
import { RazorpayWebhook } from "../components/razorpayWebhook";
import { ResendDomain } from "../components/resendDomain";
import { ResendWebhook } from "../components/resendWebhook";
import { StripeWebhook } from "../components/stripeWebhook";
import { TwilioWebhook } from "../components/twilioWebhook";
import { STRIPE_API_VERSION } from "../providers/webhooks/stripe";
import { StackConfig } from "./config";
import { previousName } from "./features/env";
import { nextRuns } from "./crons";
import { envContract, SourceValue } from "./envContract";
import { EMAIL_KEYS, PAYMENT_KEYS } from "./keyFormats";
import { StackOutputExports } from "./outputs";

export function buildStack(cfg: StackConfig, migrationFiles?: MigrationSet): StackOutputExports {
    for (const warning of cfg.warnings) pulumi.log.warn(warning);
    const secret = (name: string) => pulumi.secret(cfg.externalValues[name].reveal());

    const generated = Object.entries(cfg.secrets.generated).map(
        ([name, g]) =>
            [name, new RotatingSecret(`${cfg.name}-${name}`, { ...g, anchor: g.anchor ?? cfg.secrets.anchor, now: cfg.now })] as const,
    );

    const values: Record<string, SourceValue> = { "site.url": { value: cfg.siteUrl } };
    if (cfg.email) values["email.from"] = { value: cfg.email.from };
    if (cfg.payments) {
        values["payments.publicKey"] = { value: cfg.payments.publicKey };
        values["payments.secretKey"] = { value: secret(PAYMENT_KEYS[cfg.payments.provider].secretName) };
    }
    for (const [name, s] of generated) values[`generated.${name}`] = { value: s.current, previous: s.previous };
    for (const name of Object.keys(cfg.secrets.external)) values[`external.${name}`] = { value: secret(name) };

    const protect = cfg.environment === "production";
    const redis = cfg.redis && new Redis(`${cfg.name}-redis`, { ...cfg.redis, databaseName: `${cfg.name}-${cfg.stack}`, protect });
    if (redis) {
        values["redis.url"] = { value: redis.url };
        values["redis.restUrl"] = { value: redis.restUrl };
        values["redis.restToken"] = { value: redis.restToken };
        values["redis.readOnlyRestToken"] = { value: redis.readOnlyRestToken };
    }

    const stripeHook = cfg.webhooks?.stripe;
    const stripeWebhook = stripeHook && cfg.payments && new StripeWebhook(`${cfg.name}-stripe-webhook`, {
        apiKey: secret(PAYMENT_KEYS[cfg.payments.provider].secretName),
        apiBaseUrl: stripeHook.apiBaseUrl,
        url: `${cfg.siteUrl}${stripeHook.path}`,
        events: stripeHook.events,
        description: stripeHook.description ?? `${cfg.name} ${cfg.stack} (app-platform)`,
        metadata: { app: cfg.name, stack: cfg.stack, ...stripeHook.metadata },
        apiVersion: stripeHook.apiVersion ?? STRIPE_API_VERSION,
        connect: stripeHook.connect,
        protect,
    });
    if (stripeWebhook) values["webhooks.stripe.secret"] = { value: stripeWebhook.secret };

    const razorpayHook = cfg.webhooks?.razorpay;
    const razorpaySecret = razorpayHook && generated.find(([name]) => name === razorpayHook.secret)![1].current;
    const razorpayWebhook = razorpayHook && cfg.payments && new RazorpayWebhook(`${cfg.name}-razorpay-webhook`, {
        mode: razorpayHook.mode,
        oauthToken: razorpayHook.oauthTokenSecret ? secret(razorpayHook.oauthTokenSecret) : undefined,
        secretCommand: `pulumi stack output razorpayWebhookSecret --show-secrets --stack ${cfg.stack}`,
        keyId: cfg.payments.publicKey,
        keySecret: secret(PAYMENT_KEYS[cfg.payments.provider].secretName),
        accountId: razorpayHook.accountId,
        apiBaseUrl: razorpayHook.apiBaseUrl,
        url: `${cfg.siteUrl}${razorpayHook.path}`,
        events: razorpayHook.events,
        alertEmail: razorpayHook.alertEmail,
        secret: razorpaySecret!,
        protect,
    });

    const resendCfg = cfg.webhooks?.resend;
    const resendKey = () => secret(EMAIL_KEYS.resend.secretName);
    const resendWebhook = resendCfg?.webhook && new ResendWebhook(`${cfg.name}-resend-webhook`, {
        apiKey: resendKey(),
        apiBaseUrl: resendCfg.apiBaseUrl,
        endpoint: `${cfg.siteUrl}${resendCfg.webhook.path}`,
        events: resendCfg.webhook.events,
        protect,
    });
    if (resendWebhook) values["webhooks.resend.secret"] = { value: resendWebhook.secret };

    const twilioHook = cfg.webhooks?.twilio;
    const twilioWebhook = twilioHook && new TwilioWebhook(`${cfg.name}-twilio-webhook`, {
        accountSid: twilioHook.accountSid,
        authToken: secret(twilioHook.authTokenSecret),
        apiBaseUrl: twilioHook.apiBaseUrl,
        messagingApiBaseUrl: twilioHook.messagingApiBaseUrl,
        phoneNumber: twilioHook.phoneNumber,
        smsUrl: `${cfg.siteUrl}${twilioHook.path}`,
        smsMethod: twilioHook.method,
        smsFallbackUrl: twilioHook.fallbackPath && `${cfg.siteUrl}${twilioHook.fallbackPath}`,
        statusCallback: twilioHook.statusCallbackPath && `${cfg.siteUrl}${twilioHook.statusCallbackPath}`,
        protect,
    });

    const environment = envContract(cfg, values);
    const hosting = new HostingProject(cfg.name, {
        hosting: cfg.hosting,
        primaryDomain: cfg.domains.primary,
        redirectDomains: cfg.domains.redirects,
        zoneId: cfg.dns?.zoneId,
        environment,
        protect,
    });

    if (cfg.crons) {
        const secret = generated.find(([name]) => name === cfg.crons!.secret)![1];
        new CronSchedules(`${cfg.name}-cron`, { siteUrl: cfg.siteUrl, jobs: cfg.cronJobs, secret: secret.current }, { dependsOn: [hosting] });
    }
    const backups = cfg.backups && new BackupBucket(`${cfg.name}-backups`, {
        ...cfg.backups,
        bucketName: cfg.backups.bucketName ?? `${cfg.name}-${cfg.stack}-backups`,
        region: cfg.backups.region!, // resolved (backups.region or aws:region) by the config check
        protect,
    });
    const m = cfg.migrations;
    const migrations = m && migrationFiles && new Migrations(
        `${cfg.name}-migrations`,
        {
            set: migrationFiles,
            databaseUrl: secret(m.databaseUrlSecret),
            schema: m.schema,
            lockTimeout: m.lockTimeout,
            statementTimeout: m.statementTimeout,
            lockWaitMs: m.lockWaitSeconds * 1000,
            acceptChecksums: m.acceptChecksums,
            outOfOrder: m.outOfOrder,
            baseline: m.baseline ?? null,
            rollbackTo: m.rollbackTo ?? null,
            supabaseInterop: m.supabaseInterop,
            backup: backups && m.backup
                ? { bucket: backups.bucketName, region: backups.region, stack: cfg.stack, format: m.backupFormat }
                : null,
            appliedBy: `pulumi up (stack ${cfg.stack})`,
            protect,
        },
        { dependsOn: backups ? [backups] : [] },
    );
    const dns = cfg.dns && new Dns(
        `${cfg.name}-dns`,
        {
            zoneId: cfg.dns.zoneId,
            records: cfg.dnsRecords,
            protect,
            resolved: { "pages-subdomain": hosting.defaultHost },
        },
        { dependsOn: [hosting] },
    );
    const sendingDomain = cfg.dns?.email?.domain ?? cfg.email?.from.split("@")[1];
    const resendDomain = resendCfg?.domain && sendingDomain && new ResendDomain(`${cfg.name}-resend-domain`, {
        apiKey: resendKey(),
        apiBaseUrl: resendCfg.apiBaseUrl,
        name: sendingDomain,
        zone: cfg.dns?.zone,
        region: resendCfg.domain.region,
        returnPath: cfg.dns?.email?.returnPath,
        dkimRecords: resendCfg.domain.dkimRecords,
        dns: dns ? dns.adapter : undefined,
        protect,
    });
    const emailDomainStatus = resendDomain ? resendDomain.status : null;

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
        redis: redis ? pulumi.output({ restUrl: redis.restUrl, databaseId: redis.databaseId }) : null,
        redisRestToken: redis ? redis.restToken : null,
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
            stripeEndpointId: stripeWebhook ? stripeWebhook.endpointId : null,
            razorpayWebhookId: razorpayWebhook ? razorpayWebhook.webhookId : null,
            twilioNumberSid: twilioWebhook ? twilioWebhook.numberSid : null,
            resendWebhookId: resendWebhook ? resendWebhook.webhookId : null,
        }),
        razorpayWebhookSecret: razorpayHook?.mode === "dashboard" && razorpaySecret ? pulumi.secret(razorpaySecret) : null,
        emailDomainStatus,
    };
}
