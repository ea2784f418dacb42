// MongoDB Atlas in production: reachable only from the addresses the stack lists (never the whole
// internet), and backed up continuously (seed 004: RPO 15 minutes).
import { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOf, unknownEnvironment } from "./environment";
import { known, TYPES } from "./resources";

const EVERYWHERE = ["0.0.0.0/0", "0.0.0.0"];

export const databaseAccessNotOpen: ResourceValidationPolicy = {
    name: "database-access-not-open",
    description: "In production, the Atlas access list never admits the whole internet (0.0.0.0/0): only the API's egress and listed addresses.",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.atlasAccessList) return args.notApplicable("not an Atlas access list entry");
        const env = environmentOf(args.urn, args.stackTags);
        if (!env) return args.notApplicable(unknownEnvironment(args.urn));
        if (env !== "production") return args.notApplicable("staging may open its database for a while");
        const entry = known(() => (args.props.cidrBlock ?? args.props.ipAddress) as string | undefined);
        if (entry === undefined || !EVERYWHERE.includes(entry)) return;
        reportViolation(
            `Atlas access list entry ${args.name} admits ${entry}: anyone who learns a password reaches the production database. ` +
                `Fix: list the API's egress ({ service: <name> } under app-platform:atlas.accessList) and fixed addresses only.`,
        );
    },
};

export const productionDatabaseBackedUp: ResourceValidationPolicy = {
    name: "production-database-backed-up",
    description: "A production Atlas cluster has cloud backup with point-in-time restore, and termination protection.",
    severity: "high",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.atlasCluster) return args.notApplicable("not an Atlas cluster");
        const env = environmentOf(args.urn, args.stackTags);
        if (!env) return args.notApplicable(unknownEnvironment(args.urn));
        if (env !== "production") return args.notApplicable("staging data may be rebuilt");
        const missing = [
            known(() => args.props.backupEnabled) === false && "cloud backup (backupEnabled)",
            known(() => args.props.pitEnabled) === false && "point-in-time restore (pitEnabled), so the recovery point is the last snapshot, hours old",
            known(() => args.props.terminationProtectionEnabled) === false && "termination protection",
        ].filter(Boolean);
        if (missing.length === 0) return;
        reportViolation(
            `Atlas cluster ${args.name} has no ${missing.join(", no ")}. Fix: keep app-platform:atlas.backup.pointInTime true in production (the component enables backup and termination protection there).`,
        );
    },
};
