// Sentry's team endpoint as its OpenAPI document describes it (getsentry/sentry-api-schema,
// openapi-derefed.json: GET /api/0/teams/{organization_id_or_slug}/{team_id_or_slug}/, operationId
// getTeam, auth_token with any of team:read, team:write, team:admin; 200 a Team with access, avatar,
// dateCreated, flags, hasAccess, id, isMember, isPending, memberCount, name, slug, teamRole required),
// with the error bodies of Sentry's server code (src/sentry/api/authentication.py: 401 "Invalid token";
// api/exceptions.py ResourceDoesNotExist: 404 "The requested resource does not exist", raised for an
// unknown organization and an unknown team alike, before the scope check of api/bases/team.py; Django
// REST Framework's PermissionDenied: 403). Every path ends in a slash; the token is a Bearer token.
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export interface FakeSentryAccount {
    token: string;
    /** What the token may do; the team endpoint needs one of team:read, team:write, team:admin. */
    scopes: string[];
    /** organization slug → its team slugs */
    organizations: Record<string, string[]>;
}

const detail = (status: number, text: string): Reply => ({ status, body: { detail: text } });
const TEAM_SCOPES = ["team:read", "team:write", "team:admin"];

export async function startFakeSentry(account: FakeSentryAccount): Promise<FakeServer> {
    return startFake((req: ParsedRequest, fake: FakeServer): Reply => {
        const auth = req.headers.authorization;
        if (!auth) return detail(401, "Authentication credentials were not provided.");
        if (!/^bearer /i.test(auth) || auth.slice(7) !== account.token) return detail(401, "Invalid token");
        const m = /^\/api\/0\/teams\/([^/]+)\/([^/]+)\/$/.exec(req.path);
        if (!m || req.method !== "GET") {
            fake.violations.push(`${req.method} ${req.path}: not an endpoint this fake serves (the team endpoint ends in a slash)`);
            return detail(404, "The requested resource does not exist");
        }
        const [org, team] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
        if (!account.organizations[org]?.includes(team)) return detail(404, "The requested resource does not exist");
        if (!account.scopes.some((s) => TEAM_SCOPES.includes(s))) return detail(403, "You do not have permission to perform this action.");
        return {
            status: 200,
            body: {
                id: "2",
                slug: team,
                name: team,
                dateCreated: "2026-01-06T21:19:55.114Z",
                isMember: true,
                teamRole: "contributor",
                flags: { "idp:provisioned": false },
                access: account.scopes.filter((s) => s.startsWith("team:")),
                hasAccess: true,
                isPending: false,
                memberCount: 1,
                avatar: { avatarType: "letter_avatar", avatarUuid: null, avatarUrl: null },
                organization: { id: "1", slug: org, name: org },
            },
        };
    });
}
