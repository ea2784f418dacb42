// A new app's first stack file from a few answers: the smallest config the program accepts, every
// external secret its providers need declared (rotation clock starting today), in the format the
// Pulumi CLI writes, so its first `pulumi stack init` and `config set` change nothing else.
import { Document, Scalar } from "yaml";
import { EMAIL_KEYS, PAYMENT_SECRETS } from "../stacks/keyFormats";
import { NAMESPACE } from "../stacks/stackConfig";

export interface Answers {
    name: string;
    stack: string;
    environment: "staging" | "production";
    domain: string;
    hosting: { provider: "vercel"; repo: string; framework: string } | { provider: "cloudflare-pages"; repo: string; accountId: string };
    payments?: { provider: "stripe" | "razorpay"; publicKey: string };
    email?: { provider: "resend" | "sendgrid"; from: string };
}

const EMAIL_TITLES = { resend: "Resend", sendgrid: "SendGrid" };

/** A secret the stack needs before its first `pulumi up`. */
export interface NeededSecret {
    key: string;
    what: string;
}

/** The stack file's text and the secrets to set; `today` starts the secrets' rotation clocks. */
export function newStackFile(answers: Answers, today: string, schemaPath: string): { text: string; secrets: NeededSecret[] } {
    const { name, environment, domain, hosting, payments, email } = answers;
    const secrets: (NeededSecret & { rotationDays: number })[] = [
        ...(payments ? PAYMENT_SECRETS[payments.provider] : []).map((s) => ({ key: s.secretName, what: s.what, rotationDays: s.rotationDays })),
        ...(email
            ? [
                  {
                      key: EMAIL_KEYS[email.provider].secretName,
                      what: `${EMAIL_TITLES[email.provider]} API key`,
                      rotationDays: EMAIL_KEYS[email.provider].rotationDays,
                  },
              ]
            : []),
    ];
    const repository = { type: "github", repo: hosting.repo };
    const config: Record<string, unknown> = {
        [`${NAMESPACE}:name`]: name,
        [`${NAMESPACE}:environment`]: environment,
        [`${NAMESPACE}:domains`]: { primary: domain },
        [`${NAMESPACE}:hosting`]:
            hosting.provider === "vercel"
                ? { provider: "vercel", framework: hosting.framework, repository }
                : { provider: "cloudflare-pages", accountId: hosting.accountId, repository },
        ...(payments ? { [`${NAMESPACE}:payments`]: { provider: payments.provider, publicKey: payments.publicKey } } : {}),
        ...(email ? { [`${NAMESPACE}:email`]: { provider: email.provider, from: email.from } } : {}),
        ...(secrets.length > 0
            ? {
                  [`${NAMESPACE}:secrets`]: {
                      // Quoted as the CLI writes dates (YAML 1.1 would read a bare one as a timestamp).
                      external: Object.fromEntries(secrets.map((s) => [s.key, { rotatedAt: quoted(today), rotationDays: s.rotationDays }])),
                  },
              }
            : {}),
    };
    const doc = new Document({ config });
    doc.commentBefore =
        ` yaml-language-server: $schema=${schemaPath}\n` +
        ` The ${answers.stack} stack of ${name}, written by npm run init; docs/configuration.md has every section.\n` +
        ` Secrets: pulumi config set --secret (they land here encrypted; commit them).`;
    return { text: doc.toString({ indent: 2, indentSeq: true, lineWidth: 0 }), secrets: secrets.map(({ key, what }) => ({ key, what })) };
}

function quoted(value: string): Scalar {
    const scalar = new Scalar(value);
    scalar.type = Scalar.QUOTE_DOUBLE;
    return scalar;
}
