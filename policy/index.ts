// App Platform's policy pack: the seeds' deployment checklists, checked on every preview and update.
// Mandatory by default; the staging stack runs it advisory (policy/config/staging.json).
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("app-platform", {
    description: "Production guardrails for App Platform stacks",
    enforcementLevel: "mandatory",
    policies,
});
