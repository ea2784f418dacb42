// The Pulumi face of the Neon engine: one project per stack, made or adopted by id (an adopted one is
// never changed at adoption nor deleted), its owner's direct and pooled URLs secret outputs.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, madeButNotReady, RemoteResource, remoteProvider } from "../remote";
import * as neon from "./neon";

export interface NeonProjectProps extends neon.NeonProjectSpec {
    /** Secret. */
    apiKey: string;
    apiBaseUrl: string;
    /** An existing project to manage (adoption by reference), else one is made. */
    adoptId?: string;
    pollSeconds: number;
    timeoutMinutes: number;
}

interface NeonProjectOutputs extends NeonProjectProps {
    projectId: string;
    branchId: string;
    host: string;
    /** Secret. */
    directUrl: string;
    /** Secret. */
    pooledUrl: string;
    adopted: boolean;
    status?: string;
}

// Backs off from the poll's pace, at most a second (a test's fake polls every few milliseconds).
const api = (p: NeonProjectProps) => neon.neonClient(p.apiKey, p.apiBaseUrl, Math.min(1000, p.pollSeconds * 1000));
const wait = (p: NeonProjectProps): neon.Wait => ({ pollMs: p.pollSeconds * 1000, timeoutMs: p.timeoutMinutes * 60_000 });

/** The state's view of the project: what Neon holds wins over the config's wish. */
const held = (p: neon.NeonProject) => ({
    projectId: p.id,
    name: p.name,
    region: p.region,
    pgVersion: p.pgVersion,
    historyRetentionSeconds: p.historyRetentionSeconds,
    branchId: p.branchId,
    host: p.host,
    directUrl: p.directUrl,
    pooledUrl: p.pooledUrl,
});

export const neonProjectProvider = remoteProvider<NeonProjectProps, NeonProjectOutputs>({
    check: (news) =>
        news.historyRetentionSeconds < 0 || news.historyRetentionSeconds > 2_592_000
            ? [{ property: "historyRetentionSeconds", reason: "Neon keeps 0 to 30 days of history" }]
            : [],
    // Naming another project to adopt stands for a different database; naming this one, or dropping the
    // id, keeps managing it. Nothing else replaces a database (a new API URL or key is the state's).
    replaces: (olds, news) => (news.adoptId && news.adoptId !== olds.projectId ? ["adoptId"] : []),
    changed(olds, news) {
        // A preview stops here, before any change: Neon neither moves a project nor upgrades it in place,
        // and its data would not follow a new one.
        const problem = neon.adoptionProblem({ id: olds.projectId, region: olds.region, pgVersion: olds.pgVersion }, news);
        if (problem) throw new Error(`${problem}; the project keeps its data only where it is`);
        if (olds.database !== news.database || olds.owner !== news.owner)
            throw new Error(
                `postgres.database and postgres.owner name what the project has (${olds.database}, ${olds.owner}): make the new ones in the database first, or restore the config`,
            );
        return (
            // An adopted project keeps its own name: postgres.project names only a project this stack makes.
            (!olds.adopted && olds.name !== news.name) ||
            olds.historyRetentionSeconds !== news.historyRetentionSeconds ||
            olds.apiKey !== news.apiKey ||
            olds.apiBaseUrl !== news.apiBaseUrl ||
            // A project recorded before it was ready (no URLs yet): the next up finishes the wait.
            !olds.directUrl
        );
    },
    async create(inputs) {
        const client = api(inputs);
        if (inputs.adoptId) {
            const project = await neon.adoptProject(client, inputs.adoptId, inputs, wait(inputs));
            if (project.historyRetentionSeconds !== inputs.historyRetentionSeconds)
                console.error(
                    `warning: adopted Neon project ${project.id} unchanged; it keeps ${project.historyRetentionSeconds / 86_400} days of history, the config ${inputs.historyRetentionSeconds / 86_400}: the next pulumi up changes it`,
                );
            return { id: project.id, outs: { ...inputs, ...held(project), adopted: true } };
        }
        const made = await neon.createProject(client, inputs);
        try {
            const project = await neon.ready(client, made.id, inputs, wait(inputs), made.operations);
            return { id: made.id, outs: { ...inputs, ...held(project), adopted: false } };
        } catch (err) {
            throw madeButNotReady(made.id, { ...inputs, projectId: made.id, adopted: false }, err);
        }
    },
    async update(id, olds, news) {
        const project = await neon.updateProject(api(news), id, news, wait(news), !olds.adopted);
        return { ...news, ...held(project), adopted: olds.adopted };
    },
    async read(id, state) {
        const project = await neon.readProject(api(state), id, state);
        return project && held(project);
    },
    async delete(id, state) {
        // Adopted by reference, so not this stack's to delete: it stays in Neon as it was found.
        if (state.adopted) return console.error(`warning: Neon project ${id} was adopted, not made by this stack: it stays`);
        await neon.deleteProject(api(state), id);
    },
    gone: deletedUpstream<NeonProjectOutputs>("name", (id) => `Neon project ${id} was deleted upstream; pulumi up will make a new, empty one`),
});

type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export class NeonProjectResource extends RemoteResource {
    declare readonly projectId: pulumi.Output<string>;
    declare readonly host: pulumi.Output<string>;
    declare readonly directUrl: pulumi.Output<string>;
    declare readonly pooledUrl: pulumi.Output<string>;
    constructor(name: string, args: Args<NeonProjectProps>, opts?: pulumi.CustomResourceOptions) {
        super(
            "NeonProject",
            neonProjectProvider,
            name,
            args,
            { outputs: ["projectId", "branchId", "host", "directUrl", "pooledUrl", "adopted"], secrets: ["apiKey", "directUrl", "pooledUrl"] },
            opts,
        );
    }
}
