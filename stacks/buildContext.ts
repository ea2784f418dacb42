// What each feature's build receives: the validated config, whether to protect, and the stack's secrets.
import * as pulumi from "@pulumi/pulumi";
import type { CoreStackConfig } from "./stackConfig";

export interface BuildContext {
    cfg: CoreStackConfig;
    /** Production: stateful resources are protected (and retained where they hold data). */
    protect: boolean;
    /** An external secret's value (checked by the config), as a Pulumi secret. */
    secret(name: string): pulumi.Output<string>;
}

export function buildContext(cfg: CoreStackConfig): BuildContext {
    return { cfg, protect: cfg.environment === "production", secret: (name) => pulumi.secret(cfg.externalValues[name].reveal()) };
}
