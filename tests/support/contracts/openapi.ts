// Holds a fake's requests and responses to a vendor's official OpenAPI 3 document: the operation is
// found by method and path template, the query and body checked against its parameters and
// request schema, and the reply against the schema of its status (or `default`). Ajv does the
// JSON Schema work; OpenAPI's `nullable` is one of its keywords.
import Ajv, { ErrorObject, ValidateFunction } from "ajv";

export interface ContractIssue {
    /** Where: a parameter or body field name, `body` for the body as a whole. */
    param: string;
    /** `unknown` (not in the schema), `missing` (required), `invalid` (wrong type, enum, pattern...). */
    kind: "unknown" | "missing" | "invalid";
    message: string;
}

type Json = Record<string, any>;
interface Operation {
    template: string;
    matcher: RegExp;
    method: string;
    op: Json;
}

const escapeRef = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export class OpenApiContract {
    private readonly ajv: Ajv;
    private readonly operations: Operation[] = [];
    private readonly compiled = new Map<string, ValidateFunction>();

    /** `name` is the document's id for references, e.g. "stripe". */
    constructor(
        private readonly name: string,
        readonly spec: Json,
    ) {
        // Form bodies arrive as text: coerce "true"/"42" as the vendors' servers do (not a lone value
        // into a list: `events=x` is not `events[]=x`).
        this.ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: true, validateFormats: false });
        this.ajv.addSchema(withNulls(spec) as Json, name);
        for (const [template, item] of Object.entries(spec.paths as Json)) {
            const matcher = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)")}$`);
            for (const method of ["get", "post", "put", "patch", "delete"]) {
                if (item[method]) this.operations.push({ template, matcher, method: method.toUpperCase(), op: item[method] });
            }
        }
    }

    /** The documented operation for a request, or undefined when the API has no such route. */
    operation(method: string, path: string): Operation | undefined {
        return this.operations.find((o) => o.method === method && o.matcher.test(path));
    }

    private validator(pointer: string): ValidateFunction {
        let v = this.compiled.get(pointer);
        if (!v) {
            v = this.ajv.compile({ $ref: `${this.name}#${pointer}` });
            this.compiled.set(pointer, v);
        }
        return v;
    }

    private check(pointer: string, value: unknown, prefix = ""): ContractIssue[] {
        const validate = this.validator(pointer);
        if (validate(value)) return [];
        return toIssues(validate.errors ?? [], prefix);
    }

    /** Issues with a request's query and body (`body` already decoded: form fields or JSON). */
    checkRequest(method: string, path: string, query: URLSearchParams, body: unknown, mediaType?: string): ContractIssue[] | "no-such-route" {
        const o = this.operation(method, path);
        if (!o) return "no-such-route";
        const base = `/paths/${escapeRef(o.template)}/${o.method.toLowerCase()}`;
        const issues: ContractIssue[] = [];
        const declared = new Map<string, number>();
        (o.op.parameters ?? []).forEach((p: Json, i: number) => p.in === "query" && declared.set(p.name, i));
        const queryObject = decodeDeep([...query.entries()]);
        for (const [name, value] of Object.entries(queryObject)) {
            const i = declared.get(name);
            if (i === undefined) issues.push({ param: name, kind: "unknown", message: `Received unknown parameter: ${name}` });
            else issues.push(...this.check(`${base}/parameters/${i}/schema`, value, name));
        }
        const content = o.op.requestBody?.content as Json | undefined;
        if (content && body !== undefined) {
            const type = mediaType && content[mediaType] ? mediaType : Object.keys(content)[0];
            issues.push(...this.check(`${base}/requestBody/content/${escapeRef(type)}/schema`, body));
        } else if (!content && body !== undefined && Object.keys(body as object).length > 0) {
            issues.push({ param: "body", kind: "unknown", message: `${method} ${o.template} takes no body` });
        }
        return issues;
    }

    /** Issues with a reply: its body against the documented schema for its status. */
    checkResponse(method: string, path: string, status: number, body: unknown): ContractIssue[] {
        const o = this.operation(method, path);
        if (!o) return [{ param: "route", kind: "unknown", message: `${method} ${path} is not a documented route` }];
        const code = o.op.responses[String(status)] ? String(status) : "default";
        // A shared answer (Neon's `$ref: '#/components/responses/CreatedProject'`) is checked where it is defined.
        const ref: string | undefined = o.op.responses[code]?.$ref;
        const answer = ref
            ? ref
                  .slice(1)
                  .split("/")
                  .slice(1)
                  .reduce((node: Json, key) => node?.[key], this.spec)
            : o.op.responses[code];
        const schema = answer?.content?.["application/json"]?.schema;
        // Some documents (Twilio's) describe only successes: their error bodies go unchecked.
        if (!schema) return answer || status >= 400 ? [] : [{ param: "status", kind: "invalid", message: `${status} is not a documented answer` }];
        const at = ref ? ref.slice(1) : `/paths/${escapeRef(o.template)}/${o.method.toLowerCase()}/responses/${code}`;
        return this.check(`${at}/content/application~1json/schema`, body);
    }
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: `null` joins the types. (Ajv knows `nullable` only
 * beside a `type`; Stripe also puts it beside `anyOf` and `$ref`.)
 */
