// Releases against the local Vercel and Pages APIs and a local site: a staged build is smoke-tested
// at its own address with the uptime checks' list, then promoted; a failing smoke test leaves
// production's domains on the old deployment; a rollback puts back the one that served before.
import assert from "assert";
import { apiClient } from "../../providers/webhooks/http";
import { pagesRelease } from "../../release/pages";
import { findBuild, promote, rebuild, ReleaseContext, ReleaseError, rollback } from "../../release/release";
import { SITE_OVERRIDE, smoke } from "../../release/smoke";
import { BYPASS_VARIABLE, vercelRelease } from "../../release/vercel";
import { released, rolledBack, stopped } from "../../release/announce";
import { siteChecks } from "../../stacks/siteChecks";
import { SECURITY_HEADERS } from "../../stacks/schema";
import { FakePages, startFakePages } from "../support/fakes/pages";
import { FakeSite, startFakeSite } from "../support/fakes/site";
import { FakeVercel, startFakeVercel } from "../support/fakes/vercel";

const TOKEN = "test-token";
const DOMAIN = "shop.example.com";
const SHA = (n: number) => String(n).repeat(40).slice(0, 40);
const checks = siteChecks({ hosting: { securityHeaders: SECURITY_HEADERS } as never, monitoring: undefined });
const wait = { timeoutMs: 2_000, pollMs: 10 };

/** Hosts that serve a broken app: /api/health answers 500 there. */
const broken = new Set<string>();
/** Hosts that lost a header. */
const headerless = new Set<string>();
/** Hosts whose / redirects to the canonical domain (the app's own redirect). */
const canonical = new Set<string>();

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<ReleaseError> {
    try {
        await p;
    } catch (err) {
        assert.ok(err instanceof ReleaseError, `a ReleaseError, not ${(err as Error).stack}`);
        assert.match(err.message, pattern);
        return err;
    }
    assert.fail("expected a ReleaseError");
}

