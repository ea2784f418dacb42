// `npm run init` on a terminal (a pseudo-terminal from util-linux's `script`): it asks what the command
// line left out, offers the defaults, takes answers typed ahead, writes the same file the options would,
// and Ctrl+D at a question cancels with nothing written.
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { runTool } from "./badInput/harness";
import { ROOT } from "./helpers";

/**
 * Runs init under a pseudo-terminal, its keyboard fed `typed` at once, then Ctrl+D once the output shows
 * `eofAfter`; the terminal's output. The Ctrl+D is ours because script(1) sends one at the end of its input
 * only if the program has read everything within 2 s (util-linux lib/pty-session.c, write_eof_to_child),
 * which a loaded machine's ts-node start can miss.
 */
function onTerminal(args: string[], typed: string, eofAfter?: string): Promise<string> {
    const command = [process.execPath, join(ROOT, "node_modules/.bin/ts-node"), "--transpile-only", join(ROOT, "init/cli.ts"), ...args]
        .map((a) => `'${a}'`)
        .join(" ");
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: ROOT, timeout: 60_000 });
    // A program that exits before reading all of it closes the terminal: what it printed is the answer.
    child.stdin.on("error", () => {});
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk.replace(/\r/g, "");
        if (eofAfter !== undefined && !child.stdin.writableEnded && out.endsWith(eofAfter)) child.stdin.end("\x04");
    });
    child.stdin.write(typed);
    if (eofAfter === undefined) child.stdin.end();
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        // `killed`: the 60 s bound stopped it (script(1) may still exit with a code of its own).
        child.on("close", () => (child.killed ? reject(new Error(`init on a terminal did not end within 60 s; it printed:\n${out}`)) : resolve(out)));
    });
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
        const out = await onTerminal(["--stack", "asked", "--file", asked], "shop\n\nstaging.shop.com\nvercel\nacme/shop\n\n\nresend\n\n");
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

    it("Ctrl+D at a question cancels, and nothing is written", async () => {
        const file = join(dir, "Pulumi.cancelled.yaml");
        const out = await onTerminal(["--stack", "cancelled", "--file", file], "shop\n", "staging or production [staging]: ");
        assert.match(out, /init: cancelled; nothing was written/);
        assert.ok(!/^\s+at /m.test(out), out);
        assert.ok(!existsSync(file));
    });
});
