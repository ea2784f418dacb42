// The app's hosting project, whatever the platform: its adapter (./hosting/) builds the project, its
// custom domains, env vars and redeploy under this component.
import * as pulumi from "@pulumi/pulumi";
import { EnvTarget, namesByTarget } from "./environmentVariables";
import type { HostingAdapter, ProjectArgs } from "./hosting/adapter";
import { pagesAdapter, PagesHosting } from "./hosting/pages";
import { vercelAdapter, VercelHosting } from "./hosting/vercel";

export type { PagesHosting } from "./hosting/pages";
export type { VercelHosting } from "./hosting/vercel";

/** The project to create, per platform. */
export type Hosting = VercelHosting | PagesHosting;

/** Each platform's adapter, by the `hosting.provider` that names it in config. */
const ADAPTERS: { [P in Hosting["provider"]]: HostingAdapter<Extract<Hosting, { provider: P }>> } = {
    vercel: vercelAdapter,
    "cloudflare-pages": pagesAdapter,
};

/** The adapter of the platform `hosting` names. */
export function hostingAdapter<H extends Hosting>(hosting: H): HostingAdapter<H> {
    return ADAPTERS[hosting.provider] as unknown as HostingAdapter<H>;
}

export interface HostingProjectArgs extends ProjectArgs<Hosting> {
    /** Production: guard the project and its domains against deletion. */
    protect: boolean;
}

/** The app's hosting project (Vercel or Cloudflare Pages), its custom domains and its environment variables. */
export class HostingProject extends pulumi.ComponentResource {
    readonly provider: Hosting["provider"];
    readonly projectId: pulumi.Output<string>;
    readonly projectName: pulumi.Output<string>;
    readonly productionBranch: string;
    /** The platform's own host, e.g. ecoo-staging.vercel.app or mystic.pages.dev. */
    readonly defaultHost: pulumi.Output<string>;
    readonly domains: string[];
    readonly envVarNames: Record<EnvTarget, string[]>;
    /** What runs the app with the current env vars: a signer of a rotated secret waits for it. */
    readonly live: pulumi.Resource[];
    /** What the platform's DNS records take once the project exists (the zone's `resolved`). */
    readonly dnsContent: Record<string, pulumi.Output<string>>;

    constructor(name: string, { protect, ...args }: HostingProjectArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app-platform:hosting:HostingProject", name, {}, opts);
        this.provider = args.hosting.provider;
        this.productionBranch = args.hosting.productionBranch;
        this.domains = [args.primaryDomain, ...args.redirectDomains];
        this.envVarNames = namesByTarget(args.environment);
        const built = hostingAdapter(args.hosting).create(name, args, { parent: this, protect });
        this.projectId = built.projectId;
        this.projectName = built.projectName;
        this.defaultHost = built.defaultHost;
        this.live = built.live;
        this.dnsContent = built.dnsContent ?? {};
        this.registerOutputs({
            projectId: this.projectId,
            projectName: this.projectName,
            defaultHost: this.defaultHost,
            domains: this.domains,
            envVarNames: this.envVarNames,
        });
    }
}
