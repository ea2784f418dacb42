// A message (a drift report, a release) to the stack's Slack alert channel (monitoring.alerts.slack): its incoming webhook,
// the URL held in the secret the stack names. Slack's contract (api.slack.com/messaging/webhooks):
// POST a JSON {text}; 200 "ok", or 400 invalid_payload, 403 action_prohibited, 404 no_service /
// channel_not_found, 410 channel_is_archived, as plain text. The URL is a credential: it goes to Slack's
// hooks host only (or a loopback server in tests), and is never printed.
import { isLoopback } from "./loopback";

export function slackWebhook(url: string): URL {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        throw new Error("the Slack webhook secret is not a URL (Slack → your app → Incoming Webhooks: https://hooks.slack.com/services/…)");
    }
    const loopback = isLoopback(url) && u.protocol === "http:";
    if (!loopback && !(u.protocol === "https:" && u.hostname === "hooks.slack.com"))
        throw new Error(`the Slack webhook secret points at ${u.protocol}//${u.hostname}, not https://hooks.slack.com: nothing was sent`);
    return u;
}

/** Posts `text`; resolves when Slack took it, rejects with Slack's answer (never the URL). */
export async function postToSlack(url: string, text: string, timeoutMs = 10_000): Promise<void> {
    const target = slackWebhook(url);
    let res: Response;
    try {
        res = await fetch(target, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ text }),
            signal: AbortSignal.timeout(timeoutMs),
        });
    } catch (err) {
        throw new Error(
            `Slack did not answer (${(err as Error).name === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : ((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message)})`,
        );
    }
    const said = (await res.text()).slice(0, 200);
    if (!res.ok) throw new Error(`Slack refused the message: ${res.status} ${said}`);
}
