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
// Backend services: terraform-provider-aws secretsmanager secret_version (secret_id and
// secret_string ForceNew: a new value is a new version), ecs_task_definition (every argument
// ForceNew: a new revision), lb, lb_target_group, acm_certificate, appautoscaling; and
// terraform-provider-google (a Secret Manager version's secret_data, IAM members, a project's
// service, a domain mapping: ForceNew; Cloud Run services and jobs update in place).
// MongoDB Atlas (terraform-provider-mongodbatlas): resources keyed by their project (and name), ids
// as its import formats give them (a database user's `<project>-<username>-<auth db>`); an access
// list entry is replaced on any change; a cluster's connection strings computed. The cluster's SRV
// string is the suite's MongoDB-protocol server when APP_PLATFORM_STANDIN_MONGODB names it, so the
// pre-change dump reaches a real server. terraform-provider-random random_password: every argument
// replaces; `result` and `bcrypt_hash` sensitive.
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
const REGION = "af-south-1";
const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const uuid = () => randomBytes(16).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
/** A Google IAM member: one binding of a role to a member on its resource (project, secret or service). */
const gcpMember: TypeRule = { replaces: ["*"], id: (_n, i) => [i.project, i.location, i.secretId ?? i.name, i.role, i.member].filter(Boolean).join("/"), computed: () => ({ etag: `BwY${hex(6)}` }) };
const bucketScoped: TypeRule = { replaces: ["bucket", "expectedBucketOwner"], id: (_n, i) => String(i.bucket) };

