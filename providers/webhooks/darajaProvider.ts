// The Pulumi face of the Daraja engine: the C2B URLs of a shortcode as a resource. Create and a
// change of URLs register them; Daraja cannot read or delete a registration, so refresh keeps the
// state and delete (or a new shortcode) says what to do in the Daraja portal.
import * as pulumi from "@pulumi/pulumi";
import { neverGone, RemoteResource, remoteProvider } from "../remote";
import * as daraja from "./daraja";

export interface MpesaC2bUrlsProps {
    environment: "sandbox" | "production";
    apiBaseUrl: string;
    /** Secret. */
    consumerKey: string;
    /** Secret. */
    consumerSecret: string;
    shortCode: string;
    responseType: "Completed" | "Cancelled";
    confirmationUrl: string;
    validationUrl: string;
}

export interface MpesaC2bUrlsOutputs extends MpesaC2bUrlsProps {
    conversationId: string;
    /** `registered`, or `adopted` when production already had URLs for the shortcode at create. */
    status: string;
}

const portalStep = (p: MpesaC2bUrlsProps) =>
    `In the Daraja portal (developer.safaricom.co.ke → Self Service → URL Management), delete the URLs registered for shortcode ${p.shortCode}`;
const registration = (p: MpesaC2bUrlsProps): daraja.C2bRegistration => ({
    shortCode: p.shortCode,
    responseType: p.responseType,
    confirmationUrl: p.confirmationUrl,
    validationUrl: p.validationUrl,
});
const credentials = (p: MpesaC2bUrlsProps) => ({ baseUrl: p.apiBaseUrl, consumerKey: p.consumerKey, consumerSecret: p.consumerSecret });

async function register(p: MpesaC2bUrlsProps, onCreate: boolean): Promise<MpesaC2bUrlsOutputs> {
    const api = await daraja.darajaClient(credentials(p));
    try {
        const done = await daraja.registerC2bUrls(api, registration(p));
        return { ...p, conversationId: done.conversationId, status: "registered" };
    } catch (err) {
        if (!daraja.isAlreadyRegistered(err)) throw err;
        if (onCreate) {
            // Production registers a shortcode's URLs once and cannot show them: taken over as they are.
            console.error(
                `warning: Daraja already has C2B URLs for shortcode ${p.shortCode}; they cannot be read back, so they are taken over as registered. If they are not ${p.confirmationUrl} and ${p.validationUrl}: ${portalStep(p)}, then run pulumi up again`,
            );
            return { ...p, conversationId: "", status: "adopted" };
        }
        const e = new Error(
            `Daraja refused the new C2B URLs for shortcode ${p.shortCode}: production registers them once (${(err as Error).message}). ${portalStep(p)}, then run pulumi up again; nothing was changed`,
        );
        e.stack = "";
        throw e;
    }
}

export const mpesaC2bProvider = remoteProvider<MpesaC2bUrlsProps, MpesaC2bUrlsOutputs>({
    replaces: (olds, news) => (["environment", "apiBaseUrl", "shortCode"] as const).filter((k) => olds[k] !== news[k]),
    // New credentials alone change nothing at Daraja.
    changed: (olds, news) => JSON.stringify(registration(olds)) !== JSON.stringify(registration(news)),
    async create(news) {
        const outs = await register(news, true);
        return { id: `${news.environment}:${news.shortCode}`, outs };
    },
    update: (_id, _olds, news) => register(news, false),
    // Nothing to read: Daraja has no query for registered URLs.
    read: async () => ({}),
    async delete(_id, state) {
        console.error(
            `note: Daraja keeps the C2B URLs of shortcode ${state.shortCode} (it has no API to remove them). ${portalStep(state)} if the app no longer takes them`,
        );
    },
    gone: neverGone("shortCode"),
});

export type MpesaC2bUrlsArgs = { [K in keyof MpesaC2bUrlsProps]: pulumi.Input<MpesaC2bUrlsProps[K]> };

export class MpesaC2bUrlsResource extends RemoteResource {
    declare readonly conversationId: pulumi.Output<string>;
    declare readonly status: pulumi.Output<string>;

    constructor(name: string, args: MpesaC2bUrlsArgs, opts?: pulumi.CustomResourceOptions) {
        super("MpesaC2bUrls", mpesaC2bProvider, name, args, { outputs: ["conversationId", "status"], secrets: ["consumerKey", "consumerSecret"] }, opts);
    }
}
