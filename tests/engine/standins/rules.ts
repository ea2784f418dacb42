// What the stand-ins know of each bridged resource type the program declares: which inputs force a
// replacement (the upstream Terraform schema's ForceNew / RequiresReplace), which outputs the
// provider computes, which of those its schema marks sensitive, and how it names the resource.
// Sources: terraform-provider-upstash qstash_v2/schedule/resource.go (every field ForceNew; `header`
// computed as fmt.Sprintf("%+v", headers), not sensitive) and redis/database/resource.go
// (database_name, region, primary_region ForceNew; password and rest_token sensitive);
// terraform-provider-vercel project_environment_variable (key, project_id, team_id replace);
// terraform-provider-random random_bytes (length, keepers replace); the AWS and Cloudflare
// providers' identity fields (bucket, zone, account, project, url); terraform-provider-checkly
// (check, alert channel, environment variable: no ForceNew; numeric ids; the variable's value not
// sensitive) and jianyuan/terraform-provider-sentry (organization and project ForceNew; a project's
// id is its slug; a key's DSNs computed).
// Nothing here validates: a stand-in answers for the vendor, it does not judge the program.
import { createHash, randomBytes } from "crypto";

export type Props = Record<string, any>;

export interface TypeRule {
    /** Inputs whose change replaces the resource. `*` means every input. */
    replaces: string[];
    /** The provider's id for a new resource, from its inputs and computed outputs. */
    id?(name: string, props: Props): string;
    /** Outputs the provider computes at create (and keeps). */
    computed?(name: string, inputs: Props): Props;
    /** Computed outputs the provider's schema marks sensitive (returned as secrets). */
    secrets?: string[];
    /** Inputs the provider fills in Check when absent (auto-naming), kept across previews. */
    autoName?: string;
}

const hex = (n: number) => randomBytes(n).toString("hex");
const numericId = () => randomBytes(3).readUIntBE(0, 3) + 1000;
/** Auto-name suffix. The engine hands real providers a per-resource random seed so a saved plan's
 * names match the update's; a hash of the URN gives the stand-in the same stability. */
const suffix = (urn: string) => createHash("sha256").update(urn).digest("hex").slice(0, 7);
const ACCOUNT = "123456789012";
const bucketScoped: TypeRule = { replaces: ["bucket", "expectedBucketOwner"], id: (_n, i) => String(i.bucket) };

