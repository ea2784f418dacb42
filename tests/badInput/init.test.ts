// Bad input to `npm run init`: every case exits 1 (answers that make an invalid stack, a file that
// exists) or 2 (a bad command line) with a message that names the flag, prints no stack trace, and
// writes nothing (an existing file is left as it was); without a terminal it never waits for answers.
import * as assert from "assert";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { assertRefused, pool, runTool } from "./harness";

const GOOD = ["--name", "shop", "--domain", "staging.shop.com", "--hosting", "vercel", "--repo", "acme/shop"];
/** GOOD with `flag` given `value` (or left out, for undefined). */
const but = (flag: string, value?: string) => {
    const args = [...GOOD];
    const at = args.indexOf(flag);
    if (at >= 0) args.splice(at, 2);
    return value === undefined ? args : [...args, flag, value];
};

const CASES: { name: string; args: string[]; code: number; names: RegExp }[] = [
    { name: "an answer left out, with no terminal to ask on", args: but("--name"), code: 2, names: /--name is required \(the app's name/ },
    {
        name: "a platform the program has no adapter for",
        args: but("--hosting", "netlify"),
        code: 2,
        names: /--hosting "netlify": use vercel or cloudflare-pages/,
    },
    { name: "a misspelt flag", args: [...GOOD, "--domian", "x.com"], code: 2, names: /--domian[^]*--domain/ },
    { name: "an app name the config refuses", args: but("--name", "Shop"), code: 1, names: /--name \(app-platform:name\): use lowercase letters/ },
    { name: "a repository that is not owner/name", args: but("--repo", "shop"), code: 1, names: /--repo \(app-platform:hosting\.repository\.repo\)/ },
    {
        name: "a test-mode payment key for a production stack",
        args: [...but("--domain", "shop.com"), "--environment", "production", "--payments", "stripe", "--payments-key", "pk_test_abc"],
        code: 1,
        names: /--payments-key \(app-platform:payments\.publicKey\): holds a test-mode key; the production stack needs a live-mode key/,
    },
    { name: "Cloudflare Pages without its account id", args: but("--hosting", "cloudflare-pages"), code: 2, names: /--account-id is required/ },
    {
        name: "an option the setup has no use for",
        args: [...GOOD, "--account-id", "0123456789abcdef0123456789abcdef"],
        code: 2,
        names: /--account-id has no use here \(--hosting vercel/,
    },
    { name: "a payment key without a payment provider", args: [...GOOD, "--payments-key", "pk_test_abc"], code: 2, names: /--payments-key has no use here/ },
];

describe("bad input: npm run init", function () {
    this.timeout(180_000);
    const dir = mkdtempSync(join(tmpdir(), "bad-init-"));

    it("refuses each case, naming the flag, and writes no stack file", async () => {
        const runs = await pool(
            CASES.map((c, i) => async () => {
                const file = join(dir, `Pulumi.case-${i}.yaml`);
                return { c, file, run: await runTool("init/cli.ts", ["--stack", `case-${i}`, ...c.args, "--file", file]) };
            }),
        );
        for (const { c, file, run } of runs) {
            assertRefused(run, { code: c.code, names: c.names, canaries: [] });
            assert.ok(!existsSync(file), `${c.name}: wrote ${file}`);
        }
    });

    it("leaves an existing stack file as it was", async () => {
        const file = join(dir, "Pulumi.staging.yaml");
        writeFileSync(file, "config:\n  app-platform:name: theirs\n");
        const run = await runTool("init/cli.ts", ["--stack", "staging", ...GOOD, "--file", file]);
        assertRefused(run, { code: 1, names: /Pulumi\.staging\.yaml already exists: choose another --stack/, canaries: [] });
        assert.strictEqual(readFileSync(file, "utf8"), "config:\n  app-platform:name: theirs\n");
    });
});
