// The app's least-privilege PostgreSQL roles (seed 001): made by the migrating role over its direct
// URL (a named secret's, or the managed project's owner's), their current login's connection string
// the secret env source database.appUrl (and, with a managed project, database.appPooledUrl).
import * as pulumi from "@pulumi/pulumi";
import { AppRolesResource } from "../../providers/roles/provider";
import { connectionProblem } from "../../providers/migrations/connection";
import type { SourceValue } from "../envContract";
import type { SecretValue } from "../secretValue";
import { adminUrlSecret, CheckContext, NAMESPACE, Sources } from "../stackConfig";
import type { CoreConfig } from "../schema";
import { Area, generatedSecret } from "../area";

const KEY = `${NAMESPACE}:database`;
const APP_URL = "database.appUrl";
const APP_POOLED_URL = "database.appPooledUrl";

export function databaseSources(cfg: CoreConfig): Sources {
    if (!cfg.database) return {};
    return {
        [APP_URL]: { secret: true, description: "postgresql://<appRole>_<a|b>:<password>@<host>/<db>?sslmode=require (the current login)" },
        ...(cfg.postgres
            ? { [APP_POOLED_URL]: { secret: true, description: "the same login through the project's transaction-mode pooler (apps with many instances)" } }
            : {}),
    };
}

export function checkDatabase({ cfg, issues }: CheckContext, values: Record<string, SecretValue>): void {
    const d = cfg.database;
    if (!d) return;
    const admin = adminUrlSecret(cfg);
    if (!admin) {
        if (!cfg.postgres)
            issues.push({
                key: `${KEY}.adminUrlSecret`,
                message:
                    "which role makes the app's role? Name the external secret with its direct connection string (or declare app-platform:migrations or app-platform:postgres)",
            });
    } else if (!(admin in cfg.secrets.external))
        issues.push({
            key: `${KEY}.adminUrlSecret`,
            message: `"${admin}" is not declared under ${NAMESPACE}:secrets.external: declare it and set it with pulumi config set --secret`,
        });
    else if (values[admin]) {
        const problem = connectionProblem(values[admin].reveal());
        if (problem) issues.push({ key: `${NAMESPACE}:${admin}`, message: `${problem} (the value is not shown)` });
    }
    const g = cfg.secrets.generated[d.appRole.password];
    if (!g)
        issues.push({
            key: `${KEY}.appRole.password`,
            message: `"${d.appRole.password}" is not declared under ${NAMESPACE}:secrets.generated: declare it, e.g. { encoding: alphanumeric, length: 32, rotationDays: 90 }`,
        });
    else if (g.encoding !== "alphanumeric")
        issues.push({
            key: `${NAMESPACE}:secrets.generated.${d.appRole.password}`,
            message: "the app role's password sits inside database.appUrl: use { encoding: alphanumeric, length: 32 } (base64's + / = would need escaping)",
        });
}

/** The owner's URL with the current login and password, SSL required. */
function appUrl(adminUrl: string, user: string, password: string): string {
    const url = new URL(adminUrl);
    // Supavisor (Supabase's pooler) names the project after the role: postgres.<ref> → <login>.<ref>.
    const tenant = /^[^.]+(\.[a-z]{20})$/.exec(decodeURIComponent(url.username))?.[1] ?? "";
    url.username = `${user}${tenant}`;
    url.password = password;
    // At least require; a stricter mode the owner's URL asks for (verify-ca, verify-full) stays.
    if (!["require", "verify-ca", "verify-full"].includes(url.searchParams.get("sslmode") ?? "")) url.searchParams.set("sslmode", "require");
    return url.toString();
}

export const databaseArea: Area = {
    sources: ({ cfg }) => databaseSources(cfg),
    check: (ctx) => checkDatabase(ctx, ctx.externalValues),
    before(state) {
        const { cfg, protect } = state;
        const d = cfg.database;
        if (!d) return {};
        const named = adminUrlSecret(cfg);
        const admin = named ? state.secret(named) : state.postgres!.directUrl;
        const password = generatedSecret(state.generated, d.appRole.password);
        const [pa, pb] = password.slot === "a" ? [password.current, password.previous] : [password.previous, password.current];
        const roles = new AppRolesResource(
            `${cfg.name}-app-role`,
            {
                databaseUrl: admin,
                group: d.appRole.name,
                logins: pulumi.secret(
                    pulumi.all([pa, pb]).apply(([a, b]) => [
                        { name: `${d.appRole.name}_a`, password: a },
                        { name: `${d.appRole.name}_b`, password: b },
                    ]),
                ),
                connectionLimit: d.appRole.connectionLimit,
                schemas: d.appRole.schemas,
                revokePublicConnect: d.appRole.revokePublicConnect,
            },
            { protect },
        );
        const current = `${d.appRole.name}_${password.slot}`;
        // The URL waits for the roles: an app deployed with it can sign in.
        const url = (base: pulumi.Output<string>) => pulumi.secret(pulumi.all([base, password.current, roles.id]).apply(([a, p]) => appUrl(a, current, p)));
        return {
            databaseValues: {
                [APP_URL]: { value: url(admin) },
                ...(state.postgres ? { [APP_POOLED_URL]: { value: url(state.postgres.pooledUrl) } } : {}),
            },
        };
    },
    values: ({ databaseValues }): Record<string, SourceValue> => databaseValues ?? {},
};
