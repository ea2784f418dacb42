// Bad input to `npm run doctor`: a bad command line exits 2 naming the flag (and the right one for a
// misspelt flag), with no stack trace, before the Pulumi CLI or any vendor is asked.
import { command } from "../../doctor/cli";
import { assertRefused, runInProcess } from "./harness";

const CASES: { name: string; args: string[]; names: RegExp }[] = [
    { name: "no stack", args: [], names: /--stack is required, e\.g\. --stack staging/ },
    { name: "a stack name Pulumi would refuse", args: ["--stack", "../prod"], names: /--stack "\.\.\/prod": a stack name is letters, digits/ },
    {
        name: "a timeout that is not a number of seconds",
        args: ["--stack", "staging", "--timeout", "soon"],
        names: /--timeout "soon": a number of seconds from 1 to 600/,
    },
    { name: "a timeout of zero", args: ["--stack", "staging", "--timeout", "0"], names: /--timeout "0": a number of seconds from 1 to 600/ },
    { name: "a misspelt flag", args: ["--stack", "staging", "--timeuot", "5"], names: /--timeuot[^]*--timeout/ },
    {
        name: "a repository that is not owner/name",
        args: ["--stack", "staging", "--github", "acme"],
        names: /--github "acme": the repository as owner\/name, e\.g\. --github acme\/shop/,
    },
    { name: "a repository path that climbs", args: ["--stack", "staging", "--github", "../.."], names: /--github "\.\.\/\.\.": the repository as owner\/name/ },
    {
        name: "a repository with a path after it",
        args: ["--stack", "staging", "--github", "acme/shop/settings"],
        names: /--github "acme\/shop\/settings": the repository as owner\/name/,
    },
    { name: "--github without a value", args: ["--stack", "staging", "--github"], names: /--github needs a value/ },
    { name: "a stray argument", args: ["staging"], names: /unexpected argument "staging" \(options start with --, e\.g\. --stack staging\)/ },
];

describe("bad input: npm run doctor", function () {
    this.timeout(120_000);
    it("refuses a bad command line with exit 2, naming the flag", async () => {
        // In-process: the message is the point, not the process (each case's code and output matched a
        // child's). No Pulumi CLI on PATH: a case that got past the command line would say so instead.
        for (const c of CASES) assertRefused(await runInProcess(command, c.args, { PATH: "/usr/bin:/bin" }), { code: 2, names: c.names, canaries: [] });
    });
});
