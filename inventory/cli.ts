// npm run inventory -- --stack <staging|production> [--json] [--now YYYY-MM-DD]
// Prints everything a stack declares, evaluated offline under mocks: no credentials, no Pulumi CLI.
import { existsSync, mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { parseArgs } from "util";
import { ConfigError } from "../stacks/config";
import { clock } from "../stacks/main";
import { evaluateStack } from "./evaluate";
import { asOfClock, renderMarkdown } from "./markdown";
import { renderText } from "./render";
import { readStackFile } from "./stackFile";

const USAGE = "usage: npm run inventory -- --stack <name> [--json | --markdown] [--now YYYY-MM-DD] [--file Pulumi.<name>.yaml]";

async function cli(argv: string[]): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: {
            stack: { type: "string" },
            json: { type: "boolean", default: false },
            markdown: { type: "boolean", default: false },
            now: { type: "string" },
            file: { type: "string" },
        },
    });
    if (!values.stack) {
        console.error(USAGE);
        return 2;
    }
    const file = values.file ?? join(__dirname, "..", `Pulumi.${values.stack}.yaml`);
    if (!existsSync(file)) {
        console.error(`No stack file ${file}. ${USAGE}`);
        return 2;
    }
    const wallClock = clock(values.now);
    const asOf = wallClock.toISOString().slice(0, 10);
    const now = values.markdown ? asOfClock(asOf) : wallClock;
    const { inventory } = await evaluateStack(values.stack, readStackFile(file), now);
    if (values.markdown) {
        const out = join(__dirname, "..", "docs", "stacks", `${values.stack}.md`);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, renderMarkdown(inventory, asOf));
        console.log(`wrote ${out}`);
        return 0;
    }
    console.log(values.json ? JSON.stringify(inventory, null, 2) : renderText(inventory));
    return 0;
}

cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        // User errors (bad config, bad flags) print their message alone; anything else is a bug.
        const userError = err instanceof ConfigError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
        console.error(userError ? (err as Error).message : err);
        process.exit(1);
    },
);
