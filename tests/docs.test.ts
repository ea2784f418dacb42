// The docs for consuming teams stay true: every output documented, every command and config key
// the runbooks name exists. The README stays short and links every page under docs/, and every
// relative link in the README and docs/ reaches a file (and a heading) that exists.
import * as assert from "assert";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join, posix } from "path";
import { SECTIONS } from "../stacks/config";
import { OUTPUT_KEYS } from "../stacks/outputs";
import { ROOT } from "./helpers";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Every file under docs/, as repository paths (`docs/…`). */
function docsFiles(dir = "docs"): string[] {
    return readdirSync(join(ROOT, dir)).flatMap((name) => {
        const path = `${dir}/${name}`;
        return statSync(join(ROOT, path)).isDirectory() ? docsFiles(path) : [path];
    });
}
/** The markdown pages the checks read: the README and every page under docs/ (the generated stack docs too). */
const pages = () => ["README.md", ...docsFiles().filter((f) => f.endsWith(".md"))];

/** Markdown as GitHub renders links and headings from it: fenced code blocks blanked, inline code spans emptied. */
function prose(md: string): string {
    let fence: string | undefined;
    return md
        .split("\n")
        .map((line) => {
            const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
            if (fence) {
                if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
                return "";
            }
            if (marker) {
                fence = marker;
                return "";
            }
            return line.replace(/(`+)[^`]*?\1/g, "``");
        })
        .join("\n");
}

