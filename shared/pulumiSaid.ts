// What the Pulumi CLI said when it failed: its last meaningful stderr line. A secrets provider's
// failure comes as "error: 2 errors occurred: 1) <the provider's answer> 2) Unknown" (gocloud.dev's
// wrapping): the answer is the line kept. Pulumi's own words carry no secret value.
export function pulumiSaid(stderr: string, fallback: string): string {
    return (
        stderr
            .split("\n")
            .map((line) => line.trim().replace(/^\d+\) /, ""))
            .filter((line) => line && line !== "Unknown" && !/^error: \d+ errors occurred:$/.test(line))
            .pop() || fallback
    );
}
