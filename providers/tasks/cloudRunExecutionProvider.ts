// The Pulumi face of the pre-start check for Cloud Run: once per deploy token, after the job, before
// the service. A failure leaves no state, so the next `up` checks (and runs) again.
import * as pulumi from "@pulumi/pulumi";
import { RemoteResource, runOnceProvider } from "../remote";
import { cloudRunApi, ensureExecuted, JobExecuted, JobExecutionSpec } from "./cloudRunExecution";

export interface JobExecutionProps extends JobExecutionSpec {
    timeoutMinutes: number;
    pollSeconds: number;
}

type JobExecutionState = JobExecutionProps & JobExecuted;

/** GOOGLE_OAUTH_ACCESS_TOKEN (the google provider's own variable), else Application Default Credentials (refreshed as they lapse). */
function accessTokens(): () => Promise<string> {
    const fixed = process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
    if (fixed) return async () => fixed;
    const { GoogleAuth } = require("google-auth-library") as typeof import("google-auth-library");
    const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
    return async () => {
        const token = await auth.getAccessToken();
        if (!token)
            throw new Error(
                "no Google access token: set up Application Default Credentials (gcloud auth application-default login, or google-github-actions/auth in CI)",
            );
        return token;
    };
}

/** The job's own time limit, and a margin for Cloud Run to schedule it. */
const waitMs = (p: JobExecutionProps) => (p.timeoutMinutes + 5) * 60_000;

export const jobExecutionProvider = runOnceProvider<JobExecutionProps, JobExecutionState>({
    run: async (p) => ({
        ...p,
        ...(await ensureExecuted(p, accessTokens(), cloudRunApi(process.env.APP_PLATFORM_CLOUD_RUN_API), {
            timeoutMs: waitMs(p),
            pollMs: p.pollSeconds * 1000,
        })),
    }),
    changed: (olds, news) => olds.token !== news.token || olds.job !== news.job || olds.project !== news.project || olds.location !== news.location,
    id: (outs) => outs.execution,
});

export type JobExecutionArgs = { [K in keyof JobExecutionProps]: pulumi.Input<JobExecutionProps[K]> };

export class CloudRunJobExecuted extends RemoteResource {
    declare readonly execution: pulumi.Output<string>;

    constructor(name: string, args: JobExecutionArgs, opts?: pulumi.CustomResourceOptions) {
        super("CloudRunJobExecuted", jobExecutionProvider, name, args, { outputs: ["execution", "rerun"], secrets: [] }, opts);
    }
}
