// The engine tests' lazy SDK loading (lazySdk.ts) changes when TypeScript and arborist load, nothing
// else: a process that serializes a dynamic provider gets byte for byte the text it gets without it.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ROOT } from "../helpers";
import { compileEntry } from "./compile";

// Serializes a closure that captures a package and a class calling super (the serializer rewrites
// it with TypeScript), the path of the dynamic providers' cache misses, and reports which of the two
// packages were loaded before and after.
const PROBE = `
const loaded = () => ["typescript", "@npmcli/arborist"].filter((p) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + p + "/")));
const pulumi = require("@pulumi/pulumi");
const before = loaded();
const yaml = require("yaml");
class Base { render(input) { return yaml.stringify(input); } }
class Provider extends Base { render(input) { return "# made by the provider\\n" + super.render(input); } }
pulumi.runtime.serializeFunction(() => (input) => new Provider().render(input), { isFactoryFunction: true }).then(async (s) => {
    const paths = [...(await pulumi.runtime.computeCodePaths({ extraIncludePackages: ["yaml"] })).keys()].sort();
    process.stdout.write(JSON.stringify({ before, after: loaded(), text: s.text, paths }));
});
`;

describe("lazy SDK loading in the engine tests' processes (tests/engine/lazySdk.ts)", () => {
    let dir: string;
    let hook: string;
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "app-platform-lazy-"));
        hook = compileEntry(ROOT, "tests/engine/lazySdk.ts", dir);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    // -e resolves packages from the working directory: the checkout's node_modules.
    // As the workspace preloads it: NODE_OPTIONS.
    const probe = (nodeOptions = "") =>
        JSON.parse(execFileSync(process.execPath, ["-e", PROBE], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: nodeOptions } }));

    it("loads TypeScript and arborist at their first use, and the serialized code and code paths are the same", () => {
        const eager = probe();
        const lazy = probe(`--require "${hook}"`);
        assert.deepStrictEqual(eager.before, ["typescript", "@npmcli/arborist"], "the SDK loads both eagerly");
        assert.deepStrictEqual(lazy.before, [], "with the hook, neither until used");
        assert.deepStrictEqual(lazy.after, ["typescript", "@npmcli/arborist"], "then both, when the closure is serialized and its packages walked");
        assert.match(eager.text, /super|__super/, "the closure's super call is in the text");
        assert.strictEqual(lazy.text, eager.text);
        assert.ok(lazy.paths.length > 0);
        assert.deepStrictEqual(lazy.paths, eager.paths);
    });
});
