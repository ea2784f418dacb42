import * as assert from "assert";
import { inspect } from "util";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { loadStackConfig, PROVIDER_NAMESPACES } from "../../stacks/config";
import { fromConfigMap } from "../../inventory/stackFile";
import { configErrors, configMap, issueFor, load, NOW, ROOT } from "../helpers";

const LIVE_STRIPE = "sk_live_51HsecretLIVEvalue0000";

describe("stack config", () => {
    describe("valid stacks", () => {
        it("loads the flagship staging stack with its defaults resolved", () => {
            const cfg = load("staging");
            assert.strictEqual(cfg.environment, "staging");
            assert.strictEqual(cfg.siteUrl, "https://staging.ecoo.com");
            assert.strictEqual(cfg.hosting.projectName, "ecoo-staging");
            assert.strictEqual(cfg.hosting.productionBranch, "staging");
            assert.deepStrictEqual(cfg.hosting.provider === "vercel" && cfg.hosting.regions, ["iad1"]);
            assert.deepStrictEqual(cfg.warnings, []);
        });

        it("loads production with main as its production branch and live keys", () => {
            const cfg = load("production");
            assert.strictEqual(cfg.hosting.productionBranch, "main");
            assert.strictEqual(cfg.payments?.provider === "razorpay" && cfg.payments.publicKey.startsWith("rzp_live_"), true);
            assert.deepStrictEqual(cfg.domains.redirects, ["www.ecoo.com"]);
        });

        it("defaults the production branch from the environment when it is not set", () => {
            const cfg = load("production", (c) => delete c["app-platform:hosting"].productionBranch);
            assert.strictEqual(cfg.hosting.productionBranch, "main");
            const staging = load("staging", (c) => delete c["app-platform:hosting"].productionBranch);
            assert.strictEqual(staging.hosting.productionBranch, "staging");
        });

        it("loads the seed-001 (Cloudflare Pages, Stripe) and seed-002 (Vercel, Stripe, Twilio) fixtures", () => {
            assert.strictEqual(load("mystic").hosting.provider, "cloudflare-pages");
            assert.strictEqual(load("dirtfree").payments?.provider, "stripe");
        });

        it("keeps secret values out of the printed config", () => {
            const cfg = load("staging");
            const printed = inspect(cfg, { depth: 10 }) + JSON.stringify(cfg);
            assert.ok(!printed.includes("PLACEHOLDER"), "a secret's value was printed");
            assert.ok(printed.includes("[secret]"));
        });

        it("ignores other namespaces' config (provider settings)", () => {
            const cfg = load("staging", (c) => (c["vercel:team"] = "team_abc"));
            assert.strictEqual(cfg.name, "ecoo");
        });

        it("accepts the config namespace of every provider package the program depends on, and the README lists them", () => {
            // A provider plugin's namespace is its package's `pulumi.name` (Checkly's plugin is named by its download URL).
            const deps = Object.keys(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).dependencies);
            const namespaces = deps.flatMap((dep) => {
                const { pulumi } = JSON.parse(readFileSync(join(ROOT, "node_modules", dep, "package.json"), "utf8"));
                if (!pulumi?.resource) return [];
                return [pulumi.name ?? /\/pulumi-([a-z]+)\//.exec(pulumi.pluginDownloadURL)![1]];
            });
            assert.ok(namespaces.includes("mongodbatlas") && namespaces.includes("checkly"), String(namespaces));
            for (const ns of namespaces) {
                assert.ok(PROVIDER_NAMESPACES.includes(ns), `${ns}: (a provider the program uses) is refused by the config check`);
                assert.strictEqual(load("staging", (c) => (c[`${ns}:someSetting`] = "x")).name, "ecoo");
            }
            // The docs' sentence on namespaces (docs/inventory.md) names exactly the accepted ones, and every provider key
            // the README and the docs/ pages document (docs/deploy.md's credentials, docs/configuration.md) loads.
            const readme = [
                "README.md",
                ...readdirSync(join(ROOT, "docs"))
                    .filter((f) => f.endsWith(".md"))
                    .map((f) => `docs/${f}`),
            ]
                .map((path) => readFileSync(join(ROOT, path), "utf8"))
                .join("\n");
            const sentence = /the providers' namespaces \(([^)]*)\)/.exec(readme.replace(/\n/g, " "))![1];
            assert.deepStrictEqual([...sentence.matchAll(/`([a-z]+):`/g)].map((m) => m[1]).sort(), [...PROVIDER_NAMESPACES].sort());
            const documented = [...readme.matchAll(/`([a-z]+):([a-zA-Z]+)`/g)].filter(([, ns]) => namespaces.includes(ns));
            assert.ok(documented.some(([k]) => k === "`mongodbatlas:publicKey`"));
            for (const [, ns, key] of documented) load("staging", (c) => (c[`${ns}:${key}`] = "x"));
        });
    });

    describe("moved keys", () => {
        // The old place of the sending domain: its block, moved back under webhooks.resend.
        const oldPlace = (c: Record<string, any>) => {
            c["app-platform:webhooks"].resend.domain = c["app-platform:email"].domain;
            delete c["app-platform:email"].domain;
        };

        it("webhooks.resend.domain still loads, as email.domain, with a warning naming the new key", () => {
            const now = load("staging");
            const old = load("staging", oldPlace);
            assert.deepStrictEqual(old.email, now.email);
            assert.deepStrictEqual(old.dnsRecords, now.dnsRecords);
            assert.deepStrictEqual(old.warnings, [
                "app-platform:webhooks.resend.domain has moved to app-platform:email.domain: move it there in the stack file (its resources stay as they are)",
            ]);
            assert.deepStrictEqual(now.warnings, []);
        });

        it("the old place's Resend API base URL goes with it, and a section left empty goes away", () => {
            const cfg = load("staging", (c) => {
                oldPlace(c);
                c["app-platform:webhooks"].resend.apiBaseUrl = "http://127.0.0.1:4010";
            });
            assert.strictEqual(cfg.email?.apiBaseUrl, "http://127.0.0.1:4010");
            assert.strictEqual(cfg.webhooks?.resend?.apiBaseUrl, "http://127.0.0.1:4010");
            const raptorflow = load("raptorflow", (c) => {
                c["app-platform:webhooks"] = { resend: { domain: c["app-platform:email"].domain } };
                delete c["app-platform:email"].domain;
            });
            assert.deepStrictEqual([raptorflow.email?.domain, raptorflow.webhooks], [{ region: "us-east-1", dkimRecords: 3 }, {}]);
        });

        it("both places set, or the old one without an email section: says which to keep, and loads nothing", () => {
            const both = configErrors(() => load("staging", (c) => (c["app-platform:webhooks"].resend.domain = { region: "eu-west-1" })));
            assert.match(issueFor(both, "app-platform:webhooks.resend.domain"), /has moved to app-platform:email\.domain, which is set too: remove this one/);
            const noEmail = configErrors(() =>
                load("staging", (c) => {
                    oldPlace(c);
                    delete c["app-platform:email"];
                }),
            );
            assert.match(issueFor(noEmail, "app-platform:webhooks.resend.domain"), /needs app-platform:email: declare that section/);
        });

        it("an issue in a moved block names the key where the stack file has it", () => {
            const err = configErrors(() =>
                load("staging", (c) => {
                    oldPlace(c);
                    c["app-platform:webhooks"].resend.domain.region = "eu-central-1";
                }),
            );
            assert.match(issueFor(err, "app-platform:webhooks.resend.domain.region"), /us-east-1/);
            assert.ok(!err.issues.some((i) => i.key.startsWith("app-platform:email.domain")), err.message);
            const offVendor = configErrors(() =>
                load("staging", (c) => {
                    oldPlace(c);
                    c["app-platform:webhooks"].resend.apiBaseUrl = "https://resend.example.net/";
                }),
            );
            assert.deepStrictEqual(
                offVendor.issues.map((i) => i.key),
                ["app-platform:webhooks.resend.apiBaseUrl"],
            );
        });

        it("email.domain registers with Resend only: another provider is told to publish its DKIM by hand", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:email"].provider = "sendgrid")));
            assert.match(issueFor(err, "app-platform:email.domain"), /registers the sending domain with Resend, but email\.provider is sendgrid/);
        });
    });

    describe("bad input", () => {
        it("rejects a typo'd top-level key and suggests the right one", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:hostng"] = { provider: "vercel" })));
            assert.match(issueFor(err, "app-platform:hostng"), /unknown config key\. Did you mean app-platform:hosting\?/);
        });

        it("rejects a typo'd nested key, naming its path and the allowed keys", () => {
            const err = configErrors(() =>
                load("staging", (c) => {
                    c["app-platform:hosting"].prodBranch = "main";
                }),
            );
            const msg = issueFor(err, "app-platform:hosting.prodBranch");
            assert.match(msg, /unknown key/);
            assert.match(msg, /Did you mean productionBranch\?/);
            assert.match(msg, /Allowed here: .*regions/);
        });

        it("reports a missing required secret with the exact command to set it", () => {
            const file = fromConfigMap(configMap("staging"));
            delete file.raw["app-platform:razorpayKeySecret"];
            const err = configErrors(() => loadStackConfig(file.raw, { stack: "staging", secretKeys: file.secretKeys, now: NOW }));
            assert.strictEqual(err.issues.length, 1);
            assert.strictEqual(
                issueFor(err, "app-platform:razorpayKeySecret"),
                "required secret is not set. Run: pulumi config set --secret app-platform:razorpayKeySecret --stack staging",
            );
        });

        it("rejects a secret stored in plaintext in the stack file", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:resendApiKey"] = "re_plaintextvalue123456789")));
            const msg = issueFor(err, "app-platform:resendApiKey");
            assert.match(msg, /stored in plaintext/);
            assert.ok(!err.message.includes("re_plaintextvalue123456789"), "the plaintext value was echoed");
        });

        it("rejects a live payment key in staging without printing it", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:payments"].publicKey = "rzp_live_AbCdEf123456")));
            assert.match(
                issueFor(err, "app-platform:payments.publicKey"),
                /holds a live-mode key; the staging stack needs a test-mode key starting with rzp_test_/,
            );
            assert.ok(!err.message.includes("AbCdEf123456"));
        });

        it("rejects a test payment key in production", () => {
            const err = configErrors(() => load("production", (c) => (c["app-platform:payments"].publicKey = "rzp_test_AbCdEf123456")));
            assert.match(issueFor(err, "app-platform:payments.publicKey"), /holds a test-mode key; the production stack needs a live-mode key/);
        });

        it("checks a Stripe secret key's mode, naming the config key and never the value", () => {
            const file = fromConfigMap(configMap("dirtfree"));
            file.raw["app-platform:stripeSecretKey"] = LIVE_STRIPE;
            const err = configErrors(() => loadStackConfig(file.raw, { stack: "staging", secretKeys: file.secretKeys, now: NOW }));
            assert.match(
                issueFor(err, "app-platform:stripeSecretKey"),
                /holds a live-mode key; .*starting with sk_test_ or rk_test_ \(the value is not shown\)/,
            );
            assert.ok(!err.message.includes(LIVE_STRIPE) && !err.message.includes("51Hsecret"));
        });

        it("rejects a secret source mapped to a NEXT_PUBLIC_ name", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:env"].NEXT_PUBLIC_WEBHOOK_SECRET = { from: "generated.webhookSecret" })));
            assert.match(
                issueFor(err, "app-platform:env.NEXT_PUBLIC_WEBHOOK_SECRET.from"),
                /is public \(bundled into client code\) but generated.webhookSecret is a secret; rename the variable without NEXT_PUBLIC_/,
            );
        });

        it("rejects a secret pasted as a literal env value", () => {
            const err = configErrors(() => load("dirtfree", (c) => (c["app-platform:env"].STRIPE_SECRET_KEY = { value: "sk_test_abcdef123456" })));
            const msg = issueFor(err, "app-platform:env.STRIPE_SECRET_KEY.value");
            assert.match(msg, /looks like a Stripe secret key in plaintext/);
            assert.ok(!msg.includes("abcdef123456"));
        });

        it("rejects an unknown env source with a suggestion", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:env"].CRON_SECRET = { from: "generated.cronSecrt" })));
            assert.match(issueFor(err, "app-platform:env.CRON_SECRET.from"), /unknown source "generated.cronSecrt"\. Did you mean generated.cronSecret\?/);
        });

        it("rejects a secret targeting Vercel's development environment", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:env"].CRON_SECRET.targets = ["production", "development"])));
            assert.match(issueFor(err, "app-platform:env.CRON_SECRET.targets"), /cannot target development/);
        });

        it("rejects an env var with both or neither of value and from", () => {
            const err = configErrors(() =>
                load("staging", (c) => {
                    c["app-platform:env"].ADMIN_EMAIL = { value: "a@b.co", from: "site.url" };
                    c["app-platform:env"].EMPTY = {};
                }),
            );
            assert.match(issueFor(err, "app-platform:env.ADMIN_EMAIL"), /exactly one of `value`/);
            assert.match(issueFor(err, "app-platform:env.EMPTY"), /exactly one of `value`/);
        });

        it("requires the payment provider's secret key to be declared", () => {
            const err = configErrors(() => load("staging", (c) => delete c["app-platform:secrets"].external.razorpayKeySecret));
            assert.match(issueFor(err, "app-platform:secrets.external.razorpayKeySecret"), /payments.provider razorpay needs this key declared/);
        });

        it("reports every problem at once", () => {
            const err = configErrors(() =>
                load("staging", (c) => {
                    c["app-platform:hosting"].framwork = "nextjs";
                    c["app-platform:domains"].primary = "not a host";
                    c["app-platform:secrets"].generated.cronSecret.bytes = 8;
                    c["app-platform:environment"] = "prod";
                }),
            );
            assert.ok(err.issues.length >= 4, err.message);
            for (const key of [
                "app-platform:hosting.framwork",
                "app-platform:domains.primary",
                "app-platform:secrets.generated.cronSecret.bytes",
                "app-platform:environment",
            ]) {
                issueFor(err, key);
            }
            assert.match(err.message, /^Stack "staging" has \d+ configuration errors/);
            assert.ok(!err.message.includes("    at "), "the message must not carry a stack trace");
        });

        it("names the missing hosting provider and required fields", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:hosting"].provider = "netlify")));
            assert.match(issueFor(err, "app-platform:hosting.provider"), /Expected .vercel. \| .cloudflare-pages./);
            const err2 = configErrors(() => load("staging", (c) => delete c["app-platform:hosting"].repository));
            assert.match(issueFor(err2, "app-platform:hosting.repository"), /required/);
        });

        it("rejects redirect domains on Cloudflare Pages without a zone for their rule, and a redirect to itself", () => {
            const err = configErrors(() =>
                load("mystic", (c) => {
                    c["app-platform:domains"].redirects = ["mystic-ecom.com"];
                    delete c["app-platform:dns"];
                }),
            );
            issueFor(err, "app-platform:domains.redirects");
            assert.match(issueFor(err, "app-platform:domains.redirects[0]"), /cannot redirect to itself/);
        });

        it("rejects a non-object section value", () => {
            const file = fromConfigMap(configMap("staging"));
            file.raw["app-platform:hosting"] = "vercel";
            const err = configErrors(() => loadStackConfig(file.raw, { stack: "staging", secretKeys: file.secretKeys, now: NOW }));
            assert.match(issueFor(err, "app-platform:hosting"), /expected an object/);
        });
    });

    describe("external key rotation", () => {
        const late = new Date("2027-02-01T00:00:00Z"); // resendApiKey (rotated 2026-08-01, 180 days) due 2027-01-28

        it("warns in staging when a key is past its rotation period", () => {
            const cfg = load("staging", undefined, late);
            const warning = cfg.warnings.find((w) => w.includes("resendApiKey"));
            assert.ok(warning, cfg.warnings.join("\n"));
            assert.match(warning, /was due for rotation on 2027-01-28 \(4 days ago\)/);
            assert.strictEqual(cfg.externalKeys.find((k) => k.name === "resendApiKey")?.status, "due");
        });

        it("only warns in production while within the grace period", () => {
            const cfg = load("production", undefined, late);
            assert.ok(cfg.warnings.some((w) => w.includes("resendApiKey")));
        });

        it("fails production once a key is past its period plus the grace", () => {
            const err = configErrors(() => load("production", undefined, new Date("2027-03-01T00:00:00Z")));
            assert.match(
                issueFor(err, "app-platform:secrets.external.resendApiKey.rotatedAt"),
                /was due for rotation on 2027-01-28 and is past the 14-day grace: rotate resendApiKey/,
            );
        });

        it("honours a configured grace", () => {
            const cfg = load("production", (c) => (c["app-platform:secrets"].graceDays = 60), new Date("2027-03-01T00:00:00Z"));
            assert.strictEqual(cfg.externalKeys.find((k) => k.name === "resendApiKey")?.status, "due");
        });

        it("rejects a rotation date in the future", () => {
            const err = configErrors(() => load("staging", (c) => (c["app-platform:secrets"].external.resendApiKey.rotatedAt = "2027-01-01")));
            assert.match(issueFor(err, "app-platform:secrets.external.resendApiKey.rotatedAt"), /in the future/);
        });
    });
});
