// A Slack incoming webhook as Slack documents it (api.slack.com/messaging/webhooks, "Handling errors"):
// POST application/json with `text` (or blocks) to the webhook's secret path; 200 "ok"; 400
// invalid_payload for a body that is not such JSON, 404 no_service for a path that is no webhook;
// answers are plain text.
import { FakeServer, ParsedRequest, Reply, startFake } from "./server";

export interface FakeSlack extends FakeServer {
    /** The webhook's URL (its path is the secret). */
    webhook: string;
    /** The messages the channel received. */
    messages: string[];
}

const TEXT = { "content-type": "text/html" };

export async function startFakeSlack(): Promise<FakeSlack> {
    const path = "/services/T0001/B0001/drift-webhook-canary";
    const messages: string[] = [];
    const fake = (await startFake((req: ParsedRequest): Reply => {
        if (req.method !== "POST" || req.path !== path) return { status: 404, body: "no_service", headers: TEXT };
        if (typeof req.json?.text !== "string" || req.json.text === "") return { status: 400, body: "invalid_payload", headers: TEXT };
        messages.push(req.json.text);
        return { status: 200, body: "ok", headers: TEXT };
    })) as FakeSlack;
    fake.webhook = `${fake.url}${path}`;
    fake.messages = messages;
    return fake;
}
