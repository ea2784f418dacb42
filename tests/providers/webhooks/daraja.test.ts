import * as assert from "assert";
import { createServer } from "http";
import type { AddressInfo } from "net";
import { darajaClient, registerC2bUrls } from "../../../providers/webhooks/daraja";
import { mpesaC2bProvider, MpesaC2bUrlsProps } from "../../../providers/webhooks/darajaProvider";
import { FakeDaraja, startFakeDaraja } from "../../support/fakes/daraja";
import { ProviderHost, startProviderHost } from "../../support/providerHost";

const KEY = "daraja-consumer-key-value";
const SECRET = "daraja-consumer-secret-value";
const SHORTCODE = "4012345";
const urls = { confirmationUrl: "https://api.smartduka.com/payments/c2b/confirmation", validationUrl: "https://api.smartduka.com/payments/c2b/validation" };
const reg = (extra = {}) => ({ shortCode: SHORTCODE, responseType: "Completed" as const, ...urls, ...extra });

describe("Daraja C2B URL registration engine (against a local Daraja)", function () {
    this.timeout(30_000);
    let mpesa: FakeDaraja;
    const start = async (environment: "sandbox" | "production" = "production") =>
        (mpesa = await startFakeDaraja({ environment, consumerKey: KEY, consumerSecret: SECRET, shortcodes: [SHORTCODE, "600984"] }));
    const client = (key = KEY, secret = SECRET) => darajaClient({ baseUrl: mpesa.url, consumerKey: key, consumerSecret: secret, maxDelayMs: 20 });
    afterEach(async () => {
        assert.deepStrictEqual(mpesa.violations, []);
        await mpesa.close();
    });

    it("takes a token by client credentials, then registers with Daraja's field names; the URLs are what the fake holds", async () => {
        await start();
        const done = await registerC2bUrls(await client(), reg());
        assert.match(done.conversationId, /-1$/);
        assert.strictEqual(done.description, "Success");
        const [oauth, post] = mpesa.requests;
        assert.strictEqual(oauth.path, "/oauth/v1/generate");
        assert.strictEqual(oauth.query.get("grant_type"), "client_credentials");
        assert.strictEqual(oauth.headers.authorization, `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString("base64")}`);
        assert.deepStrictEqual(post.json, {
            ShortCode: SHORTCODE,
            ResponseType: "Completed",
            ConfirmationURL: urls.confirmationUrl,
            ValidationURL: urls.validationUrl,
        });
        assert.match(String(post.headers.authorization), /^Bearer /);
        assert.deepStrictEqual(mpesa.registered.get(SHORTCODE), {
            ResponseType: "Completed",
            ConfirmationURL: urls.confirmationUrl,
            ValidationURL: urls.validationUrl,
        });
    });

    it("wrong credentials: Daraja's words and the config keys to fix, never the key or secret", async () => {
        await start();
        await assert.rejects(client(KEY, "wrong-secret-value"), (err: Error) => {
            assert.match(err.message, /Daraja GET \/oauth\/v1\/generate → 400: Invalid Authentication passed \(code 400\.008\.01\)/);
            assert.match(err.message, /app-platform:mpesaConsumerKey, app-platform:mpesaConsumerSecret/);
            assert.ok(!err.message.includes(KEY) && !err.message.includes("wrong-secret-value"));
            return true;
        });
        assert.strictEqual(mpesa.registered.size, 0);
    });

    it("an expired token is Daraja's 401 with its message, and the token never appears in it", async () => {
        await start();
        const api = await client();
        mpesa.expireTokens();
        await assert.rejects(registerC2bUrls(api, reg()), (err: Error) => {
            assert.match(err.message, /→ 401: Invalid Access Token \(code 404\.001\.03\)/);
            for (const t of mpesa.tokens) assert.ok(!err.message.includes(t));
            return true;
        });
    });

    it("refuses what Daraja refuses: a shortcode the app does not hold, a bad ResponseType, an http URL in production, a URL with a filtered word", async () => {
        await start();
        const api = await client();
        const refused = async (r: object, field: string) =>
            assert.rejects(registerC2bUrls(api, reg(r)), new RegExp(`→ 400: Bad Request - Invalid ${field} \\(code 400\\.002\\.02\\)`));
        await refused({ shortCode: "174379" }, "ShortCode");
        await refused({ responseType: "completed" }, "ResponseType");
        await refused({ confirmationUrl: "http://api.smartduka.com/payments/c2b/confirmation" }, "ConfirmationURL");
        await refused({ validationUrl: "https://api.smartduka.com/mpesa/validation" }, "ValidationURL");
        assert.strictEqual(mpesa.registered.size, 0);
    });

    it("retries 503 storms, 429s and a dropped connection, then registers once", async () => {
        await start();
        const api = await client();
        mpesa.methodFaults.POST = [{ status: 503, retryAfter: 0 }, { status: 429, retryAfter: 0 }, "drop"];
        await registerC2bUrls(api, reg());
        assert.strictEqual(mpesa.requests.filter((r) => r.method === "POST").length, 4);
        assert.strictEqual(mpesa.registered.size, 1);
    });

    it("a registration whose answer is lost is resent safely (the sandbox takes the same URLs again)", async () => {
        await start("sandbox");
        const api = await client();
        mpesa.methodFaults.POST = ["drop-after"];
        await registerC2bUrls(api, reg({ shortCode: "600984", confirmationUrl: "http://localhost:3000/payments/c2b/confirmation" }));
        assert.strictEqual(mpesa.registered.get("600984")!.ConfirmationURL, "http://localhost:3000/payments/c2b/confirmation");
    });

    it("production registers once: a second registration is refused with Daraja's words", async () => {
        await start();
        await registerC2bUrls(await client(), reg());
        const posts = () => mpesa.requests.filter((r) => r.method === "POST").length;
        const before = posts();
        await assert.rejects(registerC2bUrls(await client(), reg({ responseType: "Cancelled" })), /Urls are already registered/);
        assert.strictEqual(posts() - before, 1, "Daraja's final word (a 500) is not retried");
        assert.strictEqual(mpesa.registered.get(SHORTCODE)!.ResponseType, "Completed");
    });

    it('a host that cannot be reached: the system\'s reason and the host, not just "fetch failed"', async () => {
        await start();
        // A port that was free a moment ago: nothing listens there.
        const closed = await new Promise<number>((done) => {
            const probe = createServer().listen(0, "127.0.0.1", () => {
                const { port } = probe.address() as AddressInfo;
                probe.close(() => done(port));
            });
        });
        await assert.rejects(
            darajaClient({ baseUrl: `http://127.0.0.1:${closed}`, consumerKey: KEY, consumerSecret: SECRET, maxDelayMs: 5 }),
            (err: Error & { code?: string }) => {
                assert.match(err.message, /^Daraja GET \/oauth\/v1\/generate failed: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
                assert.strictEqual(err.code, "ECONNREFUSED");
                return true;
            },
        );
        await assert.rejects(
            darajaClient({ baseUrl: "http://daraja.invalid", consumerKey: KEY, consumerSecret: SECRET, maxDelayMs: 5 }),
            /failed: fetch failed \(getaddrinfo ENOTFOUND daraja\.invalid\)/,
        );
    });
});

describe("MpesaC2bUrls, through the SDK's dynamic-provider host over gRPC", function () {
    this.timeout(60_000);
    let host: ProviderHost;
    let mpesa: FakeDaraja;
    before(async () => (host = await startProviderHost(mpesaC2bProvider)));
    after(async () => host?.stop());
    afterEach(async () => mpesa?.close());
    const props = (extra: Partial<MpesaC2bUrlsProps> = {}): MpesaC2bUrlsProps => ({
        environment: "production",
        apiBaseUrl: mpesa.url,
        consumerKey: KEY,
        consumerSecret: SECRET,
        shortCode: SHORTCODE,
        responseType: "Completed",
        ...urls,
        ...extra,
    });

    it("create registers; new credentials alone change nothing; a new shortcode replaces; delete leaves the portal step", async () => {
        mpesa = await startFakeDaraja({ environment: "production", consumerKey: KEY, consumerSecret: SECRET, shortcodes: [SHORTCODE] });
        const created = await host.create(props());
        assert.deepStrictEqual([created.id, created.outs.status], [`production:${SHORTCODE}`, "registered"]);
        assert.strictEqual((await host.diff(created.id, created.outs, props({ consumerSecret: "rotated-secret" }))).changes, false);
        assert.deepStrictEqual((await mpesaC2bProvider.diff!(created.id, created.outs as any, props({ shortCode: "4099999" }))).replaces, ["shortCode"]);
        const before = host.stderr().length;
        await host.delete(created.id, created.outs);
        assert.match(await host.printed(before), /Daraja keeps the C2B URLs of shortcode 4012345 .* Self Service → URL Management/);
    });

    it("production: new URLs for a registered shortcode fail with the portal step and change nothing; at create, URLs already there are taken over with a warning", async () => {
        mpesa = await startFakeDaraja({ environment: "production", consumerKey: KEY, consumerSecret: SECRET, shortcodes: [SHORTCODE] });
        const created = await host.create(props());
        const moved = props({ confirmationUrl: "https://api.smartduka.com/payments/c2b/confirm" });
        await assert.rejects(host.update(created.id, created.outs, moved), (err: Error) => {
            assert.match(
                err.message,
                /Daraja refused the new C2B URLs for shortcode 4012345: production registers them once .*delete the URLs registered for shortcode 4012345, then run pulumi up again; nothing was changed/,
            );
            assert.ok(!err.message.includes(SECRET) && !err.message.includes(KEY));
            return true;
        });
        assert.strictEqual(mpesa.registered.get(SHORTCODE)!.ConfirmationURL, urls.confirmationUrl);
        const before = host.stderr().length;
        const again = await host.create(props());
        assert.strictEqual(again.outs.status, "adopted");
        assert.match(await host.printed(before), /warning: Daraja already has C2B URLs for shortcode 4012345; they cannot be read back/);
    });

    it("the serialized provider carries no credential", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const { text } = await pulumi.runtime.serializeFunction(() => mpesaC2bProvider, { allowSecrets: false });
        assert.ok(!text.includes(KEY) && !text.includes(SECRET));
    });
});
