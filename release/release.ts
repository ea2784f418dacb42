// The release's moves, whatever the platform: find a production build, smoke-test it at its own
// address, promote it, roll back. Each says what it did, and none moves production's domains unless
// its checks passed: a failed smoke test or a refused promotion leaves the live deployment serving.
import { DeploymentFailed, pollUntil, WaitOptions } from "../providers/deployments/poll";
import type { SiteCheck } from "../stacks/siteChecks";
import { commitText, Deployment, ReleasePlatform } from "./platform";
import { renderSmoke, smoke } from "./smoke";

/** A release that did not happen, in words (no stack trace): production keeps what it served. */
export class ReleaseError extends Error {
    name = "ReleaseError";
}

export interface ReleaseContext {
    platform: ReleasePlatform;
    checks: SiteCheck[];
    /** How long a build may take to be ready, and production's domains to move. */
    wait: WaitOptions;
    log: (line: string) => void;
}

export const describe = (d: Deployment) => `${d.id} (${d.url}${d.commit.sha ? `, ${commitText(d)}` : ""})`;

/** Waits for `look`; a late or failed build is a ReleaseError. */
async function waitFor<T>(look: () => Promise<{ done: T } | { state: string }>, wait: WaitOptions, late: (state: string) => string): Promise<T> {
    try {
        return await pollUntil(look, wait, late);
    } catch (err) {
        if (err instanceof DeploymentFailed) throw new ReleaseError(err.message);
        throw err;
    }
}

/** The production build to release: by id, or the newest of a commit; waits while it builds. */
export async function findBuild(ctx: ReleaseContext, select: { id?: string; commit?: string }): Promise<Deployment> {
    const { platform, wait } = ctx;
    const what = select.id ? `deployment ${select.id}` : `the production build of commit ${select.commit}`;
    return waitFor<Deployment>(
        async () => {
            const all = await platform.deployments();
            // A commit may have several builds (a cancelled one, a rebuild): the newest that did not fail.
            const mine = all.filter((x) => (select.id ? x.id === select.id : x.commit.sha === select.commit));
            const d = mine.find((x) => x.state !== "failed") ?? mine[0];
            if (!d) return { state: "not there yet" };
            if (d.state === "failed") throw new ReleaseError(`${platform.title} ${what} failed to build (${d.url}): nothing to release`);
            return d.state === "ready" ? { done: d } : { state: "building" };
        },
        wait,
        (state) => `${platform.title}: ${what} is ${state} after ${Math.round(wait.timeoutMs / 60_000)} min (--wait): nothing was released`,
    );
}

/** Builds `d`'s commit again with the env vars of now (after a pulumi up changed them) and waits for it. */
export async function rebuild(ctx: ReleaseContext, d: Deployment): Promise<Deployment> {
    if (!ctx.platform.rebuild) throw new ReleaseError(`${ctx.platform.title} publishes each push itself: there is no staged build to rebuild`);
    ctx.log(`rebuilding ${d.id} with the project's env vars of now`);
    let id: string;
    try {
        id = await ctx.platform.rebuild(d, ctx.wait);
    } catch (err) {
        // The platform's first sentence says what became of the build; the rest is the redeploy's advice.
        if (err instanceof DeploymentFailed) throw new ReleaseError(`the rebuild of ${d.id} did not become ready: ${err.message.split(". ")[0]}`);
        throw err;
    }
    return findBuild(ctx, { id });
}

/** Smoke-tests `d` at its own address; throws when a check fails. */
export async function smokeTest(ctx: ReleaseContext, d: Deployment): Promise<void> {
    const results = await smoke(d.url, ctx.checks, ctx.platform.smokeHeaders(d.url));
    ctx.log(renderSmoke(d.url, results));
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) throw new ReleaseError(`the smoke test of ${d.id} failed (${failed.map((r) => `${r.path}: ${r.found}`).join("; ")})`);
}

