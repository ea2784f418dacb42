// MongoDB Atlas (seed 004): the MONGODB_URI source, the checks (a password fit for a connection
// string, an access list that is never the whole internet in production and that follows the API
// service's egress, a bucket for the pre-change dump), the cluster and the dump each deploy waits for.
// Per-module imports: the package's index loads every one of its modules (0.2–0.3 s per preview).
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import { AtlasCluster, HOURLY_RETENTION_DAYS, recoveryPoint } from "../../components/atlasCluster";
import type { BackupBucket } from "../../components/backupBucket";
import { MongoDump } from "../../providers/backups/mongoDumpProvider";
import type { BuildContext } from "../buildContext";
import { ATLAS_REGIONS } from "../atlasRegions";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import { didYouMean } from "../checks";
import { physicalName } from "../../shared/naming";
import type { CoreConfig } from "../schema";
import { Area, BuiltAtlas, generatedSecret } from "../area";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

export function atlasSources(cfg: CoreConfig): Sources {
    return cfg.atlas ? { "atlas.uri": { secret: true, description: "MongoDB Atlas connection string (the current database user)" } } : {};
}

/** Whether IPv4 ranges together hold every address (0.0.0.0/1 and 128.0.0.0/1 are the whole internet too). */
function coversEveryAddress(cidrs: string[]): boolean {
    const ranges = cidrs
        .map((c) => {
            const [ip, bits] = c.split("/");
            const start = ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
            const size = 2 ** (32 - Number(bits));
            return [start - (start % size), start - (start % size) + size] as const;
        })
        .sort((x, y) => x[0] - y[0]);
    let reached = 0;
    for (const [start, end] of ranges) {
        if (start > reached) return false;
        reached = Math.max(reached, end);
    }
    return reached >= 2 ** 32;
}

