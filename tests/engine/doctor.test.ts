// `npm run doctor` against a stack brought to life by the real Pulumi CLI (temporary home and backend):
// it reads the secrets as `pulumi up` would, says what is missing with the fix, asks the migrations'
// real PostgreSQL for the schemas the files use, passes once the fixes are made, and prints no secret.
import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { placeholderFor } from "../../inventory/stackFile";
import { runTool } from "../badInput/harness";
import { supabaseAuthStub } from "../providers/migrations/helpers";
import { ROOT } from "../helpers";
import { freshDatabase } from "../support/postgres";
import { createWorkspace, Workspace } from "./workspace";

const STACK = "staging";

describe("npm run doctor: a read-only preflight", function () {
    this.timeout(300_000);
    let ws: Workspace;
    const secrets: Record<string, string> = {};
    const doctor = (...args: string[]) => runTool("doctor/cli.ts", ["--stack", STACK, "--cwd", ws.project, ...args], ws.env);
    const printed = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

    before(async () => {
        ws = createWorkspace();
        const text = readFileSync(join(ROOT, `Pulumi.${STACK}.yaml`), "utf8");
        writeFileSync(join(ws.project, `Pulumi.${STACK}.yaml`), text);
        await ws.ok(["stack", "init", STACK]);
        const external = Object.keys(parse(text).config["app-platform:secrets"].external);
        for (const name of external) secrets[name] = `${placeholderFor(name, "staging")}-doctor-canary`;
        // Plain PostgreSQL: no Supabase auth schema yet.
        secrets.supabaseDbUrl = await freshDatabase("doctor");
        // Every secret but one.
        for (const name of external.filter((n) => n !== "resendApiKey"))
            await ws.ok(["config", "set", "--secret", `app-platform:${name}`, secrets[name], "--stack", STACK]);
    });
    after(() => ws?.dispose());

    it("names what is missing, one line per check with its fix, and exits 1", async () => {
        const r = await doctor();
        assert.strictEqual(r.code, 1, printed(r));
        assert.match(r.stdout, /^ok +stack +staging: \d+ keys, 3 of them secret$/m);
        assert.match(
            r.stdout,
            /^missing +config +app-platform:resendApiKey: required secret is not set\. Run: pulumi config set --secret app-platform:resendApiKey/m,
        );
        for (const secret of Object.values(secrets)) assert.ok(!printed(r).includes(secret), "a secret was printed");
    });

    it("finds the schema the migrations use that the database lacks, and passes once the fixes are made", async () => {
        await ws.ok(["config", "set", "--secret", "app-platform:resendApiKey", secrets.resendApiKey, "--stack", STACK]);
        const before = await doctor();
        assert.strictEqual(before.code, 1, printed(before));
        assert.match(before.stdout, /^ok +config +valid; 4 external secrets set$/m);
        assert.match(
            before.stdout,
            /^missing +database +.* lacks schema "auth" \(used by migrations\/20260115090000_initial_schema\.sql\)\n +fix: point the connection string at the database that has it/m,
        );
        await supabaseAuthStub(secrets.supabaseDbUrl);
        const after = await doctor();
        assert.strictEqual(after.code, 0, printed(after));
        assert.match(after.stdout, /^ok +database +.* answers; it has the schemas the 4 files use \(auth\)$/m);
        assert.ok(!/^(missing|wrong|unreachable) /m.test(after.stdout), after.stdout);
        for (const secret of Object.values(secrets)) assert.ok(!printed(after).includes(secret), "a secret was printed");
    });

    it("a database that does not answer is unreachable, said without its password; an unknown stack is wrong", async () => {
        await ws.ok(["config", "set", "--secret", "app-platform:supabaseDbUrl", "postgresql://app:Pa55-doctor-canary@127.0.0.1:1/postgres", "--stack", STACK]);
        const r = await doctor();
        assert.strictEqual(r.code, 1, printed(r));
        assert.match(r.stdout, /^unreachable +database +.*127\.0\.0\.1:1.*ECONNREFUSED/m);
        assert.ok(!printed(r).includes("Pa55-doctor-canary"));
        const unknown = await runTool("doctor/cli.ts", ["--stack", "nope", "--cwd", ws.project], ws.env);
        assert.strictEqual(unknown.code, 1, printed(unknown));
        assert.match(unknown.stdout, /^wrong +stack +pulumi config: .*nope/m);
        assert.ok(!/^\s+at /m.test(printed(unknown)));
    });
});
