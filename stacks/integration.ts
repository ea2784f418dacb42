// A vendor integration (`app-platform:webhooks.<key>`) described in one object: its config section,
// its checks, the env sources it provides with their values, its resources and its outputs. The
// registry (stacks/integrations/index.ts) lists them; config.ts and app.ts only iterate it.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { RotatingSecret } from "../components/rotatingSecret";
import type { BuildContext } from "./buildContext";
import type { CheckContext, Sources } from "./stackConfig";
import type { IntegrationOutputs } from "./outputs";

/** An env source the integration provides, declared once: its name, whether it is secret, and its value. */
export interface IntegrationSource<S, B> {
    secret: boolean;
    description: string;
    /** Whether the section provides it (default: always). */
    when?(section: S): boolean;
    /** Its value, from what `build` made. */
    value(built: B): pulumi.Input<string>;
}

export interface IntegrationContext extends BuildContext {
    /** A generated secret of `secrets.generated` (the config checked the name). */
    generated(name: string): RotatingSecret;
}

/** After the app: what runs it with the current env vars. */
export interface PublishContext extends IntegrationContext {
    /** A signer of a generated secret depends on these: it switches only once the running app accepts the new value. */
    live: pulumi.Resource[];
}

export interface Integration<K extends string = string, S extends z.ZodType = z.ZodType, B = unknown> {
    /** Its key under `app-platform:webhooks`. */
    key: K;
    /** Its section's schema; the registry makes the section optional. */
    schema: S;
    /** Env sources (`from: <name>`) it provides. */
    sources?: Record<string, IntegrationSource<z.output<S>, B>>;
    check?(section: z.output<S>, ctx: CheckContext): void;
    /** Before the app (whose env may read its sources): its resources. */
    build?(section: z.output<S>, ctx: IntegrationContext): B;
    /** Its outputs, from what `build` made. */
    outputs?(built: B): IntegrationOutputs;
    /** After the app is live with its env and DNS: signers of rotated secrets. */
    publish?(section: z.output<S>, ctx: PublishContext): IntegrationOutputs;
}

/** Declares an integration with its types inferred (key, section, what `build` returns). */
export function integration<K extends string, S extends z.ZodType, B = undefined>(spec: Integration<K, S, B>): Integration<K, S, B> {
    return spec;
}

/** The sources an integration's section provides (each whose `when` holds), by name. */
export function providedSources<S, B>(sources: Record<string, IntegrationSource<S, B>> | undefined, section: S): [string, IntegrationSource<S, B>][] {
    return Object.entries(sources ?? {}).filter(([, { when }]) => !when || when(section));
}

/** The sources an integration's section provides, as the config's env check sees them. */
export function declaredSources<S, B>(sources: Record<string, IntegrationSource<S, B>> | undefined, section: S): Sources {
    return Object.fromEntries(providedSources(sources, section).map(([name, { secret, description }]) => [name, { secret, description }]));
}
