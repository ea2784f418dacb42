// The vendor accounts a stack declares, asked with the credentials `pulumi up` would use, read-only:
// Cloudflare (the token is active, the zone exists and is active), Vercel (the token, and its team),
// Stripe (the key is accepted where the engine uses it), Twilio (the account owns the number), Resend (the key
// has full access). Each through the engines' own client (providers/webhooks/http.ts) at the stack's
// API URL.
import type { StackConfig } from "../stacks/config";
import { EMAIL_KEYS, PAYMENT_KEYS } from "../stacks/keyFormats";
import { apiClient, ApiError, Auth } from "../providers/webhooks/http";
import { findNumber } from "../providers/webhooks/twilio";
import type { Check, Finding } from "./checks";

/** One quick attempt and one retry: the doctor answers in seconds, or says the vendor is unreachable. */
const client = (service: string, baseUrl: string, auth: Auth) => apiClient({ service, baseUrl, auth, timeoutMs: 10_000, retries: 1, maxDelayMs: 1_000 });

const setCommand = (key: string, stack: string) => `pulumi config set --secret app-platform:${key} --stack ${stack}`;

/** A failed call as a finding: refused credentials are wrong, no answer is unreachable. */
function failure(err: unknown, key: string, stack: string): Finding {
    if (!(err instanceof ApiError)) return { verdict: "wrong", found: (err as Error).message };
    if (err.status === undefined) return { verdict: "unreachable", found: err.message, fix: "check this machine's network access to the vendor" };
    if (err.status === 401 || err.status === 403) return { verdict: "wrong", found: err.message, fix: `set a valid key: ${setCommand(key, stack)}` };
    return { verdict: "wrong", found: err.message };
}

