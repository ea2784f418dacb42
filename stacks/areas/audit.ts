// CloudTrail for the stack's AWS account (seed 004: audit logging), in the stack's AWS region.
import { AuditTrail } from "../../components/auditTrail";
import { NAMESPACE } from "../stackConfig";
import { physicalName } from "../../shared/naming";
import type { Area } from "../area";

export const auditArea: Area = {
    resolve: ({ cfg, issues }, raw) => {
        if (cfg.auditTrail && !raw["aws:region"])
            issues.push({
                key: `${NAMESPACE}:auditTrail`,
                message: "the trail's home region is the stack's AWS region: add aws:region to the stack file (e.g. us-east-1)",
            });
        return {};
    },
    after: ({ cfg, protect }) => {
        if (cfg.auditTrail)
            new AuditTrail(`${cfg.name}-audit`, { name: physicalName(cfg.name, cfg.stack), retentionDays: cfg.auditTrail.retentionDays, protect });
    },
};