describe("npm run release: a release against the local Vercel and Pages APIs", () => {
    let site: FakeSite;
    before(async () => {
        site = await startFakeSite((host, path) => {
            if (!["/", "/api/health", "/home"].includes(path)) return undefined;
            if (broken.has(host) && path === "/api/health") return { status: 500 };
            if (canonical.has(host) && path === "/") return { status: 308, headers: { location: `https://${DOMAIN}/` } };
            // A same-host redirect is followed: / → /home.
            if (path === "/" && host.startsWith("moved-")) return { status: 307, headers: { location: "/home" } };
            const headers = { ...SECURITY_HEADERS };
            if (headerless.has(host)) delete headers["X-Frame-Options"];
            return { status: 200, headers: path === "/" || path === "/home" ? headers : {} };
        });
        process.env[SITE_OVERRIDE] = site.url;
    });
    after(async () => {
        delete process.env[SITE_OVERRIDE];
        delete process.env[BYPASS_VARIABLE];
        await site.close();
    });
    afterEach(() => {
        broken.clear();
        headerless.clear();
        canonical.clear();
    });

    it("a redirect within the deployment's host is followed, as Checkly follows it", async () => {
        const results = await smoke("https://moved-abc.vercel.app", checks);
        assert.deepStrictEqual(
            results.map((r) => [r.path, r.ok, r.found]),
            [
                ["/", true, "200"],
                ["/api/health", true, "200"],
            ],
        );
        assert.deepStrictEqual(
            site.seen.slice(-3).map((x) => `${x.host}${x.path}`),
            ["moved-abc.vercel.app/", "moved-abc.vercel.app/home", "moved-abc.vercel.app/api/health"],
        );
    });

    it("the body's JSON fields are asserted as the uptime checks assert them: missing, different, or not JSON fails", async () => {
        const health = [
            {
                slug: "-api-health",
                path: "/api/health",
                status: 200,
                headers: {},
                json: { "$.status": "healthy", "$.services.redis": "healthy", "$.n": 2 },
                degradedMs: 3000,
                failMs: 5000,
            },
        ];
        const bodies: Record<string, unknown> = {
            "good.vercel.app": { status: "healthy", services: { redis: "healthy" }, n: 2 },
            "down.vercel.app": { status: "healthy", services: { redis: "down" } },
        };
        const local = await startFakeSite((host) => (host in bodies ? { status: 200, json: bodies[host] } : { status: 200 }));
        process.env[SITE_OVERRIDE] = local.url;
        try {
            assert.deepStrictEqual(
                (await smoke("https://good.vercel.app", health)).map((r) => [r.ok, r.found]),
                [[true, "200"]],
            );
            assert.deepStrictEqual(
                (await smoke("https://down.vercel.app", health)).map((r) => [r.ok, r.found]),
                [[false, '$.services.redis: "down" (expected healthy), $.n missing (expected 2)']],
            );
            assert.deepStrictEqual(
                (await smoke("https://text.vercel.app", health)).map((r) => [r.ok, r.found]),
                [[false, "the body is not JSON (expected $.status, $.services.redis, $.n)"]],
            );
        } finally {
            process.env[SITE_OVERRIDE] = site.url;
            await local.close();
        }
    });

    describe("Vercel, staged production builds", () => {
        let vercel: FakeVercel;
        let ctx: ReleaseContext;
        const log: string[] = [];
        const projectId = "prj_release";
        beforeEach(async () => {
            vercel = await startFakeVercel(TOKEN);
            vercel.addDomain(projectId, DOMAIN);
            const request = apiClient({ service: "Vercel", baseUrl: vercel.url, auth: { bearer: TOKEN }, retries: 0 });
            ctx = { platform: vercelRelease(request, { projectId, projectName: "shop" }, DOMAIN, true), checks, wait, log: (l) => log.push(l) };
            log.length = 0;
        });
        afterEach(async () => {
            assert.deepStrictEqual(vercel.violations, []);
            await vercel.close();
        });
        /** Production serves the first push; the project is staged from then on, and a second push builds without going live. */
        function twoPushes() {
            const old = vercel.addProductionDeployment(projectId, "shop", { sha: SHA(1), message: "first" });
            vercel.setAutoAssign(projectId, false);
            const staged = vercel.addProductionDeployment(projectId, "shop", { sha: SHA(2), message: "second\nbody" });
            assert.strictEqual(vercel.production(projectId)!.uid, old.uid, "a staged build does not go live by itself");
            return { old, staged };
        }

        it("finds the commit's staged build, smoke-tests it at its own address, promotes it; the announcement names it", async () => {
            const { old, staged } = twoPushes();
            const build = await findBuild(ctx, { commit: SHA(2) });
            assert.strictEqual(build.id, staged.uid);
            assert.strictEqual(build.url, `https://${staged.url}`);
            const moved = await promote(ctx, build);
            assert.deepStrictEqual([moved?.from, moved?.to.id], [old.uid, staged.uid]);
            assert.strictEqual(vercel.production(projectId)!.uid, staged.uid);
            // The smoke test asked the staged build's own host for each uptime path, not production's domain.
            assert.deepStrictEqual(
                site.seen.slice(-2).map((s) => `${s.host}${s.path}`),
                [`${staged.url}/`, `${staged.url}/api/health`],
            );
            assert.match(log.join("\n"), /ok {3}\/: 200\n {2}ok {3}\/api\/health: 200/);
            const text = released(
                { app: "shop production", siteUrl: `https://${DOMAIN}`, run: "https://github.com/o/r/actions/runs/1" },
                build,
                old.uid,
                "alice",
            );
            assert.match(text, new RegExp(`released commit 2222222 "second" \\(${staged.uid}\\); it replaces ${old.uid}\\. Approved by alice\\.`));
            assert.match(text, /site https:\/\/shop\.example\.com · deployment https:\/\/.+ · run https:\/\/github\.com\/o\/r\/actions\/runs\/1/);
        });

        it("a promotion Vercel queues (202) is waited for until production's domain serves the build", async () => {
            const { staged } = twoPushes();
            vercel.promoteLag = 3;
            const moved = await promote(ctx, await findBuild(ctx, { commit: SHA(2) }));
            assert.strictEqual(moved?.to.id, staged.uid);
            assert.strictEqual(vercel.production(projectId)!.uid, staged.uid);
        });

        it("--rebuild: the same commit built again with the env vars of now, smoke-tested and promoted", async () => {
            const { staged } = twoPushes();
            vercel.envOf = () => ({ FEATURE: "on" });
            const build = await rebuild(ctx, await findBuild(ctx, { commit: SHA(2) }));
            const rebuilt = vercel.deployments.get(build.id)!;
            assert.deepStrictEqual([rebuilt.redeployOf, rebuilt.env, build.commit.sha], [staged.uid, { FEATURE: "on" }, SHA(2)]);
            assert.strictEqual(vercel.production(projectId)!.uid === rebuilt.uid, false, "a rebuild is staged like any production build");
            await promote(ctx, build);
            assert.strictEqual(vercel.production(projectId)!.uid, rebuilt.uid);
        });

        it("a failing smoke test stops the promotion: production's domains keep serving the old deployment", async () => {
            const { old, staged } = twoPushes();
            broken.add(staged.url);
            const build = await findBuild(ctx, { commit: SHA(2) });
            await rejects(promote(ctx, build), /the smoke test of dpl_\S+ failed \(\/api\/health: 500 \(expected 200\)\)/);
            assert.strictEqual(vercel.production(projectId)!.uid, old.uid);
            // Each failed check is retried once, as Checkly's double check does.
            assert.strictEqual(site.seen.filter((s) => s.host === staged.url && s.path === "/api/health").length, 2);
            assert.match(
                stopped({ app: "shop production", siteUrl: `https://${DOMAIN}` }, "the release of x", "it failed", old.uid),
                new RegExp(`shop production: the release of x stopped: it failed\\. Production keeps serving ${old.uid}\\.`),
            );
        });

        it("a missing security header fails the smoke test as the uptime check of / would", async () => {
            const { staged } = twoPushes();
            headerless.add(staged.url);
            await rejects(promote(ctx, await findBuild(ctx, { id: staged.uid })), /\/: X-Frame-Options missing \(expected DENY\)/);
        });

        it("a redirect to another host is not followed (it would test production, and carry the bypass there)", async () => {
            const { old, staged } = twoPushes();
            canonical.add(staged.url);
            process.env[BYPASS_VARIABLE] = "bypass-secret";
            await rejects(
                promote(ctx, await findBuild(ctx, { id: staged.uid })),
                /\/: 308 to https:\/\/shop\.example\.com \(another host: not followed; expected 200 here\)/,
            );
            delete process.env[BYPASS_VARIABLE];
            assert.ok(!site.seen.some((s) => s.host === DOMAIN), "nothing was asked of production's domain");
            assert.strictEqual(vercel.production(projectId)!.uid, old.uid);
        });

        it("a build older than the live one is not promoted: going back is a rollback", async () => {
            const { old, staged } = twoPushes();
            await promote(ctx, await findBuild(ctx, { commit: SHA(2) }));
            await rejects(
                promote(ctx, await findBuild(ctx, { id: old.uid })),
                new RegExp(`${old.uid} is older than the live ${staged.uid}: going back is a rollback`),
            );
            assert.strictEqual(vercel.production(projectId)!.uid, staged.uid);
        });

        it("the protection bypass goes to the deployment's vercel.app host only", async () => {
            const { staged } = twoPushes();
            process.env[BYPASS_VARIABLE] = "bypass-secret";
            await promote(ctx, await findBuild(ctx, { commit: SHA(2) }));
            assert.strictEqual(site.seen.at(-1)!.headers["x-vercel-protection-bypass"], "bypass-secret");
            assert.deepStrictEqual(ctx.platform.smokeHeaders("https://shop.example.com/"), {});
            assert.ok(staged.url.endsWith(".vercel.app"));
            delete process.env[BYPASS_VARIABLE];
        });

        it("rollback puts back the deployment that served before; --to must be one that served production", async () => {
            const { old, staged } = twoPushes();
            await promote(ctx, await findBuild(ctx, { commit: SHA(2) }));
            const never = vercel.addProductionDeployment(projectId, "shop", { sha: SHA(3), message: "third" });
            await rejects(rollback(ctx, never.uid), new RegExp(`${never.uid} is not a deployment production can go back to .*these are: ${old.uid}`));
            const back = await rollback(ctx);
            assert.deepStrictEqual([back.from, back.to.id], [staged.uid, old.uid]);
            assert.strictEqual(vercel.production(projectId)!.uid, old.uid);
            assert.match(
                rolledBack({ app: "shop production", siteUrl: `https://${DOMAIN}` }, back.to, staged.uid, "bob"),
                /rolled back from dpl_\S+ to dpl_\S+, commit 1111111 "first"\. By bob\./,
            );
        });

        it("a build that failed, or never came, releases nothing and says so", async () => {
            twoPushes();
            await rejects(
                findBuild(ctx, { commit: SHA(9) }),
                /the production build of commit 9{40} is not there yet after 0 min \(--wait\): nothing was released/,
            );
            const old = vercel.production(projectId)!;
            const failed = vercel.addProductionDeployment(projectId, "shop", { sha: SHA(4), message: "broken" });
            failed.readyState = "ERROR";
            await rejects(findBuild(ctx, { commit: SHA(4) }), /failed to build .*nothing to release/);
            assert.strictEqual(vercel.production(projectId)!.uid, old.uid);
        });
    });

    describe("Cloudflare Pages: the push published the build; a failing smoke test rolls back", () => {
        let pages: FakePages;
        let ctx: ReleaseContext;
        const account = "a".repeat(32);
        beforeEach(async () => {
            pages = await startFakePages(TOKEN, account, (name) => (name === "shop" ? { productionBranch: "main" } : undefined));
            const request = apiClient({ service: "Cloudflare", baseUrl: pages.url, auth: { bearer: TOKEN }, retries: 0 });
            ctx = { platform: pagesRelease(request, { accountId: account, projectName: "shop" }), checks, wait, log: () => undefined };
        });
        afterEach(async () => {
            assert.deepStrictEqual(pages.violations, []);
            await pages.close();
        });
        const hostOf = (d: { id: string }) => `${d.id.slice(0, 8)}.shop.pages.dev`;

        it("a published build that passes stays; one that fails is rolled back to the one before", async () => {
            const first = pages.addProductionDeployment("shop", "main", { sha: SHA(1), message: "first" });
            const second = pages.addProductionDeployment("shop", "main", { sha: SHA(2), message: "second" });
            const moved = await promote(ctx, await findBuild(ctx, { commit: SHA(2) }));
            assert.strictEqual(moved?.to.id, second.id);
            const third = pages.addProductionDeployment("shop", "main", { sha: SHA(3), message: "third" });
            broken.add(hostOf(third));
            await rejects(
                promote(ctx, await findBuild(ctx, { commit: SHA(3) })),
                new RegExp(`smoke test of ${third.id} failed .*production was put back on ${second.id}`),
            );
            assert.strictEqual(pages.production("shop")!.id, second.id);
            // A later bad build goes back to the newest earlier one that passes, not to the bad one before it.
            const fourth = pages.addProductionDeployment("shop", "main", { sha: SHA(4), message: "fourth" });
            broken.add(hostOf(fourth));
            await rejects(promote(ctx, await findBuild(ctx, { commit: SHA(4) })), new RegExp(`production was put back on ${second.id}`));
            assert.strictEqual(pages.production("shop")!.id, second.id);
            // And forward again to any successful production build, as Pages' rollback allows.
            await rollback(ctx, first.id);
            assert.strictEqual(pages.production("shop")!.id, first.id);
            const ahead = await promote(ctx, await findBuild(ctx, { id: second.id }));
            assert.deepStrictEqual([ahead?.from, pages.production("shop")!.id], [first.id, second.id]);
        });
    });
});
