// What a CLI run inside GitHub Actions reads from and hands back to its workflow.
import { appendFileSync } from "fs";

/** The link to this workflow run, when running in one. */
export function runUrl(): string | undefined {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
    return GITHUB_RUN_ID ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` : undefined;
}

/** A step output (`steps.<id>.outputs.<name>`), when running in a workflow; values are ids, never secrets. */
export function setOutput(name: string, value: string): void {
    const file = process.env.GITHUB_OUTPUT;
    if (file && !/[\r\n]/.test(value)) appendFileSync(file, `${name}=${value}\n`);
}
