// An application's least-privilege PostgreSQL roles (seed 001, "Database Security"): a NOLOGIN group
// that holds the grants, and two login roles in it whose passwords rotate in turn (the app connects
// as the current one; the other keeps working until the next rotation). Idempotent SQL over `pg`.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "crypto";
import { Client } from "pg";
import { openClient, scrub } from "../migrations/connection";

export interface AppRoleSpec {
    /** The group role (NOLOGIN) that holds every grant, e.g. mystic_app. */
    group: string;
    /** Its two login roles (`<group>_a`, `<group>_b`) and their passwords. */
    logins: { name: string; password: string }[];
    /** Connections each login role may hold at once (seed 001: 20). */
    connectionLimit: number;
    /** Schemas whose tables and sequences the app reads and writes. */
    schemas: string[];
    /** Take CONNECT on the database from PUBLIC (seed 001), after granting it to every role that signs in now. */
    revokePublicConnect: boolean;
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

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802; PostgreSQL's
 * scram_build_secret): sent instead of the password, so no statement log or pg_stat_statements
 * ever holds it. Passwords here are alphanumeric, which SASLprep leaves as they are.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
    const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
    const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();
    const stored = createHash("sha256").update(hmac(salted, "Client Key")).digest();
    const server = hmac(salted, "Server Key");
    return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${stored.toString("base64")}:${server.toString("base64")}`;
}

/** Runs `run` on a connection of its own, always closed after; an error comes back with the URL's secrets scrubbed. */
async function connect<T>(url: string, run: (c: Client) => Promise<T>): Promise<T> {
    const client = await openClient(url, "app-platform-roles", 10_000);
    try {
        return await run(client);
    } catch (err) {
        throw Object.assign(new Error(scrub((err as Error).message, url)), { code: (err as { code?: string }).code });
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
        // GRANT ... ON ALL TABLES passes over a table the owner may not grant, with only a notice.
        const skipped: string[] = [];
        c.on("notice", (n) => {
            const text = n.message ?? "";
            if (/no privileges were granted/i.test(text)) skipped.push(text.replace(/^no privileges were granted for /i, ""));
        });
        await c.query("BEGIN");
        try {
            const exists = async (role: string) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount === 1;
            if (!(await exists(spec.group))) await c.query(`CREATE ROLE ${id(spec.group)} NOLOGIN`);
            const base = `LOGIN INHERIT CONNECTION LIMIT ${Math.trunc(spec.connectionLimit)}`;
            for (const login of spec.logins) {
                const password = `PASSWORD ${c.escapeLiteral(scramVerifier(login.password))}`;
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
            await c.query(`GRANT CONNECT ON DATABASE ${db} TO ${id(spec.group)}`);
            if (spec.revokePublicConnect) {
                // Whoever signs in today through PUBLIC's CONNECT keeps it, by a grant of its own.
                const { rows: others } = await c.query<{ rolname: string }>(
                    `SELECT rolname FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND has_database_privilege(oid, current_database(), 'CONNECT')
                        AND rolname <> ALL($1) AND NOT pg_has_role(oid, $2, 'MEMBER')`,
                    [spec.logins.map((l) => l.name), spec.group],
                );
                for (const other of others) await c.query(`GRANT CONNECT ON DATABASE ${db} TO ${id(other.rolname)}`);
                await c.query(`REVOKE CONNECT ON DATABASE ${db} FROM PUBLIC`);
            }
            for (const schema of spec.schemas.map(id)) {
                await c.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC, ${id(spec.group)}`);
                await c.query(`GRANT USAGE ON SCHEMA ${schema} TO ${id(spec.group)}`);
                await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${id(spec.group)}`);
                await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${id(spec.group)}`);
                await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${id(spec.group)}`);
                await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${id(spec.group)}`);
            }
            if (skipped.length > 0)
                throw new Error(
                    `the connecting role may not grant ${skipped.join(", ")} to ${spec.group}: make it own them (or hold them WITH GRANT OPTION), as the migrations' tables are`,
                );
            await c.query("COMMIT");
        } catch (err) {
            await c.query("ROLLBACK").catch(() => undefined);
            // A table or sequence it neither owns nor may grant: say what to change, not only PostgreSQL's words.
            if ((err as { code?: string }).code === "42501")
                throw new Error(
                    `${(err as Error).message}: the role making ${spec.group} must own every table and sequence of ${spec.schemas.join(", ")} (or hold them WITH GRANT OPTION), as the migrations' are`,
                );
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
                    EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = $1 AND m.member = r.oid) AS member
               FROM pg_roles r WHERE r.rolname = ANY($2)`,
            [spec.group, [spec.group, ...spec.logins.map((l) => l.name)]],
        );
        if (!roles.rows.some((r) => r.rolname === spec.group)) return undefined;
        const logins = roles.rows.filter((r) => r.rolname !== spec.group && r.rolcanlogin && r.member);
        const excess: string[] = roles.rows.filter((r) => r.elevated).map((r) => `${r.rolname} has a superuser, create or replication attribute`);
        const schemas: string[] = [];
        for (const schema of spec.schemas) {
            if ((await c.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])).rowCount !== 1) continue; // gone: not granted
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
