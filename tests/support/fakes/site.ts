// The app as deployments serve it, for a release's smoke test: one loopback server answering for
// every deployment's host (the smoke test names it in x-app-platform-host, release/smoke.ts) with
// what the test says that deployment serves.
import { HOST_HEADER } from "../../../release/smoke";
import { FakeServer, Reply, startFake } from "./server";

/** What a host answers at a path: its status and headers; undefined, 404. */
export type SiteAnswer = (host: string, path: string) => { status: number; headers?: Record<string, string>; json?: unknown } | undefined;

export interface FakeSite extends FakeServer {
    /** Each request's host, path and headers, in order. */
    seen: { host: string; path: string; headers: Record<string, string | string[] | undefined> }[];
}

export async function startFakeSite(answer: SiteAnswer): Promise<FakeSite> {
    const seen: FakeSite["seen"] = [];
    const server = await startFake((req): Reply => {
        const host = String(req.headers[HOST_HEADER] ?? "");
        seen.push({ host, path: req.path, headers: req.headers });
        const a = answer(host, req.path);
        if (!a) return { status: 404, body: "not found", headers: { "content-type": "text/plain" } };
        // A JSON body (a health endpoint's), or plain text.
        return a.json === undefined
            ? { status: a.status, body: "ok", headers: { "content-type": "text/plain", ...a.headers } }
            : { status: a.status, body: a.json, headers: a.headers };
    });
    return Object.assign(server, { seen });
}
