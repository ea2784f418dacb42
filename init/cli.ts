// npm run init -- --stack <name> [answers]: a new app's first stack file, checked by the program's own
// config check before it is written; then the secrets to set and the next commands.
import { existsSync, writeFileSync } from "fs";
import { dirname, join, relative } from "path";
import { createInterface } from "readline";
import { parse } from "yaml";
import { checkStackName, CliCommand, isNamedError, parseCommandLine, runCli, UsageError } from "../shared/cli";
import type { Answers } from "./stackTemplate";

const ROOT = join(__dirname, "..");
const USAGE = `usage: npm run init -- --stack <name> [options]

Writes Pulumi.<name>.yaml for a new app: asked on a terminal, or taken from these options.

  --stack NAME          the stack (production, or staging, or <app>-production …)
  --name NAME           the app's name (lowercase letters, digits, dashes)
  --domain HOST         the app's primary domain (e.g. staging.shop.com)
  --hosting PLATFORM    vercel | cloudflare-pages
  --repo OWNER/NAME     the app's GitHub repository
  --framework SLUG      Vercel's framework (default nextjs)
  --account-id ID       Cloudflare Pages: the Cloudflare account id
  --payments PROVIDER   none | stripe | razorpay (default none)
  --payments-key KEY    the provider's public key (pk_test_… / rzp_test_… in staging, live in production)
  --email PROVIDER      none | resend | sendgrid (default none)
  --from ADDRESS        the sender (default noreply@<domain>)
  --environment ENV     staging | production (default: production for a stack named *production)
  --file FILE           where to write (default Pulumi.<stack>.yaml beside Pulumi.yaml)
  -h, --help            this text
  --version             the program's version

Exit codes: 0 written, 1 the answers make an invalid stack (nothing written), 2 bad command line.`;

const OPTIONS = {
    stack: { type: "string" },
    name: { type: "string" },
    domain: { type: "string" },
    hosting: { type: "string" },
    repo: { type: "string" },
    framework: { type: "string" },
    "account-id": { type: "string" },
    payments: { type: "string" },
    "payments-key": { type: "string" },
    email: { type: "string" },
    from: { type: "string" },
    environment: { type: "string" },
    file: { type: "string" },
} as const;
type Flag = keyof typeof OPTIONS;

// Where each answer lands: a config issue names the flag that gave it.
const FLAG_OF: Record<string, Flag> = {
    "app-platform:name": "name",
    "app-platform:environment": "environment",
    "app-platform:domains.primary": "domain",
    "app-platform:hosting.framework": "framework",
    "app-platform:hosting.accountId": "account-id",
    "app-platform:hosting.repository.repo": "repo",
    "app-platform:payments.publicKey": "payments-key",
    "app-platform:email.from": "from",
};

/** Ctrl+D or Ctrl+C at a question: nothing is written. */
class InitCancelled extends Error {
    constructor() {
        super("init: cancelled; nothing was written");
        this.name = "InitCancelled";
    }
}

/** Asks on a terminal for what the command line left out; elsewhere a missing answer is a usage error. */
function asker(values: Partial<Record<Flag, string>>) {
    const terminal = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stderr }) : undefined;
    // Ctrl+C ends the answers like Ctrl+D (readline would only pause the input otherwise).
    terminal?.on("SIGINT", () => terminal.close());
    // The lines as an iterator: an answer typed (or pasted) ahead of its question waits for it.
    const lines = terminal?.[Symbol.asyncIterator]();
    return {
        async get(flag: Flag, question: string, fallback?: string): Promise<string> {
            const given = values[flag];
            if (given !== undefined) return given;
            if (!lines) {
                if (fallback !== undefined) return fallback;
                throw new UsageError(`--${flag} is required (${question}), or run it on a terminal to be asked`);
            }
            process.stderr.write(`${question}${fallback ? ` [${fallback}]` : ""}: `);
            const next = await lines.next();
            if (next.done) throw new InitCancelled();
            return next.value.trim() || fallback || this.get(flag, question, fallback);
        },
        close: () => terminal?.close(),
    };
}

