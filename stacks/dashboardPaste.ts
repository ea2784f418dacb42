// A generated secret that a vendor's Dashboard must be given by hand (Razorpay's dashboard-managed
// webhooks, PhonePe's webhook password): rotation waits for the paste, and preview says when it is due.
import { addDays, formatDay, parseDay, rotationPeriod } from "../components/rotation";
import type { CheckContext } from "./stackConfig";

export interface Paste {
    /** The config key recording the paste (`...pasted`). */
    key: string;
    /** The generated secret pasted. */
    secretName: string;
    /** The rotatedAt of the value last pasted, if recorded. */
    pasted?: string;
    /** The command that shows the value to paste. */
    show: string;
    /** Where in the Dashboard it goes. */
    where: string;
}

/**
 * The Dashboard holds the value last pasted, which the app must keep accepting. The app holds two
 * values (NAME, NAME_PREVIOUS), so the secret may rotate once past the pasted value and then waits,
 * with the step to take, until `pasted` names the new one.
 */
export function holdForPaste({ cfg, opts, issues, warnings, rotationClocks }: CheckContext, p: Paste): void {
    const g = cfg.secrets.generated[p.secretName];
    const anchor = parseDay(g.anchor ?? cfg.secrets.anchor);
    const now = rotationPeriod(anchor, g.rotationDays, opts.now);
    if (!p.pasted) {
        warnings.push(
            `${p.key}: once ${p.where} holds the value of \`${p.show}\`, set it to ${formatDay(now.startedAt)}; until then rotations of ${p.secretName} do not wait for the paste`,
        );
        return;
    }
    const pasted = rotationPeriod(anchor, g.rotationDays, parseDay(p.pasted));
    // Before the anchor or after today, the paste would hold the clock where no value was ever deployed: every secret regenerated.
    if (pasted.index < 0) {
        issues.push({
            key: p.key,
            message: `${p.pasted} is before ${p.secretName}'s anchor (${formatDay(anchor)}), when it did not exist yet; use its rotatedAt (${formatDay(now.startedAt)} now, or an earlier one: every ${g.rotationDays} days from ${formatDay(anchor)})`,
        });
        return;
    }
    if (pasted.index > now.index) {
        issues.push({
            key: p.key,
            message: `${p.pasted} is in the future (today is ${formatDay(opts.now)}); use the rotatedAt of the value the Dashboard holds (${formatDay(now.startedAt)} now, or an earlier one)`,
        });
        return;
    }
    if (formatDay(pasted.startedAt) !== p.pasted) {
        issues.push({
            key: p.key,
            message: `${p.pasted} is not a day ${p.secretName} rotated on; use its rotatedAt (${formatDay(now.startedAt)} now, or an earlier one: every ${g.rotationDays} days from ${formatDay(anchor)})`,
        });
        return;
    }
    if (now.index === pasted.index) return;
    const current = addDays(anchor, (pasted.index + 1) * g.rotationDays);
    const step = `paste the value of \`${p.show}\` into ${p.where}, then set ${p.key} to ${formatDay(current)}`;
    if (now.index === pasted.index + 1) {
        warnings.push(`${p.key}: action required: ${step}. The next rotation of ${p.secretName} (${formatDay(now.endsAt)}) waits for it`);
        return;
    }
    // Two or more periods on: rotating now would drop the value the Dashboard holds.
    rotationClocks[p.secretName] = addDays(current, g.rotationDays - 1);
    warnings.push(
        `${p.key}: rotation of ${p.secretName} held since ${formatDay(addDays(current, g.rotationDays))}: the Dashboard still signs with the value of ${p.pasted}. ${step.charAt(0).toUpperCase()}${step.slice(1)}`,
    );
}
