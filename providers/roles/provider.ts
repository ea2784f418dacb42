// The Pulumi face of the app's roles: a dynamic provider over roles.ts (serialized into the state and
// run by the engine's dynamic-provider host) and the resource that uses it.
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "../dynamicResource";
import { hasUnknowns } from "../unknowns";
import { AppRoleSpec, dropAppRoles, ensureAppRoles, readAppRoles } from "./roles";

export interface AppRolesProps extends AppRoleSpec {
    /** The migrating (owner) role's direct connection string. Secret. */
    databaseUrl: string;
}

export interface AppRolesOutputs extends AppRolesProps {
    /** What the roles may do beyond the spec, as `read` found it: a refresh shows it, the next up removes it. */
    excess: string[];
}

/** The spec's parts a read can find in the database (not the passwords). */
const visible = (p: AppRolesProps) => JSON.stringify([p.group, p.logins.map((l) => l.name).sort(), p.connectionLimit, p.schemas]);

/**
 * Every method connects with the connection string it is given; nothing is captured. Create and
 * update apply the whole spec (idempotent); read reports the roles as they are, so a change made
 * by hand shows as drift on refresh; delete drops the roles and what was granted to them.
 */
export const appRolesProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: AppRolesOutputs, news: AppRolesProps) {
        if (hasUnknowns(news)) return { changes: true };
        const passwords = (p: AppRolesProps) => JSON.stringify(p.logins.map((l) => [l.name, l.password]));
        const changes =
            visible(olds) !== visible(news) || passwords(olds) !== passwords(news) || (olds.excess ?? []).length > 0 || olds.databaseUrl !== news.databaseUrl;
        // A new group is another set of roles: made before the old ones are dropped.
        return { changes, replaces: olds.group !== news.group ? ["group"] : [] };
    },

    async create(inputs: AppRolesProps) {
        await ensureAppRoles(inputs.databaseUrl, inputs);
        return { id: inputs.group, outs: { ...inputs, excess: [] } };
    },

    // The logins are named after the group, so a rename is a replacement: update only corrects.
    async update(_id: string, _olds: AppRolesOutputs, news: AppRolesProps) {
        await ensureAppRoles(news.databaseUrl, news);
        return { outs: { ...news, excess: [] } };
    },

    async read(id: string, props: AppRolesOutputs) {
        let found;
        try {
            found = await readAppRoles(props.databaseUrl, props);
        } catch {
            // Unreachable (or the URL rotated since): the state stands, as the migrations' read does.
            return { id, props };
        }
        if (!found) return { id: "", props: {} };
        const names = new Set(found.logins);
        return {
            id,
            props: {
                ...props,
                logins: props.logins.filter((l) => names.has(l.name)),
                connectionLimit: found.connectionLimit,
                schemas: found.schemas,
                excess: found.excess,
            },
        };
    },

    async delete(_id: string, props: AppRolesOutputs) {
        await dropAppRoles(props.databaseUrl, props);
    },
};

export type AppRolesArgs = { [K in keyof AppRolesProps]: pulumi.Input<AppRolesProps[K]> };

/** The app's group role and its two login roles, in the database the migrations own. */
export class AppRolesResource extends DynamicResource {
    declare readonly excess: pulumi.Output<string[]>;

    constructor(name: string, args: AppRolesArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            appRolesProvider,
            name,
            { ...args, excess: undefined },
            { ...opts, additionalSecretOutputs: ["databaseUrl", "logins"] },
            "app-platform",
            "AppRoles",
        );
    }
}
