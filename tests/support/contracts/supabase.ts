// Supabase's Management API document as Supabase's own CLI publishes it (supabase/cli's api/beta.yaml,
// the source of its generated client), through the Go module proxy. The proxy serves the CLI's
// releases up to v1.226.4 (2024-12; its v2 tags are not a Go module version), so the one change since
// that this program relies on is laid over it, as the current document (supabase/cli
// packages/api/src/generated/openapi.json, 2026-05) has it: a project is created in an organization
// named by `organization_slug` (required; `organization_id` deprecated and optional, `region` too),
// and `desired_instance_size` takes today's sizes. Nothing else is loosened.
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { SUPABASE_INSTANCE_SIZES } from "../../../stacks/sections/postgres";
import { goModuleDir } from "./goModule";
import { OpenApiContract } from "./openapi";

export const SUPABASE_CLI_MODULE = "github.com/supabase/cli@v1.226.4";

let contract: OpenApiContract | undefined;

export function supabaseContract(): OpenApiContract {
    if (contract) return contract;
    const spec = parse(readFileSync(join(goModuleDir(SUPABASE_CLI_MODULE, "Supabase's Management API document"), "api", "beta.yaml"), "utf8"));
    const create = spec.components.schemas.V1CreateProjectBodyDto;
    create.properties.organization_slug = { type: "string", pattern: "^[\\w-]+$", description: "Organization slug" };
    create.properties.desired_instance_size.enum = SUPABASE_INSTANCE_SIZES;
    create.required = ["db_pass", "name", "organization_slug"];
    contract = new OpenApiContract("supabase", spec);
    return contract;
}
