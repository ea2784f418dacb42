import * as assert from "assert";
import { chmodSync, mkdirSync, mkdtempSync } from "fs";
import { tmpdir, userInfo } from "os";
import { join } from "path";
import { foldersClosedToOthers, rootCannotRunServer } from "./postgres";

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
});
