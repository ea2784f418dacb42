// One preflight check per line: its verdict (ok, missing, wrong, unreachable), what it found, and the
// fix. Each check is bounded in time: no answer in time is "unreachable", never a hang.

export type Verdict = "ok" | "missing" | "wrong" | "unreachable";

export interface Finding {
    verdict: Verdict;
    /** What was found: never a secret's value. */
    found: string;
    /** What to do when it is not ok. */
    fix?: string;
}

export interface Check {
    name: string;
    run(signal: AbortSignal): Promise<Finding>;
}

export interface Result extends Finding {
    name: string;
}

/** Runs the checks in turn, each within `timeoutMs`. */
export async function runChecks(checks: Check[], timeoutMs: number): Promise<Result[]> {
    const results: Result[] = [];
    for (const check of checks) {
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<Finding>((resolve) => {
            timer = setTimeout(() => {
                controller.abort();
                resolve({ verdict: "unreachable", found: `no answer in ${Math.round(timeoutMs / 1000)} s`, fix: "check the network, or raise --timeout" });
            }, timeoutMs);
        });
        try {
            results.push({ name: check.name, ...(await Promise.race([check.run(controller.signal), late])) });
        } finally {
            clearTimeout(timer);
        }
    }
    return results;
}

/** The report: one line per check, its fix under it. */
export function render(results: Result[]): string {
    const width = Math.max(...results.map((r) => r.name.length));
    return results
        .map(
            (r) =>
                `${r.verdict.padEnd(11)} ${r.name.padEnd(width)}  ${r.found}${r.fix && r.verdict !== "ok" ? `\n${" ".repeat(14 + width)}fix: ${r.fix}` : ""}`,
        )
        .join("\n");
}
