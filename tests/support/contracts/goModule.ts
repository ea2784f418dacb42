// A Go module's files, through the Go module proxy into the module cache (never into this repository):
// where some vendors' official OpenAPI documents are published with their own tools.
import { execFileSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";

function goBinary(): string {
    for (const candidate of [process.env.GOROOT && join(process.env.GOROOT, "bin", "go"), "/usr/local/go/bin/go"]) {
        if (candidate && existsSync(candidate)) return candidate;
    }
    return "go";
}

/** The unpacked module `path@version`; `what` names the document for the error when Go or the proxy is missing. */
export function goModuleDir(module: string, what: string): string {
    let out: string;
    try {
        out = execFileSync(goBinary(), ["mod", "download", "-json", module], {
            encoding: "utf8",
            timeout: 120_000,
            env: { ...process.env, GOFLAGS: "-mod=mod" },
        });
    } catch (err) {
        throw new Error(`cannot fetch ${what} (go mod download ${module}): ${(err as Error).message}; the suite needs Go and its module proxy`);
    }
    return JSON.parse(out).Dir;
}
