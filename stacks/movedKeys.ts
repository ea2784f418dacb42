// Config keys that moved. A stack file that still uses the old place loads as before (the resources keep
// their names, hence their URNs: nothing is replaced), with a warning naming the new place.
import type { ConfigIssue } from "./configIssue";
import { NAMESPACE } from "./stackConfig";

interface Move {
    from: string;
    to: string;
    /** Keys whose value the moved one used from its old place: copied to the new one unless it is set. */
    carry?: [from: string, to: string][];
}

export const MOVED_KEYS: Move[] = [
    // The sending domain is the email area's; Resend's API base URL (a local server in tests) goes with it.
    { from: "webhooks.resend.domain", to: "email.domain", carry: [["webhooks.resend.apiBaseUrl", "email.apiBaseUrl"]] },
];

type Tree = Record<string, unknown>;

function parentOf(tree: Tree, path: string): [Tree | undefined, string] {
    const steps = path.split(".");
    const last = steps.pop()!;
    let node: unknown = tree;
    for (const step of steps) node = typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Tree)[step] : undefined;
    return [typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Tree) : undefined, last];
}

/** What `applyMovedKeys` did: its warnings, and the moves, to name the stack file's own keys in issues. */
export interface Moved {
    warnings: string[];
    moves: Move[];
}

/** Moves each old key of `sections` (the parsed `app-platform:*` sections) to its new place, in place. */
export function applyMovedKeys(sections: Tree, issues: ConfigIssue[]): Moved {
    const warnings: string[] = [];
    const moves: Move[] = [];
    for (const { from, to, carry = [] } of MOVED_KEYS) {
        const [oldParent, oldKey] = parentOf(sections, from);
        if (oldParent?.[oldKey] === undefined) continue;
        const [newParent, newKey] = parentOf(sections, to);
        const section = to.split(".")[0];
        if (!newParent) {
            const shape = sections[section] === undefined ? "declare that section" : "that section is not a mapping";
            issues.push({
                key: `${NAMESPACE}:${from}`,
                message: `has moved to ${NAMESPACE}:${to}, which needs ${NAMESPACE}:${section}: ${shape}, and move this key there`,
            });
        } else if (newParent[newKey] !== undefined) {
            issues.push({ key: `${NAMESPACE}:${from}`, message: `has moved to ${NAMESPACE}:${to}, which is set too: remove this one` });
        } else {
            newParent[newKey] = oldParent[oldKey];
            moves.push({ from, to });
            for (const [source, target] of carry) {
                const [sp, sk] = parentOf(sections, source);
                const [tp, tk] = parentOf(sections, target);
                if (sp?.[sk] === undefined || !tp || tp[tk] !== undefined) continue;
                tp[tk] = sp[sk];
                // An issue with the copy names the key the stack file has.
                moves.push({ from: source, to: target });
            }
            warnings.push(`${NAMESPACE}:${from} has moved to ${NAMESPACE}:${to}: move it there in the stack file (its resources stay as they are)`);
        }
        delete oldParent[oldKey];
        // A section left empty by the move was only there for the moved key.
        const emptied = from.split(".").slice(0, -1);
        for (let i = emptied.length; i > 1; i--) {
            const [parent, key] = parentOf(sections, emptied.slice(0, i).join("."));
            const node = parent?.[key];
            if (parent && typeof node === "object" && node !== null && Object.keys(node).length === 0) delete parent[key];
        }
    }
    return { warnings, moves };
}

/** An issue under a moved key names it where the stack file has it (its old place); a copied value's issue is said once. */
export function asWritten(issues: ConfigIssue[], { moves }: Moved): ConfigIssue[] {
    const written = issues.map((issue) => {
        const move = moves.find(({ to }) => issue.key === `${NAMESPACE}:${to}` || issue.key.startsWith(`${NAMESPACE}:${to}.`));
        return move ? { ...issue, key: `${NAMESPACE}:${move.from}${issue.key.slice(NAMESPACE.length + 1 + move.to.length)}` } : issue;
    });
    return written.filter((issue, i) => written.findIndex((other) => other.key === issue.key && other.message === issue.message) === i);
}
