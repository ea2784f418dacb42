// A stand-in for one bridged provider plugin (vercel, cloudflare, aws, upstash, random), served with
// the SDK's own provider host. It keeps a small "world" on disk (one JSON file per live resource,
// as the vendor would hold it), records every call, computes the outputs the program reads and
// applies the provider's replace rules. Usage: plugin.ts <provider> <version>; the folder for the
// world and the call log comes from APP_PLATFORM_STANDIN_DIR.
import * as grpc from "@grpc/grpc-js";
import * as provider from "@pulumi/pulumi/provider";
import { createHash, randomBytes } from "crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "fs";
import { join } from "path";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { hasUnknowns, UNKNOWN } from "../../../providers/unknowns";
import { autoNameSuffix, INVOKES, Props, RULES, TypeRule } from "./rules";

const [name, version] = process.argv.slice(2, 4);
const dir = process.env.APP_PLATFORM_STANDIN_DIR;
if (!name || !version || !dir) throw new Error("usage: APP_PLATFORM_STANDIN_DIR=<dir> plugin.ts <provider> <version>");
const worldDir = join(dir, "world", name);
mkdirSync(worldDir, { recursive: true });


const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;
const nameOf = (urn: string) => urn.split("::")[3];
const rule = (urn: string): TypeRule => RULES[typeOf(urn)] ?? { replaces: [] };
const isSecret = (v: unknown): v is { value: unknown } => typeof v === "object" && v !== null && (v as Props)[specialSigKey] === specialSecretSig;
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** The plain value: secrets unwrapped (for computing and comparing, never for logging). */
function plain(v: unknown): unknown {
    if (isSecret(v)) return plain(v.value);
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
}
const same = (a: unknown, b: unknown) => JSON.stringify(plain(a) ?? null) === JSON.stringify(plain(b) ?? null);

/** One line per call: method, type and name, never a value. */
function record(method: string, urn: string, extra: Props = {}) {
    appendFileSync(join(dir!, "calls.jsonl"), JSON.stringify({ provider: name, method, type: typeOf(urn), name: nameOf(urn), ...extra }) + "\n");
}

// Ids are unique per type only (an S3 bucket and its settings share the bucket's name).
// Long ids (an IAM binding names its resource, role and member) are hashed: file names stop at 255 bytes.
const file = (id: string, urn: string) => {
    const key = encodeURIComponent(`${typeOf(urn)}/${id}`);
    return join(worldDir, `${key.length > 200 ? createHash("sha256").update(key).digest("hex") : key}.json`);
};
const save = (id: string, urn: string, outs: Props) => writeFileSync(file(id, urn), JSON.stringify({ type: typeOf(urn), urn, id, outs }));

/** Input keys of a state: everything but what the provider computed. */
function inputKeys(urn: string, state: Props): string[] {
    const computed = new Set(Object.keys(rule(urn).computed?.(nameOf(urn), plain(state) as Props) ?? {}));
    return Object.keys(state).filter((k) => !computed.has(k));
}

/** The state an update leaves: new inputs over the old state, removed inputs gone, computed outputs kept. */
function updated(urn: string, olds: Props, news: Props): Props {
    const outs = { ...olds, ...news };
    for (const k of inputKeys(urn, olds)) if (!(k in news)) delete outs[k];
    return outs;
}

const standin: provider.Provider = {
    version,

    async check(urn, olds, news) {
        const r = rule(urn);
        const inputs = { ...news };
        if (r.autoName && inputs[r.autoName] === undefined) inputs[r.autoName] = olds[r.autoName] ?? `${nameOf(urn)}-${autoNameSuffix(urn)}`;
        return { inputs };
    },

    async diff(_id, urn, olds, news) {
        const r = rule(urn);
        const keys = [...new Set([...inputKeys(urn, olds), ...Object.keys(news)])];
        const changed = keys.filter((k) => hasUnknowns(news[k]) || !same(olds[k], news[k]));
        const replaces = changed.filter((k) => r.replaces.includes("*") || r.replaces.includes(k));
        record("diff", urn, { changed, replaces });
        return { changes: changed.length > 0, replaces };
    },

    async create(urn, inputs) {
        const r = rule(urn);
        const computed = r.computed?.(nameOf(urn), plain(inputs) as Props) ?? {};
        for (const k of r.secrets ?? []) if (k in computed) computed[k] = secret(computed[k]);
        const outs = { ...inputs, ...computed };
        const id = r.id?.(nameOf(urn), plain(outs) as Props) ?? `${nameOf(urn)}-${randomBytes(4).toString("hex")}`;
        save(id, urn, outs);
        record("create", urn, { id });
        return { id, outs };
    },

    async read(id, urn, props) {
        record("read", urn, { id });
        if (!existsSync(file(id, urn))) return { id: "", props: {} };
        const { outs } = JSON.parse(readFileSync(file(id, urn), "utf8")) as { outs: Props };
        const inputs = Object.fromEntries(inputKeys(urn, props).filter((k) => k in outs).map((k) => [k, outs[k]]));
        return { id, props: outs, inputs };
    },

    async update(id, urn, olds, news) {
        const outs = updated(urn, olds, news);
        save(id, urn, outs);
        record("update", urn, { id });
        return { outs };
    },

    async delete(id, urn) {
        record("delete", urn, { id });
        if (existsSync(file(id, urn))) unlinkSync(file(id, urn));
    },

    async invoke(token, inputs) {
        record("invoke", `urn:pulumi:x::x::${token}::invoke`);
        const fn = INVOKES[token];
        if (!fn) throw new Error(`the ${name} stand-in does not answer ${token}`);
        return { outputs: fn(inputs) };
    },
};

answerPreviews();
provider.main(standin, process.argv.slice(4)).catch((err) => {
    console.error(err);
    process.exit(1);
});

/**
 * Bridged providers answer Create and Update in preview too (the planned state: an update keeps
 * computed outputs such as a Pages project's subdomain known). The SDK's provider host does not
 * offer that, so the stand-in adds it around the host's service: Configure announces preview
 * support, and a preview Create/Update answers the planned state without touching the world.
 */
function answerPreviews() {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const proto = require("@pulumi/pulumi/proto/provider_pb");
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (service, impl: any) {
        const { configure, create, update } = impl;
        impl.configure = (call: any, cb: any) => configure.call(impl, call, (err: any, res: any) => (res?.setSupportspreview(true), cb(err, res)));
        impl.create = (call: any, cb: any) => {
            if (!call.request.getPreview()) return create.call(impl, call, cb);
            const urn = call.request.getUrn();
            const inputs = call.request.getProperties().toJavaScript();
            // What create computes is not known before it runs.
            const computed = Object.keys(rule(urn).computed?.(nameOf(urn), plain(inputs) as Props) ?? {});
            const res = new proto.CreateResponse();
            res.setProperties(Struct.fromJavaScript({ ...inputs, ...Object.fromEntries(computed.map((k) => [k, UNKNOWN])) }));
            cb(null, res);
        };
        impl.update = (call: any, cb: any) => {
            if (!call.request.getPreview()) return update.call(impl, call, cb);
            const res = new proto.UpdateResponse();
            res.setProperties(Struct.fromJavaScript(updated(call.request.getUrn(), call.request.getOlds().toJavaScript(), call.request.getNews().toJavaScript())));
            cb(null, res);
        };
        return addService.call(this, service, impl);
    };
}
