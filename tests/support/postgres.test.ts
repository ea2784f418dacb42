import * as assert from "assert";
import { chmodSync, existsSync, mkdirSync, mkdtempSync } from "fs";
import { tmpdir, userInfo } from "os";
import { dirname, join } from "path";
import { foldersClosedToOthers, query, rootCannotRunServer, serverUrl, stopServer } from "./postgres";
import { alive, pidIn } from "./runFolder";

describe("the suite's PostgreSQL harness", () => {
    it("finds the folders other users cannot enter above the server's binaries", () => {
        const home = mkdtempSync(join(tmpdir(), "private-home-"));
        const bin = join(home, "checkout", "node_modules", "native", "bin");
        mkdirSync(bin, { recursive: true });
        chmodSync(home, 0o700);
        assert.deepStrictEqual(foldersClosedToOthers(bin), [home]);
        chmodSync(home, 0o755);
        assert.deepStrictEqual(foldersClosedToOthers(bin), []);
    });

    it("as root, refuses at once to start a server its postgres user cannot reach, saying what to open", function () {
        if (userInfo().uid !== 0) this.skip(); // the check only applies to root
        const home = mkdtempSync(join(tmpdir(), "private-home-"));
        const bin = join(home, "native", "bin");
        mkdirSync(bin, { recursive: true });
        chmodSync(home, 0o700);
        assert.match(rootCannotRunServer(bin) ?? "", new RegExp(`cannot enter ${home} .*chmod o\\+x ${home}$`));
        chmodSync(home, 0o755);
        assert.strictEqual(rootCannotRunServer(bin), undefined);
    });

    it("stops a server that has already ended without waiting for it, and removes its folder", async function () {
        this.timeout(120_000);
        const [{ data_directory: data }] = await query(await serverUrl(), "SELECT current_setting('data_directory') AS data_directory");
        const pid = pidIn(join(data, "postmaster.pid"))!;
        process.kill(pid, "SIGQUIT"); // an immediate shutdown: the server exits before anyone stops it
        while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
        const began = Date.now();
        await stopServer();
        assert.ok(Date.now() - began < 5_000, `stopServer took ${Date.now() - began} ms`);
        assert.ok(!existsSync(dirname(data)), "the server's folder is gone");
        const [{ one }] = await query(await serverUrl(), "SELECT 1 AS one");
        assert.strictEqual(one, 1, "the next test gets a new server");
    });
});
