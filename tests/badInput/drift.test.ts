// Bad input to `npm run drift`: a bad command line exits 2 naming the flag (and the right one for a
// misspelt flag), with no stack trace, before the Pulumi CLI is run.
import { command } from "../../drift/cli";
import { assertRefused, runInProcess } from "./harness";

const CASES: { name: string; args: string[]; names: RegExp }[] = [
    { name: "no stack", args: [], names: /--stack is required, e\.g\. --stack production/ },
    { name: "a stack name Pulumi would refuse", args: ["--stack", "../prod"], names: /--stack "\.\.\/prod": a stack name is letters, digits/ },
    {
        name: "a timeout that is not a number",
        args: ["--stack", "staging", "--timeout", "soon"],
        names: /--timeout "soon": a number of seconds from 10 to 3600/,
    },
    { name: "a timeout too short for a refresh", args: ["--stack", "staging", "--timeout", "5"], names: /--timeout "5": a number of seconds from 10 to 3600/ },
    { name: "a value for the --notify flag", args: ["--stack", "staging", "--notify=yes"], names: /--notify takes no value/ },
    { name: "a misspelt flag", args: ["--stack", "staging", "--notfy"], names: /--notfy[^]*--notify/ },
    { name: "a stray argument", args: ["staging"], names: /unexpected argument "staging" \(options start with --, e\.g\. --stack staging\)/ },
];

describe("bad input: npm run drift", function () {
    this.timeout(120_000);
    it("refuses a bad command line with exit 2, naming the flag", async () => {
        // In-process: the message is the point, not the process (each case's code and output matched a
        // child's). No Pulumi CLI on PATH: a case that got past the command line would say so instead.
        for (const c of CASES) assertRefused(await runInProcess(command, c.args, { PATH: "/usr/bin:/bin" }), { code: 2, names: c.names, canaries: [] });
    });
});
