// What each payment vendor's module (cardPayments.ts, mpesa.ts, phonepe.ts) gives payments.ts, which
// dispatches to them (`payments.provider` in config names the vendor), and the guard the mobile ones
// share: here, so that none imports the dispatcher.
import type * as pulumi from "@pulumi/pulumi";
import type { BuildState } from "../area";
import type { BuildContext } from "../buildContext";
import type { SourceValue } from "../envContract";
import { CheckContext, NAMESPACE, Sources } from "../stackConfig";
import { isLoopback } from "../../shared/loopback";
import type { PaymentsEntry, StackOutputExports } from "../outputs";
import type { CoreConfig, PaymentsConfig } from "../schema";
import type { SecretValue } from "../secretValue";

/**
 * What each payment vendor's module gives: its plain sources, its mode guard, the env names it fixes,
 * its values, what it registers once the app is live, and its outputs (the shape of a vendor
 * integration's, stacks/integration.ts).
 */
export interface PaymentVendor<P extends PaymentsConfig = PaymentsConfig> {
    /** Plain (non-secret) sources; the secret ones come from PAYMENT_SECRETS. */
    sources(p: P, cfg: CoreConfig): Sources;
    /** The mode guard: keys, hosts and codes of the other environment are refused. */
    check(p: P, ctx: CheckContext, values: Record<string, SecretValue>): void;
    /** Env var names the app reads and the source each must come from (a literal would bypass the guard). */
    contract(p: P): Record<string, string>;
    values(p: P, ctx: BuildContext): Record<string, SourceValue>;
    /** Its mode and the URLs it calls, for the `payments` output. */
    summary(p: P, cfg: CoreConfig): Omit<PaymentsEntry, "provider" | "c2bStatus">;
    /** After the app and its services are live: what it registers with the vendor (M-Pesa's C2B URLs), and its status. */
    publish?(p: P, state: BuildState): { status: pulumi.Output<string> } | undefined;
    /** Its own outputs (PhonePe's webhook password). */
    outputs?(p: P, state: BuildState): Partial<StackOutputExports>;
}

/** A vendor with a test and a live environment, each on its own API host. */
export interface VendorEnvironments<E extends string> {
    vendor: string;
    /** The environment the stack takes (production's, or the test one). */
    wanted: E;
    /** Says what `wanted` is, e.g. "Daraja's production (MPESA_ENV=production)". */
    wantedText: string;
    environment: E;
    hosts: Record<E, string>;
    /** `payments.apiBaseUrl` when set. */
    apiBaseUrl?: string;
}

const key = (k: string) => `${NAMESPACE}:payments.${k}`;

/** The configured environment is the one the stack takes. */
export function checkStackEnvironment<E extends string>({ cfg, issues }: CheckContext, v: VendorEnvironments<E>): void {
    if (v.environment !== v.wanted) {
        issues.push({ key: key("environment"), message: `the ${cfg.environment} stack takes ${v.wantedText}; ${v.environment} belongs to the other stack` });
    }
}

/** The API host is the configured environment's, or a local test server. */
export function checkVendorHost<E extends string>({ issues }: CheckContext, v: VendorEnvironments<E>): void {
    if (!v.apiBaseUrl) return;
    const origin = new URL(v.apiBaseUrl).origin;
    const other = (Object.keys(v.hosts) as E[]).find((e) => e !== v.environment && new URL(v.hosts[e]).origin === origin);
    if (other) {
        issues.push({
            key: key("apiBaseUrl"),
            message: `${v.apiBaseUrl} is ${v.vendor}'s ${other} host, but payments.environment is ${v.environment}; remove apiBaseUrl to use ${v.hosts[v.environment]}`,
        });
    } else if (origin !== new URL(v.hosts[v.environment]).origin && !isLoopback(v.apiBaseUrl)) {
        issues.push({
            key: key("apiBaseUrl"),
            message: `${v.apiBaseUrl} is not ${v.vendor} (${v.hosts[v.environment]}); only a local test server may stand in for it`,
        });
    }
}

/** A URL where the vendor sends payment results or a credential: on a host this stack serves (its domains, its services, its DNS zone). */
export function checkOwnedUrl({ cfg, issues }: CheckContext, at: string, url: string, vendor: string): void {
    const host = new URL(url).hostname;
    const hosts = [cfg.domains.primary, ...cfg.domains.redirects, ...Object.values(cfg.services).map((s) => s.host)];
    const zone = cfg.dns?.zone;
    if (hosts.includes(host) || (zone && (host === zone || host.endsWith(`.${zone}`)))) return;
    issues.push({
        key: key(at),
        message: `${url} is not on a host this stack serves (${[...hosts, ...(zone ? [`*.${zone}`] : [])].join(", ")}), and ${vendor} would send it payment results and credentials: use one of them`,
    });
}
