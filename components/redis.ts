import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

export interface RedisArgs {
    databaseName: string;
    primaryRegion: string;
    readRegions: string[];
    eviction: boolean;
    /** Production: guard the database against deletion and keep it if removed from the program. */
    protect: boolean;
}

/** An Upstash Redis database (global, TLS on) and the connection values the app needs. */
export class Redis extends pulumi.ComponentResource {
    /** `rediss://default:<password>@<endpoint>:<port>`. Secret. */
    readonly url: pulumi.Output<string>;
    readonly restUrl: pulumi.Output<string>;
    /** Secret. */
    readonly restToken: pulumi.Output<string>;
    /** Secret (the @upstash/pulumi 0.5.0 SDK marks it so too; kept explicit here). */
    readonly readOnlyRestToken: pulumi.Output<string>;
    readonly databaseId: pulumi.Output<string>;

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:data:Redis", name, {}, opts);
        const db = new upstash.RedisDatabase(
            name,
            {
                databaseName: args.databaseName,
                region: "global",
                primaryRegion: args.primaryRegion,
                readRegions: args.readRegions.length > 0 ? args.readRegions : undefined,
                tls: true,
                eviction: args.eviction,
            },
            {
                parent: this,
                additionalSecretOutputs: ["password", "restToken", "readOnlyRestToken"],
                protect: args.protect,
                retainOnDelete: args.protect,
            },
        );
        this.url = pulumi.secret(pulumi.interpolate`rediss://default:${db.password}@${db.endpoint}:${db.port}`);
        this.restUrl = pulumi.interpolate`https://${db.endpoint}`;
        this.restToken = pulumi.secret(db.restToken);
        this.readOnlyRestToken = pulumi.secret(db.readOnlyRestToken);
        this.databaseId = db.databaseId;
        this.registerOutputs({ restUrl: this.restUrl, databaseId: this.databaseId });
    }
}
