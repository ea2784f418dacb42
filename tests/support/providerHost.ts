// Drives a dynamic provider the way `pulumi up` does: serialized with the SDK's own closure
// serializer, loaded by the SDK's dynamic-provider host process, called over gRPC.
import * as pulumi from "@pulumi/pulumi";
import { startSdkHost } from "./sdkHost";

/* eslint-disable @typescript-eslint/no-require-imports */
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

export type Props = Record<string, any>;

export interface ProviderHost {
    check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean }>;
    create(props: Props): Promise<{ id: string; outs: Props }>;
    read(id: string, props: Props): Promise<{ id: string; props: Props }>;
    update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
    delete(id: string, props: Props): Promise<void>;
    /** What the host process printed on stderr (the provider's log lines). */
    stderr(): string;
    /**
     * What the host printed after `offset`, once its stderr has been quiet for 200 ms: the log lines
     * travel on their own stream and may arrive after the gRPC answer.
     */
    printed(offset?: number): Promise<string>;
    stop(): Promise<void>;
}

const URN = "urn:pulumi:test::app-platform::app-platform:index:Migrations::migrations";

export async function startProviderHost(provider: pulumi.dynamic.ResourceProvider): Promise<ProviderHost> {
    const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    const host = await startSdkHost("dynamic-provider", ResourceProviderClient);
    const client = host.client as any;
    const struct = (p: Props) => Struct.fromJavaScript({ ...p, __provider: text });
    const call = <T>(method: string, req: unknown): Promise<T> =>
        new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
    const strip = (p: Props) => {
        const { __provider: _, ...rest } = p;
        return rest;
    };

    return {
        async check(olds, news) {
            const req = new providerProto.CheckRequest();
            req.setUrn(URN);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const res = await call<any>("check", req);
            return {
                inputs: strip(res.getInputs().toJavaScript()),
                failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
            };
        },
        async diff(id, olds, news) {
            const req = new providerProto.DiffRequest();
            req.setId(id);
            req.setUrn(URN);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const res = await call<any>("diff", req);
            return { changes: res.getChanges() === providerProto.DiffResponse.DiffChanges.DIFF_SOME };
        },
        async create(props) {
            const req = new providerProto.CreateRequest();
            req.setUrn(URN);
            req.setProperties(struct(props));
            const res = await call<any>("create", req);
            return { id: res.getId(), outs: strip(res.getProperties().toJavaScript()) };
        },
        async read(id, props) {
            const req = new providerProto.ReadRequest();
            req.setId(id);
            req.setUrn(URN);
            req.setProperties(struct(props));
            const res = await call<any>("read", req);
            return { id: res.getId(), props: strip(res.getProperties().toJavaScript()) };
        },
        async update(id, olds, news) {
            const req = new providerProto.UpdateRequest();
            req.setId(id);
            req.setUrn(URN);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const res = await call<any>("update", req);
            return { outs: strip(res.getProperties().toJavaScript()) };
        },
        async delete(id, props) {
            const req = new providerProto.DeleteRequest();
            req.setId(id);
            req.setUrn(URN);
            req.setProperties(struct(props));
            await call("delete", req);
        },
        stderr: host.stderr,
        async printed(offset = 0) {
            for (let seen = -1, quiet = 0; quiet < 4;) {
                await new Promise((r) => setTimeout(r, 50));
                const now = host.stderr().length;
                quiet = now === seen ? quiet + 1 : 0;
                seen = now;
            }
            return host.stderr().slice(offset);
        },
        stop: host.stop,
    };
}
