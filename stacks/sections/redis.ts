// Redis on Upstash: the global database's primary and read regions.
import { z } from "zod";

// Upstash's regions for a global database's primary and read replicas (provider docs).
export const UPSTASH_REGIONS = ["us-east-1", "us-west-1", "us-west-2", "eu-central-1", "eu-west-1", "sa-east-1", "ap-southeast-1", "ap-southeast-2"] as const;

export const redis = z
    .strictObject({
        primaryRegion: z.enum(UPSTASH_REGIONS),
        readRegions: z.array(z.enum(UPSTASH_REGIONS)).default([]),
        eviction: z.boolean().default(false),
    })
    .optional();
