// What the daily rotation workflow decides per stack: is a rotation due (a generated secret whose
// period has rolled over since the deployed state, or an external key past its date), and the
// report of external keys to rotate by hand, with the seed's procedure.
import { daysBetween, parseDay } from "../components/rotation";
import type { ExternalKeyStatus } from "../stacks/stackConfig";
import type { GeneratedSecretSchedule } from "../stacks/outputs";

/** What the checks read of a deployed schedule (the outputs file's entries). */
export type DeployedSchedule = Pick<GeneratedSecretSchedule, "name" | "rotationDays" | "rotatedAt">;

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
export function rotationDue(
    stack: string,
    deployed: DeployedSchedule[] | null,
    planned: GeneratedSecretSchedule[],
    externalKeys: ExternalKeyStatus[],
): RotationDue {
    const was = new Map((deployed ?? []).map((g) => [g.name, g.rotatedAt]));
    const rotations = planned
        .filter((g) => was.get(g.name) !== g.rotatedAt)
        .map((g) => ({ name: g.name, deployed: was.get(g.name) ?? null, rotatedAt: g.rotatedAt }));
    const keys = externalKeys.filter((k) => k.status !== "ok");
    return { stack, due: rotations.length > 0 || keys.length > 0, rotations, keys };
}

/**
 * Deployed schedules this program cannot have produced at this clock, one reason per secret: a
 * rotatedAt off the secret's calendar (another stack's outputs, or edited by hand), or later than
 * the program's (the clock is behind the deployed state: an up would regenerate live secrets).
 * `clock` names the clock in the messages.
 */
export function deployedConflicts(deployed: DeployedSchedule[], planned: GeneratedSecretSchedule[], clock: string): string[] {
    const conflicts: string[] = [];
    for (const was of deployed) {
        const now = planned.find((g) => g.name === was.name);
        if (!now) continue; // no longer generated: nothing to rotate
        // A changed rotationDays renumbers the calendar: then any deployed day is a real rotation.
        if (was.rotationDays === now.rotationDays && daysBetween(parseDay(now.rotatedAt), parseDay(was.rotatedAt)) % now.rotationDays !== 0) {
            conflicts.push(
                `${was.name}: deployed rotatedAt ${was.rotatedAt} is not one of its rotation days (every ${now.rotationDays} days, e.g. ${now.rotatedAt}): ` +
                    `these are not this stack's outputs, or they were edited by hand (if ${was.name}'s anchor changed since the last up, run pulumi up once)`,
            );
        } else if (was.rotatedAt > now.rotatedAt) {
            conflicts.push(
                `${was.name}: deployed rotatedAt ${was.rotatedAt} is later than ${now.rotatedAt}, its rotation day at ${clock}: the clock is behind the deployed state, ` +
                    `and an up at this clock would regenerate the live secret. Check --now, or the machine's clock (date -u)`,
            );
        }
    }
    return conflicts;
}

/** The workflow's summary: what rotates in this run, and each external key's steps (seed 000: new key → update → test → revoke old). */
export function renderReport(r: RotationDue): string {
    const lines = [`### ${r.stack}: ${r.due ? "rotation due" : "nothing due"}`];
    for (const g of r.rotations)
        lines.push(
            `- generated secret \`${g.name}\`: deployed value from ${g.deployed ?? "(not deployed yet)"}, the period from ${g.rotatedAt} starts now; this run's \`pulumi up\` rotates it (the app is redeployed before any signer switches).`,
        );
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
