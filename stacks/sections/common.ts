// Field schemas shared by several sections: names, dates, env targets, secret references, rotation.
import { z } from "zod";
import { ENV_TARGETS } from "../../components/environmentVariables";

export const slug = z.string().regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, "use lowercase letters, digits and dashes (2-40 chars), starting with a letter");
export const isoDate = z.iso.date("use a date like 2026-01-31");
export const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "environment variable names are UPPER_SNAKE_CASE");

export const envTargets = z
    .array(z.enum(ENV_TARGETS))
    .min(1)
    .refine((t) => new Set(t).size === t.length, "targets must not repeat");

export const secretName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "secret names are camelCase, e.g. cronSecret");
export const externalSecretRef = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "the camelCase name of an external secret (secrets.external)");

/** A plain PostgreSQL name: lowercase letters, digits and _, up to 61 characters (the app role's logins add _a, _b). */
export const pgName = z.string().regex(/^[a-z_][a-z0-9_]{0,60}$/, "a lowercase PostgreSQL name such as mystic_app (letters, digits, _)");

export const rotation = { rotationDays: z.number().int().min(1).max(3650), anchor: isoDate.optional() };

/** A list whose entries must not repeat (the vendor refuses the repeat, or it means a typo). */
export const unique = <T extends z.ZodArray<z.ZodType<string>>>(list: T) =>
    list.superRefine((items, ctx) =>
        items.forEach((item, i) => {
            if (items.indexOf(item) < i) ctx.addIssue({ code: "custom", path: [i], message: `${item} is listed twice` });
        }),
    );
