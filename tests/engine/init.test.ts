// `npm run init` writes a stack a new app can use at once: it loads in the offline inventory, validates
// against the editors' schema, keeps the Pulumi CLI's format through `stack init` (config set --secret
// appends only its own lines: tests/engine/stackFileFormat.test.ts), and previews under the real engine (stand-ins for the bridged providers) exactly the
// resources the inventory lists.
import * as assert from "assert";
import Ajv2020 from "ajv/dist/2020";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { evaluateStack } from "../../inventory/evaluate";
import { readStackFile } from "../../inventory/stackFile";
import { stackFileSchema } from "../../stacks/stackFileSchema";
import { runTool } from "../badInput/harness";
import { createWorkspace, Workspace } from "./workspace";

const APPS = [
    {
        stack: "shop-staging",
        args: ["--name", "shop", "--domain", "staging.shop.com", "--hosting", "vercel", "--repo", "acme/shop", "--email", "resend"],
        secrets: { "vercel:apiToken": "vercel-token-not-real", "app-platform:resendApiKey": "re_not_a_real_key" },
    },
    {
        stack: "atelier-production",
        args: [
            ...["--name", "atelier", "--domain", "atelier.example", "--hosting", "cloudflare-pages", "--repo", "acme/atelier"],
            ...["--account-id", "0123456789abcdef0123456789abcdef", "--payments", "stripe", "--payments-key", "pk_live_abc123"],
        ],
        secrets: { "cloudflare:apiToken": "cloudflare-token-not-real", "app-platform:stripeSecretKey": "sk_live_not_a_real_key" },
    },
];

describe("npm run init: a new app's first stack", function () {
    this.timeout(300_000);
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(stackFileSchema());
    let ws: Workspace | undefined;
    afterEach(() => ws?.dispose());

    for (const { stack, args, secrets } of APPS) {
        it(`${stack}: written, loaded offline, kept in the CLI's format, and previewed by the real engine`, async () => {
            const file = join(mkdtempSync(join(tmpdir(), "init-")), `Pulumi.${stack}.yaml`);
            const run = await runTool("init/cli.ts", ["--stack", stack, ...args, "--file", file]);
            assert.strictEqual(run.code, 0, run.stdout + run.stderr);
            // Every secret it needs, the hosting provider's token too, is named with the command that sets it
            // (prompted: no value on the command line); then the preflight.
            for (const key of Object.keys(secrets)) assert.match(run.stdout, new RegExp(`pulumi config set --secret ${key} --stack ${stack} `));
            assert.match(run.stdout, new RegExp(`npm run doctor -- --stack ${stack} `));
            const text = readFileSync(file, "utf8");
            assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
            const offline = await evaluateStack(stack, readStackFile(file), new Date());
            assert.ok(offline.records.length > 0);

            // The program loaded as `pulumi up` loads it (ts-node at run time), where the other engine tests compile it once.
            ws = createWorkspace({}, undefined, "user");
            const stackFile = join(ws.project, `Pulumi.${stack}.yaml`);
            writeFileSync(stackFile, text);
            await ws.ok(["stack", "init", stack]);
            assert.strictEqual(readFileSync(stackFile, "utf8").replace(/encryptionsalt: .*\n$/, ""), text, "stack init reformatted the file");
            for (const [key, value] of Object.entries(secrets)) await ws.ok(["config", "set", "--secret", key, value, "--stack", stack]);
            const preview = await ws.ok(["preview", "--json", "--stack", stack]);
            const steps = (JSON.parse(preview.stdout).steps as { op: string; urn: string }[])
                .map((s) => ({ op: s.op, type: s.urn.split("::")[2], name: s.urn.split("::")[3] }))
                .filter((s) => s.type !== "pulumi:pulumi:Stack" && !s.type.startsWith("pulumi:providers:"));
            assert.deepStrictEqual(
                steps.map((s) => `${s.op} ${s.type.split("$").pop()}::${s.name}`).sort(),
                offline.records.map((r) => `create ${r.type}::${r.name}`).sort(),
            );
        });
    }
});
