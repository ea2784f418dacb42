// Upstash Redis: read regions apart from the primary; its URLs and tokens as env sources.
import { Redis } from "../../components/redis";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, physicalName, Sources } from "../feature";
import type { CoreConfig } from "../schema";

export function redisSources(cfg: CoreConfig): Sources {
    if (!cfg.redis) return {};
    return {
        "redis.url": { secret: true, description: "rediss://default:<password>@<endpoint>:<port>" },
        "redis.restUrl": { secret: false, description: "Upstash REST endpoint" },
        "redis.restToken": { secret: true, description: "Upstash REST token" },
        "redis.readOnlyRestToken": { secret: true, description: "Upstash read-only REST token" },
    };
}

export function checkRedis({ cfg, issues }: CheckContext): void {
    const redis = cfg.redis;
    if (!redis) return;
    redis.readRegions.forEach((region, i) => {
        if (region === redis.primaryRegion)
            issues.push({ key: `${NAMESPACE}:redis.readRegions[${i}]`, message: `${region} is the primary region; read regions are the others` });
        else if (redis.readRegions.indexOf(region) !== i) issues.push({ key: `${NAMESPACE}:redis.readRegions[${i}]`, message: `repeats ${region}` });
    });
}

export function buildRedis({ cfg, protect }: BuildContext): { redis?: Redis; values: Record<string, SourceValue> } {
    if (!cfg.redis) return { values: {} };
    const redis = new Redis(`${cfg.name}-redis`, { ...cfg.redis, databaseName: physicalName(cfg.name, cfg.stack), protect });
    return {
        redis,
        values: {
            "redis.url": { value: redis.url },
            "redis.restUrl": { value: redis.restUrl },
            "redis.restToken": { value: redis.restToken },
            "redis.readOnlyRestToken": { value: redis.readOnlyRestToken },
        },
    };
}
