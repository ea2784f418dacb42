// The AWS account's audit trail (seed 004: audit logging): opt-in, since an organization trail may
// already record the account.
import { z } from "zod";

export const auditTrail = z
    .strictObject({
        /** How long CloudTrail's log files are kept (a year by default: most audits look back that far). */
        retentionDays: z.int().min(30).max(3650).default(365),
    })
    .optional();
