// The docs for consuming teams stay true: every output documented, every command and config key
// the runbooks name exists.
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { SECTIONS } from "../stacks/config";
import { OUTPUT_KEYS } from "../stacks/outputs";
import { ROOT } from "./helpers";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

describe("docs for consuming teams (docs/)", () => {
    it("outputs.md documents every output key with its type and an example", () => {
        const doc = read("docs/outputs.md");
        const rows = doc.split("\n").filter((l) => l.startsWith("| `")).map((line) => {
            const [, key, type, example] = line.split(/(?<!\\)\|/).map((c) => c.trim()); // `\|` is a pipe inside a cell
            return { key: key.replace(/`/g, ""), type, example };
        });
        for (const key of OUTPUT_KEYS) {
            const row = rows.find((r) => r.key === key);
            assert.ok(row, `docs/outputs.md has no row for ${key}`);
            assert.ok(row.type && row.example, `${key} needs a type and an example`);
        }
    });

    it("runbooks.md covers each seed procedure the issue lists", () => {
        const headings = [...read("docs/runbooks.md").matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        assert.deepStrictEqual(headings, [
            "Rotate a secret now",
            "Add a cron job",
            "Add an env var",
            "Apply a migration, and roll it back",
            "Restore from a backup",
            "Restore MongoDB Atlas",
            "Deploy a new API image, and roll it back",
            "Rotate M-Pesa credentials",
            "Promote staging settings to production",
            "An alert fired: what now",
        ]);
    });

    it("runbooks.md names only npm scripts, config sections and files that exist", () => {
        const doc = read("docs/runbooks.md");
        const scripts = Object.keys(JSON.parse(read("package.json")).scripts);
        for (const [, script] of doc.matchAll(/npm run (\S+)/g)) assert.ok(scripts.includes(script), `no npm script ${script}`);
        // The sections the config parser knows (the core schema's and the integrations' `webhooks`).
        for (const [, section] of doc.matchAll(/app-platform:([a-z]+)\./g)) assert.ok((SECTIONS as string[]).includes(section), `no config section ${section}`);
        for (const [, path] of doc.matchAll(/`((?:docs|migrations|policy|\.github)\/[\w./-]+\.(?:md|yml|json))`/g)) {
            assert.doesNotThrow(() => read(path.replace("<stack>", "staging")), `${path} does not exist`);
        }
    });
});
