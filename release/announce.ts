// What the team is told of a release, a rollback or a release that stopped: what went live, the
// commit, who approved, the links. Posted to the stack's Slack alert channel (shared/slack.ts).
import { commitText, Deployment } from "./platform";

export interface Announcement {
    /** `<name> <environment>`, e.g. "ecoo production". */
    app: string;
    siteUrl: string;
    run?: string;
}

const links = (a: Announcement, d: Deployment) => [`site ${a.siteUrl}`, `deployment ${d.url}`, ...(a.run ? [`run ${a.run}`] : [])].join(" · ");

export function released(a: Announcement, d: Deployment, from: string | null, approvedBy?: string): string {
    return [
        `${a.app}: released ${commitText(d)} (${d.id})${from ? `; it replaces ${from}` : ""}.${approvedBy ? ` Approved by ${approvedBy}.` : ""}`,
        links(a, d),
    ].join("\n");
}

export function rolledBack(a: Announcement, d: Deployment, from: string, by?: string): string {
    return [`${a.app}: rolled back from ${from} to ${d.id}, ${commitText(d)}.${by ? ` By ${by}.` : ""}`, links(a, d)].join("\n");
}

export function stopped(a: Announcement, what: string, why: string, live: string | null): string {
    return [`${a.app}: ${what} stopped: ${why}. Production keeps serving ${live ?? "what it served"}.`, ...(a.run ? [`run ${a.run}`] : [])].join("\n");
}
