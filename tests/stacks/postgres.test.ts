// The managed PostgreSQL project under mocks (seed 001 on Neon, seed 002 on Supabase): the project as declared and protected,
// its URLs as env sources, the migrations and the app role on its direct URL, and the pooler asked for
// wherever many instances would read a direct URL.
import * as assert from "assert";
import { connectionProblem } from "../../providers/migrations/connection";
import { configErrors, evaluate, issueFor, load, reveal } from "../helpers";

const NEON = "pulumi-nodejs:dynamic/app-platform:NeonProject";
const SUPABASE = "pulumi-nodejs:dynamic/app-platform:SupabaseProject";
const MIGRATIONS = "pulumi-nodejs:dynamic/app-platform:Migrations";

describe("the managed PostgreSQL project under mocks", function () {
    this.timeout(120_000);

    it("seed 001: Neon project mystic-ecom-production on PostgreSQL 16 in us-east-1 with 7 days of history, protected, its key and URLs secret", async () => {
        const { records, outputs } = await evaluate("mystic");
        const project = records.find((r) => r.type === NEON)!;
        const p = project.revealed as any;
        assert.deepStrictEqual(
            [p.name, p.region, p.pgVersion, p.historyRetentionSeconds, p.database, p.owner, p.apiBaseUrl, p.adoptId],
            ["mystic-ecom-production", "aws-us-east-1", 16, 7 * 86_400, "mystic_db", "mystic_owner", "https://console.neon.tech/api/v2", undefined],
        );
        assert.deepStrictEqual([project.options.protect, project.options.additionalSecretOutputs], [true, ["apiKey", "directUrl", "pooledUrl"]]);
        const out = await reveal<any>(outputs.postgres);
        assert.deepStrictEqual(
            [out.secret, out.value.provider, out.value.pointInTimeDays, out.value.sources],
            [false, "neon", 7, { direct: "neon.dbUrl", pooled: "neon.pooledUrl" }],
        );
        assert.strictEqual(load("mystic").warnings.filter((w) => /pooler/.test(w)).length, 0, "the app reads database.appPooledUrl");
    });

    it("adopts a project by id (postgres.projectId): the same resource, told which project it is", async () => {
        const { records } = await evaluate("mystic", (c) => void (c["app-platform:postgres"].projectId = "cool-darkness-123456"));
        const project = records.find((r) => r.type === NEON)!;
        assert.deepStrictEqual([project.name, (project.revealed as any).adoptId, project.options.protect], ["mystic-postgres", "cool-darkness-123456", true]);
    });

    it("the migrations take the project's direct URL when no secret names one", async () => {
        const { records } = await evaluate("mystic", (c) => {
            c["app-platform:migrations"] = { dir: "migrations", backup: false };
        });
        const m = records.find((r) => r.type === MIGRATIONS)!.revealed as any;
        assert.match(m.databaseUrl, /^postgresql:\/\/mystic_owner:npg_\w+@ep-mock-\w+\.us-east-1\.aws\.neon\.tech\/mystic_db\?sslmode=require/);
        const none = configErrors(() =>
            load("mystic", (c) => {
                delete c["app-platform:postgres"];
                c["app-platform:database"].adminUrlSecret = "stripeSecretKey";
                c["app-platform:migrations"] = { backup: false };
            }),
        );
        assert.match(
            issueFor(none, "app-platform:migrations.databaseUrlSecret"),
            /which database\? Name the external secret .* or declare app-platform:postgres/,
        );
    });

    it("warns where many instances would read a direct URL, naming the pooled source", () => {
        const { warnings } = load("mystic", (c) => {
            c["app-platform:env"].DATABASE_URL = { from: "database.appUrl" };
            c["app-platform:env"].ADMIN_DATABASE_URL = { from: "neon.dbUrl" };
        });
        assert.deepStrictEqual(
            warnings.filter((w) => /pooler/.test(w)),
            [
                "app-platform:env.DATABASE_URL: the frontend (cloudflare-pages's functions scale out) reads database.appUrl, a direct URL; use database.appPooledUrl, which goes through the pooler",
                "app-platform:env.ADMIN_DATABASE_URL: the frontend (cloudflare-pages's functions scale out) reads neon.dbUrl, a direct URL; use neon.pooledUrl, which goes through the pooler",
            ],
        );
    });

    it("needs the API key's secret declared; the migration engine refuses Neon's pooled host", () => {
        const key = configErrors(() => load("mystic", (c) => delete c["app-platform:secrets"].external.neonApiKey));
        assert.match(issueFor(key, "app-platform:postgres.apiKeySecret"), /"neonApiKey" is not declared under app-platform:secrets\.external/);
        assert.match(
            connectionProblem("postgresql://o:p@ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech/db?sslmode=require")!,
            /goes through a transaction-mode pooler \(port 6543, pgbouncer=true or a -pooler host\)/,
        );
        assert.strictEqual(connectionProblem("postgresql://o:p@ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech/db?sslmode=require"), undefined);
    });

    it("seed 002 on Supabase: staging's project made with a generated password, production's adopted by ref with its PITR required; the app's URL and keys come from it", async () => {
        const staging = await evaluate("dirtfree");
        const made = staging.records.find((r) => r.type === SUPABASE)!;
        const m = made.revealed as any;
        assert.deepStrictEqual(
            [m.name, m.organization, m.region, m.instanceSize, m.pointInTimeDays, m.adoptRef, m.requirePointInTime, made.options.protect],
            ["dirt-free-crm-staging", "dirt-free", "us-east-1", "micro", 0, undefined, false, false],
        );
        const password = staging.records.find(
            (r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === "dirt-free-crm-postgres-db-password",
        )!;
        assert.deepStrictEqual((password.revealed as any).special, false, "it sits in a URL");
        const env = (records: typeof staging.records, key: string) =>
            (records.find((r) => r.type.endsWith("ProjectEnvironmentVariable") && (r.revealed as any).key === key)!.revealed as any).comment;
        assert.deepStrictEqual(
            ["NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"].map((k) => env(staging.records, k)),
            ["from supabase.url", "from supabase.anonKey", "from supabase.serviceRoleKey"],
        );

        const production = await evaluate("dirtfreeProduction");
        const adopted = production.records.find((r) => r.type === SUPABASE)!;
        const a = adopted.revealed as any;
        assert.deepStrictEqual([a.adoptRef, a.pointInTimeDays, a.requirePointInTime, adopted.options.protect], ["dirtfreecrmprodrefab", 7, true, true]);
        assert.ok(!production.records.some((r) => r.name === "dirt-free-crm-postgres-db-password"), "the team's password, not a new one");
        const recovery = (await reveal<any>(production.outputs.recovery)).value;
        assert.strictEqual(recovery, null, "seed 002 declares no objectives");
    });

    it("Supabase config: an adopted project needs its password's secret; a name with a dot, a malformed ref", () => {
        const noPassword = configErrors(() => load("dirtfreeProduction", (c) => delete c["app-platform:postgres"].dbPasswordSecret));
        assert.match(issueFor(noPassword, "app-platform:postgres.dbPasswordSecret"), /Supabase never shows it\): name the external secret that holds it/);
        const dot = configErrors(() => load("dirtfree", (c) => void (c["app-platform:postgres"].project = "dirt.free")));
        assert.match(issueFor(dot, "app-platform:postgres.project"), /without dots/);
        const fresh = load("dirtfreeProduction", (c) => delete c["app-platform:postgres"].projectRef).warnings;
        assert.ok(
            fresh.some((w) =>
                /^app-platform:postgres\.pointInTimeDays: a new Supabase project has no point-in-time recovery until its PITR add-on is added .* each up stops until the add-on is on/.test(
                    w,
                ),
            ),
            fresh.join("\n"),
        );
        const ref = configErrors(() => load("dirtfreeProduction", (c) => void (c["app-platform:postgres"].projectRef = "DIRT")));
        assert.match(issueFor(ref, "app-platform:postgres.projectRef"), /20 lowercase letters/);
    });

    it("the app role on Supabase signs in through Supavisor as <login>.<ref>, the pooler's tenant form", async () => {
        const { records } = await evaluate("dirtfree", (c) => {
            c["app-platform:database"] = { appRole: { name: "crm_app" } };
            c["app-platform:secrets"].generated.databaseAppPassword = { encoding: "alphanumeric", length: 32, rotationDays: 90 };
            c["app-platform:env"].DATABASE_URL = { from: "database.appPooledUrl" };
        });
        const env = records.find((r) => r.type.endsWith("ProjectEnvironmentVariable") && (r.revealed as any).key === "DATABASE_URL")!.revealed as any;
        const url = new URL(env.value);
        assert.match(decodeURIComponent(url.username), /^crm_app_[ab]\.[a-z]{20}$/);
        assert.deepStrictEqual([url.hostname, url.port, url.searchParams.get("sslmode")], ["aws-0-us-east-1.pooler.supabase.com", "6543", "require"]);
    });
});
