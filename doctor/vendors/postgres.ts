// The managed PostgreSQL project (`postgres`): the provider's key is accepted, read-only, and an
// adopted project is there and usable. Neon: GET /projects (Neon's own `neonctl` checks a key the same
// way) and GET /projects/{id}; Supabase: GET /v1/projects (the Management API's project list, which
// holds an adopted project's status: a paused one needs restoring first). The key goes only to the
// API the config pins (postgres.apiBaseUrl: the vendor's host, or a loopback server in tests).
import { ApiError } from "../../providers/webhooks/http";
import { tokenSecret } from "../../components/postgresProviders";
import { client, VendorCheck, withSecret } from "./ask";

export const postgres: VendorCheck = (cfg, config) => {
    const p = cfg.postgres;
    if (!p) return undefined;
    return withSecret(p.provider, tokenSecret(p), cfg.stack, config, async (token) => {
        const api = client(p.provider === "neon" ? "Neon" : "Supabase", p.apiBaseUrl, { bearer: token });
        if (p.provider === "neon") {
            const scope: Record<string, string> = p.orgId ? { org_id: p.orgId } : {};
            const { projects } = (await api<{ projects: { id: string; name: string }[] }>("GET", "/projects", { searchParams: { limit: "400", ...scope } }))
                .body;
            if (!p.projectId) {
                // The doctor reads no state: a project of that name is this stack's own once it made one.
                const named = projects.find((x) => x.name === p.project);
                if (named)
                    return {
                        verdict: "ok",
                        found: `the key is accepted; project ${p.project} exists (${named.id}): this stack's own if it made it, else the up refuses to make another (adopt it with postgres.projectId: ${named.id})`,
                    };
                return { verdict: "ok", found: `the key is accepted (${projects.length} project(s)); the up makes ${p.project}` };
            }
            try {
                const { project } = (await api<{ project: { name: string; region_id: string; pg_version: number } }>("GET", `/projects/${p.projectId}`)).body;
                return {
                    verdict: "ok",
                    found: `the key reaches project ${p.projectId} (${project.name}, ${project.region_id}, PostgreSQL ${project.pg_version})`,
                };
            } catch (err) {
                if (err instanceof ApiError && err.status === 404)
                    return {
                        verdict: "wrong",
                        found: `Neon has no project ${p.projectId} for this key`,
                        fix: "check postgres.projectId (Console → Settings → General) and the key's account",
                    };
                throw err;
            }
        }
        const projects = (await api<{ id: string; ref?: string; name: string; status: string }[]>("GET", "/v1/projects")).body;
        if (!p.projectRef)
            return { verdict: "ok", found: `the token is accepted (${projects.length} project(s)); the up makes ${p.project} in ${p.organization}` };
        const adopted = projects.find((x) => (x.ref ?? x.id) === p.projectRef);
        if (!adopted)
            return {
                verdict: "wrong",
                found: `the token sees no project ${p.projectRef}`,
                fix: "check postgres.projectRef (Project Settings → General) and the token's organization",
            };
        if (adopted.status === "INACTIVE")
            return { verdict: "wrong", found: `project ${p.projectRef} is paused`, fix: "restore it in the Dashboard (Project → Restore project)" };
        return { verdict: "ok", found: `the token reaches project ${p.projectRef} (${adopted.name}, ${adopted.status})` };
    });
};