export function checkAtlas({ cfg, issues, warnings }: CheckContext): void {
    const a = cfg.atlas;
    if (!a) return;
    const key = (k: string) => `${NAMESPACE}:atlas.${k}`;
    const g = cfg.secrets.generated[a.password];
    if (!g) {
        issues.push({
            key: key("password"),
            message: `"${a.password}" is not declared under ${NAMESPACE}:secrets.generated: declare it, e.g. { encoding: alphanumeric, length: 32, rotationDays: 90 }`,
        });
    } else if (g.encoding !== "alphanumeric") {
        issues.push({
            key: `${NAMESPACE}:secrets.generated.${a.password}`,
            message: "the database users' password sits inside MONGODB_URI: use { encoding: alphanumeric, length: 32 } (base64's + / = would need escaping)",
        });
    }
    if (!ATLAS_REGIONS[a.cloud].includes(a.region)) {
        const elsewhere = (Object.keys(ATLAS_REGIONS) as (keyof typeof ATLAS_REGIONS)[]).filter((c) => ATLAS_REGIONS[c].includes(a.region));
        issues.push({
            key: key("region"),
            message:
                `${a.region} is not an Atlas region on ${a.cloud}${elsewhere.length ? ` (it is on ${elsewhere.join(" and ")}: set atlas.cloud)` : ""}. ${didYouMean(a.region, [...ATLAS_REGIONS[a.cloud]])}`.trim(),
        });
    }
    // MongoDB reserves these (any case): admin, local and config hold the server's own data.
    if (["admin", "local", "config"].includes(a.database.toLowerCase())) {
        issues.push({
            key: key("database"),
            message: `${a.database} is one of MongoDB's reserved databases (admin, local, config): name the app's own, e.g. ${cfg.name.replace(/-/g, "_")}`,
        });
    }
    const open = `opens the ${cfg.environment} database to the whole internet; list the API's egress ({ service: <name> }) or fixed addresses`;
    const cidrs = a.accessList.flatMap((entry, i) => ("cidr" in entry ? [{ i, cidr: entry.cidr }] : []));
    for (const { i, cidr } of cidrs) if (cidr.endsWith("/0")) issues.push({ key: key(`accessList[${i}].cidr`), message: open });
    if (!cidrs.some(({ cidr }) => cidr.endsWith("/0")) && coversEveryAddress(cidrs.map(({ cidr }) => cidr))) {
        issues.push({ key: key("accessList"), message: `${cidrs.map(({ cidr }) => cidr).join(", ")} together ${open}` });
    }
    a.accessList.forEach((entry, i) => {
        const at = key(`accessList[${i}]`);
        if ("cidr" in entry) return;
        const s = cfg.services[entry.service];
        if (!s) issues.push({ key: `${at}.service`, message: `no service "${entry.service}" under ${NAMESPACE}:services` });
        else if (s.platform !== "aws-ecs") {
            issues.push({
                key: `${at}.service`,
                message: `Cloud Run's egress has no fixed address without a Serverless VPC connector and Cloud NAT; list the NAT's address as { cidr, comment }`,
            });
        } else if (!s.network.privateSubnetIds) {
            issues.push({
                key: `${at}.service`,
                message: `${entry.service}'s tasks run in public subnets with changing public addresses: give it network.privateSubnetIds (behind a NAT gateway, whose address is allowed)`,
            });
        }
    });
    if (!cfg.backups) {
        const message = `the pre-change dump of ${a.database} (before each deploy of a service) needs ${NAMESPACE}:backups, the bucket it goes to`;
        if (cfg.environment === "production") issues.push({ key: key("database"), message });
        else warnings.push(`${key("database")}: ${message}; this stack deploys without one`);
    }
    // Atlas's own rules for a backup policy (provider docs, cloud_backup_schedule): a less frequent
    // item keeps at least as long as a more frequent one (the hourly item keeps 2 days), and the
    // point-in-time window fits the snapshots it restores from ("policy item retention cannot be less
    // than restore window", its acceptance test TestAccBackupRSCloudBackupSchedule_export).
    const b = a.backup;
    const order: [string, number, string, number][] = [
        ["dailyDays", b.dailyDays, "the hourly snapshots' 2 days", HOURLY_RETENTION_DAYS],
        ["weeklyWeeks", b.weeklyWeeks * 7, `dailyDays (${b.dailyDays} days)`, b.dailyDays],
        ["monthlyMonths", b.monthlyMonths * 28, `weeklyWeeks (${b.weeklyWeeks} weeks)`, b.weeklyWeeks * 7],
    ];
    for (const [k, days, than, floor] of order) {
        if (days < floor)
            issues.push({
                key: key(`backup.${k}`),
                message: `keeps snapshots for less time than ${than}: Atlas requires a less frequent snapshot to be kept at least as long as a more frequent one`,
            });
    }
    if (b.pointInTime && b.restoreWindowDays > b.dailyDays) {
        issues.push({
            key: key("backup.restoreWindowDays"),
            message: `${b.restoreWindowDays} days is longer than the daily snapshots are kept (dailyDays: ${b.dailyDays}); Atlas refuses a restore window longer than the snapshots it restores from: raise dailyDays or shorten the window`,
        });
    }
    if (cfg.environment === "production" && !a.backup.pointInTime) {
        warnings.push(`${key("backup.pointInTime")}: off, so the recovery point is 6 hours, not seed 004's 15 minutes`);
    }
}

/**
 * The egress addresses of an ECS service's private subnets: each subnet's route table (its own, or the
 * VPC's main table when it has none) sends traffic out through a NAT gateway (usually one per
 * availability zone), and every one of them is admitted. (getNatGateway by VPC must match exactly
 * one gateway: "multiple EC2 NAT Gateways matched".)
 */
function natAddresses(
    service: string,
    network: { vpcId: string; privateSubnetIds?: string[] },
): pulumi.Output<{ id: string; address: string; comment: string }[]> {
    const { vpcId } = network;
    const subnetIds = network.privateSubnetIds ?? [];
    // The plural lookup answers an empty list (the singular one fails) for a subnet without its own table.
    const tableIds = (filter: string, value: string) => ec2.getRouteTablesOutput({ vpcId, filters: [{ name: filter, values: [value] }] }).ids;
    const tables = subnetIds.map((subnetId) =>
        tableIds("association.subnet-id", subnetId)
            .apply((own) => (own[0] !== undefined ? pulumi.output(own[0]) : tableIds("association.main", "true").apply((main) => main[0])))
            .apply((routeTableId) => ec2.getRouteTableOutput({ routeTableId })),
    );
    return pulumi.all(tables).apply((used) => {
        const ids = [...new Set(used.flatMap((t) => t.routes.map((r) => r.natGatewayId).filter((id): id is string => Boolean(id))))].sort();
        if (ids.length === 0)
            throw new Error(
                `atlas.accessList: ${service}'s private subnets (${subnetIds.join(", ")}) route through no NAT gateway, so their egress has no fixed address to admit`,
            );
        return pulumi.all(
            ids.map((id) =>
                ec2.getNatGatewayOutput({ id }).apply((nat) => ({ id, address: nat.publicIp, comment: `${service} egress (NAT gateway ${id})`.slice(0, 80) })),
            ),
        );
    });
}

