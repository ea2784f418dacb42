// A stand-in for one bridged provider plugin (vercel, cloudflare, aws, upstash, random, …), served with
// the SDK's own provider host. It keeps a small "world" on disk (one JSON file per live resource,
// as the vendor would hold it), records every call, computes the outputs the program reads, and
// behaves as the provider does (rules.ts): its checks, the vendor's refusals, what a read returns,
// unique names, replace rules and failure modes. Usage: plugin.ts <provider> <version>; the folder for the
// world and the call log comes from APP_PLATFORM_STANDIN_DIR.
import * as grpc from "@grpc/grpc-js";
import * as provider from "@pulumi/pulumi/provider";
import { createHash, randomBytes } from "crypto";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "fs";
import { join } from "path";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { hasUnknowns, UNKNOWN } from "../../../providers/unknowns";
import { autoNameSuffix, changedInputs, FaultEvent, INVOKES, Props, RULES, TypeRule } from "./rules";

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

/** Every live resource this provider's stand-in holds. */
const live = () =>
    readdirSync(worldDir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(readFileSync(join(worldDir, f), "utf8")) as { type: string; urn: string; id: string; outs: Props });
/** What a fault may consult and change: the live resources (plain values), and a way to store what the vendor now holds. */
const worldView = () => ({
    live: () => live().map((o) => ({ ...o, outs: plain(o.outs) as Props })),
    faults: () => (existsSync(join(dir!, "faults.json")) ? JSON.parse(readFileSync(join(dir!, "faults.json"), "utf8")) : {}) as Props,
});

/**
 * Saves what the vendor holds after a write: the provider's answer, or what a fault made of it; notes
 * for the vendor fakes. A write that failed after the vendor took it is an initialization error: the
 * SDK's provider host sends it as ErrorResourceInitFailed with the new state, which the engine records
 * (as the bridge does for a Terraform apply that returned its state with an error).
 */
function settle(r: TypeRule, e: FaultEvent, id: string, outs: Props) {
    const faulted = r.fault?.(e) ?? {};
    save(id, e.urn, faulted.stored ?? outs);
    for (const [name, data] of Object.entries(faulted.vendor ?? {})) {
        mkdirSync(join(dir!, "vendor"), { recursive: true });
        writeFileSync(join(dir!, "vendor", `${name}.json`), JSON.stringify(data));
    }
    if (faulted.initFailed) {
        record("init-failed", e.urn, { id });
        throw Object.assign(new Error(faulted.initFailed), { id, properties: outs, reasons: [faulted.initFailed] });
    }
}

/** What the vendor's API refuses at create or update, in its words. */
function refuseAsTheVendor(urn: string, r: TypeRule, inputs: Props) {
    const refused = r.refuse?.(plain(inputs) as Props);
    if (refused) {
        record("refused", urn);
        throw new Error(refused);
    }
}

/** The state the provider stores: what the vendor answers to its read after the write, secrets kept as secrets. */
function readBack(r: TypeRule, outs: Props): Props {
    if (!r.readBack) return outs;
    const read = r.readBack(plain(outs) as Props);
    return Object.fromEntries(Object.entries(read).map(([k, v]) => [k, isSecret(outs[k]) ? secret(v) : v]));
}

/** Random seeds the engine sent with each Check (autonaming), by URN. */
const seeds = new Map<string, string>();

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
        // A replacement is checked again without olds: the engine's seed for this step names it anew.
        if (r.autoName && inputs[r.autoName] === undefined) inputs[r.autoName] = olds[r.autoName] ?? `${nameOf(urn)}-${autoNameSuffix(urn, seeds.get(urn))}`;
        const refused = hasUnknowns(inputs) ? undefined : r.validate?.(plain(inputs) as Props);
        return { inputs, failures: refused ? [{ property: refused.property, reason: refused.reason }] : [] };
    },

    async diff(_id, urn, olds, news) {
        const r = rule(urn);
        const changed = changedInputs(r, inputKeys(urn, olds), plain(olds) as Props, plain(news) as Props, (k) => hasUnknowns(news[k]));
        const replaces = changed.filter((k) => r.replaces.includes("*") || r.replaces.includes(k));
        record("diff", urn, { changed, replaces });
        return { changes: changed.length > 0, replaces };
    },

    async create(urn, inputs) {
        const r = rule(urn);
        refuseAsTheVendor(urn, r, inputs);
        const computed = r.computed?.(nameOf(urn), plain(inputs) as Props) ?? {};
        for (const k of r.secrets ?? []) if (k in computed) computed[k] = secret(computed[k]);
        const outs = readBack(r, { ...inputs, ...computed });
        const id = r.id?.(nameOf(urn), plain(outs) as Props) ?? `${nameOf(urn)}-${randomBytes(4).toString("hex")}`;
        // A create is always a new resource (a replacement's old one is still live): any holder of the name collides.
        const taken = r.unique && live().find((o) => o.type === typeOf(urn) && r.unique!.key(plain(o.outs) as Props) === r.unique!.key(plain(outs) as Props));
        if (taken) throw new Error(r.unique!.duplicate(plain(outs) as Props));
        settle(r, { op: "create", urn, outs: plain(outs) as Props, world: worldView() }, id, outs);
        record("create", urn, { id });
        return { id, outs };
    },

    async read(id, urn, props) {
        record("read", urn, { id });
        // Switched on by a test (faults.json `unreadable`: types): the vendor's API fails the read, as an outage
        // would; the bridge returns the provider's error as Read's, "refreshing <urn>: …"
        // (pulumi-terraform-bridge pkg/tfbridge/provider.go, Read: errors.Wrapf(err, "refreshing %s", urn)).
        if (((worldView().faults().unreadable as string[] | undefined) ?? []).includes(typeOf(urn)))
            throw new Error(`refreshing ${urn}: reading ${typeOf(urn)} ${id}: the vendor answered 503 Service Unavailable`);
        if (!existsSync(file(id, urn))) return { id: "", props: {} };
        const { outs } = JSON.parse(readFileSync(file(id, urn), "utf8")) as { outs: Props };
        const inputs = Object.fromEntries(
            inputKeys(urn, props)
                .filter((k) => k in outs)
                .map((k) => [k, outs[k]]),
        );
        return { id, props: outs, inputs };
    },

    async update(id, urn, olds, news) {
        const r = rule(urn);
        refuseAsTheVendor(urn, r, news);
        const outs = readBack(r, updated(urn, olds, news));
        settle(r, { op: "update", urn, olds: plain(olds) as Props, outs: plain(outs) as Props, world: worldView() }, id, outs);
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
// Served by the test harness for a whole workspace (workspace.ts, serveStandins): its parent holds our
// stdin, so stdin's end means the parent is gone, even killed outright, and the stand-in goes too.
if (process.env.APP_PLATFORM_STANDIN_SERVED) process.stdin.on("end", () => process.exit(0)).resume();
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
        const { configure, create, update, check } = impl;
        impl.check = (call: any, cb: any) => {
            seeds.set(call.request.getUrn(), Buffer.from(call.request.getRandomseed_asU8()).toString("hex"));
            return check.call(impl, call, cb);
        };
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
            res.setProperties(
                Struct.fromJavaScript(updated(call.request.getUrn(), call.request.getOlds().toJavaScript(), call.request.getNews().toJavaScript())),
            );
            cb(null, res);
        };
        return addService.call(this, service, impl);
    };
}
