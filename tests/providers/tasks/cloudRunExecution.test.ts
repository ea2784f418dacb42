// The Cloud Run pre-start check against a local Cloud Run Admin API v2: it trusts a succeeded
// execution of the deploy's token, runs the job again when that execution failed or never ran (the
// google provider saves the new token even when its execution failed), and fails in Cloud Run's words.
import * as assert from "assert";
import { cloudRunApi, ensureExecuted } from "../../../providers/tasks/cloudRunExecution";
import { FakeCloudRun, startFakeCloudRun } from "../../support/fakes/cloudRun";

const TOKEN = "ya29.cloud-run-test-token";
const JOB = "projects/raptorflow-prod/locations/europe-west1/jobs/raptorflow-production-api-prestart";
const spec = { project: "raptorflow-prod", location: "europe-west1", job: "raptorflow-production-api-prestart", token: "3f2a9c4e8b7d" };
const WAIT = { timeoutMs: 60_000, pollMs: 0 };
const TOKENS = async () => TOKEN;

describe("Cloud Run pre-start check (local Cloud Run Admin API)", function () {
    this.timeout(30_000);
    let run: FakeCloudRun;
    let recorded: Record<string, boolean>;
    beforeEach(async () => {
        run = await startFakeCloudRun(TOKEN);
        recorded = {};
        run.jobImage = (job) => (job === JOB ? "europe-docker.pkg.dev/raptorflow/api/api:2.1.0" : undefined);
        run.recorded = (name) => recorded[name];
    });
    afterEach(async () => {
        assert.deepStrictEqual(run.violations, []);
        await run.close();
    });
    const posts = () => run.requests.filter((r) => r.method === "POST").length;

    it("the deploy's execution succeeded: nothing runs again", async () => {
        recorded[`${JOB}/executions/${spec.job}-${spec.token}`] = true;
        assert.deepStrictEqual(await ensureExecuted(spec, TOKENS, run.url, WAIT), { execution: `${JOB}/executions/${spec.job}-${spec.token}`, rerun: false });
        assert.strictEqual(posts(), 0);
    });

    it("the deploy's execution failed (the provider kept its token anyway): the job runs again and the check waits for it", async () => {
        recorded[`${JOB}/executions/${spec.job}-${spec.token}`] = false;
        const r = await ensureExecuted(spec, TOKENS, run.url, WAIT);
        assert.strictEqual(r.rerun, true);
        assert.match(r.execution, new RegExp(`^${JOB}/executions/${spec.job}-[0-9a-f]{6}$`));
        assert.strictEqual(posts(), 1);
        // It never ran at all (no execution for the token): run too.
        assert.strictEqual((await ensureExecuted({ ...spec, token: "000000000000" }, TOKENS, run.url, WAIT)).rerun, true);
    });

    it("a run that fails again fails the up with Cloud Run's words and where the logs are, never the token", async () => {
        recorded[`${JOB}/executions/${spec.job}-${spec.token}`] = false;
        run.fails = () => true;
        await assert.rejects(ensureExecuted(spec, TOKENS, run.url, WAIT), (err: Error) => {
            assert.match(
                err.message,
                /^the pre-start job raptorflow-production-api-prestart failed \(execution raptorflow-production-api-prestart-3f2a9c4e8b7d: Task failed: the container exited with status 1\.; NON_ZERO_EXIT_CODE; run again as raptorflow-production-api-prestart-[0-9a-f]{6}\): Task failed: .*The service was not changed\. Its logs: https:\/\/console\.cloud\.google\.com\//,
            );
            assert.doesNotMatch(err.message, /ya29/);
            assert.strictEqual(err.stack, `DeploymentFailed: ${err.message}`);
            return true;
        });
    });

    it("never resends a run (a second POST would start a second execution); reads are retried", async () => {
        recorded[`${JOB}/executions/${spec.job}-${spec.token}`] = false;
        run.methodFaults.POST = [{ status: 503 }];
        await assert.rejects(ensureExecuted(spec, TOKENS, run.url, WAIT), /Cloud Run POST .*:run → 503/);
        assert.strictEqual(posts(), 1);
        run.faults.push({ status: 503 });
        assert.strictEqual((await ensureExecuted(spec, TOKENS, run.url, WAIT)).rerun, true, "a GET answered 503 once is asked again");
    });

    it("sends its token to Google's host or a loopback address only", () => {
        assert.strictEqual(cloudRunApi(undefined), "https://run.googleapis.com");
        assert.strictEqual(cloudRunApi("https://europe-west1-run.googleapis.com/"), "https://europe-west1-run.googleapis.com");
        assert.strictEqual(cloudRunApi("http://127.0.0.1:4000"), "http://127.0.0.1:4000");
        assert.throws(() => cloudRunApi("https://run.googleapis.com.evil.example"), /the access token goes only to run\.googleapis\.com/);
        assert.throws(() => cloudRunApi("http://run.googleapis.com"), /only to run\.googleapis\.com/);
    });
});
