// GitHub's own workflow parser and expression evaluator (ESM-only packages), loaded from CommonJS tests.
import { register } from "module";

// @actions/workflow-parser imports its schema JSON without an import attribute (fine in bundlers,
// refused by Node's loader): this hook serves those files as JSON modules.
const JSON_HOOK = `
import { readFile } from "node:fs/promises";
export async function load(url, context, next) {
    if (url.endsWith(".json") && url.includes("/@actions/")) {
        return { format: "json", source: await readFile(new URL(url), "utf8"), shortCircuit: true };
    }
    return next(url, context);
}`;
let registered = false;

// TypeScript compiles `import()` to `require()` under CommonJS; this keeps a real dynamic import.
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;

export interface WorkflowCheck {
    errors: string[];
}

/** Validates a workflow file against GitHub's workflow schema, as GitHub does when it loads one. */
export async function validateWorkflow(name: string, content: string): Promise<WorkflowCheck> {
    if (!registered) {
        register(`data:text/javascript,${encodeURIComponent(JSON_HOOK)}`);
        registered = true;
    }
    const parser = await importEsm("@actions/workflow-parser");
    const parsed = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    const errors = [...parsed.context.errors.getErrors(), ...(template.errors ?? [])].map((e: { message: string }) => e.message);
    return { errors };
}

/** Evaluates a `${{ }}` expression body the way the runner does, with a `github` context. */
export async function evaluateExpression(expression: string, github: Record<string, string>): Promise<string> {
    const ex = await importEsm("@actions/expressions");
    const lexed = new ex.Lexer(expression).lex();
    const parsed = new ex.Parser(lexed.tokens, ["github"], []).parse();
    const context = new ex.data.Dictionary({
        key: "github",
        value: new ex.data.Dictionary(...Object.entries(github).map(([key, v]) => ({ key, value: new ex.data.StringData(v) }))),
    });
    return new ex.Evaluator(parsed, context).evaluate().coerceString();
}
