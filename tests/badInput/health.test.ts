// Bad input to `npm run health`: a bad command line exits 2 naming the flag; a missing or broken URL,
// a stack without the check and a stack file that is not one exit 1 saying what and where. No stack
// trace, never the password, and nothing is asked of a database before the input is whole.
import { join } from "path";
import { command } from "../../health/cli";
import { ROOT } from "../helpers";
import { assertRefused, runInProcess } from "./harness";

const CANARY = "Health-canary-pw-1";
const URL_WITH_CANARY = `postgresql://postgres:${CANARY}@127.0.0.1:1/postgres`;

const USAGE: { name: string; args: string[]; names: RegExp }[] = [
    { name: "no stack", args: [], names: /--stack is required, e\.g\. --stack staging/ },
    { name: "a stack without a stack file", args: ["--stack", "qa"], names: /no stack file Pulumi\.qa\.yaml for --stack qa; pass --file/ },
    {
        name: "a file that is not there",
        args: ["--file", "/nonexistent/Pulumi.production.yaml"],
        names: /--file \/nonexistent\/Pulumi\.production\.yaml: no such file/,
    },
    {
        name: "a file whose name says no stack",
        args: ["--file", join(ROOT, "package.json")],
        names: /its name does not say the stack \(Pulumi\.<stack>\.yaml\); add --stack/,
    },
    {
        name: "a timeout that is not a number",
        args: ["--stack", "production", "--timeout", "soon"],
        names: /--timeout "soon": a number of seconds from 1 to 600/,
    },
    { name: "a misspelt flag", args: ["--stack", "production", "--timout", "5"], names: /--timout[^]*--timeout/ },
    {
        name: "a Metrics API window out of range",
        args: ["--stack", "production", "--server-window", "0"],
        names: /--server-window "0": a number of seconds from 1 to 300/,
    },
    { name: "a URL on the command line", args: ["--stack", "production", "--database-url", URL_WITH_CANARY], names: /--database-url/ },
];

const USER: { name: string; args: string[]; env: Record<string, string>; names: RegExp }[] = [
    {
        name: "no DATABASE_URL",
        args: ["--stack", "production"],
        env: {},
        names: /^no database URL: set DATABASE_URL \(pulumi stack output databaseAdminUrl --show-secrets\) or pass --database-url-file/,
    },
    {
        name: "a URL file that cannot be read",
        args: ["--stack", "production", "--database-url-file", "/nonexistent/url"],
        env: {},
        names: /^--database-url-file \/nonexistent\/url: cannot be read \(ENOENT\)/,
    },
    {
        name: "a stack without monitoring.database",
        args: ["--stack", "staging"],
        env: { DATABASE_URL: URL_WITH_CANARY },
        names: /Pulumi\.staging\.yaml: no app-platform:monitoring\.database, so no limits to check against: add it/,
    },
    {
        name: "a URL that is not PostgreSQL's",
        args: ["--stack", "production"],
        env: { DATABASE_URL: `mysql://root:${CANARY}@db.example.com/shop` },
        names: /^the database URL is not a postgresql:\/\/ connection string .*\(the value is not shown\)/,
    },
];

describe("bad input: npm run health", function () {
    this.timeout(60_000);
    it("refuses a bad command line with exit 2, naming the flag", async () => {
        for (const c of USAGE)
            assertRefused(await runInProcess(command, c.args, { DATABASE_URL: URL_WITH_CANARY }), { code: 2, names: c.names, canaries: [CANARY] });
    });
    it("refuses a missing or broken URL and a stack without the check with exit 1, saying what and where", async () => {
        for (const c of USER) assertRefused(await runInProcess(command, c.args, c.env), { code: 1, names: c.names, canaries: [CANARY] });
    });
});
