// Bad input to `npm run rotation` (the daily rotation workflow's check): every case exits non-zero
// with a message that names the flag, the --deployed file and its entry, prints no stack trace and
// no secret output, and tells the workflow nothing ($GITHUB_OUTPUT and the summary stay empty, so
// no `pulumi up` follows).
import * as assert from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { command } from "../../inventory/rotation";
import { assertRefused, pool, Run, runInProcess, runTool } from "./harness";

/** A secret output as `pulumi stack output --json --show-secrets` would print it. */
const CANARY = "Redis-Token-Canary-31";

/** staging's generated secrets at 2026-11-22 (every 90 days from 2026-01-01: the period from 2026-09-28). */
const schedule = (name: string, rotatedAt = "2026-09-28") => ({ name, envVars: [], rotationDays: 90, rotatedAt, nextRotation: "2026-12-27" });
/** What `pulumi stack output --json` prints for staging (the keys rotation reads, and a secret), changed by `edit`. */
function outputs(edit: (o: Record<string, any>) => void = () => undefined): string {
    const o: Record<string, any> = {
        environment: "staging",
        siteUrl: "https://staging.ecoo.com",
        generatedSecrets: [schedule("webhookSecret"), schedule("cronSecret")],
        externalKeys: [],
        redisRestToken: CANARY,
    };
    edit(o);
    return JSON.stringify(o, null, 2);
}

interface Case {
    name: string;
    /** The command line; `file` is the case's --deployed file. */
    args: (file: string, tmp: string) => string[];
    /** The --deployed file's text (absent: the case makes no file). */
    deployed?: string;
    code: 1 | 2;
    names: RegExp;
    /** Runs as a child process (the others run in-process: runInProcess): it could block the process. */
    child?: true;
}

const at =
    (now: string, ...extra: string[]) =>
    (file: string) => ["--stack", "staging", "--deployed", file, "--now", now, ...extra];
const flags = at("2026-11-22");
const redo = "write it with: pulumi stack output --json --stack staging >";

