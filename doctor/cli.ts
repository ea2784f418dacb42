// npm run doctor -- --stack <name>: a read-only preflight. It reads the stack's config as `pulumi up`
// would (the Pulumi CLI decrypts its secrets), then checks each prerequisite the stack declares and
// prints one line per check, with the fix. Exit 0 only when every check passes; no secret is printed.
import { join, resolve } from "path";
import { CliCommand, intFlag, isNamedError, parseCommandLine, runCli, stackFlag, UsageError } from "../shared/cli";
import { PulumiCliError } from "../shared/pulumiCli";
import { CliConfig, ConfigNotJson, readCliConfig } from "../stacks/cliConfig";
import type { Check, Finding } from "./checks";

const USAGE = `usage: npm run doctor -- --stack <name> [options]

Checks, read-only, what the stack's first \`pulumi up\` needs: the stack and its secrets as the Pulumi
CLI reads them, the config, and each prerequisite the stack declares (docs/deploy.md, "Preflight").

  --stack NAME      the stack
  --cwd DIR         the Pulumi project's folder (default: this repository)
  --github REPO     also ask GitHub (owner/name: the repository whose workflows deploy the stack,
                    with GH_TOKEN or GITHUB_TOKEN) for the stack's environment and the secrets and
                    variables the workflows read
  --timeout SECS    how long each check may take (default 20)
  -h, --help        this text
  --version         the program's version

Exit codes: 0 every check passed, 1 a check did not, 2 bad command line.`;

type Raw = CliConfig;

/** The stack's config as `pulumi up` sees it, or what stops the CLI from reading it. */
async function readConfig(stack: string, cwd: string, signal: AbortSignal): Promise<Raw | Finding> {
    try {
        return await readCliConfig(stack, cwd, { signal });
    } catch (err) {
        if (err instanceof ConfigNotJson)
            return { verdict: "wrong", found: err.message, fix: "update the Pulumi CLI (npm ls @pulumi/pulumi gives the version)" };
        if (!(err instanceof PulumiCliError)) throw err;
        if (err.kind === "no-cli") return { verdict: "missing", found: err.message, fix: "install it (https://www.pulumi.com/docs/install/)" };
        // Pulumi's own words: no stack, no passphrase, not logged in, a KMS refusal.
        // The stack's key is decrypted by its secrets provider: KMS asks for AWS credentials, a passphrase for the passphrase.
        const fix = /\bKMS\b|awskms/.test(err.message)
            ? "AWS credentials allowed to use the stack's KMS key (kms:Decrypt), in the region of its secretsprovider line"
            : `pulumi login (the backend), pulumi stack init ${stack} or select it, and PULUMI_CONFIG_PASSPHRASE for a passphrase stack`;
        return { verdict: "wrong", found: `pulumi config: ${err.message}`, fix };
    }
}

async function cli(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, {
        stack: { type: "string" },
        cwd: { type: "string" },
        github: { type: "string" },
        timeout: { type: "string", default: "20" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --, e.g. --stack ${positionals[0]})`);
    const stack = stackFlag(values.stack, "staging");
    const timeout = intFlag("--timeout", values.timeout, 1, 600, "seconds");
    const repository = values.github;
    const cwd = resolve(values.cwd ?? join(__dirname, ".."));
    const [{ runChecks, render }, { loadStackConfig, ConfigError }, { databaseCheck }, { vendorChecks }, { github }] = await Promise.all([
        import("./checks"),
        import("../stacks/config"),
        import("./database"),
        import("./vendors"),
        import("./vendors/github"),
    ]);
    if (repository !== undefined && !(await import("../stacks/fieldRules")).ownerRepo.safeParse(repository).success)
        throw new UsageError(`--github ${JSON.stringify(repository)}: the repository as owner/name, e.g. --github acme/shop`);

    let read: Raw | undefined;
    const checks: Check[] = [
        {
            name: "stack",
            async run(signal) {
                const got = await readConfig(stack, cwd, signal);
                if ("verdict" in got) return got;
                read = got;
                return { verdict: "ok", found: `${stack}: ${Object.keys(got.raw).length} keys, ${got.secretKeys.size} of them secret` };
            },
        },
    ];
    const results = await runChecks(checks, timeout * 1000);
    if (read) {
        const { raw, secretKeys } = read;
        let cfg: ReturnType<typeof loadStackConfig> | undefined;
        try {
            cfg = loadStackConfig(raw, { stack, secretKeys, now: new Date() });
            results.push({ name: "config", verdict: "ok", found: `valid; ${Object.keys(cfg.secrets.external).length} external secrets set` });
        } catch (err) {
            if (!(err instanceof ConfigError)) throw err;
            // A secret left unset or stored in plaintext is "missing"; anything else the config says is "wrong".
            for (const issue of err.issues) {
                const missing = /required secret is not set|stored in plaintext/.test(issue.message);
                results.push({ name: "config", verdict: missing ? "missing" : "wrong", found: `${issue.key}: ${issue.message}` });
            }
        }
        // The prerequisites read the valid config: the database the migrations need, then the vendor accounts.
        if (cfg) {
            const m = cfg.migrations;
            const database = m ? [databaseCheck(raw[`app-platform:${m.databaseUrlSecret}`], cwd, m.dir, m.rollbackDir)] : [];
            const ci = repository ? [github(cfg, repository)] : [];
            results.push(...(await runChecks([...database, ...vendorChecks(cfg, (key) => raw[key]), ...ci], timeout * 1000)));
        }
    }
    console.log(render(results));
    return results.every((r) => r.verdict === "ok") ? 0 : 1;
}

export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "doctor",
    isUserError: (err) => isNamedError(err, "ConfigError"),
};
runCli(command, module);
