// Composes one environment from its validated config: each feature builds its part (stacks/features/),
// in the order their dependencies ask: secrets and services first, then the app that reads them as
// env vars, then what points at the app (schedules, DNS, the sending domain).
import * as pulumi from "@pulumi/pulumi";
import type { MigrationSet } from "../providers/migrations/files";
import { buildContext } from "./buildContext";
import type { StackConfig } from "./config";
import { envContract, SourceValue } from "./envContract";
import { atlasRpo, buildAtlas } from "./features/atlas";
import { buildBackups } from "./features/backups";
import { buildCrons, nextRuns } from "./features/crons";
import { buildDns } from "./features/dns";
import { emailValues } from "./features/email";
import { previousName } from "./features/env";
import { buildHosting, hostingValues } from "./features/hosting";
import { buildMigrations } from "./features/migrations";
import { buildErrorTracking, buildMonitoring } from "./features/monitoring";
import { buildMpesaC2b } from "./features/mpesa";
import { paymentSummary, paymentValues } from "./features/payments";
import { buildRedis } from "./features/redis";
import { buildGeneratedSecrets, secretValues } from "./features/secrets";
import { buildServices, serviceValues } from "./features/services";
import { providedSources } from "./integration";
import { configured } from "./integrations";
import { INTEGRATION_OUTPUTS, IntegrationExports, IntegrationOutputs, StackOutputExports } from "./outputs";

export function buildStack(cfg: StackConfig, migrationFiles?: MigrationSet): StackOutputExports {
    for (const warning of cfg.warnings) pulumi.log.warn(warning);
    const ctx = buildContext(cfg);

    const generated = buildGeneratedSecrets(ctx);
    const secretOf = (name: string) => generated.find(([n]) => n === name)![1];
    const redis = buildRedis(ctx);
    // Before the services: their deploys wait for the database's pre-change dump into the bucket.
    const backups = buildBackups(ctx);
    const atlas = cfg.atlas && buildAtlas(ctx, secretOf(cfg.atlas.password), backups);
    const errorTracking = buildErrorTracking(ctx);
    const integrations = configured(cfg.webhooks);
    const outputs: IntegrationOutputs[] = [];
    const integrationValues: Record<string, SourceValue> = {};
    const integrationCtx = { ...ctx, generated: secretOf };
    for (const { integration, section } of integrations) {
        const built = integration.build?.(section, integrationCtx);
        if (integration.outputs) outputs.push(integration.outputs(built));
        for (const [name, source] of providedSources(integration.sources, section)) integrationValues[name] = { value: source.value(built) };
    }

    // Every env source's value, from the feature that provides it (the config checked the names).
    const values: Record<string, SourceValue> = {
        ...hostingValues(ctx),
        ...emailValues(ctx),
        ...paymentValues(ctx),
        ...secretValues(ctx, generated),
        ...redis.values,
        ...errorTracking.values,
        ...integrationValues,
        ...serviceValues(cfg),
        ...atlas?.values,
    };
    const environment = envContract(cfg, values);
    const hosting = buildHosting(ctx, environment);
    const dns = buildDns(ctx, hosting);
    // The services read the same sources; their certificates validate through the zone.
    const services = buildServices(ctx, values, dns?.adapter, atlas);
    // Signers of rotated secrets switch once the app and every service run with the new value.
    const live = [...hosting.live, ...services.live];

    const schedules = buildCrons(ctx, generated, hosting, live);
    const c2b = buildMpesaC2b(ctx, live);
    const migrations = buildMigrations(ctx, migrationFiles, backups);
    const monitoring = buildMonitoring(ctx, schedules, errorTracking.tracking);
    const published = { ...integrationCtx, dns: dns?.adapter, live };
    for (const { integration, section } of integrations) if (integration.publish) outputs.push(integration.publish(section, published));
    const integrationOutputs = outputs.reduce<IntegrationExports>(
        (all, { webhooks, ...rest }) => ({ ...all, ...rest, webhooks: { ...all.webhooks, ...webhooks } }),
        INTEGRATION_OUTPUTS,
    );

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
        monitoring: monitoring ? pulumi.output(monitoring) : null,
        services: services.outputs,
        atlas: atlas
            ? pulumi.output({
                  projectId: atlas.cluster.projectId,
                  clusterName: atlas.cluster.clusterName,
                  srvHost: atlas.cluster.srvHost,
                  currentUser: atlas.cluster.currentUser,
                  tier: cfg.atlas!.tier,
                  region: cfg.atlas!.region,
                  rpo: atlasRpo(cfg.atlas!),
              })
            : null,
        payments: cfg.payments ? pulumi.output(paymentSummary(cfg, c2b?.status)) : null,
        phonepeWebhookPassword:
            cfg.payments?.provider === "phonepe" && cfg.payments.webhook ? pulumi.secret(secretOf(cfg.payments.webhook.password).current) : null,
        ...integrationOutputs,
        webhooks: pulumi.output(integrationOutputs.webhooks),
    };
}