const atlasId = () => hex(12);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const RULES: Record<string, TypeRule> = {
    "random:index/randomPassword:RandomPassword": {
        replaces: ["*"],
        // random_password's id is "none" for every password; the stand-in's world keys resources by id.
        id: () => `none-${hex(4)}`,
        computed: (_n, i) => {
            const chars = [...randomBytes(Number(i.length))].map((b) => ALNUM[b % ALNUM.length]);
            chars.splice(0, 3, "Q", "m", "7"); // minUpper, minLower, minNumeric
            return { result: chars.join(""), bcryptHash: `$2a$10$${hex(26)}` };
        },
        secrets: ["result", "bcryptHash"],
    },
    "mongodbatlas:index/project:Project": { replaces: ["orgId"], id: atlasId, computed: () => ({ clusterCount: 0, created: new Date().toISOString() }) },
    "mongodbatlas:index/advancedCluster:AdvancedCluster": {
        replaces: ["projectId", "name"],
        id: atlasId,
        computed: (_n, i) => ({
            clusterId: hex(12),
            stateName: "IDLE",
            mongoDbVersion: `${i.mongoDbMajorVersion}.3`,
            connectionStrings: {
                standardSrv: process.env.APP_PLATFORM_STANDIN_MONGODB ?? `mongodb+srv://${i.name}.${hex(3)}.mongodb.net`,
                standard: "", private: "", privateSrv: "", privateEndpoints: [],
            },
        }),
    },
    "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule": { replaces: ["projectId", "clusterName"], id: (_n, i) => `${i.projectId}-${i.clusterName}`, computed: () => ({ clusterId: hex(12), idPolicy: hex(12), nextSnapshot: new Date(Date.now() + 3_600_000).toISOString() }) },
    "mongodbatlas:index/maintenanceWindow:MaintenanceWindow": { replaces: ["projectId"], id: (_n, i) => String(i.projectId), computed: () => ({ startAsap: false, numberOfDeferrals: 0 }) },
    "mongodbatlas:index/databaseUser:DatabaseUser": { replaces: ["projectId", "username", "authDatabaseName"], id: (_n, i) => `${i.projectId}-${i.username}-${i.authDatabaseName}` },
    "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList": { replaces: ["*"], id: (_n, i) => `${i.projectId}-${i.cidrBlock ?? i.ipAddress}` },
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
    "aws:secretsmanager/secret:Secret": {
        replaces: ["name", "namePrefix"],
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({ arn: arn("secretsmanager", `secret:${i.name}-${hex(3)}`) }),
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        replaces: ["secretId", "secretString", "secretBinary"],
        id: (_n, i) => `${i.secretId}|${i.versionId}`,
        computed: (_n, i) => ({ versionId: uuid(), arn: i.secretId, versionStages: ["AWSCURRENT"] }),
    },
    "aws:cloudwatch/logGroup:LogGroup": { replaces: ["name", "namePrefix"], id: (_n, i) => String(i.name), computed: (_n, i) => ({ arn: arn("logs", `log-group:${i.name}`) }) },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { replaces: ["role", "policyArn"], id: (_n, i) => `${i.role}-${hex(8)}` },
    "aws:ec2/securityGroup:SecurityGroup": {
        replaces: ["name", "namePrefix", "vpcId", "description"],
        id: () => `sg-${hex(8)}${hex(1).slice(1)}`,
        computed: () => ({ arn: arn("ec2", `security-group/sg-${hex(8)}`), ownerId: ACCOUNT }),
    },
    "aws:acm/certificate:Certificate": {
        replaces: ["domainName", "subjectAlternativeNames", "validationMethod", "keyAlgorithm"],
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({
            arn: arn("acm", `certificate/${uuid()}`),
            // ACM's DNS challenge: a CNAME under the domain to a name of its own (both with the root's dot).
            domainValidationOptions: [{ domainName: i.domainName, resourceRecordName: `_${hex(16)}.${i.domainName}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${hex(16)}.xlfgrmvvlj.acm-validations.aws.` }],
            status: "PENDING_VALIDATION",
        }),
    },
    "aws:acm/certificateValidation:CertificateValidation": { replaces: ["certificateArn", "validationRecordFqdns"], id: () => new Date().toISOString() },
    "aws:lb/loadBalancer:LoadBalancer": {
        replaces: ["name", "namePrefix", "internal", "loadBalancerType"],
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => {
            const suffix = `app/${i.name}/${hex(8)}`;
            return { arn: arn("elasticloadbalancing", `loadbalancer/${suffix}`), arnSuffix: suffix, dnsName: `${i.name}-${numericId()}.${REGION}.elb.amazonaws.com`, zoneId: "Z268VQBMOI5EKX" };
        },
    },
    "aws:lb/targetGroup:TargetGroup": {
        replaces: ["name", "namePrefix", "port", "protocol", "targetType", "vpcId"],
        id: (_n, i) => String(i.arn),
        computed: (_n, i) => ({ arn: arn("elasticloadbalancing", `targetgroup/${i.name}/${hex(8)}`) }),
    },
    "aws:lb/listener:Listener": { replaces: ["loadBalancerArn"], id: (_n, i) => String(i.arn), computed: (_n, i) => ({ arn: `${String(i.loadBalancerArn).replace(":loadbalancer/", ":listener/")}/${hex(8)}` }) },
    "aws:ecs/cluster:Cluster": { replaces: ["name"], id: (_n, i) => String(i.arn), computed: (_n, i) => ({ arn: arn("ecs", `cluster/${i.name}`) }) },
    "aws:ecs/taskDefinition:TaskDefinition": {
        replaces: ["*"],
        id: (_n, i) => String(i.family),
        computed: (_n, i) => {
            const revision = numericId();
            return { revision, arn: arn("ecs", `task-definition/${i.family}:${revision}`), arnWithoutRevision: arn("ecs", `task-definition/${i.family}`) };
        },
    },
    "aws:ecs/service:Service": { replaces: ["name", "cluster", "launchType"], id: (_n, i) => arn("ecs", `service/${String(i.cluster).split("/").pop()}/${i.name}`) },
    "aws:appautoscaling/target:Target": {
        replaces: ["resourceId", "scalableDimension", "serviceNamespace"],
        id: (_n, i) => String(i.resourceId),
        computed: () => ({ arn: arn("application-autoscaling", `scalable-target/${hex(12)}`) }),
    },
    "aws:appautoscaling/policy:Policy": {
        replaces: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        id: (_n, i) => String(i.name),
        computed: () => ({ arn: arn("autoscaling", `scalingPolicy:${uuid()}`) }),
    },
    "gcp:projects/service:Service": { replaces: ["project", "service"], id: (_n, i) => `${i.project}/${i.service}` },
    "gcp:serviceaccount/account:Account": {
        replaces: ["project", "accountId"],
        id: (_n, i) => `projects/${i.project}/serviceAccounts/${i.accountId}@${i.project}.iam.gserviceaccount.com`,
        computed: (_n, i) => {
            const email = `${i.accountId}@${i.project}.iam.gserviceaccount.com`;
            return { email, member: `serviceAccount:${email}`, name: `projects/${i.project}/serviceAccounts/${email}`, uniqueId: String(randomBytes(8).readBigUInt64BE()) };
        },
    },
    "gcp:projects/iAMMember:IAMMember": gcpMember,
    "gcp:secretmanager/secret:Secret": {
        replaces: ["project", "secretId", "replication"],
        id: (_n, i) => `projects/${i.project}/secrets/${i.secretId}`,
        computed: (_n, i) => ({ name: `projects/${i.project}/secrets/${i.secretId}`, createTime: new Date().toISOString() }),
    },
    "gcp:secretmanager/secretVersion:SecretVersion": {
        replaces: ["secret", "secretData"],
        id: (_n, i) => `${i.secret}/versions/${i.version}`,
        computed: (_n, i) => {
            const version = String(numericId());
            return { version, name: `${i.secret}/versions/${version}`, createTime: new Date().toISOString() };
        },
    },
    "gcp:secretmanager/secretIamMember:SecretIamMember": gcpMember,
    "gcp:cloudrunv2/job:Job": {
        replaces: ["project", "location", "name"],
        id: (_n, i) => `projects/${i.project}/locations/${i.location}/jobs/${i.name}`,
        computed: () => ({ uid: uuid(), etag: hex(8) }),
    },
    "gcp:cloudrunv2/service:Service": {
        replaces: ["project", "location", "name"],
        id: (_n, i) => `projects/${i.project}/locations/${i.location}/services/${i.name}`,
        computed: (_n, i) => ({ uri: `https://${i.name}-${hex(5)}-${String(i.location).split("-")[0].slice(0, 2)}.a.run.app`, uid: uuid() }),
    },
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember": gcpMember,
    "gcp:cloudrun/domainMapping:DomainMapping": {
        replaces: ["*"],
        id: (_n, i) => `locations/${i.location}/namespaces/${i.project}/domainmappings/${i.name}`,
        computed: (_n, i) => ({ statuses: [{ resourceRecords: [{ name: String(i.name).split(".")[0], rrdata: "ghs.googlehosted.com.", type: "CNAME" }] }] }),
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
    // The VPC's NAT gateway, at an address of the documentation range (RFC 5737).
    "aws:ec2/getNatGateway:getNatGateway": (i) => ({ ...i, id: "nat-0a1b2c3d4e5f60719", publicIp: "203.0.113.25", privateIp: "10.0.0.25", state: "available", subnetId: "subnet-0a1b2c3d4e5f60001", connectivityType: "public" }),
    "aws:index/getRegion:getRegion": () => ({ region: REGION, name: REGION, id: REGION, description: "Africa (Cape Town)", endpoint: `ec2.${REGION}.amazonaws.com` }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/standin`, userId: "AIDASTANDIN", id: ACCOUNT }),
    "sentry:index/getSentryTeam:getSentryTeam": (i) => ({ ...i, id: i.slug, internalId: "4100021", name: i.slug, hasAccess: true, isMember: true, isPending: false }),
};

export const autoNameSuffix = suffix;
