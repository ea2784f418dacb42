// An application's least-privilege PostgreSQL roles (seed 001, "Database Security"): a NOLOGIN group
// that holds the grants, and two login roles in it whose passwords rotate in turn (the app connects
// as the current one; the other keeps working until the next rotation). Idempotent SQL over `pg`.
import { Client } from "pg";
import { describeTarget } from "../migrations/connection";

export interface AppRoleSpec {
    /** The group role (NOLOGIN) that holds every grant, e.g. mystic_app. */
    group: string;
    /** Its two login roles (`<group>_a`, `<group>_b`) and their passwords. */
    logins: { name: string; password: string }[];
    /** Connections each login role may hold at once (seed 001: 20). */
    connectionLimit: number;
    /** Schemas whose tables and sequences the app reads and writes. */
    schemas: string[];
}

/** What the database holds for the roles, as `read` finds it: a drift from the spec shows on refresh. */
export interface AppRoleState {
    group: string;
    logins: string[];
    connectionLimit: number | null;
    schemas: string[];
    /** Anything the roles may do beyond the spec (a CREATE on a schema, superuser…), as sentences. */
    excess: string[];
}

const SAFE = /^[a-z_][a-z0-9_]{0,62}$/;

async function connect<T>(url: string, run: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    try {
        await client.connect();
    } catch (err) {
        throw new Error(`cannot connect to ${describeTarget(url)}: ${(err as Error).message}`);
    }
    try {
        return await run(client);
    } finally {
        await client.end().catch(() => undefined);
    }
}

function checkNames(spec: Pick<AppRoleSpec, "group" | "schemas"> & { logins: { name: string }[] }): void {
    for (const name of [spec.group, ...spec.logins.map((l) => l.name), ...spec.schemas]) {
        if (!SAFE.test(name)) throw new Error(`"${name}" is not a plain PostgreSQL name (lowercase letters, digits, _)`);
    }
}

/**
 * Creates or corrects the roles and their grants in one transaction: the group holds CONNECT and,
 * per schema, USAGE, read-write on every table and sequence (now and, by default privileges, those
 * the migrating role creates later); PUBLIC loses CONNECT on the database and CREATE on the schemas.
 * The login roles inherit the group, have no other attribute, and hold at most `connectionLimit`
 * connections. No DDL: neither owns nor may create anything.
 */
