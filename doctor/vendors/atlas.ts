// MongoDB Atlas (`atlas`): the provider's programmatic API key reads the organization the project is
// made in, from this machine. Atlas refuses every call from an address off the key's access list
// (403 IP_ADDRESS_NOT_ON_ACCESS_LIST, or ORG_REQUIRES_ACCESS_LIST when the key has none), so `up` on
// a runner whose address is not on it fails at its first Atlas call.
import type { StackConfig } from "../../stacks/config";
import type { Finding } from "../checks";
import { ConfigReader, fromEnv, setting, VendorCheck } from "./ask";

const VERSION = "application/vnd.atlas.2023-01-01+json";

/**
 * The provider's credentials (terraform-provider-mongodbatlas internal/config/credentials.go): the
 * stack's mongodbatlas:publicKey and privateKey when either is set, else the environment's, as a pair.
 */
function credentials(config: ConfigReader): { publicKey?: string; privateKey?: string; baseUrl: string } {
    const fromConfig = config("mongodbatlas:publicKey") || config("mongodbatlas:privateKey");
    const baseUrl = (setting(config, "mongodbatlas:baseUrl", "MONGODB_ATLAS_BASE_URL", "MCLI_OPS_MANAGER_URL") ?? "https://cloud.mongodb.com").replace(
        /\/$/,
        "",
    );
    return fromConfig
        ? { publicKey: config("mongodbatlas:publicKey"), privateKey: config("mongodbatlas:privateKey"), baseUrl }
        : {
              publicKey: fromEnv("MONGODB_ATLAS_PUBLIC_API_KEY", "MONGODB_ATLAS_PUBLIC_KEY", "MCLI_PUBLIC_API_KEY"),
              privateKey: fromEnv("MONGODB_ATLAS_PRIVATE_API_KEY", "MONGODB_ATLAS_PRIVATE_KEY", "MCLI_PRIVATE_API_KEY"),
              baseUrl,
          };
}

async function ask(cfg: StackConfig, config: ConfigReader, signal: AbortSignal): Promise<Finding> {
    const { orgId } = cfg.atlas!;
    const { publicKey, privateKey, baseUrl } = credentials(config);
    const keyFix = `create an organization API key with Organization Project Creator (Atlas → Organization Access Manager → Applications → API Keys), then pulumi config set mongodbatlas:publicKey <public key> and pulumi config set --secret mongodbatlas:privateKey --stack ${cfg.stack}`;
    if (!publicKey || !privateKey)
        return {
            verdict: "missing",
            found: "no Atlas API key (mongodbatlas:publicKey and privateKey, or MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY)",
            fix: keyFix,
        };
    // Atlas authenticates API keys with HTTP digest (MD5, qop=auth); digest-fetch answers its challenge.
    const { DigestClient } = require("digest-fetch") as typeof import("digest-fetch");
    const path = `/api/atlas/v2/orgs/${orgId}`;
    let res: Response;
    try {
        res = (await new DigestClient(publicKey, privateKey).fetch(`${baseUrl}${path}`, {
            headers: { accept: VERSION },
            signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
        })) as Response;
    } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        return {
            verdict: "unreachable",
            found: `Atlas GET ${path} failed: ${(err as Error).message}${cause ? ` (${cause})` : ""}`,
            fix: "check this machine's network access to cloud.mongodb.com",
        };
    }
    const body = (await res.json().catch(() => ({}))) as { name?: string; errorCode?: string; detail?: string };
    const said = `Atlas GET ${path} → ${res.status}: ${body.detail ?? res.statusText}${body.errorCode ? ` (${body.errorCode})` : ""}`;
    if (res.ok) return { verdict: "ok", found: `the API key reads organization ${body.name ?? orgId} from this machine` };
    if (res.status === 403 && (body.errorCode === "IP_ADDRESS_NOT_ON_ACCESS_LIST" || body.errorCode === "ORG_REQUIRES_ACCESS_LIST"))
        return {
            verdict: "wrong",
            found: `this machine's address is not on the API key's access list (${said})`,
            fix: "add this machine's public address (or the CI runners' range) to the key's API Access List (Atlas → Organization Access Manager → API Keys → the key → Edit → API Access List)",
        };
    // A refused key and an organization it may not read both answer 401 without an errorCode.
    if (res.status === 401 || res.status === 403)
        return { verdict: "wrong", found: `the API key cannot read organization ${orgId} (${said})`, fix: `${keyFix}; or correct atlas.orgId` };
    if (res.status === 404) return { verdict: "missing", found: said, fix: "correct atlas.orgId (Atlas → Organization Settings: the organization id)" };
    return { verdict: "wrong", found: said };
}

export const atlas: VendorCheck = (cfg, config) => (cfg.atlas ? { name: "atlas", run: (signal) => ask(cfg, config, signal) } : undefined);