function oneOf<T extends string>(flag: Flag, value: string, allowed: readonly T[]): T {
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} ${JSON.stringify(value)}: use ${allowed.join(" or ")}`);
    return value as T;
}

async function answers(values: Partial<Record<Flag, string>>, stack: string): Promise<Answers> {
    const ask = asker(values);
    try {
        const name = await ask.get("name", "the app's name (lowercase, e.g. shop)");
        const environment = oneOf("environment", await ask.get("environment", "staging or production", /production$/.test(stack) ? "production" : "staging"), [
            "staging",
            "production",
        ] as const);
        const domain = await ask.get("domain", "its primary domain (e.g. staging.shop.com)");
        const platform = oneOf("hosting", await ask.get("hosting", "hosting: vercel or cloudflare-pages"), ["vercel", "cloudflare-pages"] as const);
        const repo = await ask.get("repo", "its GitHub repository (owner/name)");
        const hosting: Answers["hosting"] =
            platform === "vercel"
                ? { provider: "vercel", repo, framework: await ask.get("framework", "Vercel framework", "nextjs") }
                : { provider: "cloudflare-pages", repo, accountId: await ask.get("account-id", "the Cloudflare account id") };
        const paymentsProvider = oneOf("payments", await ask.get("payments", "payments: none, stripe or razorpay", "none"), [
            "none",
            "stripe",
            "razorpay",
        ] as const);
        const payments =
            paymentsProvider === "none"
                ? undefined
                : { provider: paymentsProvider, publicKey: await ask.get("payments-key", `the ${paymentsProvider} public key`) };
        const emailProvider = oneOf("email", await ask.get("email", "email: none, resend or sendgrid", "none"), ["none", "resend", "sendgrid"] as const);
        // The app's own domain: a staging stack sends from its staging host, leaving the apex's email records to production.
        const email =
            emailProvider === "none" ? undefined : { provider: emailProvider, from: await ask.get("from", "the sender address", `noreply@${domain}`) };
        // An option the chosen setup has no use for is a mistake, not something to drop silently.
        const unused: [Flag, boolean][] = [
            ["account-id", platform !== "cloudflare-pages"],
            ["framework", platform !== "vercel"],
            ["payments-key", paymentsProvider === "none"],
            ["from", emailProvider === "none"],
        ];
        for (const [flag, idle] of unused)
            if (idle && values[flag] !== undefined)
                throw new UsageError(`--${flag} has no use here (--hosting ${platform}, --payments ${paymentsProvider}, --email ${emailProvider})`);
        return { name, stack, environment, domain, hosting, payments, email };
    } finally {
        ask.close();
    }
}

async function cli(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandLine(argv, OPTIONS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (options start with --, e.g. --stack ${positionals[0]})`);
    if (values.stack === undefined) throw new UsageError("--stack is required, e.g. --stack staging");
    checkStackName(values.stack);
    const file = values.file ?? join(ROOT, `Pulumi.${values.stack}.yaml`);
    if (existsSync(file)) {
        console.error(`${file} already exists: choose another --stack, or edit that file (docs/configuration.md). Nothing was written.`);
        return 1;
    }
    const given = await answers(values, values.stack);
    const [{ newStackFile }, { fromConfigMap }, { loadStackConfig, ConfigError }] = await Promise.all([
        import("./stackTemplate"),
        import("../inventory/stackFile"),
        import("../stacks/config"),
    ]);
    const schema = relative(dirname(file), join(ROOT, "schema", "stack.schema.json"));
    const { text, secrets } = newStackFile(given, new Date().toISOString().slice(0, 10), schema.startsWith(".") ? schema : `./${schema}`);
    // The program's own check, with a placeholder for each secret: nothing is written unless it passes.
    const { raw, secretKeys } = fromConfigMap(parse(text).config);
    try {
        loadStackConfig(raw, { stack: given.stack, secretKeys, now: new Date() });
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        const lines = err.issues.map((i) => `  - ${FLAG_OF[i.key] ? `--${FLAG_OF[i.key]} (${i.key})` : i.key}: ${i.message}`);
        console.error(`These answers would make an invalid stack; nothing was written:\n${lines.join("\n")}`);
        return 1;
    }
    writeFileSync(file, text, { flag: "wx" });
    const stackFlag = `--stack ${given.stack}`;
    console.log(
        [
            `Wrote ${relative(process.cwd(), file) || file}. Next:`,
            `  pulumi stack init ${given.stack}`,
            ...secrets.map((s) => `  pulumi config set --secret app-platform:${s.key} ${stackFlag}   # ${s.what} (prompted, never on the command line)`),
            // The hosting provider's own token (its environment variable works too).
            given.hosting.provider === "vercel"
                ? `  pulumi config set --secret vercel:apiToken ${stackFlag}   # a Vercel token (or VERCEL_API_TOKEN); and pulumi config set vercel:team <team id>`
                : `  pulumi config set --secret cloudflare:apiToken ${stackFlag}   # a Cloudflare API token (or CLOUDFLARE_API_TOKEN)`,
            `  npm run inventory -- ${stackFlag}   # what the stack declares, offline`,
            `  npm run doctor -- ${stackFlag}   # the preflight: each prerequisite, with its fix`,
            `  pulumi preview ${stackFlag}`,
        ].join("\n"),
    );
    return 0;
}

export const command: CliCommand = {
    main: cli,
    usage: USAGE,
    script: "init",
    isUserError: (err) => isNamedError(err, "ConfigError", "InitCancelled"),
};
runCli(command, module);
