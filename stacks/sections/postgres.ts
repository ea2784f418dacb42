// The app's managed PostgreSQL project (seed 001 on Neon; seeds 000, 002 and 003 on Supabase): made
// per stack, or an existing one adopted by its id; its owner's direct URL carries the migrations and
// the app role, the pooled URL the apps.
import { z } from "zod";
import { vendorUrl } from "../fieldRules";
import { externalSecretRef, pgName } from "./common";

/** Neon's regions (neon.com/docs/introduction/regions; the Azure ones are retired). */
export const NEON_REGIONS = [
    "aws-us-east-1",
    "aws-us-east-2",
    "aws-us-west-2",
    "aws-eu-central-1",
    "aws-eu-west-2",
    "aws-ap-southeast-1",
    "aws-ap-southeast-2",
    "aws-sa-east-1",
] as const;

/** Supabase's regions for a new project (the Management API's create-project region list). */
export const SUPABASE_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-east-1",
    "ap-southeast-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "eu-central-1",
    "eu-central-2",
    "ca-central-1",
    "ap-south-1",
    "sa-east-1",
] as const;

/** Supabase's compute sizes (desired_instance_size in the Management API's current document). */
export const SUPABASE_INSTANCE_SIZES = [
    "nano",
    "micro",
    "small",
    "medium",
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "24xlarge_optimized_memory",
    "24xlarge_optimized_cpu",
    "24xlarge_high_memory",
    "48xlarge",
    "48xlarge_optimized_memory",
    "48xlarge_optimized_cpu",
    "48xlarge_high_memory",
] as const;

/** How the up waits on the provider's work. */
const polling = {
    /** How often the up asks whether the provider's work on the project finished, and for how long. */
    pollSeconds: z.int().min(1).max(60).default(5),
    // At most 45: the deploy job has an hour, and a job killed mid-wait would leave a pending create.
    timeoutMinutes: z.int().min(1).max(45).default(15),
};

const neon = z.strictObject({
    provider: z.literal("neon"),
    /** The project's name in Neon (seed 001: mystic-ecom-production). */
    project: z.string().min(1).max(256),
    /** An existing project's id (Console → Settings → General): adopted as it is, never recreated. */
    projectId: z
        .string()
        .regex(/^[a-z0-9-]{1,60}$/, "a Neon project id such as cool-darkness-123456")
        .optional(),
    /** Near the users (seed 001); Neon cannot move a project. */
    region: z.enum(NEON_REGIONS),
    /** PostgreSQL's major version (seed 001: 16); Neon upgrades none in place. */
    version: z.int().min(14).max(18).default(17),
    /**
     * The point-in-time window: days of history kept (Neon's history retention), up to the plan's
     * (Free 0.25, Launch 7, Scale 30). A restore goes to any moment inside it.
     */
    historyRetentionDays: z.number().min(0).max(30).default(1),
    /** The database and its owner, made with the project (the migrations and the app role sign in as the owner). */
    database: pgName.default("neondb"),
    owner: pgName.default("neondb_owner"),
    /** The organization to make the project in (org-…, Organization settings): needed with a personal API key, implied by an organization's key. */
    orgId: z
        .string()
        .regex(/^[a-z0-9-]{1,60}$/, "a Neon organization id such as org-morning-bread-12345678")
        .optional(),
    /** The external secret holding a Neon API key (an organization's, or a personal one with orgId). */
    apiKeySecret: externalSecretRef.default("neonApiKey"),
    apiBaseUrl: vendorUrl("Neon", ["console.neon.tech"], "https://console.neon.tech/api/v2"),
    ...polling,
});

const supabase = z.strictObject({
    provider: z.literal("supabase"),
    /** The project's name in Supabase (no dots). */
    project: z
        .string()
        .min(1)
        .max(256)
        .regex(/^[^.]+$/, "a project name without dots (Supabase's rule)"),
    /** An existing project's ref (Project Settings → General): adopted as it is, never recreated or changed. */
    projectRef: z
        .string()
        .regex(/^[a-z]{20}$/, "a Supabase project ref: 20 lowercase letters")
        .optional(),
    /** The organization's slug (its Dashboard URL: supabase.com/dashboard/org/<slug>). */
    organization: z.string().regex(/^[\w-]+$/, "an organization slug (letters, digits, _ and -)"),
    region: z.enum(SUPABASE_REGIONS),
    /** Compute when the project is made (seed 000: "compute adequate"); a resize is the Dashboard's. */
    instanceSize: z.enum(SUPABASE_INSTANCE_SIZES).default("micro"),
    /**
     * The point-in-time window the project must have: its PITR add-on (7, 14 or 28 days; Pro plan, Small
     * compute or larger), checked at each up. 0: the daily backups only (Pro keeps 7 days of them).
     */
    pointInTimeDays: z.union([z.literal(0), z.literal(7), z.literal(14), z.literal(28)]).default(0),
    /**
     * The external secret holding the database password: needed to adopt a project (Supabase never
     * shows it). Without it, a new project gets a generated one, kept in the state.
     */
    dbPasswordSecret: externalSecretRef.optional(),
    /** The external secret holding a Supabase access token (Account → Access Tokens). */
    accessTokenSecret: externalSecretRef.default("supabaseAccessToken"),
    apiBaseUrl: vendorUrl("Supabase", ["api.supabase.com"], "https://api.supabase.com"),
    ...polling,
});

export const postgres = z.discriminatedUnion("provider", [neon, supabase]).optional();
