// Runs the policy pack the way `pulumi preview --policy-pack policy/` does: the SDK's own
// run-policy-pack host loads policy/ (TypeScript, type-checked), serves the analyzer over gRPC,
// and receives Configure / ConfigureStack / Analyze / AnalyzeStack calls with the engine's messages.
import { readFileSync } from "fs";
import { join } from "path";
import { ResourceRecord } from "../../inventory/mocks";
import { ROOT } from "../helpers";
import { startSdkHost } from "./sdkHost";

/* eslint-disable @typescript-eslint/no-require-imports */
const proto = require("@pulumi/pulumi/proto/analyzer_pb");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

export const POLICY_DIR = join(ROOT, "policy");
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;
export type Level = (typeof LEVELS)[number];

export interface Diagnostic {
    policy: string;
    message: string;
    level: Level;
    urn: string;
}

export interface Verdict {
    diagnostics: Diagnostic[];
    /** Policy names that declared themselves not applicable. */
    notApplicable: string[];
}

/** What the engine knows of one resource: its URN, type, name, properties and options. */
export interface AnalyzedResource {
    urn: string;
    type: string;
    name: string;
    props: Record<string, unknown>;
    protect: boolean;
    parent?: string;
}

export interface PolicyHost {
    policies(): Promise<{ name: string; description: string; level: Level; stackPolicy: boolean }[]>;
    /** Applies a policy-pack config file the way the CLI does (`--policy-pack-config`). */
    configure(configFile: string): Promise<void>;
    configureStack(stack: string, tags?: Record<string, string>): Promise<void>;
    analyze(resource: AnalyzedResource): Promise<Verdict>;
    analyzeStack(resources: AnalyzedResource[]): Promise<Verdict>;
    stop(): Promise<void>;
}

/** The engine's view of the resources an evaluation registered, in stack `stack`. */
export function fromRecords(stack: string, records: ResourceRecord[]): AnalyzedResource[] {
    const urn = (typeAndName: string) => {
        const [type, name] = [typeAndName.slice(0, typeAndName.lastIndexOf("::")), typeAndName.slice(typeAndName.lastIndexOf("::") + 2)];
        return `urn:pulumi:${stack}::app-platform::${type}::${name}`;
    };
    return records.map((r) => ({
        urn: urn(`${r.type}::${r.name}`),
        type: r.type,
        name: r.name,
        // Custom resources carry the id the mocks gave them, as state does after an update.
        props: r.custom ? { ...r.wire, id: `${r.name}-id` } : { ...r.wire },
        protect: r.options.protect,
        parent: r.parent ? urn(r.parent) : undefined,
    }));
}

export async function startPolicyHost(): Promise<PolicyHost> {
    const sdkHost = await startSdkHost("run-policy-pack", AnalyzerClient, { args: ["."], cwd: POLICY_DIR });
    const client = sdkHost.client as any;
    const call = <T>(method: string, req: unknown): Promise<T> =>
        new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

    const message = (r: AnalyzedResource, Kind: any) => {
        const m = new Kind();
        m.setUrn(r.urn);
        m.setType(r.type);
        m.setName(r.name);
        m.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props))));
        const opts = new proto.AnalyzerResourceOptions();
        opts.setProtect(r.protect);
        if (r.parent) opts.setParent(r.parent);
        m.setOptions(opts);
        if (r.parent && m.setParent) m.setParent(r.parent);
        return m;
    };
    const verdict = (res: any): Verdict => ({
        diagnostics: res.getDiagnosticsList().map((d: any) => ({
            policy: d.getPolicyname(),
            // The SDK sends "<policy description>\n<violation>"; the CLI prints both.
            message: String(d.getMessage()).slice(String(d.getDescription()).length + 1),
            level: LEVELS[d.getEnforcementlevel()],
            urn: d.getUrn(),
        })),
        notApplicable: res.getNotApplicableList().map((n: any) => n.getPolicyName()),
    });

    // The pack's policies and their default levels are fixed for the life of the process.
    const info = await call<any>("getAnalyzerInfo", new Empty());
    const policies = info.getPoliciesList().map((p: any) => ({
        name: p.getName(),
        description: p.getDescription(),
        level: LEVELS[p.getEnforcementlevel()],
        stackPolicy: p.getPolicyType() === proto.PolicyType.POLICY_TYPE_STACK,
    }));
    const host: PolicyHost = {
        policies: async () => policies,
        async configure(configFile) {
            // The CLI expands the file's "all" into every policy, then applies per-policy entries.
            const file = JSON.parse(readFileSync(configFile, "utf8")) as Record<string, string | { enforcementLevel?: Level }>;
            const levelOf = (v: unknown) => (typeof v === "string" ? v : (v as { enforcementLevel?: string } | undefined)?.enforcementLevel);
            const req = new proto.ConfigureAnalyzerRequest();
            for (const p of await host.policies()) {
                const level = levelOf(file[p.name]) ?? levelOf(file.all) ?? p.level;
                const config = new proto.PolicyConfig();
                config.setEnforcementlevel(LEVELS.indexOf(level as Level));
                config.setProperties(Struct.fromJavaScript({}));
                req.getPolicyconfigMap().set(p.name, config);
            }
            await call("configure", req);
        },
        async configureStack(stack, tags = {}) {
            const req = new proto.AnalyzerStackConfigureRequest();
            req.setStack(stack);
            req.setProject("app-platform");
            for (const [k, v] of Object.entries(tags)) req.getTagsMap().set(k, v);
            await call("configureStack", req);
        },
        analyze: async (r) => verdict(await call("analyze", message(r, proto.AnalyzeRequest))),
        async analyzeStack(resources) {
            const req = new proto.AnalyzeStackRequest();
            req.setResourcesList(resources.map((r) => message(r, proto.AnalyzerResource)));
            return verdict(await call("analyzeStack", req));
        },
        stop: sdkHost.stop,
    };
    return host;
}
