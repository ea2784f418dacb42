// What a release asks of a hosting platform, whatever it is: its production deployments, the one
// production's domains serve, and the moves (promote, roll back). Each platform is an adapter
// (vercel.ts, pages.ts); nothing else in release/ names one.
import type { WaitOptions } from "../providers/deployments/poll";

export interface Deployment {
    id: string;
    /** Its own address (https://…), whether or not production's domains point at it. */
    url: string;
    state: "building" | "ready" | "failed";
    created: number;
    commit: { sha?: string; ref?: string; message?: string };
}

export interface ReleasePlatform {
    /** Named in messages, e.g. "Vercel". */
    title: string;
    /** Production deployments, newest first. */
    deployments(): Promise<Deployment[]>;
    /** The deployment production's domains serve now; null before the first. */
    live(): Promise<string | null>;
    /** Headers a smoke test needs to reach `url` (Vercel's protection bypass); never sent elsewhere. */
    smokeHeaders(url: string): Record<string, string>;
    /** Whether a new production build waits for promote (staged) or goes live by itself. */
    staged: boolean;
    /** Staged platforms: builds `d`'s commit again with the project's env vars of now; the new build's id once it is ready. */
    rebuild?(d: Deployment, wait: WaitOptions): Promise<string>;
    /** Points production's domains at `d` (answers before they have moved: live() tells). */
    promote(d: Deployment): Promise<void>;
    /** The deployments production may go back to (they served it before), newest first. */
    rollbackTargets(): Promise<Deployment[]>;
    rollback(d: Deployment): Promise<void>;
}

/** `commit 1a2b3c4 "its first line"`, or `no commit` for a build made otherwise. */
export const commitText = (d: Deployment) =>
    d.commit.sha ? `commit ${d.commit.sha.slice(0, 7)}${d.commit.message ? ` "${d.commit.message.split("\n")[0]}"` : ""}` : "no commit";
