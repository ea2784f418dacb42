// What "the site is up" means, defined once: each uptime path with the status it answers and, on /,
// the security headers. Checkly's uptime checks (areas/monitoring.ts) assert it on the live domain
// every few minutes; a release's smoke test (release/smoke.ts) asserts the same on a staged deployment.
import type { CoreStackConfig } from "./stackConfig";

export interface SiteCheck {
    /** A stable key: `-home` for /, else the path's slug (`-api-health`). */
    slug: string;
    path: string;
    status: number;
    /** Headers the response must carry with exactly these values (their names as configured). */
    headers: Record<string, string>;
    /** Slower than this fails. */
    failMs: number;
}

/** The uptime paths without monitoring: the schema's own default (sections/monitoring.ts). */
const DEFAULT_PATHS = [
    { path: "/", status: 200 },
    { path: "/api/health", status: 200 },
];
const DEFAULT_FAIL_MS = 5000;

const slugOf = (path: string) =>
    path === "/"
        ? "-home"
        : path
              .replace(/[^a-z0-9]+/gi, "-")
              .replace(/-$/, "")
              .toLowerCase();

/** The site's checks: each path's status and (on /) the security headers. */
export function siteChecks(cfg: Pick<CoreStackConfig, "hosting" | "monitoring">): SiteCheck[] {
    const uptime = cfg.monitoring?.uptime;
    return (uptime?.paths ?? DEFAULT_PATHS).map(({ path, status }) => ({
        slug: slugOf(path),
        path,
        status,
        headers: path === "/" ? cfg.hosting.securityHeaders : {},
        failMs: uptime?.failMs ?? DEFAULT_FAIL_MS,
    }));
}

export { slugOf as checkSlug };
