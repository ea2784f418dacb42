// Secrets deployed as env vars stay secret: marked sensitive, and never under a browser-public prefix.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { isPublicName, PUBLIC_PREFIXES, secretInValue } from "../stacks/keyFormats";
import { deployedVars, looksSecretByName } from "./envVars";

const HOW_TO_SOURCE =
    "store the value with pulumi config set --secret app-platform:<name>, declare it under " +
    "app-platform:secrets.external and map the variable with from: external.<name>";

export const secretEnvVarsSensitive: ResourceValidationPolicy = {
    name: "secret-env-vars-sensitive",
    description: "Every env var that holds a secret (by its name or its value) is sensitive (Vercel) or secret_text (Cloudflare Pages).",
    severity: "high",
    validateResource: (args, reportViolation) => {
        const vars = deployedVars(args.type, args.props);
        if (vars.length === 0) return args.notApplicable("sets no environment variables");
        for (const v of vars) {
            if (v.sensitive || isPublicName(v.name)) continue; // public names are the next policy's business
            const leak = v.value === undefined ? undefined : secretInValue(v.value);
            if (!leak && !looksSecretByName(v.name)) continue;
            reportViolation(
                `${v.name} (${v.where}) ${leak ? `holds ${leak}` : "is named like a secret"} but is not marked sensitive, ` +
                    `so anyone with dashboard access can read it. Fix: ${HOW_TO_SOURCE} (secret sources deploy as sensitive).`,
            );
        }
    },
};

export const noSecretsInPublicEnvVars: ResourceValidationPolicy = {
    name: "no-secrets-in-public-env-vars",
    description: `No secret in a browser-public variable (${PUBLIC_PREFIXES.join(", ")}): those are bundled into client code.`,
    severity: "critical",
    validateResource: (args, reportViolation) => {
        const vars = deployedVars(args.type, args.props).filter((v) => isPublicName(v.name));
        if (vars.length === 0) return args.notApplicable("sets no public environment variables");
        for (const v of vars) {
            const leak = v.value === undefined ? undefined : secretInValue(v.value);
            if (!leak && !v.sensitive) continue;
            const prefix = PUBLIC_PREFIXES.find((p) => v.name.startsWith(p));
            reportViolation(
                `${v.name} (${v.where}) is public (the ${prefix} prefix bundles it into browser code) but ` +
                    `${leak ? `holds ${leak}` : "is marked sensitive"}. Fix: rename it without ${prefix} and read it only ` +
                    `on the server; if it was ever deployed, rotate the exposed secret.`,
            );
        }
    },
};
