// What every dynamic provider over a vendor's API shares, written once: values the engine has not
// computed yet (preview), a resource the vendor no longer has (marked on refresh, replaced on the
// next up), and the Pulumi face (type token, output names, secret outputs). Each provider keeps
// only its own rules; its engine does the HTTP.
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import { hasUnknowns } from "./unknowns";

/** How a resource deleted upstream is recorded in the state and recognized in it. */
export interface Gone<O> {
    /** Merged into the state when a refresh finds the resource gone. */
    mark: Partial<O>;
    is(state: O): boolean;
    /** The property a replacement is reported on. */
    replaceOn: string;
    /** What a refresh says about it, if anything. */
    warning?(id: string, state: O): string;
}

export interface RemoteLifecycle<P, O extends P> {
    /** Why known inputs would be refused (an unknown event name, say): the preview shows each. */
    check?(news: P): { property: string; reason: string }[];
    /** Properties whose change replaces the resource (a resource gone upstream adds its own). */
    replaces(olds: O, news: P): string[];
    /** Whether an update is due; asked only when nothing replaces. */
    changed(olds: O, news: P): boolean;
    create(news: P): Promise<{ id: string; outs: O }>;
    update(id: string, olds: O, news: P): Promise<O>;
    /** What the vendor holds now, merged into the state; null when it is gone. */
    read(id: string, state: O): Promise<Partial<O> | null>;
    delete(id: string, state: O): Promise<void>;
    gone: Gone<O>;
}

export function remoteProvider<P extends object, O extends P>(l: RemoteLifecycle<P, O>): pulumi.dynamic.ResourceProvider {
    return {
        async check(_olds: P, news: P) {
            if (!l.check || hasUnknowns(news)) return { inputs: news };
            return { inputs: news, failures: l.check(news) };
        },
        async diff(_id: string, olds: O, news: P) {
            if (hasUnknowns(news)) return { changes: true };
            try {
                const replaces = [...l.replaces(olds, news), ...(l.gone.is(olds) ? [l.gone.replaceOn] : [])];
                return { changes: replaces.length > 0 || l.changed(olds, news), replaces };
            } catch (err) {
                // The rules only compare: what they throw refuses the change for the user to fix.
                // The SDK's provider host prints `stack` beside the message, so a refusal carries none.
                if (err instanceof Error) err.stack = "";
                throw err;
            }
        },
        create: (news: P) => l.create(news),
        async update(id: string, olds: O, news: P) {
            return { outs: await l.update(id, olds, news) };
        },
        async read(id: string, state: O) {
            const now = await l.read(id, state);
            if (now) return { id, props: { ...state, ...now } };
            const warning = l.gone.warning?.(id, state);
            if (warning) console.error(`warning: ${warning}`);
            return { id, props: { ...state, ...l.gone.mark } };
        },
        delete: (id: string, state: O) => l.delete(id, state),
    };
}

/**
 * A run once per change (a one-off task, a dump): `run` at create and whenever `changed`. A run is
 * history: nothing to refresh, nothing gone upstream, nothing to delete.
 */
export function runOnceProvider<P extends object, O extends P>(spec: {
    run(news: P): Promise<O>;
    changed(olds: O, news: P): boolean;
    id(outs: O): string;
}): pulumi.dynamic.ResourceProvider {
    return remoteProvider<P, O>({
        replaces: () => [],
        changed: spec.changed,
        async create(news) {
            const outs = await spec.run(news);
            return { id: spec.id(outs), outs };
        },
        update: (_id, _olds, news) => spec.run(news),
        read: async () => ({}),
        delete: async () => undefined,
        gone: neverGone("id"),
    });
}

/**
 * The error for a resource the vendor made that then failed to become ready (Pulumi's
 * ResourceInitFailed, which the SDK's dynamic-provider host sends for an error with an `id`): the
 * engine records it with `outs`, so the next `up` updates it (the wait resumes) instead of making
 * another or losing it.
 */
export function madeButNotReady(id: string, outs: object, err: unknown): Error {
    const message = `${(err as Error).message} (it is recorded in the state: the next pulumi up picks it up)`;
    return Object.assign(new Error(message), { id, properties: outs, reasons: [message] });
}

/** For what the vendor cannot report gone (nothing to read back): never marked. */
export function neverGone<O>(replaceOn: string): Gone<O> {
    return { mark: {}, is: () => false, replaceOn };
}

/** The usual record of a resource gone upstream: `status: "deleted-upstream"`. */
export function deletedUpstream<O extends { status?: string }>(replaceOn: string, warning?: (id: string, state: O) => string): Gone<O> {
    return { mark: { status: "deleted-upstream" } as Partial<O>, is: (s) => s.status === "deleted-upstream", replaceOn, warning };
}

/** A dynamic resource of this program: `pulumi-nodejs:dynamic/app-platform:<kind>`, its outputs declared, its secrets kept secret. */
export class RemoteResource extends DynamicResource {
    constructor(
        kind: string,
        provider: pulumi.dynamic.ResourceProvider,
        name: string,
        args: object,
        shape: { outputs: string[]; secrets: string[] },
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            provider,
            name,
            { ...args, ...Object.fromEntries(shape.outputs.map((o) => [o, undefined])) },
            { ...opts, additionalSecretOutputs: shape.secrets },
            "app-platform",
            kind,
        );
    }
}
