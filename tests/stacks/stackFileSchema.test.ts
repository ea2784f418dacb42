// The stack files' JSON Schema (schema/stack.schema.json), generated from the config's zod schema:
// committed as generated, named by every stack file's modeline, and refusing what the config check refuses.
import * as assert from "assert";
import Ajv2020 from "ajv/dist/2020";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, resolve } from "path";
import { parse, stringify } from "yaml";
import { readStackFile } from "../../inventory/stackFile";
import { stackFileSchema, stackFileSchemaText } from "../../stacks/stackFileSchema";
import { committedStackFiles, ROOT } from "../helpers";

const SCHEMA = join(ROOT, "schema/stack.schema.json");
const STACK_FILES = committedStackFiles();

describe("the stack files' JSON Schema (schema/stack.schema.json)", () => {
    // Formats (email, uri) are the config check's; the schema's patterns and shapes are checked here.
    const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(stackFileSchema());
    const errors = (doc: unknown) => (validate(doc) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));
    const staging = () => parse(readFileSync(join(ROOT, "Pulumi.staging.yaml"), "utf8"));

    it("is committed as `npm run schema` writes it", () => {
        assert.ok(readFileSync(SCHEMA, "utf8") === stackFileSchemaText(), "schema/stack.schema.json is stale: run npm run schema");
    });

    it("every stack file names it in its first line, and validates against it", () => {
        assert.ok(STACK_FILES.length >= 6, String(STACK_FILES));
        for (const file of STACK_FILES) {
            const text = readFileSync(join(ROOT, file), "utf8");
            const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
            assert.ok(modeline, `${file}: no yaml-language-server modeline`);
            assert.strictEqual(resolve(ROOT, dirname(file), modeline[1]), SCHEMA, file);
            assert.deepStrictEqual(errors(parse(text)), [], file);
        }
    });

    it("refuses a misspelt section, an unknown namespace, a bad value, an unknown key and a plaintext secret", () => {
        const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
            ["section", (c) => (c["app-platform:hostng"] = c["app-platform:hosting"]), /must NOT have additional properties/],
            ["namespace", (c) => (c["vercl:team"] = "team_abc"), /must NOT have additional properties/],
            ["value", (c) => (c["app-platform:environment"] = "prod"), /\/config\/app-platform:environment must be equal to one of the allowed values/],
            ["key", (c) => (c["app-platform:email"].form = "a@b.co"), /\/config\/app-platform:email must NOT have additional properties/],
            ["secret", (c) => (c["app-platform:resendApiKey"] = "re_plaintext"), /\/config\/app-platform:resendApiKey must be object/],
        ];
        for (const [what, mutate, expected] of cases) {
            const doc = staging();
            mutate(doc.config);
            assert.match(errors(doc).join("\n"), expected, what);
        }
        // The providers' settings and a secret set with --secret pass.
        const doc = staging();
        Object.assign(doc.config, { "vercel:team": "team_abc", "app-platform:resendApiKey": { secure: "v1:abc" } });
        assert.deepStrictEqual(errors(doc), []);
    });

    it("a stack that takes its secrets from a Pulumi ESC environment: the schema and the offline reader accept it", () => {
        const doc = staging();
        doc.environment = ["ecoo/staging"];
        assert.deepStrictEqual(errors(doc), []);
        const file = join(mkdtempSync(join(tmpdir(), "esc-")), "Pulumi.staging.yaml");
        writeFileSync(file, stringify(doc));
        const read = readStackFile(file);
        // No secure: lines here: every declared external secret gets its placeholder, as the CLI would give ESC's values.
        const declared = Object.keys(doc.config["app-platform:secrets"].external).map((k) => `app-platform:${k}`);
        assert.deepStrictEqual(read.placeholders.sort(), declared.sort());
        assert.ok(declared.every((k) => read.secretKeys.has(k)));
    });
});
