// Human-readable rendering of an inventory: resources as a tree, then the contracts reviewers care about.
import type { Inventory } from "./evaluate";

const flags = (o: Inventory["resources"][number]["options"]) =>
    [
        o.protect && "protect",
        o.retainOnDelete && "retainOnDelete",
        o.deleteBeforeReplace && "deleteBeforeReplace",
        o.additionalSecretOutputs.length > 0 && `secretOutputs=${o.additionalSecretOutputs.join(",")}`,
    ]
        .filter(Boolean)
        .join(" ");

/** Long strings (SQL bodies, policies) are cut for reading; `--json` keeps them whole. */
const shorten = (_key: string, v: unknown) => (typeof v === "string" && v.length > 120 ? `${v.slice(0, 60)}… (${v.length} chars)` : v);

function inputsLine(inputs: Record<string, unknown>): string {
    return Object.entries(inputs)
        .filter(([k]) => k !== "__defaults")
        .map(([k, v]) => `${k}=${JSON.stringify(v, shorten)}`)
        .join(" ");
}

export function renderText(inv: Inventory): string {
    const out: string[] = [`Stack ${inv.stack}: ${inv.resources.length} resources`, ""];
    const children = (parent: string | null) => inv.resources.filter((r) => r.parent === parent);
    const visit = (parent: string | null, depth: number) => {
        for (const r of children(parent)) {
            const f = flags(r.options);
            out.push(`${"  ".repeat(depth)}${r.type}  ${r.name}${f ? `  [${f}]` : ""}`);
            const line = inputsLine(r.inputs);
            if (line) out.push(`${"  ".repeat(depth + 2)}${line}`);
            visit(`${r.type}::${r.name}`, depth + 1);
        }
    };
    visit(null, 0);

    const o = inv.outputs as {
        envContract?: { name: string; targets: string[]; secret: boolean; source: string }[];
        generatedSecrets?: { name: string; rotationDays: number; rotatedAt: string; nextRotation: string }[];
        externalKeys?: { name: string; rotatedAt: string; dueAt: string; status: string }[];
        crons?: { job: string; cron: string; method: string; url: string; enabled: boolean; nextRuns: string[] }[];
        dnsRecords?: { name: string; type: string; content: string }[];
        services?: Record<string, { platform: string; url: string; image: string; env: { name: string; secret: boolean; source: string }[] }>;
    };
    out.push("", "Environment variables:");
    for (const v of o.envContract ?? []) {
        out.push(`  ${v.name.padEnd(36)} ${(v.secret ? "secret" : "plain").padEnd(7)} ${v.targets.join(",").padEnd(20)} ${v.source}`);
    }
    for (const [name, svc] of Object.entries(o.services ?? {})) {
        out.push("", `Service ${name} (${svc.platform}, ${svc.url}, ${svc.image}):`);
        for (const v of svc.env) out.push(`  ${v.name.padEnd(36)} ${(v.secret ? "secret" : "plain").padEnd(7)} ${v.source}`);
    }
    out.push("", "Rotation calendar:");
    for (const s of o.generatedSecrets ?? [])
        out.push(`  ${s.name.padEnd(28)} generated  every ${s.rotationDays}d, rotated ${s.rotatedAt}, next ${s.nextRotation}`);
    for (const k of o.externalKeys ?? []) out.push(`  ${k.name.padEnd(28)} external   rotated ${k.rotatedAt}, due ${k.dueAt} (${k.status})`);
    if (o.crons?.length) {
        out.push("", "Scheduled jobs (QStash, UTC):");
        for (const c of o.crons) {
            const runs = c.enabled ? `next ${c.nextRuns.map((r) => r.slice(0, 16).replace("T", " ")).join(", ")}` : "disabled";
            out.push(`  ${c.job.padEnd(32)} ${c.cron.padEnd(14)} ${c.method.padEnd(5)} ${c.url}  ${runs}`);
        }
    }
    if (o.dnsRecords?.length) {
        out.push("", "DNS records:");
        for (const r of o.dnsRecords) out.push(`  ${r.type.padEnd(6)} ${r.name.padEnd(36)} ${r.content}`);
    }
    if (inv.warnings.length) out.push("", "Warnings:", ...inv.warnings.map((w) => `  ${w}`));
    if (inv.placeholders.length) out.push("", `Placeholders stand in for: ${inv.placeholders.join(", ")}`);
    return out.join("\n");
}
