// Field schemas for config values that land in someone else's syntax (an HTTP header, a request
// Checkly makes, a git ref, a DNS record) or that receive a credential (a vendor's API base URL):
// each is checked for where it lands, so no config value becomes code or leaves with a token.
import { z } from "zod";
import { visible } from "../shared/text";
import { isLoopback } from "../shared/loopback";

// Control characters other than HTAB (RFC 9110 §5.5: CR, LF and NUL are invalid in a field value).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
// Checkly substitutes {{NAME}} in a check's URL, headers and assertions with the account's
// environment variables, locked ones included: a config value must not name one.
const CHECKLY_VARIABLE = /\{\{/;

/** A path on one of the stack's hosts that Checkly or a vendor requests: no query, no fragment, no variables. */
export const urlPath = z
    .string()
    .regex(/^\/[^\s?#]*$/, "a path starting with /, such as /api/health (no spaces, ? or #)")
    .refine(
        (p) => !CONTROL.test(p) && !CHECKLY_VARIABLE.test(p),
        "a path must not hold control characters or {{ (Checkly would read an account variable into it)",
    );

/** An HTTP field name (RFC 9110 §5.1), in the letters-digits-dashes form every vendor here accepts. */
export const headerName = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, "a header name such as X-Frame-Options");

/** An HTTP field value (RFC 9110 §5.5): no CR, LF or other control characters, no surrounding spaces (parsers trim them). */
export const headerValue = z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
        if (CONTROL.test(v))
            ctx.addIssue({ code: "custom", message: `"${visible(v)}" holds a control character (CR, LF, ...), which would end the header early: remove it` });
        else if (v !== v.trim()) ctx.addIssue({ code: "custom", message: `"${visible(v)}" starts or ends with white space, which HTTP drops: remove it` });
        else if (CHECKLY_VARIABLE.test(v)) ctx.addIssue({ code: "custom", message: "must not hold {{: Checkly would read an account variable into it" });
    });

/** Response headers by name; HTTP names are case-insensitive (RFC 9110 §5.1), so X-A and x-a are one header. */
export const headerMap = z.record(headerName, headerValue).superRefine((headers, ctx) => {
    const seen = new Map<string, string>();
    for (const name of Object.keys(headers)) {
        const first = seen.get(name.toLowerCase());
        if (first) ctx.addIssue({ code: "custom", path: [name], message: `is ${first} again in another case (header names are case-insensitive): keep one` });
        else seen.set(name.toLowerCase(), name);
    }
});

/**
 * A branch name as `git check-ref-format --branch` accepts it: no control characters, spaces,
 * ~ ^ : ? * [ \ or "..", "@{", "//"; not starting with - or /, not ending with /, . or .lock.
 */
export const branchName = z
    .string()
    .min(1)
    .refine(
        (b) => !/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|^[-/.]|\/\.|[/.]$|\.lock$|^@$/.test(b),
        "a git branch name such as main or release/2026 (git check-ref-format: no spaces, control characters, ~ ^ : ? * [ \\, .., @{ or //)",
    );

/** A repository as owner/name; it becomes a path of GitHub's API (with a token), so neither part may be . or .. */
export const ownerRepo = z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "use owner/name, e.g. acme/shop")
    .refine((r) => r.split("/").every((part) => !/^\.+$/.test(part)), "use owner/name, e.g. acme/shop (neither may be . or ..)");

/**
 * A vendor API's base URL, which receives the stack's token for that vendor: https on one of the
 * vendor's hosts, or a loopback test server. Anything else would send the token elsewhere.
 */
export function vendorUrl(vendor: string, hosts: string[], defaultUrl: string) {
    return z
        .url()
        .superRefine((value, ctx) => {
            const url = new URL(value);
            if (url.username || url.password) {
                ctx.addIssue({ code: "custom", message: "must not carry a user name or password: the token is sent by the program" });
            } else if (!isLoopback(value) && !(url.protocol === "https:" && hosts.includes(url.hostname))) {
                ctx.addIssue({
                    code: "custom",
                    message: `${value} is not ${vendor}'s API, and it would receive the stack's ${vendor} token: use https://${hosts.join(" or https://")} (the default: remove the key), or a local test server (http://127.0.0.1:<port>)`,
                });
            }
        })
        .default(defaultUrl);
}

/** DMARC's rua (RFC 7489 §6.4): comma-separated mailto: URIs; a ";" would start another tag of the record. */
export const dmarcRua = z
    .string()
    .regex(
        /^mailto:[^\s;,!@]+@[^\s;,!@]+(![0-9]+[kmgt]?)?(,mailto:[^\s;,!@]+@[^\s;,!@]+(![0-9]+[kmgt]?)?)*$/i,
        "mailto:address, or several separated by commas (mailto:a@example.com,mailto:b@example.com)",
    );

/** A DNS TXT record's text: printable (a control character is refused by Cloudflare or splits the record). */
export const txtContent = (prefix?: string) =>
    z
        .string()
        .min(1)
        .refine((v) => !CONTROL.test(v) && !/\t/.test(v), "holds a control character or tab: a TXT record is one line of printable text")
        .refine((v) => !prefix || v.startsWith(prefix), `starts with ${prefix}`);
