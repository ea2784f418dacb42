// The Pulumi face of the Supabase engine: one project per stack, made or adopted by ref (an adopted one
// is never changed nor deleted), its keys and the owner's pooler URLs as secret outputs.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, RemoteResource, remoteProvider } from "../remote";
import { apiClient } from "../webhooks/http";
import * as supabase from "./supabase";

export interface SupabaseProjectProps extends supabase.SupabaseProjectSpec {
    /** Secret. */
    accessToken: string;
    apiBaseUrl: string;
    /** Secret: the database password (made by the program for a new project; the team's for an adopted one). */
    dbPassword: string;
    /** An existing project to manage (adoption by reference), else one is made. */
    adoptRef?: string;
    /** Production: a missing point-in-time recovery stops the up; elsewhere it is said. */
    requirePointInTime: boolean;
    pollSeconds: number;
    timeoutMinutes: number;
}

interface SupabaseProjectOutputs extends SupabaseProjectProps {
    ref: string;
    url: string;
    anonKey: string;
    /** Secret. */
    serviceRoleKey: string;
    /** Secret. */
    dbUrl: string;
    /** Secret. */
    pooledUrl: string;
    version: string;
    pitrEnabled: boolean;
    adopted: boolean;
    status?: string;
}

const api = (p: SupabaseProjectProps) =>
    apiClient({
        service: "Supabase",
        baseUrl: p.apiBaseUrl,
        auth: { bearer: p.accessToken },
        retryMethods: supabase.RETRY_METHODS,
        maxDelayMs: Math.min(10_000, p.pollSeconds * 1000),
    });
const wait = (p: SupabaseProjectProps): supabase.Wait => ({ pollMs: p.pollSeconds * 1000, timeoutMs: p.timeoutMinutes * 60_000 });

/** The state's view: what Supabase holds wins over the config's wish. */
const held = (p: supabase.SupabaseProject, password: string) => ({
    ref: p.ref,
    name: p.name,
    region: p.region,
    url: p.url,
    anonKey: p.anonKey,
    serviceRoleKey: p.serviceRoleKey,
    version: p.version,
    pitrEnabled: p.pitrEnabled,
    ...supabase.connectionUrls(p, password),
});

function judge(project: supabase.SupabaseProject, props: SupabaseProjectProps): void {
    const problem = supabase.projectProblem(project, props);
    if (!problem) return;
    if (props.requirePointInTime) throw new Error(problem);
    console.error(`warning: ${problem}`);
}

export const supabaseProjectProvider = remoteProvider<SupabaseProjectProps, SupabaseProjectOutputs>({
    // Naming another project stands for a different database; naming this one, or dropping the ref, keeps it.
    replaces: (olds, news) => [
        ...(news.adoptRef && news.adoptRef !== olds.ref ? ["adoptRef"] : []),
        ...(olds.apiBaseUrl !== news.apiBaseUrl || olds.organization !== news.organization ? ["organization"] : []),
    ],
    changed(olds, news) {
        // A preview stops here, before any change: Supabase moves no project, and its data would not follow a new one.
        if (olds.region !== news.region)
            throw new Error(
                `Supabase project ${olds.ref} is in ${olds.region}, not ${news.region}: set postgres.region to ${olds.region} (Supabase cannot move a project)`,
            );
        if (olds.instanceSize !== news.instanceSize)
            console.error(
                `warning: postgres.instanceSize is used when the project is made; resize ${olds.ref} in the Dashboard (Project Settings → Compute and Disk)`,
            );
        return (
            olds.name !== news.name ||
            olds.accessToken !== news.accessToken ||
            olds.dbPassword !== news.dbPassword ||
            olds.instanceSize !== news.instanceSize ||
            // Re-checked at each up until the add-on is on.
            (news.pointInTimeDays > 0 && !olds.pitrEnabled) ||
            olds.pointInTimeDays !== news.pointInTimeDays
        );
    },
    async create(inputs) {
        const client = api(inputs);
        const project = inputs.adoptRef
            ? await supabase.adoptProject(client, inputs.adoptRef, { ...inputs, pointInTimeDays: 0 }, wait(inputs))
            : await supabase.createProject(client, inputs, inputs.dbPassword, wait(inputs));
        // A project this run made is kept, told what it lacks (an add-on comes after the project); the next
        // up checks again. An adopted one is refused before anything is recorded.
        judge(project, { ...inputs, requirePointInTime: inputs.requirePointInTime && Boolean(inputs.adoptRef) });
        return { id: project.ref, outs: { ...inputs, ...held(project, inputs.dbPassword), adopted: Boolean(inputs.adoptRef) } };
    },
    async update(id, olds, news) {
        // Nothing of the project changes: the state follows the config, and the point-in-time check runs again.
        const project = await supabase.readProject(api(news), id);
        if (!project) throw new Error(`Supabase project ${id} is gone; pulumi refresh, then pulumi up makes a new one`);
        judge(project, news);
        return { ...news, ...held(project, news.dbPassword), name: news.name, adopted: olds.adopted };
    },
    async read(id, state) {
        const project = await supabase.readProject(api(state), id);
        return project && held(project, state.dbPassword);
    },
    async delete(id, state) {
        if (state.adopted) return console.error(`warning: Supabase project ${id} was adopted, not made by this stack: it stays`);
        await supabase.deleteProject(api(state), id);
    },
    gone: deletedUpstream<SupabaseProjectOutputs>("name", (id) => `Supabase project ${id} was deleted upstream; pulumi up will make a new, empty one`),
});

type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export class SupabaseProjectResource extends RemoteResource {
    declare readonly ref: pulumi.Output<string>;
    declare readonly url: pulumi.Output<string>;
    declare readonly anonKey: pulumi.Output<string>;
    declare readonly serviceRoleKey: pulumi.Output<string>;
    declare readonly dbUrl: pulumi.Output<string>;
    declare readonly pooledUrl: pulumi.Output<string>;
    declare readonly version: pulumi.Output<string>;
    constructor(name: string, args: Args<SupabaseProjectProps>, opts?: pulumi.CustomResourceOptions) {
        super(
            "SupabaseProject",
            supabaseProjectProvider,
            name,
            args,
            {
                outputs: ["ref", "url", "anonKey", "serviceRoleKey", "dbUrl", "pooledUrl", "version", "pitrEnabled", "adopted"],
                secrets: ["accessToken", "dbPassword", "serviceRoleKey", "dbUrl", "pooledUrl"],
            },
            opts,
        );
    }
}
