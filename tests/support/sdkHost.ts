// Starts one of the SDK's plugin hosts (`@pulumi/pulumi/cmd/<host>`) the way the engine does and
// returns a client for the gRPC port it prints.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import { join } from "path";
import { ROOT } from "../helpers";

export interface SdkHost<Client> {
    client: Client;
    /** What the host printed on stderr. */
    stderr(): string;
    stop(): Promise<void>;
}

export async function startSdkHost<Client extends grpc.Client>(
    host: "dynamic-provider" | "run-policy-pack",
    ClientClass: new (address: string, credentials: grpc.ChannelCredentials) => Client,
    opts: { args?: string[]; cwd?: string } = {},
): Promise<SdkHost<Client>> {
    // The engine address is required but unused by the calls the tests make.
    const child: ChildProcess = spawn(
        process.execPath,
        [join(ROOT, "node_modules/@pulumi/pulumi/cmd", host, "index.js"), "127.0.0.1:1", ...(opts.args ?? [])],
        {
            cwd: opts.cwd ?? ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
        child.stdout!.once("data", (d) => resolve(String(d).trim()));
        child.once("exit", (code) => reject(new Error(`${host} exited with ${code}: ${stderr}`)));
    });
    const client = new ClientClass(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return {
        client,
        stderr: () => stderr,
        async stop() {
            client.close();
            child.kill();
            await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
        },
    };
}
