// Neon's official OpenAPI document, as Neon's own client package ships it (the document its methods
// were generated from): installed with the program, never copied into this repository.
import { readFileSync } from "fs";
import { dirname, join } from "path";
import { parse } from "yaml";
import { OpenApiContract } from "./openapi";

let contract: OpenApiContract | undefined;

export function neonContract(): OpenApiContract {
    if (contract) return contract;
    const dir = dirname(require.resolve("@neondatabase/api-client/package.json"));
    contract = new OpenApiContract("neon", parse(readFileSync(join(dir, "public-v2-for-users.gen.yaml"), "utf8")));
    return contract;
}
