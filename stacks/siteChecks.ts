// What "up" means, defined once: each uptime path with the status it answers, the JSON fields its body
// reports and its own time targets, and on / the security headers; and each service's health and
// monitored paths. Checkly's uptime checks (areas/monitoring.ts) assert them on the live hosts every
// few minutes; a release's smoke test (release/smoke.ts) asserts the site's on a staged deployment.
import { uptime } from "./sections/monitoring";
import type { Probe } from "./sections/probe";
import type { CoreStackConfig } from "./stackConfig";
import type { ServiceConfig } from "./schema";

export interface SiteCheck {
    /** A stable key: `-home` for /, else the path's slug (`-api-health`). */
    slug: string;
    path: string;
    status: number;
    /** Headers the response must carry with exactly these values (their names as configured). */
    headers: Record<string, string>;
    /** Fields the JSON body must report, by JSONPath. */
    json: Record<string, string | number | boolean>;
    /** Slower than this is degraded; slower than failMs fails. */
    degradedMs: number;
    failMs: number;
}

/** Without monitoring, the uptime section's own defaults (one table: sections/monitoring.ts). */
const DEFAULTS = uptime.parse(undefined);

export const checkSlug = (path: string) =>
    path === "/"
        ? "-home"
        : path
              .replace(/[^a-z0-9]+/gi, "-")
              .replace(/-$/, "")
              .toLowerCase();

const uptimeOf = (cfg: Pick<CoreStackConfig, "monitoring">) => cfg.monitoring?.uptime ?? DEFAULTS;

function toCheck(p: Probe, defaults: { degradedMs: number; failMs: number }, headers: Record<string, string> = {}): SiteCheck {
    return {
        slug: checkSlug(p.path),
        path: p.path,
        status: p.status,
        headers,
        json: p.json,
        degradedMs: p.degradedMs ?? defaults.degradedMs,
        failMs: p.failMs ?? defaults.failMs,
    };
}

/** The site's checks: each path's status, body fields and targets, and (on /) the security headers. */
export function siteChecks(cfg: Pick<CoreStackConfig, "hosting" | "monitoring">): SiteCheck[] {
    const uptime = uptimeOf(cfg);
    return uptime.paths.map((p) => toCheck(p, uptime, p.path === "/" ? cfg.hosting.securityHeaders : {}));
}

/** A service's checks: its health path, then the paths it names for monitoring (one naming the health path refines it). */
export function serviceChecks(
    cfg: Pick<CoreStackConfig, "monitoring">,
    s: Pick<ServiceConfig, "healthPath" | "monitorPaths" | "securityHeaders">,
): SiteCheck[] {
    const uptime = uptimeOf(cfg);
    const health = s.monitorPaths.find((p) => p.path === s.healthPath) ?? { path: s.healthPath, status: 200, json: {} };
    // The health path's check also asserts the API's security headers.
    return [health, ...s.monitorPaths.filter((p) => p !== health)].map((p) => toCheck(p, uptime, p === health ? s.securityHeaders : {}));
}
