// Feature flags and MAINTENANCE_MODE (seed 000: toggled in about a minute): an edge key-value store of
// the hosting platform, its Vercel connection string an env source, its Pages namespace bound as FLAGS.
import { FeatureFlags } from "../../components/featureFlags";
import { hostingAdapter } from "../../components/hostingProject";
import { boundedName } from "../../components/serviceAdapter";
import * as pulumi from "@pulumi/pulumi";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import { physicalName } from "../../shared/naming";
import type { CoreConfig } from "../schema";
import type { Area } from "../area";

const EDGE_CONFIG = "flags.edgeConfig";

export function flagSources(cfg: CoreConfig): Sources {
    if (!cfg.flags || cfg.hosting.provider !== "vercel") return {};
    return {
        [EDGE_CONFIG]: { secret: true, description: "the flags' Edge Config connection string (https://edge-config.vercel.com/<id>?token=…): EDGE_CONFIG" },
    };
}

/** On Vercel the app finds the store through EDGE_CONFIG: a stack with flags must hand it over. */
export function checkFlags({ cfg, issues }: CheckContext): void {
    if (!cfg.flags || cfg.hosting.provider !== "vercel") return;
    const reads = Object.values(cfg.env).some((v) => "from" in v && v.from === EDGE_CONFIG);
    if (!reads)
        issues.push({
            key: `${NAMESPACE}:flags`,
            message: `the app reads the flags through Edge Config's connection string: add EDGE_CONFIG: { from: ${EDGE_CONFIG} } to app-platform:env`,
        });
}

export function buildFlags({ cfg }: BuildContext): FeatureFlags | undefined {
    if (!cfg.flags) return undefined;
    const h = cfg.hosting;
    // The team a team project's resources name: read as the hosting adapter reads it (`vercel:team`).
    const adapter = hostingAdapter(h);
    const teamId = adapter.teamId?.(new pulumi.Config(adapter.credentials));
    return new FeatureFlags(`${cfg.name}-flags`, {
        // Edge Config names: up to 32 lowercase letters, digits, _ and - (the provider's validation).
        storeName: boundedName(`${physicalName(cfg.name, cfg.stack)}-flags`, 32),
        store: h.provider === "vercel" ? { kind: "vercel-edge-config", teamId } : { kind: "cloudflare-kv", accountId: h.accountId },
        values: cfg.flags,
    });
}

export const flagsArea: Area = {
    sources: ({ cfg }) => flagSources(cfg),
    check: checkFlags,
    before: (state) => ({ flags: buildFlags(state) }),
    values: ({ flags }): Record<string, SourceValue> => (flags?.connectionString ? { [EDGE_CONFIG]: { value: flags.connectionString } } : {}),
};
