// The vendor accounts a stack declares, asked read-only with the credentials `pulumi up` would use, one
// module per vendor; each call goes through the engines' own client (providers/webhooks/http.ts) at the
// stack's API URL.
import type { StackConfig } from "../../stacks/config";
import type { Check } from "../checks";
import type { ConfigReader } from "./ask";
import { atlas } from "./atlas";
import { aws } from "./aws";
import { checkly } from "./checkly";
import { cloudflare } from "./cloudflare";
import { githubRepository } from "./githubRepository";
import { google } from "./google";
import { razorpay } from "./razorpay";
import { resend } from "./resend";
import { sentry } from "./sentry";
import { stripe } from "./stripe";
import { twilio } from "./twilio";
import { upstash } from "./upstash";
import { postgres } from "./postgres";
import { vercel } from "./vercel";

const VENDORS = [cloudflare, vercel, upstash, postgres, aws, google, stripe, razorpay, twilio, resend, atlas, checkly, sentry, githubRepository];

export function vendorChecks(cfg: StackConfig, config: ConfigReader): Check[] {
    return VENDORS.map((vendor) => vendor(cfg, config)).filter((check): check is Check => check !== undefined);
}
