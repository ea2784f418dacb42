// The Pulumi face of the Razorpay engine, one resource type in two modes. Partner mode manages the
// webhook through the Partner API (an OAuth access token); dashboard mode, for a direct merchant
// whose webhooks live in the Dashboard, only reads them: it checks that the webhook exists as
// configured and says, step by step, what to change there. No pretend automation.
import * as pulumi from "@pulumi/pulumi";
import { deletedUpstream, RemoteResource, remoteProvider } from "../remote";
import { hasUnknowns } from "../unknowns";
import { apiClient } from "./http";
import * as razorpay from "./razorpay";

export interface RazorpayWebhookProps {
    mode: "partner" | "dashboard";
    keyId: string;
    /** Secret. Dashboard mode reads with the key id and secret. */
    keySecret: string;
    /** Secret. Partner mode: the OAuth access token for the account (null in dashboard mode). */
    oauthToken: string | null;
    accountId: string;
    apiBaseUrl: string;
    url: string;
    events: string[];
    alertEmail: string | null;
    /** Secret: supplied by us (a RotatingSecret). Partner mode writes it; dashboard mode asks for it to be pasted. */
    secret: string;
    /** Dashboard mode: the command that shows the current secret, for the manual step. */
    secretCommand: string;
}

export interface RazorpayWebhookOutputs extends RazorpayWebhookProps {
    webhookId: string | null;
    /** True when create found a webhook for the URL and took it over (partner mode). */
    adopted: boolean;
    /** Partner mode: active, disabled or deleted-upstream. Dashboard mode: the check's status. */
    status: string;
}

// Only idempotent methods are resent automatically; ensureWebhook handles a lost create itself.
const client = (p: RazorpayWebhookProps) =>
    apiClient({
        service: "Razorpay",
        baseUrl: p.apiBaseUrl,
        auth: p.mode === "partner" ? { bearer: p.oauthToken ?? "" } : { basic: { user: p.keyId, password: p.keySecret } },
        retryMethods: ["get", "patch", "delete"],
    });
const spec = (p: RazorpayWebhookProps): razorpay.RazorpayWebhookSpec => ({
    url: p.url,
    events: p.events,
    alertEmail: p.alertEmail ?? undefined,
    secret: p.secret,
});
const credentialsChanged = (olds: RazorpayWebhookProps, news: RazorpayWebhookProps) => olds.keySecret !== news.keySecret || olds.oauthToken !== news.oauthToken;

export const razorpayPartnerProvider = remoteProvider<RazorpayWebhookProps, RazorpayWebhookOutputs>({
    replaces: (olds, news) => [
        ...(["accountId", "apiBaseUrl", "keyId"] as const).filter((k) => olds[k] !== news[k]),
        // A webhook the Dashboard held is not ours to update: the partner registration starts afresh.
        ...(olds.mode !== "partner" ? ["webhookId"] : []),
    ],
    changed: (olds, news) => JSON.stringify(spec(olds)) !== JSON.stringify(spec(news)) || credentialsChanged(olds, news),
    async create(inputs) {
        const hook = await razorpay.ensureWebhook(client(inputs), inputs.accountId, spec(inputs));
        return { id: hook.id, outs: { ...inputs, webhookId: hook.id, adopted: hook.adopted, status: hook.active ? "active" : "disabled" } };
    },
    async update(id, olds, news) {
        const hook = await razorpay.updateWebhook(client(news), news.accountId, id, spec(news));
        return { ...news, webhookId: id, adopted: olds.adopted, status: hook.active ? "active" : "disabled" };
    },
    async read(id, state) {
        const hook = await razorpay.getWebhook(client(state), state.accountId, id);
        return hook && { url: hook.url, events: hook.events, status: hook.active ? "active" : "disabled" };
    },
    delete: (id, state) => razorpay.deleteWebhook(client(state), state.accountId, id),
    gone: deletedUpstream("webhookId", (id) => `Razorpay webhook ${id} was deleted upstream; pulumi up will register it again`),
});

/** The Dashboard steps that make Razorpay's webhook match the config (events, and the secret when `withSecret`). */
function dashboardSteps(p: RazorpayWebhookProps, withSecret: boolean): string {
    return [
        `In the Razorpay Dashboard (Accounts & Settings → Webhooks), ${p.url} needs: Active, events ${p.events.join(", ")}${p.alertEmail ? `, alert email ${p.alertEmail}` : ""}.`,
        withSecret ? `Set its Secret to the value of: ${p.secretCommand}` : "",
    ]
        .filter(Boolean)
        .join(" ");
}

