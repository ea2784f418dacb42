// What the daily rotation workflow decides per stack: is a rotation due (a generated secret whose
// period has rolled over since the deployed state, or an external key past its date), and the
// report of external keys to rotate by hand, with the seed's procedure.
import type { ExternalKeyStatus } from "../stacks/feature";
import type { GeneratedSecretSchedule } from "../stacks/outputs";

export interface RotationDue {
    stack: string;
    /** Run `up`: a generated secret rolls over today, or an external key reached its date. */
    due: boolean;
    /** Generated secrets whose deployed value is from an earlier period. */
    rotations: { name: string; deployed: string | null; rotatedAt: string }[];
    /** External keys due or overdue: rotated by a person, then `rotatedAt` updated. */
    keys: ExternalKeyStatus[];
}

/** `deployed` is the stack's `generatedSecrets` output (null before the first up); `planned` the program's at today's clock. */
export function rotationDue(stack: string, deployed: GeneratedSecretSchedule[] | null, planned: GeneratedSecretSchedule[], externalKeys: ExternalKeyStatus[]): RotationDue {
    const was = new Map((deployed ?? []).map((g) => [g.name, g.rotatedAt]));
    const rotations = planned.filter((g) => was.get(g.name) !== g.rotatedAt).map((g) => ({ name: g.name, deployed: was.get(g.name) ?? null, rotatedAt: g.rotatedAt }));
    const keys = externalKeys.filter((k) => k.status !== "ok");
    return { stack, due: rotations.length > 0 || keys.length > 0, rotations, keys };
}

/** The workflow's summary: what rotates in this run, and each external key's steps (seed 000: new key → update → test → revoke old). */
export function renderReport(r: RotationDue): string {
    const lines = [`### ${r.stack}: ${r.due ? "rotation due" : "nothing due"}`];
    for (const g of r.rotations) lines.push(`- generated secret \`${g.name}\`: deployed value from ${g.deployed ?? "(not deployed yet)"}, the period from ${g.rotatedAt} starts now; this run's \`pulumi up\` rotates it (the app is redeployed before any signer switches).`);
    for (const k of r.keys) {
        lines.push(
            `- external key \`${k.name}\` is ${k.status} (due ${k.dueAt}, rotated ${k.rotatedAt}). Rotate it by hand:`,
            `  1. create the new key in the vendor's dashboard;`,
            `  2. \`pulumi config set --secret app-platform:${k.name} --stack ${r.stack}\` and set \`app-platform:secrets.external.${k.name}.rotatedAt\` to today in \`Pulumi.${r.stack}.yaml\`, in a PR;`,
            `  3. after the merge's \`pulumi up\`, test the app (a payment webhook is accepted, a cron run returns 200);`,
            `  4. revoke the old key in the dashboard.`,
        );
    }
    return lines.join("\n");
}
