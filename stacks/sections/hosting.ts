// The site's hosting: Vercel or Cloudflare Pages, its repository, security headers and redeploys.
import { z } from "zod";
import { branchName, headerMap, ownerRepo, vendorUrl } from "../fieldRules";
import { envTargets, isoDate, slug } from "./common";

// Vercel's function regions (https://vercel.com/docs/edge-network/regions).
export const VERCEL_REGIONS = [
    "arn1",
    "bom1",
    "cdg1",
    "cle1",
    "cpt1",
    "dub1",
    "dxb1",
    "fra1",
    "gru1",
    "hkg1",
    "hnd1",
    "iad1",
    "icn1",
    "kix1",
    "lhr1",
    "pdx1",
    "sfo1",
    "sin1",
    "syd1",
] as const;

const repository = z.strictObject({
    type: z.enum(["github", "gitlab", "bitbucket"]),
    repo: ownerRepo,
});

/**
 * Response headers for every page: seed 000's vercel.json, exactly (the uptime check of `/` asserts
 * each, so an app set up as its seed says must pass it). Other seeds list their own (seed 001 adds
 * CSP, Permissions-Policy and HSTS; seed 002 Permissions-Policy): their stacks set hosting.securityHeaders.
 */
export const SECURITY_HEADERS: Record<string, string> = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "X-XSS-Protection": "1; mode=block",
    "Referrer-Policy": "strict-origin-when-cross-origin",
};

const commonHosting = {
    projectName: slug.optional(),
    repository,
    productionBranch: branchName.optional(),
    rootDirectory: z.string().min(1).optional(),
    buildCommand: z.string().min(1).optional(),
    outputDirectory: z.string().min(1).optional(),
    envTargets: envTargets.default(["production"]),
    /**
     * Security headers on every response: set at Cloudflare's edge for Pages (with app-platform:dns);
     * on Vercel they live in the app's vercel.json, and the uptime check of `/` asserts them.
     */
    securityHeaders: headerMap.default(SECURITY_HEADERS),
    /**
     * Requests one client (by IP) may make in a window before it is refused for the rest of it (seed
     * 000: rate limiting): Vercel's firewall, or a Cloudflare rate-limiting rule for Pages with
     * app-platform:dns. Windows of 10 s are what Cloudflare's Free plan allows; 60 s needs Pro. The
     * default (300 in 10 s) leaves room for a page's assets and for users behind one carrier NAT.
     */
    rateLimit: z
        .strictObject({
            enabled: z.boolean().default(true),
            requests: z.int().min(1).max(100000).default(300),
            windowSeconds: z.literal([10, 60], { error: "10 or 60 (seconds): windows both Vercel's firewall and Cloudflare's rules offer" }).default(10),
        })
        .prefault({}),
    /**
     * Production builds wait for a release to promote them (npm run release) instead of going live on
     * push. Default: on in production, off in staging; Vercel only (Pages has no staged builds).
     */
    stagedReleases: z.boolean().optional(),
};

/**
 * Vercel and Pages apply env vars to new deployments only: after any change to them, the up deploys
 * production again and waits until it is live; signers of rotated secrets switch after.
 */
const redeploy = (apiBaseUrl: ReturnType<typeof vendorUrl>) =>
    z
        .strictObject({
            enabled: z.boolean().default(true),
            timeoutMinutes: z.int().min(1).max(120).default(15),
            /** How often the up asks whether the new deployment is live. */
            pollSeconds: z.int().min(1).max(60).default(5),
            apiBaseUrl,
        })
        .prefault({});

const vercelHosting = z.strictObject({
    provider: z.literal("vercel"),
    ...commonHosting,
    framework: z.string().regex(/^[a-z0-9-]+$/, "a Vercel framework slug such as nextjs or astro"),
    installCommand: z.string().min(1).optional(),
    nodeVersion: z.enum(["20.x", "22.x", "24.x"]).optional(),
    regions: z.array(z.enum(VERCEL_REGIONS)).min(1).default(["iad1"]),
    redeploy: redeploy(vendorUrl("Vercel", ["api.vercel.com"], "https://api.vercel.com")),
});

const pagesHosting = z.strictObject({
    provider: z.literal("cloudflare-pages"),
    ...commonHosting,
    accountId: z.string().regex(/^[0-9a-f]{32}$/, "the 32-hex-digit Cloudflare account id"),
    repository: repository.extend({ type: z.enum(["github", "gitlab"]) }),
    compatibilityDate: isoDate.optional(),
    envTargets: z
        .array(z.enum(["production", "preview"]))
        .min(1)
        .default(["production"]),
    redeploy: redeploy(vendorUrl("Cloudflare", ["api.cloudflare.com"], "https://api.cloudflare.com/client/v4")),
});

export const hosting = z.discriminatedUnion("provider", [vercelHosting, pagesHosting]);
