// The JSON Schema of a stack file (Pulumi.<stack>.yaml), generated from the zod schema the config check
// uses: editors validate and complete stack files through the `yaml-language-server` modeline at their
// top. `npm run schema` writes it to schema/stack.schema.json; a test keeps the two equal.
import { z } from "zod";
import { configSchema, PROVIDER_NAMESPACES } from "./config";
import { NAMESPACE } from "./stackConfig";
import { urlPath } from "./fieldRules";
import { probe } from "./sections/probe";

type JsonSchema = { properties: Record<string, unknown>; required?: string[]; $defs?: Record<string, unknown> };

export function stackFileSchema(): object {
    // The input side: defaults are optional in the file; refinements (checked by the program) have no JSON form.
    const config = z.toJSONSchema(configSchema, {
        io: "input",
        unrepresentable: "any",
        // A probe is read as a path alone or an object (its preprocess step has no JSON form): the file may hold either.
        override: (ctx) => {
            if (ctx.zodSchema !== probe) return;
            const object = { ...ctx.jsonSchema };
            for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
            const { $schema: _, ...path } = z.toJSONSchema(urlPath, { io: "input" });
            ctx.jsonSchema.anyOf = [path, object];
        },
    }) as JsonSchema;
    const sections = Object.keys(config.properties);
    const key = (section: string) => `${NAMESPACE}:${section}`;
    return {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "App Platform stack file (Pulumi.<stack>.yaml)",
        description: "Generated from stacks/schema.ts by `npm run schema`; the config check (`npm run inventory`, `pulumi preview`) says the rest.",
        type: "object",
        properties: {
            config: {
                type: "object",
                properties: Object.fromEntries(sections.map((s) => [key(s), config.properties[s]])),
                required: (config.required ?? []).map(key),
                patternProperties: {
                    // Any other key of the namespace is an external secret (declared under secrets.external).
                    [`^${NAMESPACE}:(?!(${sections.join("|")})$)[A-Za-z][A-Za-z0-9_]*$`]: {
                        description: "An external secret declared under secrets.external: `pulumi config set --secret <key>` writes it.",
                        type: "object",
                        properties: { secure: { type: "string" } },
                        required: ["secure"],
                        additionalProperties: false,
                    },
                    // The providers' own settings (vercel:team, aws:region, ...) are theirs to check.
                    [`^(${PROVIDER_NAMESPACES.join("|")}):`]: {},
                },
                additionalProperties: false,
            },
            secretsprovider: { type: "string" },
            encryptedkey: { type: "string" },
            encryptionsalt: { type: "string" },
            environment: { description: "Pulumi ESC environments the stack imports.", type: ["array", "object"] },
        },
        additionalProperties: false,
        ...(config.$defs ? { $defs: config.$defs } : {}),
    };
}

/** The schema as the file holds it. */
export function stackFileSchemaText(): string {
    return `${JSON.stringify(stackFileSchema(), null, 2)}\n`;
}
