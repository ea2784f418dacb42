// What CI must hold to preview and deploy a stack, per capability it declares: the repository secrets
// the workflows pass to `pulumi` as its providers' environment variables, and the repository variables
// of the OIDC sign-ins. One table for the workflows' test (each pulumi step passes them) and the
// doctor's GitHub check (each is set where the job can read it); its rows are docs/deploy.md's
// provider table under "Deploy", named as written there.
import type { StackConfig } from "./config";

export const AWS_OIDC = "aws-actions/configure-aws-credentials";
export const GOOGLE_AUTH = "google-github-actions/auth";

export interface CiCredential {
    provider: string;
    neededWhen: string;
    declares: (cfg: StackConfig) => boolean;
    /** Secrets the pulumi steps get under the same names, as the provider's environment variables. */
    secrets?: string[];
    /** A secret passed under another name (GitHub reserves GITHUB_ for its own secrets): secret → the provider's variable. */
    envNames?: Record<string, string>;
    /** The action that signs in with GitHub's OIDC token, and the variables it reads in the preview job and in the deploy jobs. */
    oidc?: { action: string; preview: string[]; deploy: string[] };
}

/** Every job that runs pulumi reads the state from Pulumi Cloud with this secret. */
export const BACKEND_SECRET = "PULUMI_ACCESS_TOKEN";

const aws = { action: AWS_OIDC, preview: ["AWS_PREVIEW_ROLE_ARN", "AWS_REGION"], deploy: ["AWS_DEPLOY_ROLE_ARN", "AWS_REGION"] };

export const CI_CREDENTIALS: CiCredential[] = [
    { provider: "Vercel", neededWhen: "`hosting.provider: vercel`", declares: (cfg) => cfg.hosting.provider === "vercel", secrets: ["VERCEL_API_TOKEN"] },
    {
        provider: "Cloudflare",
        neededWhen: "`hosting.provider: cloudflare-pages` or `dns`",
        declares: (cfg) => cfg.hosting.provider === "cloudflare-pages" || cfg.dns !== undefined,
        secrets: ["CLOUDFLARE_API_TOKEN"],
    },
    {
        provider: "Upstash",
        neededWhen: "`redis` or `crons`",
        declares: (cfg) => cfg.redis !== undefined || cfg.crons !== undefined,
        secrets: ["UPSTASH_EMAIL", "UPSTASH_API_KEY"],
    },
    { provider: "AWS", neededWhen: "`backups` (and pre-migration backups)", declares: (cfg) => cfg.backups !== undefined, oidc: aws },
    {
        provider: "Checkly",
        neededWhen: "`monitoring`",
        declares: (cfg) => cfg.monitoring !== undefined,
        secrets: ["CHECKLY_API_KEY", "CHECKLY_ACCOUNT_ID"],
    },
    { provider: "Sentry", neededWhen: "`monitoring.sentry`", declares: (cfg) => cfg.monitoring?.sentry !== undefined, secrets: ["SENTRY_AUTH_TOKEN"] },
    {
        provider: "AWS (services)",
        neededWhen: "`services.*` with `platform: aws-ecs`",
        declares: (cfg) => Object.values(cfg.services).some((s) => s.platform === "aws-ecs"),
        oidc: aws,
    },
    {
        provider: "Google Cloud",
        neededWhen: "`services.*` with `platform: cloud-run`",
        declares: (cfg) => Object.values(cfg.services).some((s) => s.platform === "cloud-run"),
        oidc: {
            action: GOOGLE_AUTH,
            preview: ["GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_PREVIEW_SERVICE_ACCOUNT"],
            deploy: ["GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_DEPLOY_SERVICE_ACCOUNT"],
        },
    },
    {
        provider: "MongoDB Atlas",
        neededWhen: "`atlas`",
        declares: (cfg) => cfg.atlas !== undefined,
        secrets: ["MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PRIVATE_KEY"],
    },
    {
        provider: "GitHub",
        neededWhen: "`github`",
        declares: (cfg) => cfg.github !== undefined,
        // Repository administration (environments, branch rules, Actions secrets): GITHUB_TOKEN of a run cannot.
        secrets: ["GH_ADMIN_TOKEN"],
        envNames: { GH_ADMIN_TOKEN: "GITHUB_TOKEN" },
    },
];

/** The environment variable a pulumi step passes `secret` as. */
export const envNameOf = (c: CiCredential, secret: string) => c.envNames?.[secret] ?? secret;

/** What the stack's capabilities need from CI. */
export const ciCredentialsOf = (cfg: StackConfig) => CI_CREDENTIALS.filter((c) => c.declares(cfg));
