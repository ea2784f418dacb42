// Serves the project copy's program to the Pulumi CLI over the language-runtime protocol, with
// the SDK's own LanguageServer (what the Automation API uses for inline programs; the CLI connects
// through `--client`). The Node.js language host binary cannot be built here (its Go module is not
// served by the module proxy), so this is the one part of `pulumi up` that runs in-process: the
// program still runs through the SDK's runInPulumiStack, as `@pulumi/pulumi/cmd/run` runs it.
// Usage (cwd = the project copy): node languageServer.js <main> → prints the port. <main> is the
// program compiled beside its sources (index.js: compile.ts), or index.ts under `node -r
// ts-node/register`, as `pulumi up` loads it.
import * as grpc from "@grpc/grpc-js";
import { join } from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
const { LanguageServer } = require("@pulumi/pulumi/automation/server");
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
const { grpcChannelOptions } = require("@pulumi/pulumi/runtime/settings");

// The program as `pulumi up` loads it: the project's main module, whose export is an async function.
const program = require(join(process.cwd(), process.argv[2])) as () => Promise<Record<string, unknown>>;

const server = new grpc.Server(grpcChannelOptions);
server.addService(langrpc.LanguageRuntimeService, new LanguageServer(program));
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err;
    process.stdout.write(`${port}\n`);
});
