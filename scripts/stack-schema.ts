// `npm run schema`: writes schema/stack.schema.json, the JSON Schema editors use for stack files.
import { writeFileSync } from "fs";
import { join } from "path";
import { CliCommand, parseCommandLine, runCli } from "../shared/cli";

const USAGE = `usage: npm run schema [-- options]

Writes schema/stack.schema.json from the config schema (stacks/schema.ts); run it after changing a section.

  -h, --help        this text
  --version         the program's version`;

export const command: CliCommand = {
    async main(argv) {
        parseCommandLine(argv, {});
        const { stackFileSchemaText } = await import("../stacks/stackFileSchema");
        const file = join(__dirname, "..", "schema", "stack.schema.json");
        writeFileSync(file, stackFileSchemaText());
        console.log(`wrote ${file}`);
        return 0;
    },
    usage: USAGE,
    script: "schema",
    isUserError: () => false,
};
runCli(command, module);
