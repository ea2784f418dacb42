import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { AS_OF, asOfClock, renderMarkdown } from "../../inventory/markdown";
import { evaluate, ROOT } from "../helpers";

describe("generated stack docs (docs/stacks/<stack>.md)", function () {
    this.timeout(60_000);

    for (const stack of ["staging", "production"] as const) {
        it(`docs/stacks/${stack}.md is in sync with Pulumi.${stack}.yaml (regenerate: npm run inventory -- --stack ${stack} --markdown)`, async () => {
            const committed = readFileSync(join(ROOT, "docs/stacks", `${stack}.md`), "utf8");
            // Regenerated as of the date the committed doc records, so it goes stale only when the config changes.
            const asOf = AS_OF.exec(committed)?.[1];
            assert.ok(asOf, "the doc must record its as-of date");
            const { inventory } = await evaluate(stack, undefined, asOfClock(asOf));
            assert.strictEqual(renderMarkdown(inventory, asOf), committed);
        });
    }

    it("lists the env-var contract, cron table with next runs, DNS records and rotation calendar", () => {
        const doc = readFileSync(join(ROOT, "docs/stacks/production.md"), "utf8");
        assert.match(doc, /\| RAZORPAY_KEY_SECRET \| ✓ \|  \|  \| secret \| payments.secretKey \|/);
        assert.match(doc, /\| retry-emails \| `\*\/15 \* \* \* \*` \| GET \| https:\/\/ecoo.com\/api\/cron\/retry-emails \| 2026-11-22 00:15/);
        assert.match(doc, /\| CAA \| ecoo.com \| `0 issue "letsencrypt.org"` \|/);
        assert.match(doc, /\| webhookSecret \| generated \| 90 \| 2026-09-28 \| 2026-12-27 \|/);
        assert.ok(!doc.includes("PLACEHOLDER"), "no secret (or placeholder) in the doc");
    });

    it("documents each backend service: where it answers, what runs, its env contract and secret store", async () => {
        const doc = renderMarkdown((await evaluate("raptorflow")).inventory, "2026-11-22");
        assert.match(
            doc,
            /## Service `api` \(cloud-run\)\n\nhttps:\/\/api\.raptorflow\.com \(behind Cloud Run's front end\) · image `asia-southeast1-docker\.pkg\.dev\/raptorflow-prod\/api\/api:2\.3\.0` · 2–10 instances · health `\/api\/health`\. Secrets come from Google Secret Manager/,
        );
        assert.match(doc, /\| INTERNAL_API_SECRET_PREVIOUS \| secret \| generated\.internalApiSecret \(previous\) \|/);
        assert.match(doc, /\| CNAME \| api\.raptorflow\.com \| `ghs\.googlehosted\.com` \|/);
        assert.match(doc, /\| raptorflow production: api \/api\/health\/redis \| GET https:\/\/api\.raptorflow\.com\/api\/health\/redis \|/);
        const ecs = renderMarkdown((await evaluate("smartduka")).inventory, "2026-11-22");
        assert.match(
            ecs,
            /## Service `api` \(aws-ecs\)\n\nhttps:\/\/api\.smartduka\.com \(behind an Application Load Balancer\).* 3–6 instances .*AWS Secrets Manager/,
        );
        assert.match(ecs, /\| CNAME \| _acm-validation\.api\.smartduka\.com \| `\(name and value from ACM\)` \|/);
    });
});
