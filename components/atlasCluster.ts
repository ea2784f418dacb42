import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import { atlasAlarms, AtlasAlarms } from "./atlasAlarms";

/** How long the 6-hourly snapshots are kept (Atlas's default hourly item), besides the configured ones. */
export const HOURLY_RETENTION_DAYS = 2;
/** Hours between those snapshots (the schedule's hourly item). */
const SNAPSHOT_HOURS = 6;

/** What a backup configuration really gives as recovery point: Atlas's continuous backup, or the snapshots. */
export function recoveryPoint(backup: Pick<AtlasBackupArgs, "pointInTime" | "restoreWindowDays">): { minutes: number; description: string } {
    return backup.pointInTime
        ? { minutes: 1, description: `seconds: point-in-time restore to any moment of the last ${backup.restoreWindowDays} days (continuous cloud backup)` }
        : {
              minutes: SNAPSHOT_HOURS * 60,
              description: `${SNAPSHOT_HOURS} hours: the hourly policy's snapshot every ${SNAPSHOT_HOURS} hours (point-in-time restore is off)`,
          };
}

/**
 * What the audit log records (MongoDB's audit event actions, docs: audit message schema): sign-ins
 * (failed ones included) and changes to users, roles, collections, databases and indexes.
 */
const AUDITED = {
    atype: {
        $in: [
            "authenticate",
            "createUser",
            "dropUser",
            "updateUser",
            "grantRolesToUser",
            "revokeRolesFromUser",
            "createRole",
            "dropRole",
            "createCollection",
            "dropCollection",
            "dropDatabase",
            "renameCollection",
            "createIndex",
            "dropIndex",
        ],
    },
};

export interface AtlasBackupArgs {
    pointInTime: boolean;
    restoreWindowDays: number;
    dailyDays: number;
    weeklyWeeks: number;
    monthlyMonths: number;
    hourUtc: number;
}

export interface AtlasClusterArgs {
    /** The project's and cluster's name (Atlas: letters, digits and dashes). */
    name: string;
    orgId: string;
    cloud: "AWS" | "GCP" | "AZURE";
    region: string;
    tier: string;
    nodes: number;
    mongoVersion: string;
    database: string;
    backup: AtlasBackupArgs;
    /** Atlas counts 1 = Sunday .. 7 = Saturday; the hour is in the project's time zone (not UTC). */
    maintenance: { dayOfWeek: number; hour: number };
    /** Two users alternate with the rotating password's slots: the app connects as `current`. */
    passwords: { a: pulumi.Input<string>; b: pulumi.Input<string>; current: "a" | "b" };
    /** Addresses (x.x.x.x) or ranges (x.x.x.x/n) allowed to connect, each named by its place in the config. */
    accessList: { key: string; address: pulumi.Input<string>; comment: string }[];
    /**
     * Egress addresses known once the network is read (NAT gateways), each named by its stable id:
     * an entry each, named after it, so a gateway added or gone adds or removes only its own entry.
     */
    egress?: pulumi.Output<{ id: string; address: string; comment: string; was?: string }[]>;
    /** Production: the project, cluster, schedule and users are protected; the cluster refuses deletion. */
    protect: boolean;
    alarms?: AtlasAlarms;
    /** Atlas's database auditing of sign-ins and schema and user changes. */
    auditing: boolean;
}

/**
 * A MongoDB Atlas replica set for one stack (seed 004): its own project, a dedicated cluster with
 * cloud backup (snapshots daily, weekly, monthly; continuous point-in-time restore), the weekly
 * maintenance window, an access list, and two database users whose passwords rotate in turn, so the
 * connection string the running app holds stays valid for a full period after a rotation.
 */
export class AtlasCluster extends pulumi.ComponentResource {
    readonly projectId: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    /** The cluster's SRV host (mongodb+srv://...), without credentials. */
    readonly srvHost: pulumi.Output<string>;
    /** MONGODB_URI: the current user's connection string. Secret. */
    readonly uri: pulumi.Output<string>;
    /** The user the app connects as now. */
    readonly currentUser: string;

