// The Cloud Run Admin API v2, the parts the pre-start check calls, as its REST reference and discovery
// document give them (run.googleapis.com/$discovery/rest?version=v2: projects.locations.jobs.run,
// projects.locations.jobs.executions.get; the google.cloud.run.v2.Execution message):
// - every call carries `Authorization: Bearer <OAuth access token>`; without the right one, 401
//   `{ error: { code: 401, status: "UNAUTHENTICATED" } }`;
// - GET /v2/projects/{p}/locations/{l}/jobs/{j}/executions/{e} answers the Execution: name, job,
//   taskCount, succeededCount, failedCount, completionTime, logUri and `conditions` (type
//   "Completed", state CONDITION_SUCCEEDED | CONDITION_FAILED while done, CONDITION_PENDING before);
//   an unknown one is 404 NOT_FOUND. A job's runExecutionToken names its execution `<job>-<token>`;
// - POST /v2/projects/{p}/locations/{l}/jobs/{j}:run (RunJobRequest: validateOnly, etag, overrides)
//   starts an execution with the job's current template and answers a google.longrunning.Operation
//   whose metadata is that Execution (not done yet); an unknown job is 404.
// - GET /v2/projects/{p}/locations/{l}/services (projects.locations.services.list: pageSize,
//   pageToken) answers a ListServicesResponse { services, nextPageToken }, empty fields omitted as
//   proto3 JSON does; errors follow Google's API error model (AIP-193): a project whose Cloud Run Admin
//   API is off answers 403 PERMISSION_DENIED with an ErrorInfo of reason SERVICE_DISABLED, one the
//   credentials may not read 403 PERMISSION_DENIED "Permission 'run.services.list' denied on resource
//   … (or resource may not exist)" (Google does not say whether it exists).
// An execution runs for one GET, then ends as the test decided for its image.
import { randomBytes } from "crypto";
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

const error = (code: number, status: string, message: string): Reply => ({ status: code, body: { error: { code, status, message } } });

export interface FakeExecution {
    name: string;
    succeeded: boolean;
    /** GETs left before it completes. */
    running: number;
}

export interface FakeCloudRun extends FakeServer {
    executions: Map<string, FakeExecution>;
    /** The job's current image (its template), or undefined when there is no such job: `projects/p/locations/l/jobs/j`. */
    jobImage: (job: string) => string | undefined;
    /** Whether an execution of this image fails (the test's fault). */
    fails: (image: string) => boolean;
    /** Executions made elsewhere (the job resource's own run on a new token): name → succeeded. */
    recorded: (name: string) => boolean | undefined;
    /** Projects the credentials may read (unset: any), and those whose Cloud Run Admin API is off. */
    projects?: string[];
    disabledProjects: string[];
}

export async function startFakeCloudRun(token: string): Promise<FakeCloudRun> {
    const executions = new Map<string, FakeExecution>();
    const view = (e: FakeExecution) => {
        const done = e.running <= 0;
        const state = !done ? "CONDITION_PENDING" : e.succeeded ? "CONDITION_SUCCEEDED" : "CONDITION_FAILED";
        return {
            name: e.name,
            job: e.name.split("/executions/")[0].split("/").pop(),
            taskCount: 1,
            runningCount: done ? 0 : 1,
            succeededCount: done && e.succeeded ? 1 : 0,
            failedCount: done && !e.succeeded ? 1 : 0,
            ...(done ? { completionTime: new Date().toISOString() } : {}),
            logUri: `https://console.cloud.google.com/logs/viewer?execution=${e.name.split("/").pop()}`,
            conditions: [
                {
                    type: "Completed",
                    state,
                    ...(done && !e.succeeded ? { message: "Task failed: the container exited with status 1.", reason: "NON_ZERO_EXIT_CODE" } : {}),
                },
            ],
        };
    };
    const handle = (req: ParsedRequest, f: FakeServer): Reply => {
        const fake = f as FakeCloudRun;
        if (req.headers.authorization !== `Bearer ${token}`) return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        const run = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/:]+):run$/.exec(req.path);
        if (run && req.method === "POST") {
            const image = fake.jobImage(run[1]);
            if (!image) return error(404, "NOT_FOUND", `Resource '${run[1]}' was not found`);
            const unknown = Object.keys(req.json ?? {}).filter((k) => !["validateOnly", "etag", "overrides"].includes(k));
            if (unknown.length) return error(400, "INVALID_ARGUMENT", `Invalid JSON payload received. Unknown name "${unknown[0]}"`);
            const e: FakeExecution = {
                name: `${run[1]}/executions/${run[1].split("/").pop()}-${randomBytes(3).toString("hex")}`,
                succeeded: !fake.fails(image),
                running: 1,
            };
            executions.set(e.name, e);
            return {
                status: 200,
                body: {
                    name: `${run[1].split("/jobs/")[0]}/operations/${randomBytes(16).toString("hex")}`,
                    metadata: { "@type": "type.googleapis.com/google.cloud.run.v2.Execution", ...view(e) },
                    done: false,
                },
            };
        }
        const get = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/]+\/executions\/[^/]+)$/.exec(req.path);
        if (get && req.method === "GET") {
            let e = executions.get(get[1]);
            const recorded = e ? undefined : fake.recorded(get[1]);
            if (!e && recorded !== undefined) e = { name: get[1], succeeded: recorded, running: 0 };
            if (!e) return error(404, "NOT_FOUND", `Resource '${get[1]}' was not found`);
            const shown = view(e);
            e.running -= 1;
            return { status: 200, body: shown };
        }
        const list = /^\/v2\/projects\/([^/]+)\/locations\/([^/]+)\/services$/.exec(req.path);
        if (list && req.method === "GET") {
            const [project, location] = [list[1], list[2]];
            if (fake.projects && !fake.projects.includes(project))
                return error(
                    403,
                    "PERMISSION_DENIED",
                    `Permission 'run.services.list' denied on resource 'projects/${project}/locations/${location}' (or resource may not exist).`,
                );
            if (fake.disabledProjects.includes(project))
                return {
                    status: 403,
                    body: {
                        error: {
                            code: 403,
                            status: "PERMISSION_DENIED",
                            message: `Cloud Run Admin API has not been used in project ${project} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/run.googleapis.com/overview?project=${project} then retry.`,
                            details: [
                                {
                                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                    reason: "SERVICE_DISABLED",
                                    domain: "googleapis.com",
                                    metadata: { service: "run.googleapis.com", consumer: `projects/${project}` },
                                },
                            ],
                        },
                    },
                };
            const size = req.query.get("pageSize");
            if (size !== null && !/^\d+$/.test(size)) return error(400, "INVALID_ARGUMENT", `Invalid value at 'page_size' (TYPE_INT32), "${size}"`);
            return { status: 200, body: {} };
        }
        f.violations.push(`unexpected ${req.method} ${req.path}`);
        return error(404, "NOT_FOUND", "Not Found");
    };
    const fake = (await startFake(handle)) as FakeCloudRun;
    return Object.assign(fake, { executions, jobImage: () => undefined, fails: () => false, recorded: () => undefined, disabledProjects: [] });
}
