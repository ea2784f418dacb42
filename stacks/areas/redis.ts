// Upstash Redis: read regions apart from the primary; its URLs and tokens as env sources.
import { Redis } from "../../components/redis";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import { physicalName } from "../../shared/naming";
import type { CoreConfig } from "../schema";
import * as pulumi from "@pulumi/pulumi";
import type { Area } from "../area";

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

export function buildRedis({ cfg, protect }: BuildContext): Redis | undefined {
    if (!cfg.redis) return undefined;
    return new Redis(`${cfg.name}-redis`, { ...cfg.redis, databaseName: physicalName(cfg.name, cfg.stack), protect });
}

function redisValues(redis: Redis): Record<string, SourceValue> {
    return {
        "redis.url": { value: redis.url },
        "redis.restUrl": { value: redis.restUrl },
        "redis.restToken": { value: redis.restToken },
        "redis.readOnlyRestToken": { value: redis.readOnlyRestToken },
    };
}

export const redisArea: Area = {
    sources: ({ cfg }) => redisSources(cfg),
    check: checkRedis,
    before: (state) => ({ redis: buildRedis(state) }),
    values: ({ redis }) => (redis ? redisValues(redis) : {}),
    outputs: ({ redis }) => ({
        redis: redis ? pulumi.output({ restUrl: redis.restUrl, databaseId: redis.databaseId }) : null,
        redisRestToken: redis ? redis.restToken : null,
    }),
};
