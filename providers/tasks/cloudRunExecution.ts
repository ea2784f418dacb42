// Makes sure a Cloud Run job's pre-start execution for a deploy succeeded before the service rolls.
// The job resource runs it (`runExecutionToken`: "The Job will become ready when the execution is
// successfully completed"), but when the execution fails the google provider's update fails after the
// job was saved: the state keeps the new token (terraform-plugin-sdk Apply returns the planned state
// with the error; the engine records it as an initialization error), and the next `up` retries with
// an empty update that starts nothing, so the service would roll without a successful pre-start.
// This check reads the token's execution (`<job>-<token>`) through the Cloud Run Admin API v2; when
// it failed (or never ran) it runs the job again (`jobs.run`) and waits for that execution.
import { apiClient, ApiRequest, isNotFound, unlessGone } from "../webhooks/http";
import { DeploymentFailed, pollUntil, WaitOptions } from "../deployments/poll";

export const CLOUD_RUN_API = "https://run.googleapis.com";

export interface JobExecutionSpec {
    project: string;
    location: string;
    job: string;
    /** The deploy's execution token: the job's runExecutionToken. */
    token: string;
}

export interface JobExecuted {
    /** The execution that succeeded: the token's, or a run this check started. */
    execution: string;
    /** True when this check had to run the job again. */
    rerun: boolean;
}

/** Cloud Run Admin API v2 Execution, the fields read here. */
interface Execution {
    name: string;
    taskCount?: number;
    succeededCount?: number;
    failedCount?: number;
    completionTime?: string;
    logUri?: string;
    conditions?: { type: string; state?: string; message?: string; reason?: string }[];
}

const completed = (e: Execution) => e.conditions?.find((c) => c.type === "Completed");
const short = (name: string) => name.split("/").pop();

function outcome(e: Execution): "succeeded" | "failed" | "running" {
    const c = completed(e);
    if (c?.state === "CONDITION_SUCCEEDED") return "succeeded";
    if (c?.state === "CONDITION_FAILED" || (e.completionTime && (e.failedCount ?? 0) > 0)) return "failed";
    return "running";
}

const why = (e: Execution) =>
    [completed(e)?.message, completed(e)?.reason].filter(Boolean).join("; ") || `${e.failedCount ?? 0} of ${e.taskCount ?? 1} task(s) failed`;

async function waitFor(api: ApiRequest, name: string, wait: WaitOptions): Promise<Execution> {
    return pollUntil<Execution>(
        async () => {
            const { body } = await api<Execution>("GET", `/v2/${name}`);
            return outcome(body) === "running" ? { state: "running" } : { done: body };
        },
        wait,
        () => `the pre-start execution ${short(name)} is still running; the service was not changed. Run pulumi up again once it finished`,
    );
}

/** The base URL: Google's host, or a loopback one (the tests' local API); nothing else receives the token. */
export function cloudRunApi(override: string | undefined): string {
    if (!override) return CLOUD_RUN_API;
    const u = new URL(override);
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname) && u.protocol === "http:";
    if (!loopback && !(u.protocol === "https:" && /^([a-z0-9]+(-[a-z0-9]+)*-)?run\.googleapis\.com$/.test(u.hostname))) {
        throw new DeploymentFailed(
            `APP_PLATFORM_CLOUD_RUN_API is ${u.origin}: the access token goes only to run.googleapis.com (or a loopback address in tests)`,
        );
    }
    return override.replace(/\/$/, "");
}

/**
 * `accessToken` is asked before each request (Google's credentials refresh a token before it lapses;
 * a wait may outlast one). A run is never resent: a second POST would start a second execution.
 */
export async function ensureExecuted(spec: JobExecutionSpec, accessToken: () => Promise<string>, baseUrl: string, wait: WaitOptions): Promise<JobExecuted> {
    const api: ApiRequest = async (method, path, req) =>
        apiClient({ service: "Cloud Run", baseUrl, auth: { bearer: await accessToken() }, retryMethods: ["get"] })(method, path, req);
    const job = `projects/${spec.project}/locations/${spec.location}/jobs/${spec.job}`;
    let seen = await unlessGone(api<Execution>("GET", `/v2/${job}/executions/${spec.job}-${spec.token}`)).then((r) => r?.body ?? null);
    if (seen && outcome(seen) === "running") seen = await waitFor(api, seen.name, wait);
    if (seen && outcome(seen) === "succeeded") return { execution: seen.name, rerun: false };
    // Failed, or never started: run the job again (its template is this deploy's image and env).
    let started: Execution | undefined;
    try {
        started = (await api<{ metadata?: Execution }>("POST", `/v2/${job}:run`, { json: {} })).body.metadata;
    } catch (err) {
        if (isNotFound(err)) throw new DeploymentFailed(`Cloud Run has no job ${spec.job} in ${spec.project}/${spec.location}: ${(err as Error).message}`);
        throw err;
    }
    if (!started?.name) throw new DeploymentFailed(`Cloud Run ran ${spec.job} but named no execution`);
    const done = await waitFor(api, started.name, wait);
    if (outcome(done) !== "succeeded") {
        throw new DeploymentFailed(
            `the pre-start job ${spec.job} failed${seen ? ` (execution ${short(seen.name)}: ${why(seen)}; run again as ${short(done.name)})` : ""}: ${why(done)}. ` +
                `The service was not changed. Its logs: ${done.logUri ?? done.name}`,
        );
    }
    return { execution: done.name, rerun: true };
}