async function checkDashboard(p: RazorpayWebhookProps): Promise<razorpay.DashboardWebhookCheck> {
    try {
        return await razorpay.checkDashboardWebhook(client(p), p.accountId, p);
    } catch (err) {
        // The check informs; an unreachable API must not stop a deployment that changes nothing there.
        return { status: "missing", webhookId: null, problem: `could not read the account's webhooks (${(err as Error).message})` };
    }
}

const outputsOf = (p: RazorpayWebhookProps, check: razorpay.DashboardWebhookCheck): RazorpayWebhookOutputs => ({
    ...p,
    webhookId: check.webhookId,
    adopted: false,
    status: check.status,
});

export const razorpayDashboardProvider: pulumi.dynamic.ResourceProvider = {
    /** Every preview reads the Dashboard's webhook and warns when it is missing or differs. */
    async check(_olds: RazorpayWebhookProps, news: RazorpayWebhookProps) {
        if (!hasUnknowns(news)) {
            const found = await checkDashboard(news);
            if (found.status !== "active") console.error(`warning: Razorpay: ${found.problem}. ${dashboardSteps(news, found.status === "missing")}`);
        }
        return { inputs: news };
    },

    async diff(_id: string, olds: RazorpayWebhookOutputs, news: RazorpayWebhookProps) {
        if (hasUnknowns(news)) return { changes: true };
        const changes =
            olds.mode !== news.mode ||
            JSON.stringify(spec(olds)) !== JSON.stringify(spec(news)) ||
            credentialsChanged(olds, news) ||
            (["accountId", "apiBaseUrl", "keyId", "secretCommand"] as const).some((k) => olds[k] !== news[k]);
        return { changes };
    },

    async create(inputs: RazorpayWebhookProps) {
        const found = await checkDashboard(inputs);
        console.error(`action required: Razorpay webhooks are managed in the Dashboard. ${dashboardSteps(inputs, true)}`);
        return { id: `dashboard:${inputs.accountId}:${inputs.url}`, outs: outputsOf(inputs, found) };
    },

    async update(_id: string, olds: RazorpayWebhookOutputs, news: RazorpayWebhookProps) {
        const found = await checkDashboard(news);
        if (olds.secret !== news.secret) {
            console.error(
                `action required: the Razorpay webhook secret rotated. ${dashboardSteps(news, true)} Until then Razorpay signs with the previous secret, which the app still accepts during the overlap.`,
            );
        } else if (found.status !== "active") {
            console.error(`action required: Razorpay: ${found.problem}. ${dashboardSteps(news, found.status === "missing")}`);
        }
        return { outs: outputsOf(news, found) };
    },

    async read(id: string, props: RazorpayWebhookOutputs) {
        const found = await checkDashboard(props);
        return { id, props: { ...props, webhookId: found.webhookId, status: found.status } };
    },

    async delete(_id: string, props: RazorpayWebhookOutputs) {
        // The webhook is the Dashboard's, not ours: nothing is deleted by API.
        console.error(`note: the Razorpay webhook for ${props.url} stays in the Dashboard; disable or delete it there if the app no longer takes it`);
    },
};

export type RazorpayWebhookArgs = { [K in keyof RazorpayWebhookProps]: pulumi.Input<RazorpayWebhookProps[K]> };

/** A Razorpay webhook signed with a secret we supply (and rotate); `mode` picks the provider. */
export class RazorpayWebhookResource extends RemoteResource {
    declare readonly webhookId: pulumi.Output<string | null>;
    declare readonly adopted: pulumi.Output<boolean>;
    declare readonly status: pulumi.Output<string>;

    constructor(name: string, mode: RazorpayWebhookProps["mode"], args: RazorpayWebhookArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "RazorpayWebhook",
            mode === "partner" ? razorpayPartnerProvider : razorpayDashboardProvider,
            name,
            args,
            { outputs: ["webhookId", "adopted", "status"], secrets: ["keySecret", "oauthToken", "secret"] },
            opts,
        );
    }
}
