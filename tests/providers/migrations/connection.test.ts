import * as assert from "assert";
import { parse } from "pg-connection-string";
import { describeTarget, forNodePostgres, scrub, secretsIn } from "../../../providers/migrations/connection";

const CANARY = "Cn@ry:pw/1%";

// Every shape of connection string the parser accepts that can carry a password.
const SHAPES: { name: string; url: string; secrets: string[] }[] = [
    { name: "encoded password", url: `postgresql://app:${encodeURIComponent(CANARY)}@db.example.com:5432/app`, secrets: [CANARY, encodeURIComponent(CANARY)] },
    { name: "unencoded @ and : in the password", url: "postgresql://app:p@ss:Canary-1@db.example.com/app", secrets: ["p@ss:Canary-1", "Canary-1"] },
    { name: "empty user", url: "postgresql://:Canary-2@db.example.com/app", secrets: ["Canary-2"] },
    { name: "?password=", url: "postgresql://app@db.example.com/app?password=Canary-3", secrets: ["Canary-3"] },
    { name: "&password= after other parameters", url: "postgresql://app@db.example.com/app?sslmode=require&password=Canary-4", secrets: ["Canary-4"] },
    { name: "sslpassword", url: "postgresql://app:Canary-5a@db.example.com/app?sslpassword=Canary-5b", secrets: ["Canary-5a", "Canary-5b"] },
    { name: "a socket host", url: "postgresql:///app?host=/var/run/postgresql&password=Canary-6", secrets: ["Canary-6"] },
    { name: "an IPv6 host", url: "postgres://app:Canary-7@[::1]:5432/app", secrets: ["Canary-7"] },
    { name: "regex characters in the password", url: `postgresql://app:${encodeURIComponent("Can(a)ry.*8+")}@db/app`, secrets: ["Can(a)ry.*8+"] },
];

describe("connection strings in messages", () => {
    for (const shape of SHAPES) {
        it(`${shape.name}: parsed, described and scrubbed without the password`, () => {
            assert.ok(parse(shape.url).password, "the parser reads a password from this shape");
            assert.ok(secretsIn(shape.url).includes(parse(shape.url).password!), "the parsed password is among the secrets");
            const described = describeTarget(shape.url);
            const message = scrub(`cannot use ${shape.url}: password ${parse(shape.url).password} rejected (${shape.secrets.join(", ")})`, shape.url);
            for (const secret of shape.secrets) {
                assert.ok(!described.includes(secret), `${described} shows ${secret}`);
                assert.ok(!message.includes(secret), `${message} shows ${secret}`);
            }
            assert.match(message, /^cannot use postgres(ql)?:\/\//);
        });
    }

    it("spells out the SSL mode node-postgres gives a managed provider's URL (require is verify-full), so it need not warn", () => {
        const neon = "postgresql://o:p@ep-x.us-east-2.aws.neon.tech/db?sslmode=require&channel_binding=require";
        assert.strictEqual(forNodePostgres(neon), "postgresql://o:p@ep-x.us-east-2.aws.neon.tech/db?sslmode=verify-full&channel_binding=require");
        assert.deepStrictEqual(parse(forNodePostgres(neon)).ssl, parse(neon).ssl, "the same connection");
        for (const kept of ["postgresql://o:p@h/db", "postgresql://o:p@h/db?sslmode=disable", "postgresql://o:p@h/db?sslmode=verify-full"])
            assert.strictEqual(forNodePostgres(kept), kept);
        // Supabase's certificates chain to its own CA, which Node does not trust: libpq's require (encrypted, unverified).
        const supabase = "postgresql://postgres.abcdefghijklmnopqrst:p@aws-0-us-east-1.pooler.supabase.com:5432/postgres?sslmode=require";
        assert.strictEqual(forNodePostgres(supabase), `${supabase}&uselibpqcompat=true`);
        assert.deepStrictEqual(parse(forNodePostgres(supabase)).ssl, { rejectUnauthorized: false });
        assert.strictEqual(forNodePostgres(`${supabase}#x`), `${supabase}&uselibpqcompat=true#x`, "before a fragment");
        assert.strictEqual(forNodePostgres(`${supabase}&uselibpqcompat=false`), `${supabase}&uselibpqcompat=true`, "libpq's meaning, whatever was asked");
    });

    it("describes the target as user@host:port/database", () => {
        assert.strictEqual(describeTarget("postgresql://app:x@db.example.com:6543/postgres?sslmode=require"), "postgresql://app@db.example.com:6543/postgres");
        assert.strictEqual(describeTarget("mysql://root:x@db/app"), "the database URL");
    });
});