const CASES: Case[] = [
    // --- the command line (exit 2) ---
    {
        name: "--now 2026-02-30 (became March 2 before)",
        args: at("2026-02-30"),
        deployed: outputs(),
        code: 2,
        names: /^error: --now "2026-02-30": not a date; use YYYY-MM-DD \(e\.g\. 2026-11-22\)\. 2026-02 has days 01 to 28\./,
    },
    { name: "--now 2026-13-01", args: at("2026-13-01"), deployed: outputs(), code: 2, names: /--now "2026-13-01": not a date; .*There is no month 13\./ },
    { name: "--now 2026-00-10", args: at("2026-00-10"), deployed: outputs(), code: 2, names: /--now "2026-00-10": not a date; .*There is no month 00\./ },
    {
        name: "--now 2027-02-29 (not a leap year)",
        args: at("2027-02-29"),
        deployed: outputs(),
        code: 2,
        names: /--now "2027-02-29": not a date; .*2027-02 has days 01 to 28\./,
    },
    { name: "--now in words", args: at("tomorrow"), deployed: outputs(), code: 2, names: /--now "tomorrow": not a date; use YYYY-MM-DD/ },
    {
        name: "--now as a timestamp",
        args: at("2026-11-22T06:30:00Z"),
        deployed: outputs(),
        code: 2,
        names: /--now "2026-11-22T06:30:00Z": not a date; use YYYY-MM-DD/,
    },
    {
        name: "no --deployed",
        args: () => ["--stack", "staging"],
        code: 2,
        names: /--deployed is required: pulumi stack output --json --stack <name> > deployed\.json/,
    },
    {
        name: "a misspelt flag",
        args: (f) => ["--stack", "staging", "--deploy", f],
        deployed: outputs(),
        code: 2,
        names: /unknown option --deploy; did you mean --deployed\?/,
    },
    {
        name: "--deployed that does not exist",
        args: (_, tmp) => flags(join(tmp, "nope.json")),
        code: 2,
        names: /--deployed .*nope\.json: no such file; write it with: pulumi stack output --json --stack staging > /,
    },
    { name: "--deployed that is a folder", args: (_, tmp) => flags(tmp), code: 2, names: /--deployed .*: is a folder; give the outputs file/ },
    {
        name: "--deployed that is a pipe (the read waited forever)",
        args: (_, tmp) => flags(join(tmp, "fifo")),
        code: 2,
        names: /--deployed .*fifo: not a regular file/,
        child: true,
    },

    // --- the file (exit 1, the file and the entry named) ---
    {
        name: "an unreadable file (EIO even as root)",
        args: () => flags("/proc/self/mem"),
        code: 1,
        names: /--deployed \/proc\/self\/mem: cannot be read \(EIO\)/,
    },
    { name: "an empty file", deployed: "", args: flags, code: 1, names: new RegExp(`--deployed .*deployed\\.json: is empty; ${redo}`) },
    { name: "a file of blank lines", deployed: "\n  \n", args: flags, code: 1, names: /deployed\.json: is empty/ },
    {
        name: "JSON null (a TypeError, reported as a bug, before)",
        deployed: "null",
        args: flags,
        code: 1,
        names: new RegExp(`deployed\\.json: holds null, not a stack's outputs \\(a JSON object\\); ${redo}`),
    },
    { name: "a number", deployed: "42", args: flags, code: 1, names: /deployed\.json: holds a number, not a stack's outputs/ },
    { name: "a list", deployed: "[]", args: flags, code: 1, names: /deployed\.json: holds a list, not a stack's outputs/ },
    { name: "a string", deployed: '"staging"', args: flags, code: 1, names: /deployed\.json: holds a string, not a stack's outputs/ },
    {
        name: "not JSON (the text, with a secret in it, not quoted back)",
        deployed: `REDIS_TOKEN=${CANARY}\n`,
        args: flags,
        code: 1,
        names: new RegExp(`deployed\\.json: not JSON; ${redo}`),
    },
    {
        name: "the stack file itself (YAML)",
        deployed: readFileSync(join(__dirname, "../../Pulumi.staging.yaml"), "utf8"),
        args: flags,
        code: 1,
        names: /deployed\.json: not JSON/,
    },
    {
        name: "a stack file's config as JSON",
        deployed: JSON.stringify({ config: { "app-platform:name": "ecoo", "app-platform:environment": "staging" } }),
        args: flags,
        code: 1,
        names: /deployed\.json: not a stack's outputs \(it has config:, as a stack file does\); write it with[^]*\n {2}- environment: missing\n {2}- generatedSecrets: missing/,
    },
    {
        name: "an object with other keys",
        deployed: JSON.stringify({ stack: "staging", outputs: {} }),
        args: flags,
        code: 1,
        names: /deployed\.json: not a stack's outputs; [^]*- environment: missing/,
    },
    {
        name: "an unknown environment",
        deployed: outputs((o) => (o.environment = "qa")),
        args: flags,
        code: 1,
        names: /deployed\.json: not a stack's outputs; [^]*- environment: Invalid option: expected one of "staging"\|"production", got "qa"/,
    },
    {
        name: "generatedSecrets not a list",
        deployed: outputs((o) => (o.generatedSecrets = { webhookSecret: "2026-09-28" })),
        args: flags,
        code: 1,
        names: /- generatedSecrets: expected array, got an object/,
    },
    {
        name: "an entry without a name",
        deployed: outputs((o) => delete o.generatedSecrets[1].name),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[1\]\.name: missing/,
    },
    {
        name: "an entry whose name is a number",
        deployed: outputs((o) => (o.generatedSecrets[0].name = 7)),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[0\]\.name: expected string, got 7/,
    },
    {
        name: "an entry without rotatedAt",
        deployed: outputs((o) => delete o.generatedSecrets[0].rotatedAt),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[0\] \(webhookSecret\)\.rotatedAt: missing/,
    },
    {
        name: "rotatedAt not YYYY-MM-DD",
        deployed: outputs((o) => (o.generatedSecrets[1].rotatedAt = "2026-9-28")),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[1\] \(cronSecret\)\.rotatedAt: not a day \(YYYY-MM-DD\), got "2026-9-28"/,
    },
    {
        name: "rotatedAt a day that does not exist",
        deployed: outputs((o) => (o.generatedSecrets[1].rotatedAt = "2026-02-30")),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[1\] \(cronSecret\)\.rotatedAt: not a day \(YYYY-MM-DD\), got "2026-02-30"/,
    },
    {
        name: "rotatedAt a timestamp",
        deployed: outputs((o) => (o.generatedSecrets[0].rotatedAt = 1790553600000)),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[0\] \(webhookSecret\)\.rotatedAt: expected string, got 1790553600000/,
    },
    {
        name: "rotationDays 0",
        deployed: outputs((o) => (o.generatedSecrets[0].rotationDays = 0)),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[0\] \(webhookSecret\)\.rotationDays: Too small: expected number to be >=1, got 0/,
    },
    {
        name: "a bad entry beside a secret output: the secret is not shown",
        deployed: outputs((o) => (o.generatedSecrets[0].rotatedAt = null)),
        args: flags,
        code: 1,
        names: /- generatedSecrets\[0\] \(webhookSecret\)\.rotatedAt: expected string, got null/,
    },
    {
        name: "production's outputs for --stack staging",
        deployed: outputs((o) => (o.environment = "production")),
        args: flags,
        code: 1,
        names: /--deployed .*deployed\.json: the outputs of a production stack, but --stack staging is staging; write the file with pulumi stack output --json --stack staging/,
    },

    // --- the file against the program at the clock (exit 1) ---
    {
        name: "the clock behind the deployed state (an up would regenerate live secrets)",
        deployed: outputs((o) => (o.generatedSecrets[0] = { ...schedule("webhookSecret", "2026-12-27"), nextRotation: "2027-03-27" })),
        args: flags,
        code: 1,
        names: /deployed\.json: does not fit --stack staging at --now 2026-11-22:\n {2}- webhookSecret: deployed rotatedAt 2026-12-27 is later than 2026-09-28, its rotation day at --now 2026-11-22: the clock is behind the deployed state, and an up at this clock would regenerate the live secret\. Check --now, or the machine's clock/,
    },
    {
        name: "a rotatedAt that is not a rotation day (edited by hand)",
        deployed: outputs((o) => (o.generatedSecrets[1].rotatedAt = "2026-10-01")),
        args: flags,
        code: 1,
        names: /- cronSecret: deployed rotatedAt 2026-10-01 is not one of its rotation days \(every 90 days, e\.g\. 2026-09-28\): these are not this stack's outputs, or they were edited by hand/,
    },
];

describe("bad input: npm run rotation", function () {
    this.timeout(600_000);
    const runs = new Map<string, { run: Run; told: string }>();

    before(async () => {
        runs.clear();
        await pool(
            CASES.map((c) => async () => {
                const tmp = mkdtempSync(join(tmpdir(), "bad-rotation-"));
                const file = join(tmp, "deployed.json");
                if (c.deployed !== undefined) writeFileSync(file, c.deployed);
                execFileSync("mkfifo", [join(tmp, "fifo")]);
                const github = { GITHUB_OUTPUT: join(tmp, "output"), GITHUB_STEP_SUMMARY: join(tmp, "summary") };
                writeFileSync(github.GITHUB_OUTPUT, "");
                writeFileSync(github.GITHUB_STEP_SUMMARY, "");
                const args = c.args(file, tmp);
                const run = await (c.child ? runTool("inventory/rotation.ts", args, github) : runInProcess(command, args, github));
                runs.set(c.name, { run, told: readFileSync(github.GITHUB_OUTPUT, "utf8") + readFileSync(github.GITHUB_STEP_SUMMARY, "utf8") });
            }),
        );
    });

    for (const c of CASES) {
        it(c.name, () => {
            const { run, told } = runs.get(c.name)!;
            assertRefused(run, { code: c.code, names: c.names, canaries: [CANARY] });
            assert.strictEqual(told, "", "told the workflow something");
        });
    }

    it("the same outputs, sound, pass (the cases break one thing each)", async () => {
        const tmp = mkdtempSync(join(tmpdir(), "bad-rotation-"));
        writeFileSync(join(tmp, "deployed.json"), outputs());
        const run = await runTool("inventory/rotation.ts", flags(join(tmp, "deployed.json")));
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.stdout, /### staging: nothing due/);
        assert.ok(!run.stdout.includes(CANARY));
    });
});
