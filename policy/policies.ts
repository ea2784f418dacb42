// Every policy of the pack, in the order reports list them.
import { Policies } from "@pulumi/policy";
import { productionAlarmed } from "./alarms";
import { productionEdgeProtected } from "./edge";
import { databaseAccessNotOpen, productionDatabaseBackedUp } from "./database";
import { backupBucketEncrypted, backupBucketNotPublic, backupBucketTlsOnly, backupBucketVersioned, backupRetention } from "./backupBucket";
import { vercelRecordsNotProxied } from "./dns";
import { noSecretsInPublicEnvVars, secretEnvVarsSensitive } from "./envVarSecrets";
import { productionMigrationsBackedUp } from "./migrations";
import { productionMonitored } from "./monitoring";
import { paymentKeysMatchEnvironment } from "./paymentKeys";
import { statefulResourcesProtected } from "./protection";
import { scheduledJobsAuthorized } from "./schedules";
import { productionServicesRedundant, serviceSecretsInStore, servicesNotPublic } from "./services";
import { webhookUrlsHttps } from "./webhooks";

export const policies: Policies = [
    paymentKeysMatchEnvironment,
    secretEnvVarsSensitive,
    noSecretsInPublicEnvVars,
    backupBucketVersioned,
    backupBucketEncrypted,
    backupBucketNotPublic,
    backupBucketTlsOnly,
    backupRetention,
    statefulResourcesProtected,
    vercelRecordsNotProxied,
    scheduledJobsAuthorized,
    webhookUrlsHttps,
    productionMigrationsBackedUp,
    productionMonitored,
    productionAlarmed,
    productionEdgeProtected,
    servicesNotPublic,
    serviceSecretsInStore,
    productionServicesRedundant,
    databaseAccessNotOpen,
    productionDatabaseBackedUp,
];
