// AWS (a backup bucket, or a service on ECS): the credentials the provider would use resolve, STS says
// whose they are, in the region the stack's resources go to, and the account is one the stack allows.
import type { StackConfig } from "../../stacks/config";
import type { Finding } from "../checks";
import { ConfigReader, setting, VendorCheck } from "./ask";

const usesAws = (cfg: StackConfig) => Boolean(cfg.backups) || Object.values(cfg.services ?? {}).some((s) => s.platform === "aws-ecs");

async function ask(cfg: StackConfig, config: ConfigReader, signal: AbortSignal): Promise<Finding> {
    const region = cfg.backups?.region ?? setting(config, "aws:region", "AWS_REGION", "AWS_DEFAULT_REGION");
    if (!region)
        return {
            verdict: "missing",
            found: "no AWS region (aws:region or AWS_REGION)",
            fix: `pulumi config set aws:region <region> --stack ${cfg.stack}, e.g. us-east-1`,
        };
    // The provider's own settings first (aws:accessKey, aws:secretKey, aws:token, aws:profile), then the SDK's
    // chain: environment, shared files, SSO, web identity (GitHub's OIDC role in CI), instance roles.
    // The provider's list of the accounts it may change (a YAML list, or one id).
    const allowedRaw = config("aws:allowedAccountIds");
    let allowed: string[] | undefined;
    if (allowedRaw) {
        let parsed: unknown = [allowedRaw];
        try {
            if (/^\s*\[/.test(allowedRaw)) parsed = JSON.parse(allowedRaw);
        } catch {
            parsed = undefined;
        }
        if (!Array.isArray(parsed) || parsed.some((id) => !/^\d{12}$/.test(String(id))))
            return {
                verdict: "wrong",
                found: "aws:allowedAccountIds is not a list of 12-digit account ids",
                fix: `pulumi config set --path 'aws:allowedAccountIds[0]' <account id> --stack ${cfg.stack}`,
            };
        allowed = parsed.map(String);
    }
    const accessKeyId = config("aws:accessKey");
    const secretAccessKey = config("aws:secretKey");
    // The SDK's notice that its releases after January 2027 need Node 22 is the maintainers' concern (the
    // version is pinned), not a finding: it would split the doctor's report.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
    const sts = new STSClient({
        region,
        maxAttempts: 2,
        profile: config("aws:profile") || undefined,
        ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, sessionToken: config("aws:token") || undefined } } : {}),
    });
    try {
        const who = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
        if (allowed && !allowed.includes(who.Account!))
            return {
                verdict: "wrong",
                found: `the credentials are account ${who.Account}'s, which aws:allowedAccountIds does not list`,
                fix: "use the stack's account's credentials, or correct aws:allowedAccountIds",
            };
        return { verdict: "ok", found: `account ${who.Account} as ${who.Arn}, region ${region}` };
    } catch (err) {
        const e = err as Error & { name: string; $metadata?: { httpStatusCode?: number } };
        const fix =
            "give the credentials `pulumi up` runs with: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE (or aws:profile), or in CI the role the workflow assumes";
        if (e.name === "CredentialsProviderError") return { verdict: "missing", found: `no AWS credentials (${e.message})`, fix };
        if (e.$metadata?.httpStatusCode !== undefined)
            return { verdict: "wrong", found: `AWS STS GetCallerIdentity → ${e.$metadata.httpStatusCode}: ${e.message} (${e.name})`, fix };
        return {
            verdict: "unreachable",
            found: `AWS STS in ${region}: ${e.message}`,
            fix: "check this machine's network access to AWS, and the region's name",
        };
    } finally {
        sts.destroy();
    }
}

export const aws: VendorCheck = (cfg, config) => (usesAws(cfg) ? { name: "aws", run: (signal) => ask(cfg, config, signal) } : undefined);
