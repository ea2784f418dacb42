// The app's least-privilege role under mocks (seed 001): the roles resource over the owner's URL, the
// app's DATABASE_URL naming the current login with SSL required, the rotation's switch of login, the checks.
import * as assert from "assert";
import { configErrors, evaluate, issueFor, load } from "../helpers";

const ROLES = "pulumi-nodejs:dynamic/app-platform:AppRoles";
const databaseUrl = async (now?: Date) => {
    const { records } = await evaluate("mystic", undefined, now);
    const env = records.find((r) => r.type === "cloudflare:index/pagesProject:PagesProject")!.revealed as any;
    const logins = (records.find((r) => r.type === ROLES)!.revealed as any).logins as { name: string; password: string }[];
    return { ...env.deploymentConfigs.production.envVars.DATABASE_URL, logins: Object.fromEntries(logins.map((l) => [l.name, l.password])) };
};

describe("the app's database role under mocks", function () {
    this.timeout(120_000);

    it("seed 001: mystic_app with two logins, 20 connections each, read-write on public, protected in production, made with the Neon project owner's direct URL", async () => {
        const { records } = await evaluate("mystic");
        const roles = records.find((r) => r.type === ROLES)!;
        const r = roles.revealed as any;
        assert.deepStrictEqual(
            [r.group, r.logins.map((l: any) => l.name), r.connectionLimit, r.schemas],
            ["mystic_app", ["mystic_app_a", "mystic_app_b"], 20, ["public"]],
        );
        assert.match(
            r.databaseUrl,
            /^postgresql:\/\/mystic_owner:npg_\w+@ep-mock-\w+\.us-east-1\.aws\.neon\.tech\/mystic_db\?/,
            "the project's owner makes the roles, directly",
        );
        for (const l of r.logins) assert.match(l.password, /^[A-Za-z0-9]{32}$/);
        assert.deepStrictEqual([roles.options.protect, roles.options.additionalSecretOutputs], [true, ["databaseUrl", "logins"]]);
    });

    it("DATABASE_URL names the current login with its password and sslmode=require, through Neon's pooler, secret; a rotation day switches to the other login", async () => {
        const now = await databaseUrl();
        assert.strictEqual(now.type, "secret_text");
        const url = new URL(now.value);
        assert.match(url.hostname, /^ep-mock-\w+-pooler\.us-east-1\.aws\.neon\.tech$/, "database.appPooledUrl: the project's pooled host");
        assert.match(url.username, /^mystic_app_[ab]$/);
        assert.match(url.password, /^[A-Za-z0-9]{32}$/);
        assert.strictEqual(url.searchParams.get("sslmode"), "require");
        assert.strictEqual(url.password, now.logins[url.username], "the URL's password is its login's");
        const after = await databaseUrl(new Date("2026-12-27T12:00:00Z"));
        const rolled = new URL(after.value);
        assert.notStrictEqual(rolled.username, url.username, "the rotated slot's login takes over");
        assert.strictEqual(rolled.password, after.logins[rolled.username]);
        assert.strictEqual(after.logins[url.username], now.logins[url.username], "the previous login keeps its password: the running app still signs in");
    });

    it("config: no owner's URL, a password that cannot sit in a URL, a name PostgreSQL would need quoted, an owner's URL through a pooler", () => {
        const owner = configErrors(() => load("mystic", (c) => delete c["app-platform:postgres"]));
        assert.match(
            issueFor(owner, "app-platform:database.adminUrlSecret"),
            /Name the external secret with its direct connection string \(or declare app-platform:migrations or app-platform:postgres\)/,
        );
        const base64 = configErrors(() =>
            load("mystic", (c) => void (c["app-platform:secrets"].generated.databaseAppPassword = { bytes: 32, encoding: "base64", rotationDays: 90 })),
        );
        assert.match(issueFor(base64, "app-platform:secrets.generated.databaseAppPassword"), /use \{ encoding: alphanumeric, length: 32 \}/);
        const name = configErrors(() => load("mystic", (c) => void (c["app-platform:database"].appRole.name = "Mystic-App")));
        assert.match(issueFor(name, "app-platform:database.appRole.name"), /a lowercase PostgreSQL name/);
        const missing = configErrors(() => load("mystic", (c) => void (c["app-platform:database"].appRole.password = "appPassword")));
        assert.match(issueFor(missing, "app-platform:database.appRole.password"), /"appPassword" is not declared under app-platform:secrets\.generated/);
    });
});
