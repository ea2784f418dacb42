import * as assert from "assert";
import { cpSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { fromConfigMap } from "../../inventory/stackFile";
import { loadStackConfig } from "../../stacks/config";
import { configErrors, configMap, evaluate, issueFor, load, NOW, ROOT } from "../helpers";

const MIGRATIONS = "pulumi-nodejs:dynamic/app-platform:Migrations";

describe("Migrations (stack wiring)", () => {
    it("production applies the flagship folder with a pre-migration backup into the backup bucket, protected", async () => {
        const { records, inventory } = await evaluate("production");
        const [m] = records.filter((r) => r.type === MIGRATIONS);
        assert.strictEqual(m.parent, "app-platform:data:Migrations::ecoo-migrations");
        assert.deepStrictEqual(
            (m.inputs.files as { version: string }[]).map((f) => f.version),
            ["20260115090000", "20260120100000", "20260203120000", "20260210080000"],
        );
        assert.deepStrictEqual(Object.keys(m.inputs.rollbacks as object).sort(), ["20260115090000", "20260120100000", "20260203120000", "20260210080000"]);
        assert.deepStrictEqual(m.inputs.backup, { bucket: "ecoo-production-backups", region: "us-east-1", stack: "production", format: "custom" });
        assert.strictEqual(m.inputs.databaseUrl, "[secret]");
        assert.ok(m.options.protect && m.options.additionalSecretOutputs.includes("databaseUrl"));
        assert.strictEqual(inventory.outputs.schemaVersion, "20260210080000");
    });

    it("staging takes the pre-migration backup too (seed 000 backs up before migrating staging), unless backup: false", async () => {
        const { records } = await evaluate("staging");
        const [m] = records.filter((r) => r.type === MIGRATIONS);
        assert.deepStrictEqual(m.inputs.backup, { bucket: "ecoo-staging-backups", region: "us-east-1", stack: "staging", format: "custom" });
        assert.ok(!m.options.protect);
        const off = await evaluate("staging", (c) => (c["app-platform:migrations"].backup = false));
        assert.strictEqual(off.records.find((r) => r.type === MIGRATIONS)!.inputs.backup, null);
    });

    it("a broken migration file fails the program with a config error naming file and line", async () => {
        const dir = mkdtempSync(join(tmpdir(), "flagship-"));
        cpSync(join(ROOT, "migrations"), dir, { recursive: true });
        writeFileSync(join(dir, "20260301000000_typo.sql"), "ALTER TABLE products ADD COLUMN sku text;\nCREATE INDX idx ON products (sku);\n");
        await assert.rejects(
            evaluate("staging", (c) => (c["app-platform:migrations"].dir = dir)),
            (err: Error) => {
                assert.match(err.message, /app-platform:migrations\.dir: .*20260301000000_typo\.sql:2: syntax error at or near "INDX"/);
                return true;
            },
        );
    });

    describe("bad input", () => {
        it("rejects a pooled connection string without printing it", () => {
            const file = fromConfigMap(configMap("staging"));
            file.raw["app-platform:supabaseDbUrl"] = "postgresql://postgres.abc:SuperSecret@aws-0-us-east-1.pooler.supabase.com:6543/postgres";
            const err = configErrors(() => loadStackConfig(file.raw, { stack: "staging", secretKeys: file.secretKeys, now: NOW }));
            assert.match(issueFor(err, "app-platform:supabaseDbUrl"), /goes through a transaction-mode pooler .* \(the value is not shown\)/);
            assert.ok(!err.message.includes("SuperSecret") && !err.message.includes("pooler.supabase.com"));
        });

        it("requires the connection-string secret to be declared, and a bucket for backups", () => {
            const err = configErrors(() =>
                load("production", (c) => {
                    c["app-platform:migrations"].databaseUrlSecret = "neonUrl";
                    delete c["app-platform:backups"];
                }),
            );
            assert.match(issueFor(err, "app-platform:migrations.databaseUrlSecret"), /"neonUrl" is not declared under app-platform:secrets.external/);
            assert.match(issueFor(err, "app-platform:migrations.backup"), /pre-migration backups need app-platform:backups/);
        });

        it("keeps rollback files out of supabase/migrations", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:migrations"].rollbackDir = "supabase/migrations")));
            assert.match(issueFor(err, "app-platform:migrations.rollbackDir"), /the Supabase CLI would take rollback files there/);
        });

        it("checks versions and durations", () => {
            const err = configErrors(() =>
                load("staging", (c) => Object.assign(c["app-platform:migrations"], { rollbackTo: "2026", lockTimeout: "ten seconds" })),
            );
            assert.match(issueFor(err, "app-platform:migrations.rollbackTo"), /./);
            assert.match(
                issueFor(err, "app-platform:migrations.lockTimeout"),
                /a PostgreSQL duration above zero and at most 24 days, such as 500ms, 10s, 15min/,
            );
        });
    });
});
