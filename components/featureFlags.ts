// Feature flags and the maintenance switch in the hosting platform's edge key-value store, read by the
// app at request time: a toggle is a `pulumi up` that writes one value, with no build or redeploy.
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

export type FlagValue = boolean | number | string;

export type FlagStore = { kind: "vercel-edge-config"; teamId?: string } | { kind: "cloudflare-kv"; accountId: string };

export interface FeatureFlagsArgs {
    /** The store's name (Edge Config: up to 32 lowercase letters, digits, _ and -; KV: the namespace title). */
    storeName: string;
    store: FlagStore;
    values: Record<string, FlagValue>;
}

/** The Pages binding the app reads the flags through (`env.FLAGS.get(key)`). */
export const KV_BINDING = "FLAGS";

/**
 * Vercel: an Edge Config with an item per flag and a read token; the app reads the connection string
 * as EDGE_CONFIG (`@vercel/edge-config`), and a changed item reaches every region within about 10 s.
 * The provider cannot update an item (every change replaces it) and its create is an upsert of the
 * key, so the old item goes first: deleting it after would remove the key just written.
 * Cloudflare: a KV namespace with a key per flag (JSON values), bound to the Pages project as FLAGS;
 * a changed value is read within about 60 s (KV is eventually consistent).
 */
export class FeatureFlags extends pulumi.ComponentResource {
    /** Vercel: https://edge-config.vercel.com/<id>?token=… (secret). */
    readonly connectionString?: pulumi.Output<string>;
    /** Cloudflare: the namespace the Pages project binds as FLAGS. */
    readonly namespaceId?: pulumi.Output<string>;

    constructor(name: string, args: FeatureFlagsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:flags:FeatureFlags", name, {}, opts);
        const entries = Object.entries(args.values);
        if (args.store.kind === "vercel-edge-config") {
            const teamId = args.store.teamId;
            const store = new vercel.EdgeConfig(name, { name: args.storeName, teamId }, { parent: this });
            for (const [key, value] of entries) {
                // A string goes as `value`: as `valueJson` the provider would read it back as `value` (a diff at every preview).
                new vercel.EdgeConfigItem(
                    `${name}-${key}`,
                    { edgeConfigId: store.id, key, teamId, ...(typeof value === "string" ? { value } : { valueJson: value }) },
                    { parent: this, deleteBeforeReplace: true },
                );
            }
            const token = new vercel.EdgeConfigToken(name, { edgeConfigId: store.id, label: "app-platform", teamId }, { parent: this });
            this.connectionString = pulumi.secret(token.connectionString);
        } else {
            const { accountId } = args.store;
            const namespace = new cloudflare.WorkersKvNamespace(name, { accountId, title: args.storeName }, { parent: this });
            for (const [key, value] of entries) {
                new cloudflare.WorkersKv(
                    `${name}-${key}`,
                    { accountId, namespaceId: namespace.id, keyName: key, value: JSON.stringify(value) },
                    { parent: this },
                );
            }
            this.namespaceId = namespace.id;
        }
        this.registerOutputs({ namespaceId: this.namespaceId });
    }
}
