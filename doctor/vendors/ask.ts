// What every vendor check shares: a client that answers in seconds, the command that sets a secret,
// and a failed call read as a finding.
import type { StackConfig } from "../../stacks/config";
import { secretCommand } from "../../stacks/checks";
import { NAMESPACE } from "../../stacks/stackConfig";
import { isLoopback } from "../../shared/loopback";
import { apiClient, ApiError, Auth } from "../../providers/webhooks/http";
import type { Check, Finding } from "../checks";

/** A key as `pulumi up` sees it (`app-platform:<secret>`, `cloudflare:apiToken`), secrets decrypted. */
export type ConfigReader = (key: string) => string | undefined;

/** A vendor's check, when the stack declares what it asks about. */
export type VendorCheck = (cfg: StackConfig, config: ConfigReader) => Check | undefined;

/** The first of these environment variables that is set. */
export const fromEnv = (...names: string[]): string | undefined => names.map((name) => process.env[name]).find(Boolean);

/** A provider's own setting as it reads it: the stack's key, else the first of its environment variables that is set. */
export const setting = (config: ConfigReader, key: string, ...env: string[]): string | undefined => config(key) || fromEnv(...env);

/**
 * The API a credential goes to: the vendor's own (`api`), or what the environment variable `variable`
 * overrides it with when that is the same origin or a loopback test server. Anything else is a finding:
 * nothing is sent.
 */
export function pinnedApi(variable: string, api: string, credential: string): string | Finding {
    const override = process.env[variable];
    if (!override) return api;
    const url = new URL(override);
    if ((isLoopback(override) && url.protocol === "http:") || url.origin === new URL(api).origin) return override.replace(/\/$/, "");
    return {
        verdict: "wrong",
        found: `${variable} is ${url.origin}: ${credential} goes only to ${api} (or a loopback address in tests)`,
        fix: `unset ${variable}`,
    };
}

/** One quick attempt and one retry: the doctor answers in seconds, or says the vendor is unreachable. */
export const client = (service: string, baseUrl: string, auth: Auth) => apiClient({ service, baseUrl, auth, timeoutMs: 10_000, retries: 1, maxDelayMs: 1_000 });

/** A stack secret's key (`stripeSecretKey`) or a provider's own (`vercel:apiToken`), as the CLI names it. */
const fullKey = (key: string) => (key.includes(":") ? key : `${NAMESPACE}:${key}`);

/** Prompted: the CLI asks for the value, which stays out of the shell's history. */
export const setCommand = (key: string, stack: string) =>
    key.includes(":") ? `pulumi config set --secret ${key} --stack ${stack}` : secretCommand(key, stack);

export const refused = (err: unknown): err is ApiError & { status: 401 | 403 } => err instanceof ApiError && (err.status === 401 || err.status === 403);

/** A failed call as a finding: refused credentials are wrong, no answer is unreachable. */
export function failure(err: unknown, key: string, stack: string): Finding {
    if (!(err instanceof ApiError)) return { verdict: "wrong", found: (err as Error).message };
    if (err.status === undefined) return { verdict: "unreachable", found: err.message, fix: "check this machine's network access to the vendor" };
    if (refused(err)) return { verdict: "wrong", found: err.message, fix: `set a valid key: ${setCommand(key, stack)}` };
    return { verdict: "wrong", found: err.message };
}

/** A check that asks the vendor with the stack secret `key`: unset is missing, a failed call says why. */
export const withSecret = (name: string, key: string, stack: string, config: ConfigReader, ask: (value: string) => Promise<Finding>): Check => ({
    name,
    async run() {
        const full = fullKey(key);
        const value = config(full);
        if (!value) return { verdict: "missing", found: `${full} is not set`, fix: setCommand(key, stack) };
        try {
            return await ask(value);
        } catch (err) {
            return failure(err, key, stack);
        }
    },
});