export async function ensureAppRoles(url: string, spec: AppRoleSpec): Promise<void> {
    checkNames(spec);
    await connect(url, async (c) => {
        const id = (n: string) => c.escapeIdentifier(n);
        const { rows } = await c.query<{ db: string }>("SELECT current_database() AS db");
        const db = id(rows[0].db);
        await c.query("BEGIN");
        try {
            const exists = async (role: string) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount === 1;
            if (!(await exists(spec.group))) await c.query(`CREATE ROLE ${id(spec.group)} NOLOGIN`);
            const base = `LOGIN INHERIT CONNECTION LIMIT ${Math.trunc(spec.connectionLimit)}`;
            for (const login of spec.logins) {
                const password = `PASSWORD ${c.escapeLiteral(login.password)}`;
                const found = await c.query<Record<string, boolean>>(
                    "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = $1",
                    [login.name],
                );
                if (found.rowCount === 0) {
                    // A new role has none of these attributes.
                    await c.query(`CREATE ROLE ${id(login.name)} WITH ${base} ${password}`);
                } else {
                    // Only what it wrongly has is taken away: naming SUPERUSER, REPLICATION or BYPASSRLS at all
                    // needs a superuser, which a managed host's owner (Neon's neondb_owner) is not.
                    const r = found.rows[0];
                    const revoke = ["SUPERUSER", "CREATEDB", "CREATEROLE", "REPLICATION", "BYPASSRLS"]
                        .filter((a) => r[`rol${a.toLowerCase()}`])
                        .map((a) => `NO${a}`);
                    await c.query(`ALTER ROLE ${id(login.name)} WITH ${base} ${revoke.join(" ")} ${password}`);
                }
                await c.query(`GRANT ${id(spec.group)} TO ${id(login.name)}`);
            }
            await c.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
            await c.query(`GRANT CONNECT ON DATABASE ${db} TO ${id(spec.group)}`);
            for (const schema of spec.schemas.map(id)) {
                await c.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC, ${id(spec.group)}`);
                await c.query(`GRANT USAGE ON SCHEMA ${schema} TO ${id(spec.group)}`);
                await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${id(spec.group)}`);
                await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${id(spec.group)}`);
                await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${id(spec.group)}`);
                await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${id(spec.group)}`);
            }
            await c.query("COMMIT");
        } catch (err) {
            await c.query("ROLLBACK").catch(() => undefined);
            throw err;
        }
    });
}

/** The roles as the database has them (for refresh); undefined when the group is gone. */
export async function readAppRoles(
    url: string,
    spec: Pick<AppRoleSpec, "group" | "schemas"> & { logins: { name: string }[] },
): Promise<AppRoleState | undefined> {
    checkNames(spec);
    return connect(url, async (c) => {
        const roles = await c.query<{ rolname: string; rolcanlogin: boolean; rolconnlimit: number; elevated: boolean; member: boolean }>(
            `SELECT r.rolname, r.rolcanlogin, r.rolconnlimit,
                    (r.rolsuper OR r.rolcreatedb OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls) AS elevated,
                    pg_has_role(r.rolname, $1, 'MEMBER') AS member
               FROM pg_roles r WHERE r.rolname = ANY($2)`,
            [spec.group, [spec.group, ...spec.logins.map((l) => l.name)]],
        );
        if (!roles.rows.some((r) => r.rolname === spec.group)) return undefined;
        const logins = roles.rows.filter((r) => r.rolname !== spec.group && r.rolcanlogin && r.member);
        const excess: string[] = roles.rows.filter((r) => r.elevated).map((r) => `${r.rolname} has a superuser, create or replication attribute`);
        const schemas: string[] = [];
        for (const schema of spec.schemas) {
            const s = await c.query<{ usage: boolean; create: boolean; missing: string }>(
                `SELECT has_schema_privilege($1, $2, 'USAGE') AS usage, has_schema_privilege($1, $2, 'CREATE') AS create,
                        (SELECT count(*) FROM pg_tables t WHERE t.schemaname = $2
                            AND NOT (has_table_privilege($1, format('%I.%I', t.schemaname, t.tablename), 'SELECT,INSERT,UPDATE,DELETE')))::text AS missing`,
                [spec.group, schema],
            );
            const row = s.rows[0];
            if (row.create) excess.push(`${spec.group} may create objects in schema ${schema}`);
            if (row.usage && row.missing === "0") schemas.push(schema);
        }
        const limits = [...new Set(logins.map((l) => l.rolconnlimit))];
        return { group: spec.group, logins: logins.map((l) => l.rolname).sort(), connectionLimit: limits.length === 1 ? limits[0] : null, schemas, excess };
    });
}

/**
 * Takes back what ensureAppRoles granted, then drops the login roles and the group (they own
 * nothing). Revoked one by one, not DROP OWNED BY: that needs the roles' own privileges, which a
 * managed host's owner does not have.
 */
export async function dropAppRoles(url: string, spec: Pick<AppRoleSpec, "group" | "schemas"> & { logins: { name: string }[] }): Promise<void> {
    checkNames(spec);
    await connect(url, async (c) => {
        const id = (n: string) => c.escapeIdentifier(n);
        const exists = async (role: string) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount === 1;
        for (const login of spec.logins) if (await exists(login.name)) await c.query(`DROP ROLE ${id(login.name)}`);
        if (!(await exists(spec.group))) return;
        const group = id(spec.group);
        const { rows } = await c.query<{ db: string }>("SELECT current_database() AS db");
        await c.query("BEGIN");
        try {
            for (const schema of spec.schemas.map(id)) {
                await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON TABLES FROM ${group}`);
                await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON SEQUENCES FROM ${group}`);
                await c.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${group}`);
                await c.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${group}`);
                await c.query(`REVOKE ALL ON SCHEMA ${schema} FROM ${group}`);
            }
            await c.query(`REVOKE ALL ON DATABASE ${id(rows[0].db)} FROM ${group}`);
            await c.query(`DROP ROLE ${group}`);
            await c.query("COMMIT");
        } catch (err) {
            await c.query("ROLLBACK").catch(() => undefined);
            throw err;
        }
    });
}
