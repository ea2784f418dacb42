// The committed stack files are in the format the Pulumi CLI writes: `pulumi stack init` adds only the
// stack's encryptionsalt, and `pulumi config set --secret` only its own `secure:` lines, so a team's first
// commands leave no reformatting in the diff (the real CLI, on a copy, in a temporary project).
import * as assert from "assert";
import { readFileSync } from "fs";
import { basename, join } from "path";
import { parse } from "yaml";
import { committedStackFiles, ROOT } from "../helpers";
import { createWorkspace, Workspace } from "./workspace";

const STACK_FILES = committedStackFiles();

describe("stack files in the Pulumi CLI's own format", function () {
    this.timeout(300_000);
    let ws: Workspace | undefined;
    afterEach(() => ws?.dispose());

    for (const file of STACK_FILES) {
        const stack = basename(file).replace(/^Pulumi\.(.*)\.yaml$/, "$1");
        it(`${file}: stack init and config set --secret only append their own lines`, async () => {
            const committed = readFileSync(join(ROOT, file), "utf8");
            ws = createWorkspace({}, { "Pulumi.yaml": readFileSync(join(ROOT, "Pulumi.yaml"), "utf8"), [`Pulumi.${stack}.yaml`]: committed });
            const read = () => readFileSync(join(ws!.project, `Pulumi.${stack}.yaml`), "utf8");
            await ws.ok(["stack", "init", stack]);
            const initialized = read();
            assert.match(initialized, /\nencryptionsalt: v1:\S+\n$/);
            assert.strictEqual(initialized.replace(/encryptionsalt: .*\n$/, ""), committed, "stack init reformatted the file");
            // A declared external secret, set as the docs say (its value on the command line here; a person types it at the prompt).
            const secret = Object.keys(parse(committed).config["app-platform:secrets"]?.external ?? {})[0] ?? "someToken";
            await ws.ok(["config", "set", "--secret", `app-platform:${secret}`, "not-a-real-value", "--stack", stack]);
            const set = read();
            assert.ok(!set.includes("not-a-real-value"), "the value is stored encrypted");
            const line = new RegExp(`  app-platform:${secret}:\\n    secure: v1:\\S+\\n`);
            assert.match(set, line);
            assert.strictEqual(set.replace(line, ""), initialized, "config set changed more than its own lines");
        });
    }
});
