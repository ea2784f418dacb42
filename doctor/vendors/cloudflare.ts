// Cloudflare (a stack with `dns`, or on Pages): the provider's token is active, and the zone exists, has
// the configured name and is active.
import { ApiError } from "../../providers/webhooks/http";
import { client, failure, refused, setting, VendorCheck } from "./ask";

export const cloudflare: VendorCheck = (cfg, config) => {
    const { dns, hosting, stack } = cfg;
    if (!dns && hosting.provider !== "cloudflare-pages") return undefined;
    return {
        name: "cloudflare",
        async run() {
            // The provider's own token: the stack's cloudflare:apiToken, or the environment's.
            const token = setting(config, "cloudflare:apiToken", "CLOUDFLARE_API_TOKEN");
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
                if (refused(err)) return { verdict: "wrong", found: err.message, fix };
                return failure(err, "cloudflare:apiToken", stack);
            }
        },
    };
};
