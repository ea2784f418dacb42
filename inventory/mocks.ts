// Pulumi mocks that record every resource registration (type, name, parent, inputs, options),
// so the program can be evaluated offline: no engine, no providers, no credentials.
import * as pulumi from "@pulumi/pulumi";
import { deserializeProperties, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { createHash } from "crypto";
import { kindOf } from "../providers/kinds";

export const MASK = "[secret]";

export interface ResourceOptionsRecord {
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    additionalSecretOutputs: string[];
}

export interface ResourceRecord {
    type: string;
    name: string;
    /** The parent as `<type>::<name>` (unique where names alone may repeat), or null at the top. */
    parent: string | null;
    custom: boolean;
    /** Inputs as the engine would receive them; secret values replaced by `[secret]`. */
    inputs: Record<string, unknown>;
    /** Inputs with secrets revealed: for tests that check what flows where. Never printed. */
    revealed: Record<string, unknown>;
    /** Inputs as registered, secrets still in Pulumi's secret envelope: what the engine hands analyzers. */
    wire: Record<string, unknown>;
    options: ResourceOptionsRecord;
}

export const MOCK_ACCOUNT = "123456789012";
const fake = (name: string, what: string) => createHash("sha256").update(`${name}:${what}`).digest("hex");

/** The provider's id for a resource: numeric where the vendor's ids are (Checkly), the slug for a Sentry project. */
function mockId(type: string, name: string, inputs: Record<string, any>): string {
    if (type.startsWith("checkly:")) return String(parseInt(fake(name, "id").slice(0, 8), 16));
    if (type === "sentry:index/sentryProject:SentryProject") return String(inputs.slug);
    return `${name}-id`;
}

/** What the data sources the program reads answer (any other echoes its inputs). */
const INVOKES: Record<string, (inputs: Record<string, any>) => Record<string, unknown>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`, userId: "MOCK" }),
    "aws:index/getRegion:getRegion": () => ({ region: "af-south-1", name: "af-south-1", id: "af-south-1" }),
    // Each private subnet has its zone's route table, sending 0.0.0.0/0 to that zone's NAT gateway (named
    // after the table), at an address from the documentation range (RFC 5737); the main table has no NAT.
    "aws:ec2/getRouteTables:getRouteTables": (inputs) => {
        const [filter] = (inputs.filters ?? []) as { name: string; values: string[] }[];
        return {
            ...inputs,
            id: String(inputs.vpcId),
            ids: filter?.name === "association.subnet-id" ? [`rtb-${fake(filter.values[0], "rtb").slice(0, 17)}`] : ["rtb-main"],
        };
    },
    "aws:ec2/getRouteTable:getRouteTable": (inputs) => ({
        ...inputs,
        routes:
            inputs.routeTableId === "rtb-main"
                ? []
                : [{ cidrBlock: "0.0.0.0/0", natGatewayId: `nat-${fake(String(inputs.routeTableId), "nat").slice(0, 17)}` }],
    }),
    "aws:ec2/getNatGateway:getNatGateway": (inputs) => ({
        ...inputs,
        publicIp: `203.0.113.${10 + (parseInt(fake(String(inputs.id), "ip").slice(0, 2), 16) % 200)}`,
        state: "available",
    }),
    "github:index/getUser:getUser": (inputs) => ({ ...inputs, id: String(parseInt(fake(String(inputs.username), "user").slice(0, 6), 16)) }),
    "github:index/getTeam:getTeam": (inputs) => ({ ...inputs, id: String(parseInt(fake(String(inputs.slug), "team").slice(0, 6), 16)) }),
    "sentry:index/getSentryTeam:getSentryTeam": (inputs) => ({
        ...inputs,
        id: inputs.slug,
        internalId: String(parseInt(fake(String(inputs.slug), "team").slice(0, 6), 16)),
    }),
};

/** Deterministic stand-ins for values a provider would compute. */
function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
    switch (type) {
        case "random:index/randomPassword:RandomPassword": {
            const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            const bytes = createHash("sha512")
                .update(`${name}:${JSON.stringify(inputs.keepers ?? {})}`)
                .digest();
            // Led by one upper, one lower and one digit, as minUpper/minLower/minNumeric ask.
            const chars = ["Q", "m", "7", ...Array.from({ length: inputs.length - 3 }, (_, i) => alphabet[bytes[i % bytes.length] % alphabet.length])];
            return { result: pulumi.secret(chars.join("")) };
        }
        case "mongodbatlas:index/project:Project":
            return { id: fake(name, "project").slice(0, 24) };
        case "mongodbatlas:index/advancedCluster:AdvancedCluster":
            return {
                name: inputs.name,
                clusterId: fake(name, "cluster").slice(0, 24),
                connectionStrings: {
                    standardSrv: `mongodb+srv://${inputs.name}.${fake(name, "host").slice(0, 5)}.mongodb.net`,
                    standard: "",
                    private: "",
                    privateSrv: "",
                    privateEndpoints: [],
                },
                stateName: "IDLE",
            };
        case "random:index/randomBytes:RandomBytes": {
            const bytes = createHash("sha512")
                .update(`${name}:${JSON.stringify(inputs.keepers ?? {})}`)
                .digest()
                .subarray(0, Math.min(64, inputs.length));
            return { hex: pulumi.secret(bytes.toString("hex")), base64: pulumi.secret(bytes.toString("base64")) };
        }
        case "cloudflare:index/pagesProject:PagesProject":
            return { subdomain: `${inputs.name}.pages.dev` };
        case "upstash:index/redisDatabase:RedisDatabase":
            return {
                databaseId: `${name}-db`,
                endpoint: `${inputs.databaseName}.upstash.io`,
                port: 6379,
                password: pulumi.secret(fake(name, "password")),
                restToken: pulumi.secret(fake(name, "rest")),
                readOnlyRestToken: fake(name, "readonly"), // secret by the SDK's additionalSecretOutputs, as in @upstash/pulumi 0.5.0
            };
        case "upstash:index/qStashScheduleV2:QStashScheduleV2":
            // A new schedule (every field forces replacement) gets a new id, as QStash gives it.
            return { scheduleId: `scd_${fake(name, JSON.stringify(inputs)).slice(0, 16)}` };
        case "aws:s3/bucket:Bucket":
            return { bucket: inputs.bucket, arn: `arn:aws:s3:::${inputs.bucket}`, region: inputs.region ?? "us-east-1" };
        case "aws:iam/role:Role":
        case "aws:iam/user:User":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:${type.includes("role") ? "role" : "user"}/${name}`, name };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${String(inputs.url).replace("https://", "")}` };
        case "aws:iam/accessKey:AccessKey":
            return { secret: pulumi.secret(fake(name, "secret")) };
        case "aws:acm/certificate:Certificate":
            return {
                arn: `arn:aws:acm:af-south-1:${MOCK_ACCOUNT}:certificate/${fake(name, "cert").slice(0, 36)}`,
                domainValidationOptions: [
                    {
                        domainName: inputs.domainName,
                        resourceRecordName: `_${fake(name, "acm-name").slice(0, 32)}.${inputs.domainName}.`,
                        resourceRecordType: "CNAME",
                        resourceRecordValue: `_${fake(name, "acm-value").slice(0, 32)}.djqtsrsxkq.acm-validations.aws.`,
                    },
                ],
            };
        case "aws:acm/certificateValidation:CertificateValidation":
            return { certificateArn: inputs.certificateArn };
        case "aws:lb/loadBalancer:LoadBalancer":
            return {
                arn: `arn:aws:elasticloadbalancing:af-south-1:${MOCK_ACCOUNT}:loadbalancer/app/${inputs.name}/${fake(name, "lb").slice(0, 16)}`,
                arnSuffix: `app/${inputs.name}/${fake(name, "lb").slice(0, 16)}`,
                dnsName: `${inputs.name}-${parseInt(fake(name, "dns").slice(0, 8), 16)}.af-south-1.elb.amazonaws.com`,
            };
        case "aws:ecs/taskDefinition:TaskDefinition": {
            // Every registration is a new revision.
            const revision = parseInt(fake(name, JSON.stringify(inputs)).slice(0, 4), 16);
            return { revision, arn: `arn:aws:ecs:af-south-1:${MOCK_ACCOUNT}:task-definition/${inputs.family}:${revision}` };
        }
        case "aws:lb/targetGroup:TargetGroup":
            return {
                arn: `arn:aws:lb:af-south-1:${MOCK_ACCOUNT}:${name}`,
                arnSuffix: `targetgroup/${inputs.name}/${fake(name, "tg").slice(0, 16)}`,
                name: inputs.name,
            };
        case "aws:ecs/cluster:Cluster":
        case "aws:secretsmanager/secret:Secret":
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:${type.split(":")[1].split("/")[0]}:af-south-1:${MOCK_ACCOUNT}:${name}`, name: inputs.name ?? inputs.family };
        case "aws:secretsmanager/secretVersion:SecretVersion":
            // A new value is a new version, as PutSecretValue makes one.
            return {
                versionId: fake(name, JSON.stringify(inputs.secretString))
                    .slice(0, 32)
                    .replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-"),
            };
        case "aws:sns/topic:Topic":
            return { arn: `arn:aws:sns:af-south-1:${MOCK_ACCOUNT}:${inputs.name}` };
        case "gcp:monitoring/notificationChannel:NotificationChannel":
            return { name: `projects/${inputs.project}/notificationChannels/${parseInt(fake(name, "channel").slice(0, 12), 16)}` };
        case "vercel:index/edgeConfigToken:EdgeConfigToken": {
            const token = fake(name, "edge-config-token").slice(0, 36);
            return { token: pulumi.secret(token), connectionString: pulumi.secret(`https://edge-config.vercel.com/${inputs.edgeConfigId}?token=${token}`) };
        }
        case "gcp:logging/projectBucketConfig:ProjectBucketConfig":
            return { name: `projects/${inputs.project}/locations/${inputs.location}/buckets/${inputs.bucketId}`, lifecycleState: "ACTIVE" };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { id: `sg-${fake(name, "sg").slice(0, 17)}` };
        case "gcp:serviceaccount/account:Account":
            return { email: `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com` };
        case "gcp:secretmanager/secret:Secret":
            return { name: `projects/${inputs.project}/secrets/${inputs.secretId}` };
        case "gcp:secretmanager/secretVersion:SecretVersion":
            return { version: String(parseInt(fake(name, JSON.stringify(inputs.secretData)).slice(0, 4), 16)) };
        case "gcp:cloudrunv2/service:Service":
            return { uri: `https://${inputs.name}-${fake(name, "uri").slice(0, 10)}-as.a.run.app` };
        case "sentry:index/sentryKey:SentryKey": {
            const publicKey = fake(name, "public").slice(0, 32);
            return {
                public: publicKey,
                secret: pulumi.secret(fake(name, "secret").slice(0, 32)),
                dsnPublic: `https://${publicKey}@o1000.ingest.sentry.io/${parseInt(fake(name, "project").slice(0, 6), 16)}`,
            };
        }
        default: {
            // This program's dynamic resources describe their own stand-in outputs.
            const kind = kindOf(type, inputs);
            return kind ? kind.mockOutputs(inputs, (what) => fake(name, what)) : {};
        }
    }
}

