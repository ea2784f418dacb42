// Upstash Redis: read regions apart from the primary; its URLs and tokens as env sources.
import { CheckContext, NAMESPACE, Sources } from "../feature";
import type { RawStackConfig } from "../schema";

export function redisSources(cfg: RawStackConfig): Sources {
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
        if (region === redis.primaryRegion) issues.push({ key: `${NAMESPACE}:redis.readRegions[${i}]`, message: `${region} is the primary region; read regions are the others` });
        else if (redis.readRegions.indexOf(region) !== i) issues.push({ key: `${NAMESPACE}:redis.readRegions[${i}]`, message: `repeats ${region}` });
    });
}
