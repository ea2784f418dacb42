// The resource types the policies inspect, and how to read their properties safely at preview.
// The SDK throws this when a policy reads a value computed during preview; it is exported at run
// time but left out of the typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UnknownValueError } = require("@pulumi/policy/proxy") as { UnknownValueError: new (...args: never[]) => Error };

export const TYPES = {
    vercelEnvVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
    vercelProject: "vercel:index/project:Project",
    vercelDomain: "vercel:index/projectDomain:ProjectDomain",
    pagesProject: "cloudflare:index/pagesProject:PagesProject",
    dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
    redis: "upstash:index/redisDatabase:RedisDatabase",
    schedule: "upstash:index/qStashScheduleV2:QStashScheduleV2",
    check: "checkly:index/check:Check",
    alertChannel: "checkly:index/alertChannel:AlertChannel",
    ecsService: "aws:ecs/service:Service",
    ecsTaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    scalingTarget: "aws:appautoscaling/target:Target",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    awsSecret: "aws:secretsmanager/secret:Secret",
    cloudRunService: "gcp:cloudrunv2/service:Service",
    cloudRunJob: "gcp:cloudrunv2/job:Job",
    domainMapping: "gcp:cloudrun/domainMapping:DomainMapping",
    atlasProject: "mongodbatlas:index/project:Project",
    atlasCluster: "mongodbatlas:index/advancedCluster:AdvancedCluster",
    atlasBackupSchedule: "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule",
    atlasUser: "mongodbatlas:index/databaseUser:DatabaseUser",
    githubEnvironment: "github:index/repositoryEnvironment:RepositoryEnvironment",
    githubBranchRule: "github:index/branchProtection:BranchProtection",
    atlasAccessList: "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList",
    atlasAlert: "mongodbatlas:index/alertConfiguration:AlertConfiguration",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    alertPolicy: "gcp:monitoring/alertPolicy:AlertPolicy",
    ruleset: "cloudflare:index/ruleset:Ruleset",
    vercelFirewall: "vercel:index/firewallConfig:FirewallConfig",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
} as const;

/** S3 types by role; AWS v7 names first, then the deprecated V2 aliases that still exist. */
export const S3 = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    lifecycle: ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
} as const;

/** A property's value, or undefined while the engine cannot know it yet (computed during preview). */
export function known<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (err) {
        if (err instanceof UnknownValueError) return undefined;
        throw err;
    }
}

/** Parsed JSON, or `fallback` when the text is not JSON (a policy reports what it can read). */
export function parseJson<T>(text: string, fallback: T): T {
    try {
        return JSON.parse(text) as T;
    } catch {
        return fallback;
    }
}

export const isOneOf = (type: string, types: readonly string[]) => types.includes(type);
