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
import { goModuleDir } from "./goModule";
import { OpenApiContract } from "./openapi";

export const SUPABASE_CLI_MODULE = "github.com/supabase/cli@v1.226.4";

/** desired_instance_size as the current document lists it (not the program's list: the fake judges the program). */
const INSTANCE_SIZES = [
    "nano",
    "micro",
    "small",
    "medium",
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
    "24xlarge",
    "24xlarge_optimized_memory",
    "24xlarge_optimized_cpu",
    "24xlarge_high_memory",
    "48xlarge",
    "48xlarge_optimized_memory",
    "48xlarge_optimized_cpu",
    "48xlarge_high_memory",
];

let contract: OpenApiContract | undefined;

export function supabaseContract(): OpenApiContract {
    if (contract) return contract;
    const spec = parse(readFileSync(join(goModuleDir(SUPABASE_CLI_MODULE, "Supabase's Management API document"), "api", "beta.yaml"), "utf8"));
    const create = spec.components.schemas.V1CreateProjectBodyDto;
    create.properties.organization_slug = { type: "string", pattern: "^[\\w-]+$", description: "Organization slug" };
    create.properties.desired_instance_size.enum = INSTANCE_SIZES;
    create.required = ["db_pass", "name", "organization_slug"];
    contract = new OpenApiContract("supabase", spec);
    return contract;
}