function isSecretValue(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** Replaces each secret-wrapped value: `mask` for display, or its content for tests. */
function walk(v: unknown, onSecret: (inner: unknown) => unknown): unknown {
    if (isSecretValue(v)) return onSecret(v.value);
    if (Array.isArray(v)) return v.map((x) => walk(x, onSecret));
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, onSecret)]));
    }
    return v;
}

/** `urn:pulumi:stack::project::a$b$type::name` → `type::name`. */
const parentId = (urn: string) => {
    if (!urn) return null;
    const [, , qualifiedType, name] = urn.split("::");
    return `${qualifiedType.split("$").pop()}::${name}`;
};

/** A dynamic resource's serialized provider is tens of kilobytes of code: show its size instead. */
function abbreviateProvider(inputs: Record<string, unknown>): Record<string, unknown> {
    const code = inputs.__provider;
    return typeof code === "string" ? { ...inputs, __provider: `[serialized dynamic provider, ${code.length} bytes]` } : inputs;
}

/** Installs recording mocks for one evaluation; returns the list that fills as resources register. */
export async function installMocks(project: string, stack: string): Promise<ResourceRecord[]> {
    const records: ResourceRecord[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({
                id: args.custom ? mockId(args.type, args.name, args.inputs) : undefined,
                state: { ...args.inputs, ...computedState(args.type, args.name, walk(args.inputs, (x) => x) as Record<string, unknown>) },
            }),
            call: (args) => INVOKES[args.token]?.(args.inputs) ?? args.inputs,
        },
        project,
        stack,
        false,
    );
    // The mock monitor hands mocks only type, name and inputs; parent and options are read off the request.
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: any, cb: any): unknown };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
        const inputs = deserializeProperties(req.getObject());
        records.push({
            type: req.getType(),
            name: req.getName(),
            parent: parentId(req.getParent()),
            custom: req.getCustom(),
            inputs: abbreviateProvider(walk(inputs, () => MASK) as Record<string, unknown>),
            revealed: walk(inputs, (x) => x) as Record<string, unknown>,
            wire: inputs,
            options: {
                protect: req.getProtect() ?? false,
                retainOnDelete: req.getRetainondelete() ?? false,
                deleteBeforeReplace: req.getDeletebeforereplace(),
                additionalSecretOutputs: [...new Set<string>(req.getAdditionalsecretoutputsList())].sort(),
            },
        });
        return register(req, cb);
    };
    return records;
}

/** Waits until every registration the program started has been answered. */
export async function settle(): Promise<void> {
    // `waitForRPCs` is the SDK's own drain, used by `pulumi up` before it exits; it is not in the typings.
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
}

/** Resolves an Output (or plain value) tree; secret parts become `[secret]`. */
export async function resolveMasked(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const o = value as unknown as { isSecret: Promise<boolean>; promise(): Promise<unknown> }; // internal, stable across 3.x
        if (await o.isSecret) return MASK;
        return resolveMasked(await o.promise());
    }
    if (Array.isArray(value)) return Promise.all(value.map(resolveMasked));
    if (value && typeof value === "object" && !(value instanceof Date)) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveMasked(v)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}
