// The application's least-privilege roles against the suite's real PostgreSQL (seed 001): the app
// reads and writes its tables and cannot create or drop one, its connection limit holds, a rotation
// changes one login's password while the other keeps working, drift shows on read, drop leaves nothing.
import * as assert from "assert";
import { Client } from "pg";
import { appRolesProvider } from "../../../providers/roles/provider";
import { dropAppRoles, ensureAppRoles, readAppRoles } from "../../../providers/roles/roles";
import { freshDatabase, query } from "../../support/postgres";

let counter = 0;
const as = (url: string, role: string, password: string) => {
    const u = new URL(url);
    u.username = role;
    u.password = password;
    return u.toString();
};
const refused = async (url: string, sql: string, pattern: RegExp) => {
    await assert.rejects(() => query(url, sql), pattern, sql);
};

describe("least-privilege app roles on PostgreSQL (providers/roles)", function () {
    this.timeout(60_000);
    let admin: string;
    let group: string;
    const spec = (passwords: [string, string], connectionLimit = 20) => ({
        group,
        logins: [
            { name: `${group}_a`, password: passwords[0] },
            { name: `${group}_b`, password: passwords[1] },
        ],
        connectionLimit,
        schemas: ["public"],
        revokePublicConnect: true,
    });

    beforeEach(async () => {
        admin = await freshDatabase("roles");
        group = `app_${process.pid}_${++counter}`;
        await query(admin, "CREATE TABLE orders (id serial PRIMARY KEY, total int)");
    });

    it("reads and writes every table, now and later, and cannot create, alter or drop one", async () => {
        // A role that signs in today through PUBLIC's CONNECT: it keeps it by a grant of its own.
        await query(admin, `CREATE ROLE reporting_${counter} LOGIN PASSWORD 'Reporting1'`);
        await ensureAppRoles(admin, spec(["Pa55wordA", "Pa55wordB"]));
        await query(as(admin, `reporting_${counter}`, "Reporting1"), "SELECT 1");
        const app = as(admin, `${group}_a`, "Pa55wordA");
        await query(app, "INSERT INTO orders (total) VALUES (10)");
        await query(app, "UPDATE orders SET total = 11");
        assert.deepStrictEqual(await query(app, "SELECT total FROM orders"), [{ total: 11 }]);
        await query(app, "DELETE FROM orders");
        await refused(app, "CREATE TABLE intruder (id int)", /permission denied for schema public/);
        await refused(app, "DROP TABLE orders", /must be owner of table orders/);
        await refused(app, "ALTER TABLE orders ADD COLUMN note text", /must be owner of table orders/);
        await refused(app, "TRUNCATE orders", /permission denied for table orders/);
        // A table the migrating role adds later: the default privileges grant it.
        await query(admin, "CREATE TABLE refunds (id serial PRIMARY KEY)");
        await query(app, "INSERT INTO refunds DEFAULT VALUES");
        // PUBLIC lost CONNECT (and only that: TEMPORARY stays): a role made afterwards outside the group cannot get in.
        await query(app, "CREATE TEMP TABLE scratch (id int)");
        await query(admin, `CREATE ROLE outsider_${counter} LOGIN PASSWORD 'Outsider1'`);
        await refused(as(admin, `outsider_${counter}`, "Outsider1"), "SELECT 1", /permission denied for database/);
    });

    it("holds the connection limit per login role", async () => {
        await ensureAppRoles(admin, spec(["Pa55wordA", "Pa55wordB"], 2));
        const app = as(admin, `${group}_a`, "Pa55wordA");
        const open: Client[] = [];
        try {
            for (let i = 0; i < 2; i++) {
                const c = new Client({ connectionString: app });
                await c.connect();
                open.push(c);
            }
            await refused(app, "SELECT 1", /too many connections for role/);
        } finally {
            await Promise.all(open.map((c) => c.end()));
        }
    });

    it("a rotation changes one login's password; the other keeps working; ensuring twice changes nothing", async () => {
        await ensureAppRoles(admin, spec(["Pa55wordA", "Pa55wordB"]));
        await ensureAppRoles(admin, spec(["Pa55wordA", "Pa55wordB"]));
        await ensureAppRoles(admin, spec(["Pa55wordA", "N3wPasswordB"]));
        await query(as(admin, `${group}_a`, "Pa55wordA"), "SELECT 1");
        await query(as(admin, `${group}_b`, "N3wPasswordB"), "SELECT 1");
        await refused(as(admin, `${group}_b`, "Pa55wordB"), "SELECT 1", /password authentication failed/);
    });

    it("read reports the roles as the database has them, so drift shows; drop leaves no role behind", async () => {
        await ensureAppRoles(admin, spec(["Pa55wordA", "Pa55wordB"]));
        assert.deepStrictEqual(await readAppRoles(admin, spec(["", ""])), {
            group,
            logins: [`${group}_a`, `${group}_b`],
            connectionLimit: 20,
            schemas: ["public"],
            excess: [],
        });
        await query(admin, `ALTER ROLE ${group}_a CONNECTION LIMIT 100`);
        await query(admin, `GRANT CREATE ON SCHEMA public TO ${group}`);
        await query(admin, `ALTER ROLE ${group}_b CREATEDB`);
        const drifted = (await readAppRoles(admin, spec(["", ""])))!;
        assert.strictEqual(drifted.connectionLimit, null, "the logins no longer share the declared limit");
        assert.deepStrictEqual(drifted.excess.sort(), [
            `${group} may create objects in schema public`,
            `${group}_b has a superuser, create or replication attribute`,
        ]);
        await ensureAppRoles(admin, spec(["Pa55wordA", "Pa55wordB"]));
        const corrected = (await readAppRoles(admin, spec(["", ""])))!;
        assert.deepStrictEqual([corrected.connectionLimit, corrected.excess], [20, []], "ensure corrects the limit, the grant and the attribute");

        await dropAppRoles(admin, spec(["", ""]));
        assert.deepStrictEqual(await query(admin, "SELECT rolname FROM pg_roles WHERE rolname LIKE $1", [`${group}%`]), []);
        assert.strictEqual(await readAppRoles(admin, spec(["", ""])), undefined);
        await dropAppRoles(admin, spec(["", ""])); // already gone: nothing to do
    });

    it("as a dynamic provider: create applies, read shows a change made by hand (refresh's drift), diff then asks for an update that undoes it", async () => {
        const inputs = { databaseUrl: admin, ...spec(["Pa55wordA", "Pa55wordB"]) };
        const created = await appRolesProvider.create!(inputs);
        assert.strictEqual(created.id, group);
        const clean = await appRolesProvider.read!(created.id, created.outs);
        assert.deepStrictEqual(clean.props, created.outs, "no drift: refresh changes nothing");
        assert.deepStrictEqual((await appRolesProvider.diff!(created.id, clean.props, inputs)).changes, false);
        await query(admin, `ALTER ROLE ${group}_a CONNECTION LIMIT 100; ALTER ROLE ${group}_b CONNECTION LIMIT 100; GRANT CREATE ON SCHEMA public TO ${group}`);
        const drifted = await appRolesProvider.read!(created.id, created.outs);
        assert.deepStrictEqual([drifted.props.connectionLimit, drifted.props.excess], [100, [`${group} may create objects in schema public`]]);
        assert.strictEqual((await appRolesProvider.diff!(created.id, drifted.props, inputs)).changes, true);
        await appRolesProvider.update!(created.id, drifted.props, inputs);
        assert.deepStrictEqual((await appRolesProvider.read!(created.id, created.outs)).props, created.outs, "the up put it back");
        await appRolesProvider.delete!(created.id, created.outs);
        assert.deepStrictEqual((await appRolesProvider.read!(created.id, created.outs)).id, "", "gone: refresh drops it from the state");
    });

    it("an owner that is no superuser (Neon's neondb_owner: CREATEROLE, CREATEDB, the database's owner) makes and corrects the roles", async () => {
        const owner = `owner_${process.pid}_${counter}`;
        await query(admin, `CREATE ROLE ${owner} LOGIN CREATEROLE CREATEDB PASSWORD 'Owner1pass'`);
        const db = new URL(admin).pathname.slice(1);
        await query(admin, `ALTER DATABASE "${db}" OWNER TO ${owner}; ALTER TABLE orders OWNER TO ${owner}`);
        const asOwner = as(admin, owner, "Owner1pass");
        await ensureAppRoles(asOwner, spec(["Pa55wordA", "Pa55wordB"]));
        await ensureAppRoles(asOwner, spec(["Pa55wordA", "N3wPasswordB"])); // the ALTER path: no superuser-only attribute named
        await query(as(admin, `${group}_b`, "N3wPasswordB"), "INSERT INTO orders (total) VALUES (1)");
        await refused(as(admin, `${group}_b`, "N3wPasswordB"), "CREATE TABLE intruder (id int)", /permission denied for schema public/);
        await dropAppRoles(asOwner, spec(["", ""]));
    });

    it("sends a SCRAM verifier, never the password; a table the owner may not grant fails the apply with what to do; an unreachable database leaves the state as it is", async () => {
        await ensureAppRoles(admin, spec(["Pa55wordA", "Pa55wordB"]));
        const [stored] = await query(admin, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", [`${group}_a`]);
        assert.match(stored.rolpassword, /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
        await query(as(admin, `${group}_a`, "Pa55wordA"), "SELECT 1");

        const stranger = `stranger_${process.pid}_${counter}`;
        await query(admin, `CREATE ROLE ${stranger} NOLOGIN; CREATE TABLE foreign_table (id int); ALTER TABLE foreign_table OWNER TO ${stranger}`);
        const owner = `owner2_${process.pid}_${counter}`;
        await query(admin, `CREATE ROLE ${owner} LOGIN CREATEROLE PASSWORD 'Owner2pass'`);
        const db = new URL(admin).pathname.slice(1);
        await query(admin, `ALTER DATABASE "${db}" OWNER TO ${owner}; ALTER TABLE orders OWNER TO ${owner}`);
        await assert.rejects(
            () => ensureAppRoles(as(admin, owner, "Owner2pass"), { ...spec(["Pa55wordA", "Pa55wordB"]), group: `${group}_x` }),
            /foreign_table.*must own every table and sequence of public/,
        );

        const outs = { databaseUrl: admin.replace(/:\d+\//, ":1/"), ...spec(["Pa55wordA", "Pa55wordB"]), excess: [] };
        assert.deepStrictEqual(await appRolesProvider.read!(group, outs), { id: group, props: outs });
    });
});
