// Backend services (seeds 003 and 004): an API from a container image at its own host, on ECS Fargate
// behind a load balancer or on Cloud Run. Their URLs are env sources; their env reads the same
// sources as the app's; their hosts' records (and certificate validation) are planned in the zone.
import * as pulumi from "@pulumi/pulumi";
import { ApiService } from "../../components/apiService";
import type { DnsAdapter, DnsRecordSpec } from "../../components/dns";
import type { ServiceAlarms } from "../../components/serviceAdapter";
import { logs } from "../sections/monitoring";
import type { BuildContext } from "../buildContext";
import { envContract, SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import { physicalName } from "../../shared/naming";
import type { ServiceEntry } from "../outputs";
import type { CoreConfig, ServiceConfig } from "../schema";
import { checkEnvEntry } from "../checks";
import type { Area, BuiltAtlas, BuiltServices } from "../area";

const KEY = `${NAMESPACE}:services`;
/** Cloud Run serves a mapped subdomain once its CNAME points here (cloud.google.com/run/docs/mapping-custom-domains). */
export const CLOUD_RUN_CNAME = "ghs.googlehosted.com";
/** The certificate authority each platform's managed certificates come from (CAA `issue` values). */
const PLATFORM_CAS: Record<ServiceConfig["platform"], string[]> = {
    "aws-ecs": ["amazon.com"], // ACM (docs.aws.amazon.com/acm/latest/userguide/setup-caa.html)
    "cloud-run": ["pki.goog", "letsencrypt.org"], // Google-managed certificates
};
/** Names the platform sets itself and refuses in a service's env (Cloud Run: container runtime contract). */
const RESERVED_ENV: Record<ServiceConfig["platform"], string[]> = {
    "aws-ecs": [],
    "cloud-run": ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"],
};
/** Fargate's memory (MiB) per CPU size: [min, max]; steps of 1024 above 1024 (docs: task size). */
const FARGATE_MEMORY: Record<number, [number, number]> = { 256: [512, 2048], 512: [1024, 4096], 1024: [2048, 8192], 2048: [4096, 16384], 4096: [8192, 30720] };

export function serviceSources(cfg: CoreConfig): Sources {
    return Object.fromEntries(Object.entries(cfg.services).map(([name, s]) => [`services.${name}.url`, { secret: false, description: `https://${s.host}` }]));
}

export function serviceValues(cfg: CoreConfig): Record<string, SourceValue> {
    return Object.fromEntries(Object.entries(cfg.services).map(([name, s]) => [`services.${name}.url`, { value: `https://${s.host}` }]));
}

function fargateMemoryOk(cpu: number, memory: number): boolean {
    const [min, max] = FARGATE_MEMORY[cpu];
    if (memory < min || memory > max) return false;
    return cpu === 256 ? [512, 1024, 2048].includes(memory) : memory % 1024 === 0;
}

/**
 * Cloud Run's memory per CPU (cloud.google.com/run/docs/configuring/services/memory-limits and
 * .../cpu): at most 4Gi for 1 CPU, 8Gi for 2, 16Gi for 4, 24Gi for 6, 32Gi for 8; at least 2Gi
 * for 4 CPUs and 4Gi for 6 or 8; never below 128Mi.
 */
const CLOUD_RUN_MEMORY_MIB: Record<string, [number, number]> = {
    "1": [128, 4096],
    "2": [128, 8192],
    "4": [2048, 16384],
    "6": [4096, 24576],
    "8": [4096, 32768],
};

function checkCloudRunSize(issues: CheckContext["issues"], key: string, cpu: string, memory: string): void {
    const mib = Number.parseInt(memory, 10) * (memory.endsWith("Gi") ? 1024 : 1);
    const [min, max] = CLOUD_RUN_MEMORY_MIB[cpu];
    const size = (m: number) => (m % 1024 === 0 ? `${m / 1024}Gi` : `${m}Mi`);
    if (mib < min || mib > max) {
        issues.push({
            key: `${key}.memory`,
            message: `${memory} does not fit ${cpu} CPU on Cloud Run: use ${size(min)} to ${size(max)}${mib > max ? `, or more CPU` : ""}`,
        });
    }
}

export function checkServices(ctx: CheckContext, sources: Sources): void {
    const { cfg, issues } = ctx;
    const hosts = new Map<string, string>();
    for (const [name, s] of Object.entries(cfg.services)) {
        const key = `${KEY}.${name}`;
        if (!cfg.dns)
            issues.push({
                key: `${key}.host`,
                message: `${s.host} needs the stack's Cloudflare zone (its record and certificate validation live there): configure app-platform:dns`,
            });
        if (s.host === cfg.domains.primary || cfg.domains.redirects.includes(s.host))
            issues.push({
                key: `${key}.host`,
                message: `${s.host} is the app's own domain; give the service a host of its own, e.g. api.${cfg.domains.primary}`,
            });
        if (hosts.has(s.host)) issues.push({ key: `${key}.host`, message: `${s.host} is also the host of services.${hosts.get(s.host)}` });
        hosts.set(s.host, name);
        if (/:latest$/.test(s.image))
            issues.push({
                key: `${key}.image`,
                message: "the tag latest names no particular build, so a new one would never deploy: use a version tag or a digest (@sha256:…)",
            });
        if (s.instances.min > s.instances.max)
            issues.push({ key: `${key}.instances.min`, message: `${s.instances.min} is above instances.max (${s.instances.max})` });
        if (s.platform === "aws-ecs") {
            if (s.instances.min < 1)
                issues.push({
                    key: `${key}.instances.min`,
                    message: "an ECS service behind a load balancer keeps at least 1 task (Cloud Run can scale to zero)",
                });
            if (!fargateMemoryOk(s.cpu, s.memoryMiB)) {
                const [min, max] = FARGATE_MEMORY[s.cpu];
                issues.push({
                    key: `${key}.memoryMiB`,
                    message: `${s.memoryMiB} MiB does not fit ${s.cpu} CPU units on Fargate: use ${s.cpu === 256 ? "512, 1024 or 2048" : `${min} to ${max} in steps of 1024`}`,
                });
            }
        }
        if (s.platform === "cloud-run") checkCloudRunSize(issues, key, s.cpu, s.memory);
        for (const [envName, v] of Object.entries(s.env)) {
            if (RESERVED_ENV[s.platform].includes(envName)) {
                issues.push({
                    key: `${key}.env.${envName}`,
                    message: `${s.platform} sets ${envName} itself${envName === "PORT" ? ` (to the service's port, ${s.port})` : ""}; remove it`,
                });
                continue;
            }
            checkEnvEntry(ctx, sources, `${key}.env`, envName, v, s.env);
        }
    }
    // A zone's CAA records must let each platform's certificate authority issue for the service hosts.
    const caa = cfg.dns?.caa;
    if (caa) {
        for (const platform of new Set(Object.values(cfg.services).map((s) => s.platform))) {
            const missing = PLATFORM_CAS[platform].filter((ca) => !caa.includes(ca));
            if (missing.length > 0)
                issues.push({
                    key: `${NAMESPACE}:dns.caa`,
                    message: `${platform} certificates come from ${PLATFORM_CAS[platform].join(" and ")}; the zone's CAA does not allow ${missing.join(", ")}: add it`,
                });
        }
    }
}

/** The zone's records for each service host: Cloud Run's CNAME is known; ECS publishes the load balancer and ACM's validation record. */
function serviceRecords(name: string, s: ServiceConfig): DnsRecordSpec[] {
    if (s.platform === "cloud-run") {
        return [{ name: s.host, type: "CNAME", content: CLOUD_RUN_CNAME, proxied: false, purpose: `services.${name} → Cloud Run domain mapping` }];
    }
    const publishedBy = `service-${name}`;
    return [
        { name: s.host, type: "CNAME", content: "(the load balancer's DNS name)", publishedBy, proxied: false, purpose: `services.${name} → load balancer` },
        {
            name: `_acm-validation.${s.host}`,
            type: "CNAME",
            content: "(name and value from ACM)",
            publishedBy,
            proxied: false,
            purpose: `ACM validation for ${s.host}`,
        },
    ];
}

/** Without monitoring, the logs section's default (one table: sections/monitoring.ts). */
const DEFAULT_LOG_DAYS = logs.parse(undefined).retentionDays;

/** The services' metric alarms, with monitoring: its thresholds, objective and alert addresses. */
function serviceAlarms(cfg: CoreConfig): ServiceAlarms | undefined {
    const m = cfg.monitoring;
    if (!m) return undefined;
    const { database: _database, ...service } = m.alarms;
    return { ...service, availabilityPercent: m.availability.objectivePercent, emails: m.alerts.email };
}

/** After the zone (certificates validate through it): one ApiService per declared service. */
export function buildServices(
    ctx: BuildContext,
    values: Record<string, SourceValue>,
    dns: DnsAdapter | undefined,
    atlas: BuiltAtlas | undefined,
): BuiltServices {
    const { cfg, protect } = ctx;
    const live: pulumi.Resource[] = [];
    const outputs: Record<string, pulumi.Output<ServiceEntry>> = {};
    for (const [name, s] of Object.entries(cfg.services)) {
        const env = envContract(cfg, values, s.env);
        const service = new ApiService(`${cfg.name}-${name}`, {
            physicalName: physicalName(cfg.name, cfg.stack, name),
            image: s.image,
            port: s.port,
            host: s.host,
            healthPath: s.healthPath,
            command: s.command,
            env: env.map(({ name: n, secret, value }) => ({ name: n, secret, value })),
            preStart: s.preStart,
            beforeDeploy: atlas?.beforeDeploy && ((deploy, parent) => atlas.beforeDeploy!(name, deploy, parent)),
            instances: s.instances,
            platform:
                s.platform === "aws-ecs"
                    ? {
                          kind: "aws-ecs",
                          cpu: s.cpu,
                          memoryMiB: s.memoryMiB,
                          ...s.network,
                          cpuTargetPercent: s.cpuTargetPercent,
                          stickySessions: s.stickySessions,
                          waf: s.waf.enabled && { requestsPer5Minutes: s.waf.requestsPer5Minutes },
                          securityHeaders: s.securityHeaders,
                      }
                    : {
                          kind: "cloud-run",
                          project: s.project,
                          region: s.region,
                          cpu: s.cpu,
                          memory: s.memory,
                          concurrency: s.concurrency,
                          vertexAi: s.vertexAi,
                      },
            dns: dns!, // the config requires app-platform:dns with services
            protect,
            alarms: serviceAlarms(cfg),
            logRetentionDays: cfg.monitoring?.logs.retentionDays ?? DEFAULT_LOG_DAYS,
        });
        live.push(...service.live);
        outputs[name] = pulumi.output({
            platform: s.platform,
            url: service.url,
            endpoint: service.endpoint,
            image: s.image,
            instances: s.instances,
            healthPath: s.healthPath,
            env: env.map(({ name: n, secret, source }) => ({ name: n, secret, source })),
            secretStore: service.secretStore,
        });
    }
    return { live, outputs: pulumi.output(outputs) };
}

export const servicesArea: Area = {
    sources: ({ cfg }) => serviceSources(cfg),
    resolve: ({ cfg }) => ({
        serviceDns: Object.entries(cfg.services).map(([name, s]) => ({
            host: s.host,
            key: `${KEY}.${name}.host`,
            records: serviceRecords(name, s),
            certificateAuthorities: PLATFORM_CAS[s.platform],
        })),
    }),
    check: (ctx) => checkServices(ctx, ctx.sources),
    values: ({ cfg }) => serviceValues(cfg),
    // The services read the same sources as the app; their certificates validate through the zone.
    app(state) {
        const services = buildServices(state, state.values, state.dns?.adapter, state.atlas);
        return { services, live: [...state.live, ...services.live] };
    },
    outputs: ({ services }) => ({ services: services!.outputs }),
};
