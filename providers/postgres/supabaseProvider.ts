// The Pulumi face of the Supabase engine: one project per stack, made or adopted by ref (an adopted one
// is never changed nor deleted), its keys and the owner's pooler URLs as secret outputs.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, madeButNotReady, RemoteResource, remoteProvider } from "../remote";
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
    /** Supabase's word for the project (ACTIVE_HEALTHY once usable). */
    projectStatus?: string;
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
    projectStatus: p.status,
    ...supabase.connectionUrls(p, password),
});

function judge(project: supabase.SupabaseProject, props: SupabaseProjectProps): void {
    const problem = supabase.projectProblem(project, props);
    if (!problem) return;
    if (props.requirePointInTime) throw new Error(problem);
    console.error(`warning: ${problem}`);
}

export const supabaseProjectProvider = remoteProvider<SupabaseProjectProps, SupabaseProjectOutputs>({
    // Naming another project stands for a different database; naming this one, or dropping the ref, keeps
    // it. Nothing else replaces a database (a new API URL or token is the state's).
    replaces: (olds, news) => (news.adoptRef && news.adoptRef !== olds.ref ? ["adoptRef"] : []),
    changed(olds, news) {
        // A preview stops here, before any change: Supabase moves no project, and its data would not follow a new one.
        if (olds.region !== news.region)
            throw new Error(
                `Supabase project ${olds.ref} is in ${olds.region}, not ${news.region}: set postgres.region to ${olds.region} (Supabase cannot move a project)`,
            );
        if (olds.organization !== news.organization)
            throw new Error(
                `Supabase project ${olds.ref} belongs to ${olds.organization}: set postgres.organization to ${olds.organization} (transfer it in the Dashboard first, if it should move)`,
            );
        // What the Management API cannot change: said, and left to the Dashboard (no perpetual diff).
        const made = !olds.adopted && olds.name !== undefined;
        if (made && olds.name !== news.name) console.error(`warning: postgres.project names a new project only; rename ${olds.ref} in the Dashboard`);
        if (olds.instanceSize !== news.instanceSize)
            console.error(
                `warning: postgres.instanceSize is used when the project is made; resize ${olds.ref} in the Dashboard (Project Settings → Compute and Disk)`,
            );
        return (
            olds.accessToken !== news.accessToken ||
            olds.apiBaseUrl !== news.apiBaseUrl ||
            olds.dbPassword !== news.dbPassword ||
            // Re-checked at each up until the add-on is on.
            (news.pointInTimeDays > 0 && !olds.pitrEnabled) ||
            olds.pointInTimeDays !== news.pointInTimeDays ||
            // A project recorded before it was healthy (no URLs yet), or found not healthy by a refresh:
            // the next up waits for it again.
            !olds.dbUrl ||
            (olds.projectStatus !== undefined && olds.projectStatus !== "ACTIVE_HEALTHY")
        );
    },
    async create(inputs) {
        const client = api(inputs);
        if (inputs.adoptRef) {
            // Refused before anything is recorded when it lacks what the config promises.
            const project = await supabase.adoptProject(client, inputs.adoptRef, { ...inputs, pointInTimeDays: 0 }, wait(inputs));
            judge(project, inputs);
            return { id: project.ref, outs: { ...inputs, ...held(project, inputs.dbPassword), instanceSize: inputs.instanceSize, adopted: true } };
        }
        const ref = await supabase.createProject(client, inputs, inputs.dbPassword);
        try {
            const project = await supabase.ready(client, ref, wait(inputs));
            // A project this run made is kept, told what it lacks (an add-on comes after the project); the next up checks again.
            judge(project, { ...inputs, requirePointInTime: false });
            return { id: ref, outs: { ...inputs, ...held(project, inputs.dbPassword), adopted: false } };
        } catch (err) {
            throw madeButNotReady(ref, { ...inputs, ref, adopted: false }, err);
        }
    },
    async update(id, olds, news) {
        // Nothing of the project changes: the state follows the config, the wait resumes, and the point-in-time check runs again.
        const project = await supabase.ready(api(news), id, wait(news));
        judge(project, news);
        return { ...news, ...held(project, news.dbPassword), adopted: olds.adopted };
    },
    async read(id, state) {
        const client = api(state);
        // A project coming up, paused or failed has no keys or pooler to read: its status is recorded,
        // and the next up waits for it (or says why it cannot).
        const found = await supabase.getProject(client, id);
        if (!found) return null;
        if (found.status !== "ACTIVE_HEALTHY") return { projectStatus: found.status };
        return held(await supabase.readProject(client, found), state.dbPassword);
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
                outputs: ["ref", "url", "anonKey", "serviceRoleKey", "dbUrl", "pooledUrl", "version", "pitrEnabled", "adopted", "projectStatus"],
                secrets: ["accessToken", "dbPassword", "serviceRoleKey", "dbUrl", "pooledUrl"],
            },
            opts,
        );
    }
}