/** Waits until production's domains serve `d`. */
async function untilLive(ctx: ReleaseContext, d: Deployment): Promise<void> {
    await waitFor(
        async () => {
            const live = await ctx.platform.live();
            return live === d.id ? { done: undefined } : { state: `serving ${live ?? "nothing"}` };
        },
        ctx.wait,
        (state) =>
            `${ctx.platform.title} accepted the move to ${d.id}, but production's domains are still ${state} after ${Math.round(ctx.wait.timeoutMs / 60_000)} min`,
    );
}

export interface Moved {
    from: string | null;
    to: Deployment;
}

/**
 * Staged platforms: smoke-tests `d` again (the gate holds at the moment of the move), then points
 * production at it. Where the push publishes a build by itself (Pages, an unstaged Vercel project):
 * waits until the newest build serves, smoke-tests it there, and on a failure puts back the newest
 * earlier deployment that passes. Never moves production to a build older than the live one: that
 * is a rollback (--to).
 */
export async function promote(ctx: ReleaseContext, d: Deployment): Promise<Moved | undefined> {
    const { platform } = ctx;
    const all = await platform.deployments();
    const from = await platform.live();
    const live = all.find((x) => x.id === from);
    if (from === d.id && platform.staged) {
        ctx.log(`${d.id} already serves production: nothing to do`);
        return undefined;
    }
    const published = !platform.staged && all.find((x) => x.state !== "failed")?.id === d.id;
    if (published) {
        await untilLive(ctx, d);
        try {
            await smokeTest(ctx, d);
        } catch (err) {
            if (!(err instanceof ReleaseError)) throw err;
            const back = await recover(ctx, d);
            throw new ReleaseError(
                `${err.message}; ${back ? `production was put back on ${back.id}` : "no earlier deployment passes its smoke test: production still serves it"}`,
            );
        }
        return { from: from === d.id ? null : from, to: d };
    }
    if (live && d.created < live.created)
        throw new ReleaseError(`${d.id} is older than the live ${live.id}: going back is a rollback (npm run release -- rollback --to ${d.id})`);
    await smokeTest(ctx, d);
    await platform.promote(d);
    await untilLive(ctx, d);
    return { from, to: d };
}

/** After a published build failed: the newest earlier deployment that passes its smoke test, back on production. */
async function recover(ctx: ReleaseContext, failed: Deployment): Promise<Deployment | undefined> {
    const candidates = (await ctx.platform.rollbackTargets()).filter((x) => x.state === "ready" && x.created < failed.created);
    for (const c of candidates) {
        try {
            await smokeTest(ctx, c);
        } catch (err) {
            if (err instanceof ReleaseError) continue;
            throw err;
        }
        await ctx.platform.rollback(c);
        await untilLive(ctx, c);
        return c;
    }
    return undefined;
}

/** Production back to `to` (an id), or to the newest deployment that served it before the live one. */
export async function rollback(ctx: ReleaseContext, to?: string): Promise<Moved> {
    const { platform } = ctx;
    const from = await platform.live();
    if (!from) throw new ReleaseError(`${platform.title}: production serves no deployment yet: there is nothing to roll back`);
    const targets = (await platform.rollbackTargets()).filter((d) => d.state === "ready" && d.id !== from);
    let target: Deployment | undefined;
    if (to) {
        target = targets.find((d) => d.id === to);
        if (!target)
            throw new ReleaseError(
                `${to} is not a deployment production can go back to (one that served it before)${targets.length > 0 ? `; these are: ${targets.map((d) => d.id).join(", ")}` : ""}`,
            );
    } else {
        const live = (await platform.deployments()).find((d) => d.id === from);
        target = targets.find((d) => !live || d.created < live.created);
        if (!target) throw new ReleaseError(`${platform.title}: no earlier deployment served production: there is nothing to roll back to`);
    }
    await platform.rollback(target);
    await untilLive(ctx, target);
    return { from, to: target };
}
