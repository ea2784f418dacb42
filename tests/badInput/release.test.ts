// Bad input to `npm run release`: a bad command line exits 2 naming the flag or command (and the
// right one for a misspelt flag), with no stack trace, before the Pulumi CLI or a platform is asked.
import { command } from "../../release/cli";
import { assertRefused, runInProcess, runTool } from "./harness";

const SHA = "a".repeat(40);
const CASES: { name: string; args: string[]; names: RegExp }[] = [
    { name: "no command", args: ["--stack", "production"], names: /which command\? One of smoke, promote, rollback, status/ },
    { name: "an unknown command", args: ["publish", "--stack", "production"], names: /unknown command "publish": one of smoke, promote, rollback, status/ },
    { name: "no stack", args: ["status"], names: /--stack is required, e\.g\. --stack production/ },
    { name: "a stack name Pulumi would refuse", args: ["status", "--stack", "../prod"], names: /--stack "\.\.\/prod": a stack name is letters, digits/ },
    { name: "promote without the build", args: ["promote", "--stack", "production"], names: /promote needs the build: --deployment ID or --commit SHA/ },
    {
        name: "promote with both",
        args: ["promote", "--stack", "production", "--deployment", "dpl_1", "--commit", SHA],
        names: /promote needs the build: --deployment ID or --commit SHA \(one of them\)/,
    },
    { name: "a short commit", args: ["smoke", "--stack", "production", "--commit", "abc123"], names: /--commit "abc123": the full 40-hex-digit SHA/ },
    {
        name: "rollback with a build",
        args: ["rollback", "--stack", "production", "--commit", SHA],
        names: /rollback takes no --deployment or --commit \(--to ID/,
    },
    { name: "--to outside rollback", args: ["smoke", "--stack", "production", "--commit", SHA, "--to", "dpl_1"], names: /--to is for rollback/ },
    {
        name: "an approver outside promote",
        args: ["rollback", "--stack", "production", "--approved-by", "alice"],
        names: /--approved-by is for promote/,
    },
    {
        name: "a deployment id that would reach a URL path",
        args: ["promote", "--stack", "production", "--deployment", "../v2/user"],
        names: /--deployment "\.\.\/v2\/user": letters, digits, dots, dashes and underscores only/,
    },
    {
        name: "a wait that is not a number",
        args: ["status", "--stack", "production", "--wait", "soon"],
        names: /--wait "soon": a number of minutes from 1 to 120/,
    },
    { name: "a misspelt flag", args: ["status", "--stack", "production", "--notfy"], names: /--notfy[^]*--notify/ },
    { name: "a second command", args: ["status", "rollback", "--stack", "production"], names: /unexpected argument "rollback"/ },
];

describe("bad input: npm run release", function () {
    this.timeout(120_000);
    it("refuses a bad command line with exit 2, naming the flag or command", async () => {
        // In-process: the message is the point, not the process (each case's code and output matched a
        // child's). No Pulumi CLI on PATH: a case that got past the command line would say so instead.
        for (const c of CASES) assertRefused(await runInProcess(command, c.args, { PATH: "/usr/bin:/bin" }), { code: 2, names: c.names, canaries: [] });
    });
    it("without a Pulumi CLI, says so and exits 1 (nothing was asked of the platform)", async () => {
        const run = await runTool("release/cli.ts", ["status", "--stack", "production"], { PATH: "/usr/bin:/bin" });
        assertRefused(run, { code: 1, names: /pulumi: no Pulumi CLI on PATH: install it/, canaries: [] });
    });
});
