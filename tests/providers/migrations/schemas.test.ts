// The schemas migration files use without creating them first: what the doctor asks the database for.
import * as assert from "assert";
import { loadParser, migrationFromText } from "../../../providers/migrations/files";
import { schemasUsedBy } from "../../../providers/migrations/schemas";

describe("schemas the migration files use (providers/migrations/schemas.ts)", () => {
    before(() => loadParser());

    it("names each schema a file qualifies a table, function, trigger function, type, cast or grant with, before any file creates it", async () => {
        const used = await schemasUsedBy([
            migrationFromText(
                "20260101000000_a.sql",
                "CREATE TABLE x (r auth.role_t, y int DEFAULT 1::billing.money_t, owner uuid REFERENCES people.users(id));\n" +
                    "CREATE POLICY p ON x USING (session.uid() = owner);\n" +
                    "CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION audit.f();\n" +
                    "GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO r;\n",
            ),
            migrationFromText("20260102000000_b.sql", "CREATE SCHEMA later; CREATE TABLE later.t (id int); SELECT pg_catalog.now(), public.f();"),
            migrationFromText("20260103000000_c.sql", "CREATE TABLE app.t (id int); CREATE SCHEMA app;"),
        ]);
        assert.deepStrictEqual(Object.fromEntries(used), {
            auth: "20260101000000_a.sql",
            billing: "20260101000000_a.sql",
            people: "20260101000000_a.sql",
            session: "20260101000000_a.sql",
            audit: "20260101000000_a.sql",
            reporting: "20260101000000_a.sql",
            // Used before the file's own CREATE SCHEMA: it fails there too.
            app: "20260103000000_c.sql",
        });
    });
});
