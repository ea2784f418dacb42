// The Pulumi face of the MongoDB dump: a resource that dumps the database into the backup bucket
// before each change it precedes (its `trigger`: a service's new task definition or deploy token).
// What waits on it (the pre-start migration, the service) changes only after a complete dump. A
// dump is history: nothing to refresh; deleting the resource keeps the dumps (the bucket's rules expire them).
import * as pulumi from "@pulumi/pulumi";
import { RemoteResource, runOnceProvider } from "../remote";
import { dumpMongo, MongoDumpResult } from "./mongoDump";

export interface MongoDumpProps {
    /** Secret. */
    uri: string;
    database: string;
    bucket: string;
    region: string;
    stack: string;
    /** Changes with each change the dump precedes. */
    trigger: string;
}

type MongoDumpState = MongoDumpProps & MongoDumpResult;

const dumpOnce = async (p: MongoDumpProps): Promise<MongoDumpState> => ({
    ...p,
    ...(await dumpMongo({ uri: p.uri, database: p.database, target: { kind: "s3", bucket: p.bucket, region: p.region }, stack: p.stack, label: p.trigger })),
});

export const mongoDumpProvider = runOnceProvider<MongoDumpProps, MongoDumpState>({
    run: dumpOnce,
    // A rotated password alone is no change to the data.
    changed: (olds, news) => olds.trigger !== news.trigger || olds.database !== news.database || olds.bucket !== news.bucket,
    id: (outs) => outs.location,
});

export type MongoDumpArgs = { [K in keyof MongoDumpProps]: pulumi.Input<MongoDumpProps[K]> };

export class MongoDump extends RemoteResource {
    declare readonly location: pulumi.Output<string>;
    declare readonly documents: pulumi.Output<number>;

    constructor(name: string, args: MongoDumpArgs, opts?: pulumi.CustomResourceOptions) {
        super("MongoDump", mongoDumpProvider, name, args, { outputs: ["location", "bytes", "collections", "documents"], secrets: ["uri"] }, opts);
    }
}