function withNulls(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(withNulls);
    if (typeof node !== "object" || node === null) return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = withNulls(v);
    if (out.nullable !== true) return out;
    delete out.nullable;
    if (typeof out.type === "string") return { ...out, type: [out.type, "null"], ...(out.enum ? { enum: [...out.enum, null] } : {}) };
    return { anyOf: [out, { type: "null" }] };
}

/** `a[]=x&a[]=y&m[k]=v` (deepObject, as the vendors encode forms and queries) as nested values. */
export function decodeDeep(entries: [string, string][]): Json {
    const out: Json = {};
    for (const [key, value] of entries) {
        const [head, ...rest] = key.split("[").map((p, i) => (i === 0 ? p : p.replace(/\]$/, "")));
        let node: any = out;
        let name: string = head;
        for (const part of rest) {
            node[name] ??= part === "" || /^\d+$/.test(part) ? [] : {};
            node = node[name];
            name = part === "" ? String(node.length) : part;
        }
        node[name] = value;
    }
    return out;
}

function toIssues(errors: ErrorObject[], prefix: string): ContractIssue[] {
    // anyOf branches report every branch; the first error per field says enough.
    const seen = new Set<string>();
    const issues: ContractIssue[] = [];
    for (const e of errors) {
        const path = e.instancePath.split("/").filter(Boolean);
        const field = [prefix, ...path].filter(Boolean);
        let issue: ContractIssue;
        if (e.keyword === "additionalProperties") {
            const name = [...field, (e.params as { additionalProperty: string }).additionalProperty].join(".");
            issue = { param: name, kind: "unknown", message: `Received unknown parameter: ${formName(name)}` };
        } else if (e.keyword === "required") {
            const name = [...field, (e.params as { missingProperty: string }).missingProperty].join(".");
            issue = { param: name, kind: "missing", message: `Missing required param: ${formName(name)}.` };
        } else {
            const name = field.join(".") || "body";
            issue = {
                param: name,
                kind: "invalid",
                message: `Invalid ${formName(name)}: ${e.message}${e.keyword === "enum" ? ` (${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues).slice(0, 120)}…)` : ""}`,
            };
        }
        if (seen.has(issue.param)) continue;
        seen.add(issue.param);
        issues.push(issue);
    }
    return issues;
}

/** `metadata.plan` as a form names it: `metadata[plan]`. */
const formName = (dotted: string) =>
    dotted
        .split(".")
        .map((p, i) => (i === 0 ? p : `[${p}]`))
        .join("");
