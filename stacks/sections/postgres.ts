// The app's managed PostgreSQL project (seed 001 on Neon): made per stack, or an existing one adopted
// by its id; its owner's direct URL carries the migrations and the app role, the pooled URL the apps.
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
    /** The external secret holding a Neon API key (Account settings → API keys). */
    apiKeySecret: externalSecretRef.default("neonApiKey"),
    apiBaseUrl: vendorUrl("Neon", ["console.neon.tech"], "https://console.neon.tech/api/v2"),
    /** How often the up asks whether Neon's operations on the project finished, and for how long. */
    pollSeconds: z.int().min(1).max(60).default(5),
    timeoutMinutes: z.int().min(1).max(120).default(15),
});

export const postgres = z.discriminatedUnion("provider", [neon]).optional();
