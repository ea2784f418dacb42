// A stack's config as `pulumi up` sees it, read through the Pulumi CLI on PATH (which decrypts its
// secrets with the stack's secrets provider): for the CLIs that act on a deployed stack.
import { runPulumi } from "../shared/pulumiCli";

export interface CliConfig {
    /** Every key (`app-platform:x`, `vercel:team`) and its value, secrets decrypted. */
    raw: Record<string, string>;
    /** The keys Pulumi holds as secrets. */
    secretKeys: Set<string>;
}

/** The CLI printed no JSON: a CLI too old for `--json`. */
export class ConfigNotJson extends Error {
    constructor() {
        super("pulumi config --json printed something that is not JSON");
    }
}

/** `pulumi config --show-secrets --json`; throws PulumiCliError when the CLI fails, ConfigNotJson when it prints no JSON. */
export async function readCliConfig(stack: string, cwd: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<CliConfig> {
    const stdout = await runPulumi(["config", "--show-secrets", "--json", "--stack", stack], { cwd, ...opts });
    let entries: Record<string, { value?: string; secret?: boolean }>;
    try {
        entries = JSON.parse(stdout);
    } catch {
        throw new ConfigNotJson();
    }
    const raw: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [key, entry] of Object.entries(entries)) {
        if (entry.value !== undefined) raw[key] = entry.value;
        if (entry.secret) secretKeys.add(key);
    }
    return { raw, secretKeys };
}

/**
 * The incoming-webhook URL of the stack's Slack alert channel (monitoring.alerts.slack), from the
 * secret it names; undefined when the stack declares none. Throws when that secret is not set.
 */
export function slackWebhookUrl(raw: Record<string, string>): string | undefined {
    const monitoring = raw["app-platform:monitoring"];
    const secret = monitoring ? (JSON.parse(monitoring) as { alerts?: { slack?: { webhookUrlSecret?: string } } }).alerts?.slack?.webhookUrlSecret : undefined;
    if (!secret) return undefined;
    const url = raw[`app-platform:${secret}`];
    if (!url) throw new Error(`app-platform:${secret} (the Slack webhook monitoring.alerts.slack names) is not set`);
    return url;
}