export function buildAtlas(
    { cfg, protect }: BuildContext,
    passwords: { current: pulumi.Output<string>; previous: pulumi.Output<string>; slot: "a" | "b" },
    backups: BackupBucket | undefined,
): BuiltAtlas | undefined {
    const a = cfg.atlas;
    if (!a) return undefined;
    const [pa, pb] = passwords.slot === "a" ? [passwords.current, passwords.previous] : [passwords.previous, passwords.current];
    const cluster = new AtlasCluster(`${cfg.name}-atlas`, {
        name: physicalName(cfg.name, cfg.stack),
        orgId: a.orgId,
        cloud: a.cloud,
        region: a.region,
        tier: a.tier,
        nodes: a.nodes,
        mongoVersion: a.mongoVersion,
        database: a.database,
        backup: a.backup,
        maintenance: { dayOfWeek: DAYS.indexOf(a.maintenance.day) + 1, hour: a.maintenance.hour },
        passwords: { a: pa, b: pb, current: passwords.slot },
        accessList: a.accessList.flatMap((entry, i) => ("cidr" in entry ? [{ key: String(i), address: entry.cidr, comment: entry.comment }] : [])),
        // One entry per gateway, however many services share it; a service's first gateway keeps the
        // entry its single NAT had before (`<i>`), so an existing stack keeps its address.
        egress: pulumi
            .all(
                a.accessList.flatMap((entry, i) =>
                    "service" in entry
                        ? [
                              natAddresses(
                                  entry.service,
                                  (cfg.services[entry.service] as Extract<CoreConfig["services"][string], { platform: "aws-ecs" }>).network,
                              ).apply((nats) => nats.map((nat, n) => ({ ...nat, was: n === 0 ? String(i) : undefined }))),
                          ]
                        : [],
                ),
            )
            .apply((lists) => [...new Map(lists.flat().map((nat) => [nat.id, nat])).values()]),
        protect,
        auditing: a.auditing,
        alarms: cfg.monitoring && { ...cfg.monitoring.alarms.database, forMinutes: cfg.monitoring.alarms.forMinutes, emails: cfg.monitoring.alerts.email },
    });
    const beforeDeploy =
        backups &&
        ((service: string, deploy: pulumi.Output<string>, parent: pulumi.Resource) =>
            new MongoDump(
                `${cfg.name}-${service}-mongodump`,
                {
                    uri: cluster.uri,
                    database: a.database,
                    bucket: backups.bucketName,
                    region: backups.region,
                    stack: cfg.stack,
                    trigger: deploy,
                },
                { parent, dependsOn: [cluster, backups] },
            ));
    return { values: { "atlas.uri": { value: cluster.uri } }, cluster, beforeDeploy };
}

export const atlasArea: Area = {
    sources: ({ cfg }) => atlasSources(cfg),
    check: checkAtlas,
    before: (state) => {
        const a = state.cfg.atlas;
        return { atlas: a && buildAtlas(state, generatedSecret(state.generated, a.password), state.backups) };
    },
    values: ({ atlas }) => atlas?.values ?? {},
    outputs: ({ cfg, atlas }) => ({
        atlas: atlas
            ? pulumi.output({
                  projectId: atlas.cluster.projectId,
                  clusterName: atlas.cluster.clusterName,
                  srvHost: atlas.cluster.srvHost,
                  currentUser: atlas.cluster.currentUser,
                  tier: cfg.atlas!.tier,
                  region: cfg.atlas!.region,
                  rpo: recoveryPoint(cfg.atlas!.backup).description,
              })
            : null,
    }),
};