    constructor(name: string, args: AtlasClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:data:AtlasCluster", name, {}, opts);
        const keep = { parent: this, protect: args.protect, retainOnDelete: args.protect };
        const project = new mongodbatlas.Project(name, { name: args.name, orgId: args.orgId }, keep);
        const cluster = new mongodbatlas.AdvancedCluster(
            name,
            {
                projectId: project.id,
                name: args.name,
                clusterType: "REPLICASET",
                mongoDbMajorVersion: args.mongoVersion,
                backupEnabled: true,
                pitEnabled: args.backup.pointInTime,
                terminationProtectionEnabled: args.protect,
                replicationSpecs: [
                    {
                        regionConfigs: [
                            {
                                providerName: args.cloud,
                                regionName: args.region,
                                priority: 7,
                                electableSpecs: { instanceSize: args.tier, nodeCount: args.nodes },
                            },
                        ],
                    },
                ],
            },
            keep,
        );
        const schedule = new mongodbatlas.CloudBackupSchedule(
            name,
            {
                projectId: project.id,
                clusterName: cluster.name,
                referenceHourOfDay: args.backup.hourUtc,
                referenceMinuteOfHour: 0,
                restoreWindowDays: args.backup.restoreWindowDays,
                // Atlas's default hourly item (every 6 hours, kept 2 days), and the seed's daily, weekly
                // (Sunday: 7) and monthly (the last day: 40) snapshots.
                policyItemHourly: { frequencyInterval: SNAPSHOT_HOURS, retentionUnit: "days", retentionValue: HOURLY_RETENTION_DAYS },
                policyItemDaily: { frequencyInterval: 1, retentionUnit: "days", retentionValue: args.backup.dailyDays },
                policyItemWeeklies: [{ frequencyInterval: 7, retentionUnit: "weeks", retentionValue: args.backup.weeklyWeeks }],
                policyItemMonthlies: [{ frequencyInterval: 40, retentionUnit: "months", retentionValue: args.backup.monthlyMonths }],
            },
            { parent: this, protect: args.protect },
        );
        if (args.auditing) {
            new mongodbatlas.Auditing(
                name,
                { projectId: project.id, enabled: true, auditFilter: JSON.stringify(AUDITED), auditAuthorizationSuccess: false },
                { parent: this },
            );
        }
        new mongodbatlas.MaintenanceWindow(
            name,
            {
                projectId: project.id,
                dayOfWeek: args.maintenance.dayOfWeek,
                hourOfDay: args.maintenance.hour,
                // Atlas notifies 72 hours ahead; one deferral lets a busy week pass.
                autoDeferOnceEnabled: true,
            },
            { parent: this },
        );
        // Atlas keeps one entry per address: a replacement made before the old entry's deletion would
        // be the same entry, which that deletion then removes. So the old one goes first (a moment
        // without it beats an address missing for good).
        const entry = (suffix: string, address: pulumi.Input<string>, comment: string, was?: string) =>
            new mongodbatlas.ProjectIpAccessList(
                `${name}-access-${suffix}`,
                {
                    projectId: project.id,
                    cidrBlock: pulumi.output(address).apply((a) => (a.includes("/") ? a : `${a}/32`)),
                    comment,
                },
                { parent: this, deleteBeforeReplace: true, aliases: was === undefined ? [] : [{ name: `${name}-access-${was}` }] },
            );
        const fixed = args.accessList.map((e) => entry(e.key, e.address, e.comment));
        // Read in preview too (data sources answer then), so the plan shows every entry.
        const egress = (args.egress ?? pulumi.output([])).apply((list) => list.map((e) => entry(e.id, e.address, e.comment, e.was)));
        const access = egress.apply((made) => [...fixed, ...made]);
        const users = (["a", "b"] as const).map(
            (slot) =>
                new mongodbatlas.DatabaseUser(
                    `${name}-user-${slot}`,
                    {
                        projectId: project.id,
                        authDatabaseName: "admin",
                        username: `${args.name}-${slot}`,
                        password: pulumi.secret(args.passwords[slot]),
                        roles: [{ roleName: "readWrite", databaseName: args.database }],
                        scopes: [{ type: "CLUSTER", name: cluster.name }],
                    },
                    { parent: this, protect: args.protect, dependsOn: access },
                ),
        );
        const current = users[args.passwords.current === "a" ? 0 : 1];

        this.projectId = project.id;
        this.clusterName = cluster.name;
        this.srvHost = cluster.connectionStrings.standardSrv;
        this.currentUser = `${args.name}-${args.passwords.current}`;
        // The URI resolves once the backup schedule exists: nothing reads or writes data before backups are set.
        this.uri = pulumi.secret(
            pulumi
                .all([cluster.connectionStrings.standardSrv, current.username, args.passwords[args.passwords.current], schedule.id])
                .apply(([srv, user, password]) => connectionString(srv, user, password, args.database)),
        );
        if (args.alarms) atlasAlarms(this, name, project.id, args.alarms);
        this.registerOutputs({ projectId: this.projectId, clusterName: this.clusterName, srvHost: this.srvHost, uri: this.uri });
    }
}

/** The app's connection string: Atlas's SRV string (options it carries kept) with the user, the database and Atlas's recommended write options. */
export function connectionString(srv: string, user: string, password: string, database: string): string {
    const u = new URL(srv);
    u.username = encodeURIComponent(user);
    u.password = encodeURIComponent(password);
    u.pathname = `/${database}`;
    u.searchParams.set("retryWrites", "true");
    u.searchParams.set("w", "majority");
    return u.toString();
}
