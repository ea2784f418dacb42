// The doctor's Upstash check against the local Developer API (tests/support/fakes/upstash.ts): the
// provider's email and API key, sent with basic auth to Upstash's API only.
import * as assert from "assert";
import { upstash } from "../../doctor/vendors/upstash";
import type { Finding } from "../../doctor/checks";
import { load } from "../helpers";
import { FakeServer } from "../support/fakes/server";
import { startFakeUpstash } from "../support/fakes/upstash";

const EMAIL = "ops@ecoo.example";
const KEY = "upstash-key-doctor-canary";
const AMBIENT = ["UPSTASH_EMAIL", "UPSTASH_API_KEY", "APP_PLATFORM_UPSTASH_API"];

describe("npm run doctor: Upstash's email and API key, against its local Developer API", function () {
    const cfg = load("staging");
    const saved = Object.fromEntries(AMBIENT.map((k) => [k, process.env[k]]));
    let fake: FakeServer;
    const ask = async (config: Record<string, string>, api?: string): Promise<Finding> => {
        AMBIENT.forEach((k) => delete process.env[k]);
        if (api) process.env.APP_PLATFORM_UPSTASH_API = api;
        const r = await upstash(cfg, (key) => config[key])!.run(new AbortController().signal);
        assert.ok(!JSON.stringify(r).includes(KEY), "the API key was printed");
        return r;
    };

    before(async () => (fake = await startFakeUpstash({ email: EMAIL, apiKey: KEY, databases: ["ecoo-staging", "ecoo-production"] })));
    after(async () => {
        AMBIENT.forEach((k) => delete process.env[k]);
        for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
        await fake.close();
    });
    afterEach(() => assert.deepStrictEqual(fake.violations, []));

    it("asks only when the stack has redis or crons", () => {
        assert.ok(cfg.redis && upstash(cfg, () => undefined));
        assert.strictEqual(
            upstash({ ...cfg, redis: undefined, crons: undefined }, () => undefined),
            undefined,
        );
    });

    it("no email or no key is missing, with where to make the key", async () => {
        const none = await ask({});
        assert.deepStrictEqual(
            [none.verdict, none.found],
            ["missing", "no Upstash email (upstash:email or UPSTASH_EMAIL) and no API key (upstash:apiKey or UPSTASH_API_KEY)"],
        );
        const noKey = await ask({ "upstash:email": EMAIL });
        assert.deepStrictEqual([noKey.verdict, noKey.found], ["missing", "no Upstash API key (upstash:apiKey or UPSTASH_API_KEY)"]);
        assert.match(noKey.fix!, /Management API.*pulumi config set --secret upstash:apiKey --stack staging/);
    });

    it("a refused key is wrong; the accepted one is ok, read from the environment as the provider reads it", async () => {
        const refused = await ask({ "upstash:email": EMAIL, "upstash:apiKey": "another-key" }, fake.url);
        assert.strictEqual(refused.verdict, "wrong");
        assert.match(refused.found, /^Upstash refused the email and API key \(.*401/);
        const fromEnv = await (async () => {
            AMBIENT.forEach((k) => delete process.env[k]);
            Object.assign(process.env, { UPSTASH_EMAIL: EMAIL, UPSTASH_API_KEY: KEY, APP_PLATFORM_UPSTASH_API: fake.url });
            return upstash(cfg, () => undefined)!.run(new AbortController().signal);
        })();
        assert.deepStrictEqual([fromEnv.verdict, fromEnv.found], ["ok", `the API key of ${EMAIL} is accepted (2 Redis database(s) in the account)`]);
        const basic = fake.requests.at(-1)!.headers.authorization;
        assert.strictEqual(basic, `Basic ${Buffer.from(`${EMAIL}:${KEY}`).toString("base64")}`);
    });

    it("the key goes nowhere but Upstash's API (or a loopback address in tests); a closed port is unreachable", async () => {
        const before = fake.requests.length;
        // 0.0.0.0 reaches the fake on Linux, but it is no loopback name: nothing may be sent there.
        const elsewhere = await ask({ "upstash:email": EMAIL, "upstash:apiKey": KEY }, fake.url.replace("127.0.0.1", "0.0.0.0"));
        assert.strictEqual(elsewhere.verdict, "wrong");
        assert.match(elsewhere.found, /APP_PLATFORM_UPSTASH_API is http:\/\/0\.0\.0\.0:\d+: the Upstash key goes only to https:\/\/api\.upstash\.com/);
        assert.strictEqual(fake.requests.length, before);

        const closed = await startFakeUpstash({ email: EMAIL, apiKey: KEY, databases: [] });
        const url = closed.url;
        await closed.close();
        const r = await ask({ "upstash:email": EMAIL, "upstash:apiKey": KEY }, url);
        assert.strictEqual(r.verdict, "unreachable");
    });
});
