// MongoDB Atlas: the project's cluster, backups, maintenance window, users' password and access list.
import { z } from "zod";
import { secretName } from "./common";
import { serviceName } from "./services";

const atlasRegion = z.string().regex(/^[A-Z][A-Z0-9_]+$/, "an Atlas region name such as AF_SOUTH_1 or EU_WEST_1");
export const atlas = z.strictObject({
    /** The Atlas organization (24 hex digits) the project is made in. */
    orgId: z.string().regex(/^[0-9a-f]{24}$/, "the 24-hex-digit Atlas organization id"),
    cloud: z.enum(["AWS", "GCP", "AZURE"]).default("AWS"),
    region: atlasRegion,
    /** A dedicated tier (M10 and up): shared and Flex tiers have no backup schedule or point-in-time restore. */
    tier: z.string().regex(/^M(10|20|30|40|50|60|80|140|200|300|400|700)$/, "a dedicated tier M10 to M700 (shared tiers have no cloud backup schedule)"),
    /** Electable members of the replica set (seed 004: replication). */
    nodes: z.literal([3, 5, 7], { error: "a replica set of 3, 5 or 7 electable nodes" }).default(3),
    mongoVersion: z.enum(["7.0", "8.0"]).default("8.0"),
    /** The app's database (the path of MONGODB_URI). */
    database: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, "a database name such as smartduka"),
    backup: z
        .strictObject({
            /** Continuous cloud backup: restore to any second of the window (the RPO). */
            pointInTime: z.boolean().default(true),
            restoreWindowDays: z.int().min(1).max(35).default(7),
            dailyDays: z.int().min(1).max(364).default(7),
            weeklyWeeks: z.int().min(1).max(52).default(4),
            monthlyMonths: z.int().min(1).max(36).default(12),
            /** Hour (UTC) of the daily snapshot. */
            hourUtc: z.int().min(0).max(23).default(1),
        })
        .prefault({}),
    /**
     * Database auditing (seed 004: audit logging): who signed in or failed to, and every change to
     * users, roles, collections and indexes, in Atlas's audit log (dedicated tiers only, as here).
     */
    auditing: z.boolean().default(true),
    /**
     * The project's weekly maintenance window: seed 004's 02:00-04:00. Atlas reads the hour in the
     * project's time zone (Project Settings; the provider's docs: "Uses the project's configured
     * timezone"), not UTC, and only its UI changes that zone.
     */
    maintenance: z
        .strictObject({
            day: z.enum(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]).default("sunday"),
            hour: z.int().min(0).max(23).default(2),
        })
        .prefault({}),
    /** The generated secret the two database users' passwords rotate from (alphanumeric: it sits in MONGODB_URI). */
    password: secretName.default("mongodbPassword"),
    /** Who may connect: the egress (NAT gateway) of services in AWS, and further addresses in CIDR form. */
    accessList: z
        .array(
            z.union([
                z.strictObject({ service: serviceName }),
                z.strictObject({ cidr: z.cidrv4("an IPv4 range such as 203.0.113.10/32"), comment: z.string().min(1).max(80) }),
            ]),
        )
        .min(1),
});