/** A heading's anchor as GitHub makes it: its text lowercased, punctuation dropped (but `-` and `_`), spaces → `-`. */
function slug(heading: string): string {
    const text = heading
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // a link's text only
        .replace(/<[^>]+>/g, "") // inline HTML
        .replace(/[`*]/g, ""); // code and emphasis markers
    return text
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
        .replace(/ /g, "-");
}

/** A page's headings (ATX, outside code blocks), their raw text: code spans count for the anchor. */
function headings(md: string): string[] {
    const raw = md.split("\n");
    return prose(md)
        .split("\n")
        .flatMap((line, i) => (/^ {0,3}#{1,6}\s/.test(line) ? [/^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(raw[i])![1]] : []));
}

/** The anchors of a page's headings; a repeated heading gets `-1`, `-2`, … as on GitHub. */
function anchors(md: string): Set<string> {
    const seen = new Map<string, number>();
    const found = new Set<string>();
    for (const heading of headings(md)) {
        const base = slug(heading);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        found.add(n === 0 ? base : `${base}-${n}`);
    }
    return found;
}

/** The relative links of a page (inline `[text](target)` and reference definitions), outside code. */
function links(md: string): string[] {
    const text = prose(md);
    return [
        ...[...text.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
        ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]),
    ].filter((target) => !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(target)); // http:, https:, mailto:, …
}

/** Where a link from `page` leads in the repository (`path`, or the page itself for `#anchor`), and its anchor. */
function resolve(page: string, target: string): { path: string; anchor?: string } {
    const [file, anchor] = target.split("#", 2) as [string, string | undefined];
    const decoded = decodeURIComponent(file);
    const path = file === "" ? page : decoded.startsWith("/") ? posix.normalize(decoded.slice(1)) : posix.join(posix.dirname(page), decoded);
    return { path: posix.normalize(path).replace(/\/$/, "") || ".", anchor: anchor === undefined ? undefined : decodeURIComponent(anchor) };
}

/** What is wrong with a page's relative links: each a target outside the repository, missing, or a missing heading. */
function linkProblems(page: string, md: string, readPage: (path: string) => string = read): string[] {
    const problems: string[] = [];
    for (const target of links(md)) {
        const { path, anchor } = resolve(page, target);
        if (path === ".." || path.startsWith("../")) problems.push(`${page}: ${target} leaves the repository`);
        else if (path !== page && !existsSync(join(ROOT, path))) problems.push(`${page}: ${target} → ${path} does not exist`);
        else if (anchor !== undefined) {
            if (!path.endsWith(".md")) {
                if (!/^L\d+(-L\d+)?$/.test(anchor)) problems.push(`${page}: ${target} → an anchor in ${path}, which has no headings`);
            } else if (!anchors(path === page ? md : readPage(path)).has(anchor)) {
                problems.push(`${page}: ${target} → ${path} has no heading #${anchor}`);
            }
        }
    }
    return problems;
}

describe("docs for consuming teams (docs/)", () => {
    it("outputs.md documents every output key with its type and an example", () => {
        const doc = read("docs/outputs.md");
        const rows = doc
            .split("\n")
            .filter((l) => l.startsWith("| `"))
            .map((line) => {
                const [, key, type, example] = line.split(/(?<!\\)\|/).map((c) => c.trim()); // `\|` is a pipe inside a cell
                return { key: key.replace(/`/g, ""), type, example };
            });
        for (const key of OUTPUT_KEYS) {
            const row = rows.find((r) => r.key === key);
            assert.ok(row, `docs/outputs.md has no row for ${key}`);
            assert.ok(row.type && row.example, `${key} needs a type and an example`);
        }
    });

    it("runbooks.md covers each seed procedure the issue lists", () => {
        const headings = [...read("docs/runbooks.md").matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        assert.deepStrictEqual(headings, [
            "Rotate a secret now",
            "Add a cron job",
            "Add an env var",
            "Apply a migration, and roll it back",
            "Restore from a backup",
            "Restore MongoDB Atlas",
            "Restore Neon to a point in time",
            "Restore Supabase to a point in time",
            "Release the app, and roll it back",
            "Deploy a new API image, and roll it back",
            "Rotate M-Pesa credentials",
            "Promote staging settings to production",
            "An alert fired: what now",
        ]);
    });

    it("runbooks.md names only npm scripts, config sections and files that exist", () => {
        const doc = read("docs/runbooks.md");
        const scripts = Object.keys(JSON.parse(read("package.json")).scripts);
        for (const [, script] of doc.matchAll(/npm run (\S+)/g)) assert.ok(scripts.includes(script), `no npm script ${script}`);
        // The sections the config parser knows (the core schema's and the integrations' `webhooks`).
        for (const [, section] of doc.matchAll(/app-platform:([a-z]+)\./g)) assert.ok((SECTIONS as string[]).includes(section), `no config section ${section}`);
        for (const [, path] of doc.matchAll(/`((?:docs|migrations|policy|\.github)\/[\w./-]+\.(?:md|yml|json))`/g)) {
            assert.doesNotThrow(() => read(path.replace("<stack>", "staging")), `${path} does not exist`);
        }
    });
});

describe("the README and the pages under docs/", () => {
    const readme = read("README.md");

    it("README.md is under 200 lines: what it is, quick start, layout, links", () => {
        const lines = readme.split("\n").length - (readme.endsWith("\n") ? 1 : 0);
        assert.ok(lines < 200, `README.md has ${lines} lines; move the detail to a page under docs/ and link it`);
    });

    it("README.md links every file under docs/ but the generated stack docs", () => {
        const linked = new Set(links(readme).map((target) => resolve("README.md", target).path));
        const files = docsFiles().filter((f) => !f.startsWith("docs/stacks/"));
        assert.ok(files.length >= 9, String(files));
        for (const file of files) assert.ok(linked.has(file), `README.md does not link ${file}`);
    });

    it("docs/stacks/ holds one generated doc per stack file, each reached by links from the README", () => {
        const stacks = readdirSync(ROOT).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
        const generated = docsFiles().filter((f) => f.startsWith("docs/stacks/"));
        assert.deepStrictEqual(generated.sort(), stacks.map((stack) => `docs/stacks/${stack}.md`).sort());
        // Follow the links from the README through the markdown pages they reach.
        const reached = new Set<string>(["README.md"]);
        for (const page of reached) {
            for (const target of links(read(page))) {
                const { path } = resolve(page, target);
                if (path.endsWith(".md") && existsSync(join(ROOT, path))) reached.add(path);
            }
        }
        for (const doc of generated) assert.ok(reached.has(doc), `no page the README leads to links ${doc}`);
    });

    it("every relative link in README.md and docs/**/*.md reaches a file in the repository, and its #anchor a heading there", () => {
        const checked = pages().map((page) => ({ page, links: links(read(page)).length, problems: linkProblems(page, read(page)) }));
        assert.ok(checked.reduce((n, c) => n + c.links, 0) >= 40, "too few links found: is the link parser broken?");
        assert.deepStrictEqual(
            checked.flatMap((c) => c.problems),
            [],
        );
    });

    it("the link check catches a missing file, a missing heading and a link out of the repository, and skips code and URLs", () => {
        const md = [
            "# Title",
            "## Deploy (with the Pulumi CLI)",
            "## Deploy (with the Pulumi CLI)",
            "[a](missing.md) [b](deploy.md#no-such-heading) [c](deploy.md#secrets-setup) [d](#title) [e](#deploy-with-the-pulumi-cli-1)",
            "[f](../../outside.md) `[g](nope.md)` [h](https://example.com/nope.md) [i](../README.md#layout) [j](#nowhere)",
            "```sh",
            "[k](nope.md)",
            "```",
        ].join("\n");
        assert.deepStrictEqual(linkProblems("docs/example.md", md), [
            "docs/example.md: missing.md → docs/missing.md does not exist",
            "docs/example.md: deploy.md#no-such-heading → docs/deploy.md has no heading #no-such-heading",
            "docs/example.md: ../../outside.md leaves the repository",
            "docs/example.md: #nowhere → docs/example.md has no heading #nowhere",
        ]);
        assert.strictEqual(slug("CI/CD (GitHub Actions)"), "cicd-github-actions");
        assert.strictEqual(slug("M-Pesa (Daraja)"), "m-pesa-daraja");
        assert.strictEqual(slug("Rotation and the `_PREVIOUS` variables"), "rotation-and-the-_previous-variables");
        assert.strictEqual(slug("Policy pack (guardrails on every preview)"), "policy-pack-guardrails-on-every-preview");
    });
});
