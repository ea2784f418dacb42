// `npm run init` on a terminal (a pseudo-terminal from util-linux's `script`): it asks what the command
// line left out, offers the defaults, takes answers typed ahead, writes the same file the options would,
// and Ctrl+D at a question cancels with nothing written.
import * as assert from "assert";
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runTool } from "./badInput/harness";
import { ROOT } from "./helpers";

/** Runs init under a pseudo-terminal, its keyboard fed `typed`; the terminal's output. */
function onTerminal(args: string[], typed: string): string {
    const command = [process.execPath, join(ROOT, "node_modules/.bin/ts-node"), "--transpile-only", join(ROOT, "init/cli.ts"), ...args]
        .map((a) => `'${a}'`)
        .join(" ");
    const run = spawnSync("script", ["-qec", command, "/dev/null"], { input: typed, encoding: "utf8", timeout: 60_000, cwd: ROOT });
    return run.stdout.replace(/\r/g, "");
}

describe("npm run init on a terminal", function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), "init-tty-"));
    before(function () {
        if (spawnSync("script", ["--version"]).error) this.skip(); // no util-linux `script` to make a terminal
    });

    it("asks for each answer left out, with its default, and writes what the options would", async () => {
        const asked = join(dir, "Pulumi.asked.yaml");
        // name, environment (default), domain, platform, repository, framework (default), payments (default), email, sender (default)
        const out = onTerminal(["--stack", "asked", "--file", asked], "shop\n\nstaging.shop.com\nvercel\nacme/shop\n\n\nresend\n\n");
        for (const question of [
            "the app's name",
            "staging or production [staging]",
            "Vercel framework [nextjs]",
            "the sender address [noreply@staging.shop.com]",
        ])
            assert.ok(out.includes(question), `not asked: ${question}\n${out}`);
        assert.match(out, /pulumi config set --secret app-platform:resendApiKey --stack asked/);
        const given = join(dir, "Pulumi.given.yaml");
        const run = await runTool("init/cli.ts", [
            ...["--stack", "asked", "--name", "shop", "--domain", "staging.shop.com", "--hosting", "vercel", "--repo", "acme/shop", "--email", "resend"],
            ...["--file", given],
        ]);
        assert.strictEqual(run.code, 0, run.stderr);
        assert.strictEqual(readFileSync(asked, "utf8"), readFileSync(given, "utf8"));
    });

    it("Ctrl+D at a question cancels, and nothing is written", () => {
        const file = join(dir, "Pulumi.cancelled.yaml");
        const out = onTerminal(["--stack", "cancelled", "--file", file], "shop\n");
        assert.match(out, /init: cancelled; nothing was written/);
        assert.ok(!/^\s+at /m.test(out), out);
        assert.ok(!existsSync(file));
    });
});
