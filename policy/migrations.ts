// Production migrations run only after a pg_dump (seed 000: "Backup of production database created").
import { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentOf, unknownEnvironment } from "./environment";
import { kindOf } from "../providers/kinds";
import { known } from "./resources";

export const productionMigrationsBackedUp: ResourceValidationPolicy = {
    name: "production-migrations-backed-up",
    description: "In production, the migrations resource takes a pg_dump into the backup bucket before applying anything.",
    severity: "critical",
    validateResource: (args, reportViolation) => {
        if (kindOf(args.type, args.props)?.kind !== "Migrations") return args.notApplicable("not the migrations resource");
        const env = environmentOf(args.urn, args.stackTags);
        if (!env) return args.notApplicable(unknownEnvironment(args.urn));
        if (env !== "production") return args.notApplicable("backups before migrations are required in production only");
        const backup = known(() => args.props.backup);
        if (backup === undefined && "backup" in args.props) return; // computed during preview
        if (backup && known(() => backup.bucket)) return;
        reportViolation(
            `migrations ${args.name} would run with no pre-migration backup, so a bad migration could not be undone. ` +
                `Fix: set app-platform:migrations.backup: true and declare app-platform:backups (pg_dump goes to the bucket's pre-migration/ prefix first).`,
        );
    },
};
