// MongoDB Atlas (seed 004) under mocks: what the stack declares, how the users alternate, what the config refuses.
import * as assert from "assert";
import type { ResourceRecord } from "../../inventory/mocks";
import { configErrors, evaluate, issueFor, load } from "../helpers";

const atlas = (c: any) => c["app-platform:atlas"];
const of = (records: ResourceRecord[], type: string) => records.filter((r) => r.type === `mongodbatlas:index/${type}`);
const ROTATION_DAY = new Date("2026-12-27T12:00:00Z");

describe("MongoDB Atlas under mocks (seed 004)", () => {
    it("a protected replica set with the seed's backups, point-in-time restore and maintenance window; the NAT's address only", async () => {
        const { records, inventory } = await evaluate("smartduka");
        const [cluster] = of(records, "advancedCluster:AdvancedCluster");
        assert.deepStrictEqual(
            [
                cluster.revealed.pitEnabled,
                cluster.revealed.backupEnabled,
                cluster.revealed.terminationProtectionEnabled,
                cluster.options.protect,
                cluster.options.retainOnDelete,
            ],
            [true, true, true, true, true],
        );
        assert.deepStrictEqual((cluster.revealed.replicationSpecs as any)[0].regionConfigs[0].electableSpecs, { instanceSize: "M30", nodeCount: 3 });
        const [schedule] = of(records, "cloudBackupSchedule:CloudBackupSchedule");
        assert.deepStrictEqual(
            [
                schedule.revealed.policyItemDaily,
                schedule.revealed.policyItemWeeklies,
                schedule.revealed.policyItemMonthlies,
                schedule.revealed.restoreWindowDays,
            ],
            [
                { frequencyInterval: 1, retentionUnit: "days", retentionValue: 7 },
                [{ frequencyInterval: 7, retentionUnit: "weeks", retentionValue: 4 }],
                [{ frequencyInterval: 40, retentionUnit: "months", retentionValue: 12 }],
                7,
            ],
        );
        assert.deepStrictEqual(of(records, "maintenanceWindow:MaintenanceWindow")[0].revealed, {
            projectId: "smartduka-atlas-id",
            dayOfWeek: 1,
            hourOfDay: 2,
            autoDeferOnceEnabled: true,
        });
        // Every NAT gateway the API's private subnets route through (one per zone here), each its own entry named by the gateway.
        const entries = of(records, "projectIpAccessList:ProjectIpAccessList");
        assert.strictEqual(entries.length, 2);
        assert.ok(
            entries.every((r) => /^203\.0\.113\.\d+\/32$/.test(String(r.revealed.cidrBlock)) && /^smartduka-atlas-access-nat-[0-9a-f]{17}$/.test(r.name)),
            JSON.stringify(entries.map((r) => [r.name, r.revealed.cidrBlock])),
        );
        assert.notStrictEqual(entries[0].revealed.cidrBlock, entries[1].revealed.cidrBlock);
        assert.deepStrictEqual(
            (inventory.outputs.atlas as any).rpo,
            "seconds: point-in-time restore to any moment of the last 7 days (continuous cloud backup)",
        );
    });

    it("two services behind the same NAT gateways: each gateway admitted once; entries deleted before they are replaced", async () => {
        const { records } = await evaluate("smartduka", (c) => {
            c["app-platform:services"].worker = { ...c["app-platform:services"].api, host: "worker.smartduka.com" };
            atlas(c).accessList.push({ service: "worker" });
        });
        const entries = of(records, "projectIpAccessList:ProjectIpAccessList");
        assert.strictEqual(entries.length, 2, entries.map((r) => r.name).join(", "));
        assert.ok(
            entries.every((r) => r.options.deleteBeforeReplace === true),
            "Atlas keeps one entry per address: the old one goes first",
        );
    });

    it("two users alternate: a rotation changes one password and moves MONGODB_URI to that user; the other keeps working for a period", async () => {
        const before = await evaluate("smartduka");
        const after = await evaluate("smartduka", undefined, ROTATION_DAY);
        const users = (e: typeof before) =>
            Object.fromEntries(of(e.records, "databaseUser:DatabaseUser").map((r) => [r.revealed.username, r.revealed.password]));
        const [u0, u1] = [users(before), users(after)];
        const changed = Object.keys(u0).filter((u) => u0[u] !== u1[u]);
        assert.strictEqual(changed.length, 1, "one user's password changes");
        assert.strictEqual((after.inventory.outputs.atlas as any).currentUser, changed[0]);
        assert.notStrictEqual((before.inventory.outputs.atlas as any).currentUser, changed[0]);
        const uri = (e: typeof before) => String(e.records.find((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion")!.revealed.secretString);
        const mongo = (e: typeof before) => JSON.parse(uri(e)).MONGODB_URI as string;
        assert.match(
            mongo(after),
            new RegExp(
                `^mongodb\\+srv://${changed[0]}:${u1[changed[0]]}@smartduka-production\\.[0-9a-f]{5}\\.mongodb\\.net/smartduka\\?retryWrites=true&w=majority$`,
            ),
        );
        assert.ok(mongo(before).includes(`${(before.inventory.outputs.atlas as any).currentUser}:`));
    });

    it("each new task definition of the API is dumped for first (the real-engine lifecycle proves the order), the URI read as a secret", async () => {
        const { records } = await evaluate("smartduka");
        const dump = records.find((r) => r.type === "pulumi-nodejs:dynamic/app-platform:MongoDump")!;
        assert.deepStrictEqual([dump.revealed.bucket, dump.revealed.database, dump.inputs.uri], ["smartduka-production-backups", "smartduka", "[secret]"]);
        const run = records.find((r) => r.type === "pulumi-nodejs:dynamic/app-platform:EcsRun")!;
        assert.match(String(dump.revealed.trigger), /task-definition\/smartduka-production-api:\d+$/);
        assert.strictEqual(dump.revealed.trigger, run.revealed.taskDefinition, "the dump runs for the revision the pre-start runs");
    });

    it("config errors: the whole internet in production, Cloud Run or public-subnet egress, a password unfit for a URI, no bucket for the dump", () => {
        const e = configErrors(() =>
            load("smartduka", (c) => {
                atlas(c).accessList.push({ cidr: "0.0.0.0/0", comment: "anywhere" });
                c["app-platform:secrets"].generated.mongodbPassword = { encoding: "base64", bytes: 24, rotationDays: 90 };
                delete c["app-platform:backups"];
            }),
        );
        assert.match(issueFor(e, "app-platform:atlas.accessList[1].cidr"), /opens the production database to the whole internet/);
        assert.match(issueFor(e, "app-platform:secrets.generated.mongodbPassword"), /sits inside MONGODB_URI: use \{ encoding: alphanumeric, length: 32 \}/);
        assert.match(issueFor(e, "app-platform:atlas.database"), /the pre-change dump of smartduka .* needs app-platform:backups/);
        const publicTasks = configErrors(() => load("smartduka", (c) => delete c["app-platform:services"].api.network.privateSubnetIds));
        assert.match(
            issueFor(publicTasks, "app-platform:atlas.accessList[0].service"),
            /public subnets with changing public addresses: give it network\.privateSubnetIds/,
        );
        const shared = configErrors(() => load("smartduka", (c) => (atlas(c).tier = "M0")));
        assert.match(issueFor(shared, "app-platform:atlas.tier"), /a dedicated tier M10 to M700 \(shared tiers have no cloud backup schedule\)/);
    });
});
