// The environment variables a resource deploys, read the same way from Vercel and Cloudflare Pages.
import { known, TYPES } from "./resources";

export interface DeployedVar {
    name: string;
    /** Undefined while computed (a generated secret during its first preview). */
    value: string | undefined;
    sensitive: boolean;
    /** Where it lives, for messages: the Vercel targets or the Pages environment. */
    where: string;
}

type Props = Record<string, any>;

/** Every variable `type`/`props` sets; empty for other resources. */
export function deployedVars(type: string, props: Props): DeployedVar[] {
    if (type === TYPES.vercelEnvVar) {
        const targets = known(() => props.targets as string[]) ?? [];
        return [
            {
                name: props.key,
                value: known(() => props.value),
                sensitive: known(() => props.sensitive) === true,
                where: `Vercel ${targets.join("+") || "target"}`,
            },
        ];
    }
    if (type === TYPES.pagesProject) {
        const configs = known(() => props.deploymentConfigs) ?? {};
        return ["production", "preview"].flatMap((env) =>
            Object.entries((known(() => configs[env]?.envVars) ?? {}) as Record<string, Props>).map(([name, v]) => ({
                name,
                value: known(() => v.value),
                sensitive: known(() => v.type) === "secret_text",
                where: `Cloudflare Pages ${env}`,
            })),
        );
    }
    return [];
}

/** Names that say "secret": keys, tokens, passwords, connection strings with credentials. */
const SECRET_NAME =
    /(SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|SERVICE_ROLE|(^|_)API_KEY$|(^|_)AUTH_KEY$|(^|_)(DATABASE|DB|REDIS|POSTGRES|MONGO(DB)?)_URL$)/;
/** Public identifiers whose names merely contain KEY or TOKEN. */
const PUBLIC_NAME = /(_KEY_ID|_PUBLIC_KEY|_PUBLISHABLE_KEY|_ANON_KEY|_SITE_KEY)$/;

export function looksSecretByName(name: string): boolean {
    return SECRET_NAME.test(name) && !PUBLIC_NAME.test(name);
}
