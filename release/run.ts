// A release command against a deployed stack: its config and hosting outputs as the Pulumi CLI reads
// them, the platform's adapter, the move, what it printed, and (with --notify) the announcement.
import { isNamedError } from "../shared/cli";
import { runUrl, setOutput } from "../shared/githubActions";
import { PulumiCliError, runPulumi } from "../shared/pulumiCli";
import { postToSlack } from "../shared/slack";
import { apiClient } from "../providers/webhooks/http";
import { readCliConfig, slackWebhookUrl } from "../stacks/cliConfig";
import { loadStackConfig, StackConfig } from "../stacks/config";
import { siteChecks } from "../stacks/siteChecks";
import { Announcement, released, rolledBack, stopped } from "./announce";
import { pagesRelease } from "./pages";
import type { ReleasePlatform } from "./platform";
import { describe, findBuild, promote, rebuild, ReleaseContext, ReleaseError, rollback, smokeTest } from "./release";
import { vercelRelease } from "./vercel";

export interface RunOptions {
    stack: string;
    cwd: string;
    deployment?: string;
    commit?: string;
    to?: string;
    approvedBy?: string;
    notify: boolean;
    rebuild: boolean;
    waitMinutes: number;
}

/** The Pulumi CLI's failure in its own words. */
async function pulumi<T>(what: () => Promise<T>): Promise<T> {
    try {
        return await what();
    } catch (err) {
        if (err instanceof PulumiCliError)
            throw new ReleaseError(`pulumi: ${err.message}${err.kind === "no-cli" ? ": install it (https://www.pulumi.com/docs/install/)" : ""}`);
        throw err;
    }
}

/** The platform the stack hosts on, with the token and API its config names. */
function platformOf(cfg: StackConfig, raw: Record<string, string>, hosting: { projectId?: string; projectName: string }): ReleasePlatform {
    const h = cfg.hosting;
    const tokenOf = (key: string, variable: string) => {
        const token = raw[key] ?? process.env[variable];
        if (!token) throw new ReleaseError(`no ${key.split(":")[0]} token: set ${variable}, or pulumi config set --secret ${key} --stack ${cfg.stack}`);
        return token;
    };
    if (h.provider === "vercel") {
        const request = apiClient({ service: "Vercel", baseUrl: h.redeploy.apiBaseUrl, auth: { bearer: tokenOf("vercel:apiToken", "VERCEL_API_TOKEN") } });
        return vercelRelease(
            request,
            { projectId: hosting.projectId!, projectName: hosting.projectName, teamId: raw["vercel:team"] },
            cfg.domains.primary,
            h.stagedReleases,
        );
    }
    const request = apiClient({
        service: "Cloudflare",
        baseUrl: h.redeploy.apiBaseUrl,
        auth: { bearer: tokenOf("cloudflare:apiToken", "CLOUDFLARE_API_TOKEN") },
    });
    return pagesRelease(request, { accountId: h.accountId, projectName: hosting.projectName });
}

export async function run(command: "smoke" | "promote" | "rollback" | "status", o: RunOptions): Promise<number> {
    const { raw, secretKeys } = await pulumi(() => readCliConfig(o.stack, o.cwd, { timeoutMs: 120_000 }));
    const cfg = loadStackConfig(raw, { stack: o.stack, secretKeys, now: new Date() });
    const outputs = JSON.parse(await pulumi(() => runPulumi(["stack", "output", "--json", "--stack", o.stack], { cwd: o.cwd, timeoutMs: 120_000 })));
    const hosting = outputs?.hosting as { projectId?: string; projectName: string } | undefined;
    if (!hosting?.projectId) {
        // A stack's first deploy: its project does not exist yet, so nothing was built to release.
        if (command === "smoke") {
            console.log(`stack ${o.stack} has no hosting project yet (its first pulumi up creates it): nothing to smoke-test`);
            return 0;
        }
        throw new ReleaseError(`stack ${o.stack} has no hosting project yet: run pulumi up first`);
    }
    const platform = platformOf(cfg, raw, hosting);
    const ctx: ReleaseContext = {
        platform,
        checks: siteChecks(cfg),
        wait: { timeoutMs: o.waitMinutes * 60_000, pollMs: 5_000 },
        log: (line) => console.log(line),
    };
    const announcement: Announcement = { app: `${cfg.name} ${cfg.environment}`, siteUrl: cfg.siteUrl, run: runUrl() };
    const notify = async (text: string) => {
        if (!o.notify) return;
        try {
            const url = slackWebhookUrl(raw);
            if (!url) return console.log("notify: the stack declares no Slack alert channel (monitoring.alerts.slack): not announced");
            await postToSlack(url, text);
            console.log("notify: posted to the stack's Slack alert channel");
        } catch (err) {
            console.log(`notify: not posted: ${(err as Error).message}`);
        }
    };

    if (command === "status") {
        const live = await platform.live();
        console.log(
            `${announcement.app} (${platform.title}${platform.staged ? ", staged production builds" : ""}): production serves ${live ?? "nothing yet"}`,
        );
        for (const d of await platform.deployments()) console.log(`  ${d.id === live ? "live " : "     "} ${d.state.padEnd(8)} ${describe(d)}`);
        return 0;
    }
    const what = command === "rollback" ? "the rollback" : `the release of ${o.commit ?? o.deployment}`;
    try {
        if (command === "rollback") {
            const moved = await rollback(ctx, o.to);
            console.log(`production serves ${describe(moved.to)} again (it served ${moved.from})`);
            await notify(rolledBack(announcement, moved.to, moved.from!, process.env.GITHUB_ACTOR));
            return 0;
        }
        const build = await findBuild(ctx, { id: o.deployment, commit: o.commit });
        setOutput("deployment", build.id);
        if (command === "smoke") {
            // Where the push publishes its build (Pages, an unstaged project), a failure puts an earlier one back.
            const published = !platform.staged && (await platform.deployments()).find((x) => x.state !== "failed")?.id === build.id;
            await (published ? promote(ctx, build) : smokeTest(ctx, build));
            console.log(`${build.id} passed its smoke test${published ? " (the push published it: it serves production)" : ""}`);
            return 0;
        }
        // A staged build is built again with the env vars `pulumi up` may have changed; elsewhere the push's build is the release.
        if (o.rebuild && !platform.staged) console.log(`${platform.title} does not stage this stack's builds: no rebuild, the push's build is the release`);
        const moved = await promote(ctx, o.rebuild && platform.staged ? await rebuild(ctx, build) : build);
        if (moved) {
            console.log(`production serves ${describe(moved.to)}`);
            await notify(released(announcement, moved.to, moved.from, o.approvedBy));
        }
        return 0;
    } catch (err) {
        // The platform's refusal (ApiError: its status and words, no credential) stops a release as a failed check does.
        if (!(err instanceof ReleaseError) && !isNamedError(err, "ApiError")) throw err;
        console.log(`${what} stopped: ${(err as Error).message}`);
        await notify(stopped(announcement, what, (err as Error).message, await platform.live().catch(() => null)));
        return 1;
    }
}
