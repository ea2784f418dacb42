// Google Cloud (services on Cloud Run): the credentials the provider would use give an access token, and
// it may list Cloud Run services in each project and region the stack deploys to: the Cloud Run Admin
// API is on there, and the identity holds a role that reads it.
import { cloudRunApi } from "../../providers/tasks/cloudRunExecution";
import { ApiError } from "../../providers/webhooks/http";
import type { StackConfig } from "../../stacks/config";
import type { Finding } from "../checks";
import { client, ConfigReader, setting, VendorCheck } from "./ask";

const places = (cfg: StackConfig) => [
    ...new Set(Object.values(cfg.services ?? {}).flatMap((s) => (s.platform === "cloud-run" ? [`${s.project}/${s.region}`] : []))),
];

/**
 * The provider's order: gcp:accessToken or GOOGLE_OAUTH_ACCESS_TOKEN, gcp:credentials or GOOGLE_CREDENTIALS
 * (a key file's path or its contents), then Application Default Credentials.
 */
async function accessToken(config: ConfigReader): Promise<string | undefined> {
    const fixed = setting(config, "gcp:accessToken", "GOOGLE_OAUTH_ACCESS_TOKEN");
    if (fixed) return fixed;
    const { GoogleAuth } = require("google-auth-library") as typeof import("google-auth-library");
    const key = setting(config, "gcp:credentials", "GOOGLE_CREDENTIALS");
    let credentials: object | undefined;
    if (key?.trimStart().startsWith("{")) {
        try {
            credentials = JSON.parse(key);
        } catch {
            // The parser's message quotes the input: the key's contents stay out of it.
            throw new Error("gcp:credentials (or GOOGLE_CREDENTIALS) is not a key file's JSON");
        }
    }
    const auth = new GoogleAuth({
        scopes: ["https://www.googleapis.com/auth/cloud-platform"],
        ...(credentials ? { credentials } : key ? { keyFilename: key } : {}),
    });
    return (await auth.getAccessToken()) ?? undefined;
}

async function ask(cfg: StackConfig, config: ConfigReader, signal: AbortSignal): Promise<Finding> {
    let token: string | undefined;
    const fix =
        "give the credentials `pulumi up` runs with: gcloud auth application-default login, GOOGLE_APPLICATION_CREDENTIALS, or in CI google-github-actions/auth";
    try {
        token = await accessToken(config);
    } catch (err) {
        const said = (err as Error).message.split("\n")[0];
        // A key given but unreadable is wrong; none found anywhere is missing.
        return said.startsWith("gcp:credentials")
            ? { verdict: "wrong", found: said, fix }
            : { verdict: "missing", found: `no Google credentials (${said})`, fix };
    }

    if (!token) return { verdict: "missing", found: "no Google credentials", fix };
    const ok: string[] = [];
    for (const place of places(cfg)) {
        // Past the check's time bound the report has moved on: no more requests with the token.
        if (signal.aborted) break;
        const [project, region] = place.split("/");
        try {
            const api = client("Cloud Run", cloudRunApi(process.env.APP_PLATFORM_CLOUD_RUN_API), { bearer: token });
            await api("GET", `/v2/projects/${project}/locations/${region}/services`, { searchParams: { pageSize: "1" } });
            ok.push(place);
        } catch (err) {
            if (!(err instanceof ApiError)) return { verdict: "wrong", found: (err as Error).message };
            if (err.status === undefined) return { verdict: "unreachable", found: err.message, fix: "check this machine's network access to Google Cloud" };
            if (err.status === 401) return { verdict: "wrong", found: err.message, fix };
            if (err.status === 403 && /has not been used in project|is disabled/.test(err.message))
                return {
                    verdict: "missing",
                    found: `the Cloud Run Admin API is off in project ${project}`,
                    fix: `gcloud services enable run.googleapis.com --project ${project}`,
                };
            if (err.status === 403)
                return {
                    verdict: "wrong",
                    found: `the credentials may not list Cloud Run services in ${project} (${region}): ${err.message}`,
                    fix: `check the project id, and grant the identity roles/run.admin on ${project} (with roles/iam.serviceAccountUser for the services' accounts)`,
                };
            return { verdict: "wrong", found: err.message };
        }
    }
    return { verdict: "ok", found: `the credentials can use Cloud Run in ${ok.join(", ")}` };
}

export const google: VendorCheck = (cfg, config) => (places(cfg).length > 0 ? { name: "google", run: (signal) => ask(cfg, config, signal) } : undefined);
