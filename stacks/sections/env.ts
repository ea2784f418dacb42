// The app's environment variables (`env`): literal values or sources such as generated secrets.
import { z } from "zod";
import { envName, envTargets } from "./common";

const envVar = z
    .strictObject({
        value: z.string().optional(),
        from: z.string().optional(),
        targets: envTargets.optional(),
        comment: z.string().optional(),
    })
    .refine((v) => (v.value === undefined) !== (v.from === undefined), {
        message: "set exactly one of `value` (a literal) or `from` (a source such as generated.cronSecret)",
    });

export const env = z.record(envName, envVar).default({});
