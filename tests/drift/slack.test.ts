// The drift report's Slack post: the webhook URL is a credential, sent to Slack's hooks host only (or a
// loopback server in tests), never echoed; Slack's refusals come back in Slack's words.
import * as assert from "assert";
import { postToSlack, slackWebhook } from "../../shared/slack";
import { startFakeSlack } from "../support/fakes/slack";

describe("npm run drift --notify: the Slack incoming webhook", () => {
    it("goes only to https://hooks.slack.com (or a loopback test server)", () => {
        assert.strictEqual(slackWebhook("https://hooks.slack.com/services/T1/B1/xyzzy").hostname, "hooks.slack.com");
        for (const url of ["http://hooks.slack.com/services/T1/B1/xyzzy", "https://hooks.slack.com.evil.example/services/x", "https://example.com/hook"])
            assert.throws(
                () => slackWebhook(url),
                (err: Error) => /not https:\/\/hooks\.slack\.com: nothing was sent$/.test(err.message) && !err.message.includes("xyzzy"),
            );
        assert.throws(() => slackWebhook("not a url"), /is not a URL/);
    });

    it("posts the text; a path that is no webhook is refused in Slack's words, without the URL", async () => {
        const slack = await startFakeSlack();
        try {
            await postToSlack(slack.webhook, "drift in staging: …");
            assert.deepStrictEqual(slack.messages, ["drift in staging: …"]);
            await assert.rejects(postToSlack(`${slack.url}/services/T0001/B0001/revoked`, "x"), (err: Error) => {
                assert.strictEqual(err.message, "Slack refused the message: 404 no_service");
                return true;
            });
        } finally {
            await slack.close();
        }
    });
});