/** `config` reads a key as `pulumi up` sees it (`app-platform:<secret>`, `cloudflare:apiToken`), secrets decrypted. */
export function vendorChecks(cfg: StackConfig, config: (key: string) => string | undefined): Check[] {
    const checks: Check[] = [];
    const stack = cfg.stack;
    const secret = (name: string) => config(`app-platform:${name}`);
    const hosting = cfg.hosting;
    if (cfg.dns || hosting.provider === "cloudflare-pages") {
        const dns = cfg.dns;
        checks.push({
            name: "cloudflare",
            async run() {
                // The provider's own token: the stack's cloudflare:apiToken, or the environment's.
                const token = config("cloudflare:apiToken") ?? process.env.CLOUDFLARE_API_TOKEN;
                const fix = `pulumi config set --secret cloudflare:apiToken --stack ${stack} (or CLOUDFLARE_API_TOKEN)`;
                if (!token) return { verdict: "missing", found: "no Cloudflare API token (cloudflare:apiToken or CLOUDFLARE_API_TOKEN)", fix };
                const baseUrl = hosting.provider === "cloudflare-pages" ? hosting.redeploy.apiBaseUrl : "https://api.cloudflare.com/client/v4";
                const api = client("Cloudflare", baseUrl, { bearer: token });
                try {
                    // A user's token verifies at /user; an account-owned one only under its account (Pages names it).
                    const verify = (path: string) => api<{ result: { status: string } }>("GET", path).then((r) => r.body.result);
                    const verified = await verify("/user/tokens/verify").catch((err: unknown) => {
                        if (!(err instanceof ApiError && err.status === 401 && hosting.provider === "cloudflare-pages")) throw err;
                        return verify(`/accounts/${hosting.accountId}/tokens/verify`);
                    });
                    if (verified.status !== "active")
                        return { verdict: "wrong", found: `the API token is ${verified.status}`, fix: `roll or create a token, then ${fix}` };
                    if (!dns) return { verdict: "ok", found: "the API token is active" };
                    const zone = (await api<{ result: { name: string; status: string; name_servers: string[] } }>("GET", `/zones/${dns.zoneId}`)).body.result;
                    if (dns.zone && zone.name !== dns.zone)
                        return { verdict: "wrong", found: `zone ${dns.zoneId} is ${zone.name}, not ${dns.zone}`, fix: "correct dns.zoneId or dns.zone" };
                    if (zone.status !== "active")
                        return {
                            verdict: "wrong",
                            found: `zone ${zone.name} is ${zone.status}`,
                            fix: `point the domain's nameservers at ${zone.name_servers.join(" and ")} at its registrar; Cloudflare activates the zone once it sees them`,
                        };
                    return { verdict: "ok", found: `the API token is active; zone ${zone.name} is active` };
                } catch (err) {
                    if (err instanceof ApiError && err.status === 404)
                        return { verdict: "missing", found: err.message, fix: "correct dns.zoneId, or give the token Zone Read and DNS Edit on the zone" };
                    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return { verdict: "wrong", found: err.message, fix };
                    return failure(err, "cloudflare", stack);
                }
            },
        });
    }
    if (hosting.provider === "vercel") {
        const baseUrl = hosting.redeploy.apiBaseUrl;
        checks.push({
            name: "vercel",
            async run() {
                // The provider's own settings: vercel:apiToken and vercel:team, else the environment's.
                const token = config("vercel:apiToken") ?? process.env.VERCEL_API_TOKEN;
                const team = config("vercel:team") ?? process.env.VERCEL_TEAM;
                const fix = `pulumi config set --secret vercel:apiToken --stack ${stack} (or VERCEL_API_TOKEN)`;
                if (!token) return { verdict: "missing", found: "no Vercel API token (vercel:apiToken or VERCEL_API_TOKEN)", fix };
                const api = client("Vercel", baseUrl, { bearer: token });
                try {
                    const { user } = (await api<{ user: { username: string } }>("GET", "/v2/user")).body;
                    if (!team) return { verdict: "ok", found: `the token is ${user.username}'s (no team: the projects are the account's own)` };
                    try {
                        const { slug } = (await api<{ slug: string }>("GET", `/v2/teams/${encodeURIComponent(team)}`)).body;
                        return { verdict: "ok", found: `the token is ${user.username}'s, and it can use team ${slug}` };
                    } catch (err) {
                        if (!(err instanceof ApiError && (err.status === 403 || err.status === 404))) throw err;
                        return {
                            verdict: "wrong",
                            found: `the token cannot use team ${team} (${err.message})`,
                            fix: "create the token with the team in its scope (Vercel → Account Settings → Tokens), or correct vercel:team",
                        };
                    }
                } catch (err) {
                    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return { verdict: "wrong", found: err.message, fix };
                    return failure(err, "vercel", stack);
                }
            },
        });
    }
    /** A check that asks the vendor with the stack secret `key`: unset is missing, a failed call says why. */
    const withSecret = (name: string, key: string, ask: (value: string) => Promise<Finding>): Check => ({
        name,
        async run() {
            const value = secret(key);
            if (!value) return { verdict: "missing", found: `app-platform:${key} is not set`, fix: setCommand(key, stack) };
            try {
                return await ask(value);
            } catch (err) {
                return failure(err, key, stack);
            }
        },
    });
    if (cfg.payments?.provider === "stripe" || cfg.webhooks?.stripe) {
        const key = PAYMENT_KEYS.stripe.secretName;
        checks.push(
            withSecret("stripe", key, async (apiKey) => {
                // What the engine itself calls (a restricted rk_ key with webhook access passes; the balance would need more).
                await client("Stripe", cfg.webhooks?.stripe?.apiBaseUrl ?? "https://api.stripe.com", { bearer: apiKey })("GET", "/v1/webhook_endpoints", {
                    searchParams: { limit: "1" },
                });
                // The key's mode is its prefix, which the config check already held to the stack's environment.
                return { verdict: "ok", found: `the ${apiKey.includes("_live_") ? "live" : "test"}-mode key is accepted (webhook endpoints readable)` };
            }),
        );
    }
    const twilio = cfg.webhooks?.twilio;
    if (twilio) {
        checks.push(
            withSecret("twilio", twilio.authTokenSecret ?? "twilioAuthToken", async (token) => {
                const api = client("Twilio", twilio.apiBaseUrl, { basic: { user: twilio.accountSid, password: token } });
                // findNumber says, in a plain Error, that the account has no such number.
                const number = await findNumber(api, twilio.accountSid, twilio.phoneNumber).catch((err: unknown) => {
                    if (err instanceof ApiError) throw err;
                    return (err as Error).message;
                });
                if (typeof number === "string")
                    return {
                        verdict: "missing",
                        found: number,
                        fix: "buy or port the number in the Twilio Console (Phone Numbers), or correct webhooks.twilio.phoneNumber",
                    };
                return { verdict: "ok", found: `account ${twilio.accountSid} owns ${number.phoneNumber}` };
            }),
        );
    }
    const email = cfg.email;
    if (email?.provider === "resend") {
        checks.push(
            withSecret("resend", EMAIL_KEYS.resend.secretName, async (apiKey) => {
                // A sending-only key is refused here: the sending domain and the webhook need full access.
                const { body } = await client("Resend", email.apiBaseUrl, { bearer: apiKey })<{ data: unknown[] }>("GET", "/domains");
                return { verdict: "ok", found: `the key has full access (${body.data.length} domain(s) in the account)` };
            }),
        );
    }
    return checks;
}