export const RULES: Record<string, TypeRule> = {
    "random:index/randomBytes:RandomBytes": {
        replaces: ["length", "keepers"],
        id: () => hex(8),
        computed: (_n, i) => {
            const bytes = randomBytes(Number(i.length));
            return { hex: bytes.toString("hex"), base64: bytes.toString("base64") };
        },
        secrets: ["hex", "base64"],
    },
    "vercel:index/project:Project": {
        replaces: ["teamId"],
        id: () => `prj_${hex(12)}`,
    },
    "vercel:index/projectDomain:ProjectDomain": { replaces: ["projectId", "domain", "teamId"], id: (_n, i) => String(i.domain) },
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": { replaces: ["projectId", "key", "teamId"], id: () => hex(8) },
    "cloudflare:index/pagesProject:PagesProject": {
        replaces: ["accountId", "name"],
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ subdomain: `${i.name}.pages.dev`, createdOn: new Date().toISOString() }),
    },
    "cloudflare:index/pagesDomain:PagesDomain": { replaces: ["accountId", "projectName", "name"], id: (_n, i) => String(i.name) },
    "cloudflare:index/dnsRecord:DnsRecord": { replaces: ["zoneId"], id: () => hex(16) },
    "cloudflare:index/ruleset:Ruleset": { replaces: ["accountId", "zoneId", "kind", "phase"], id: () => hex(16) },
    "cloudflare:index/zoneSetting:ZoneSetting": { replaces: ["zoneId", "settingId"], id: (_n, i) => String(i.settingId) },
    "checkly:index/alertChannel:AlertChannel": { replaces: [], id: () => String(numericId()) },
    "checkly:index/check:Check": { replaces: [], id: () => String(numericId()) },
    "checkly:index/environmentVariable:EnvironmentVariable": { replaces: [], id: (_n, i) => String(i.key) },
    "sentry:index/sentryProject:SentryProject": {
        replaces: ["organization"],
        id: (_n, i) => String(i.slug),
        computed: () => ({ projectId: String(numericId()), internalId: String(numericId()) }),
    },
    "sentry:index/sentryKey:SentryKey": {
        replaces: ["organization", "project"],
        id: () => hex(16),
        computed: () => {
            const [pub, secret, project] = [hex(16), hex(16), numericId()];
            return {
                public: pub,
                secret,
                projectId: project,
                dsnPublic: `https://${pub}@o1000.ingest.sentry.io/${project}`,
                dsnSecret: `https://${pub}:${secret}@o1000.ingest.sentry.io/${project}`,
                dsnCsp: `https://o1000.ingest.sentry.io/api/${project}/security/?sentry_key=${pub}`,
            };
        },
    },
    "sentry:index/sentryMetricAlert:SentryMetricAlert": { replaces: ["organization", "project"], id: () => String(numericId()) },
    "aws:s3/bucket:Bucket": {
        replaces: ["bucket", "bucketPrefix", "objectLockEnabled"],
        id: (_n, i) => String(i.bucket),
        computed: (_n, i) => ({ arn: `arn:aws:s3:::${i.bucket}`, region: i.region ?? "us-east-1", bucketDomainName: `${i.bucket}.s3.amazonaws.com` }),
    },
    "aws:s3/bucketVersioning:BucketVersioning": bucketScoped,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketScoped,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketScoped,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketScoped,
    "aws:s3/bucketPolicy:BucketPolicy": bucketScoped,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketScoped,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        replaces: ["url"],
        computed: (_n, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(i.url).replace("https://", "")}` }),
    },
    "aws:iam/role:Role": {
        replaces: ["name", "namePrefix"],
        autoName: "name",
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${i.name}`, uniqueId: `AROA${hex(8).toUpperCase()}` }),
    },
    "aws:iam/rolePolicy:RolePolicy": { replaces: ["role", "name", "namePrefix"], autoName: "name", id: (_n, i) => `${i.role}:${i.name}` },
    "aws:iam/user:User": {
        replaces: [],
        autoName: "name",
        id: (_n, i) => String(i.name),
        computed: (_n, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:user${i.path ?? "/"}${i.name}`, uniqueId: `AIDA${hex(8).toUpperCase()}` }),
    },
    "aws:iam/userPolicy:UserPolicy": { replaces: ["user", "name", "namePrefix"], autoName: "name", id: (_n, i) => `${i.user}:${i.name}` },
    "aws:iam/accessKey:AccessKey": {
        replaces: ["user", "pgpKey"],
        id: () => `AKIA${hex(8).toUpperCase()}`,
        computed: () => ({ secret: hex(20), sesSmtpPasswordV4: hex(22) }),
        secrets: ["secret", "sesSmtpPasswordV4"],
    },
    "upstash:index/redisDatabase:RedisDatabase": {
        replaces: ["databaseName", "region", "primaryRegion"],
        id: () => randomBytes(16).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-"),
        computed: (_n, i) => ({
            databaseId: createHash("sha1").update(String(i.databaseName)).digest("hex").slice(0, 32),
            endpoint: `${String(i.databaseName).toLowerCase()}-${hex(3)}.upstash.io`,
            port: 6379,
            password: hex(16),
            restToken: `A${hex(24)}`,
            readOnlyRestToken: `A${hex(24)}`,
            state: "active",
        }),
        secrets: ["password", "restToken", "readOnlyRestToken"],
    },
    "upstash:index/qStashScheduleV2:QStashScheduleV2": {
        replaces: ["*"],
        id: (_n, o) => `upstash-qstash-schedule-${o.scheduleId}`,
        computed: (_n, i) => ({
            scheduleId: `scd_${hex(10)}`,
            createdAt: Date.now(),
            // As the provider fills it: the forwarded headers in Go's %+v form, not marked sensitive.
            header: `map[${Object.entries((i.forwardHeaders ?? {}) as Props).map(([k, v]) => `Upstash-Forward-${k}:[${v}]`).join(" ")}]`,
            delay: i.delay ?? "0",
            retries: i.retries ?? 3,
        }),
    },
};

/** Invokes (data sources) the program calls. */
export const INVOKES: Record<string, (args: Props) => Props> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/standin`, userId: "AIDASTANDIN", id: ACCOUNT }),
    "sentry:index/getSentryTeam:getSentryTeam": (i) => ({ ...i, id: i.slug, internalId: "4100021", name: i.slug, hasAccess: true, isMember: true, isPending: false }),
};

export const autoNameSuffix = suffix;
