import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, resolveMasked, settle } from "../inventory/mocks";
import { OUTPUT_KEYS } from "../stacks/outputs";
import { CLOCK_ENV } from "../stacks/main";
import { stackFile } from "./helpers";

describe("index.ts (the program pulumi runs)", () => {
    it("reads the runtime's config and secret keys and exports the outputs contract", async () => {
        const records = await installMocks("app-platform", "staging");
        const file = stackFile("staging");
        pulumi.runtime.setAllConfig(file.raw, [...file.secretKeys]); // what the language host does
        process.env[CLOCK_ENV] = "2026-11-22";
        try {
            const program = require("../index") as () => Promise<Record<string, unknown>>;
            const outputs = await program();
            assert.deepStrictEqual(Object.keys(outputs).sort(), [...OUTPUT_KEYS].sort());
            const resolved = (await resolveMasked(outputs)) as { siteUrl: string };
            assert.strictEqual(resolved.siteUrl, "https://staging.ecoo.com");
            await settle();
            assert.ok(records.some((r) => r.type === "vercel:index/project:Project"));
        } finally {
            delete process.env[CLOCK_ENV];
        }
    });

    it("rejects a clock override that is not a date", () => {
        const { clock } = require("../stacks/main") as typeof import("../stacks/main");
        assert.throws(() => clock("someday"), /APP_PLATFORM_NOW=someday is not a date/);
    });
});
