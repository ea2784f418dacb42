import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { EnvVar } from "../../components/environmentVariables";
import { HostingProject } from "../../components/hostingProject";
import { installMocks, settle } from "../../inventory/mocks";
import { load, reveal } from "../helpers";

const VARS: EnvVar[] = [
    { name: "NEXT_PUBLIC_SITE_URL", targets: ["production", "preview"], secret: false, source: "site.url", value: "https://shop.example.com" },
    { name: "API_KEY", targets: ["production"], secret: true, source: "external.apiKey", value: pulumi.secret("s3cr3t-value") },
];

async function declare(stack: "staging" | "mystic", protect = false) {
    const records = await installMocks("app-platform", "test");
    const cfg = load(stack);
    const hosting = new HostingProject("shop", {
        hosting: cfg.hosting,
        primaryDomain: "shop.example.com",
        redirectDomains: stack === "staging" ? ["www.shop.example.com"] : [],
        environment: VARS,
        protect,
    });
    const out = {
        projectId: await reveal<string>(hosting.projectId),
        defaultHost: await reveal<string>(hosting.defaultHost),
    };
    await settle();
    const byType = (t: string) => records.filter((r) => r.type === t);
    return { hosting, records, byType, out };
}

describe("HostingProject", () => {
    describe("on Vercel", () => {
        it("declares the project with its git repository, branch, build settings and region", async () => {
            const { byType } = await declare("staging");
            const [project] = byType("vercel:index/project:Project");
            assert.strictEqual(project.parent, "app-platform:hosting:HostingProject::shop");
            assert.deepStrictEqual(project.inputs.gitRepository, { type: "github", repo: "ecoo-commerce/ecoo", productionBranch: "staging" });
            assert.strictEqual(project.inputs.name, "ecoo-staging");
            assert.strictEqual(project.inputs.framework, "nextjs");
            assert.strictEqual(project.inputs.installCommand, "npm install");
            assert.strictEqual(project.inputs.buildCommand, "npm run build");
            assert.deepStrictEqual(project.inputs.resourceConfig, { functionDefaultRegions: ["iad1"] });
            assert.ok(!("environments" in project.inputs) && !("environment" in project.inputs), "no inline env vars on the project");
        });

        it("attaches the primary domain and redirects the others to it with a 308", async () => {
            const { byType, hosting } = await declare("staging");
            const domains = byType("vercel:index/projectDomain:ProjectDomain");
            assert.deepStrictEqual(
                domains.map((d) => [d.inputs.domain, d.inputs.redirect, d.inputs.redirectStatusCode]),
                [
                    ["shop.example.com", undefined, undefined],
                    ["www.shop.example.com", "shop.example.com", 308],
                ],
            );
            assert.deepStrictEqual(hosting.domains, ["shop.example.com", "www.shop.example.com"]);
        });

        it("sets each variable as its own resource, sensitive exactly when secret, replaced delete-first", async () => {
            const { byType } = await declare("staging");
            const vars = byType("vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable").sort((a, b) =>
                String(b.inputs.key).localeCompare(String(a.inputs.key)),
            );
            assert.deepStrictEqual(
                vars.map((v) => [v.inputs.key, v.inputs.sensitive, v.inputs.targets]),
                [
                    ["NEXT_PUBLIC_SITE_URL", false, ["production", "preview"]],
                    ["API_KEY", true, ["production"]],
                ],
            );
            assert.ok(vars.every((v) => v.options.deleteBeforeReplace));
            assert.ok(vars.every((v) => v.parent === "app-platform:hosting:EnvironmentVariables::shop-env"));
            assert.strictEqual(vars[1].inputs.value, "[secret]");
            assert.strictEqual(vars[1].revealed.value, "s3cr3t-value");
            assert.strictEqual(vars[0].revealed.value, "https://shop.example.com");
        });

        it("protects the project and domains only when asked (production)", async () => {
            const unprotected = await declare("staging");
            assert.ok(unprotected.records.every((r) => !r.options.protect));
            const prod = await declare("staging", true);
            const guarded = prod.records.filter((r) => r.options.protect).map((r) => r.type);
            assert.deepStrictEqual(guarded.sort(), [
                "vercel:index/project:Project",
                "vercel:index/projectDomain:ProjectDomain",
                "vercel:index/projectDomain:ProjectDomain",
            ]);
        });

        it("reports the project id and its vercel.app host", async () => {
            const { out } = await declare("staging");
            assert.strictEqual(out.projectId.value, "shop-id");
            assert.strictEqual(out.defaultHost.value, "ecoo-staging.vercel.app");
        });
    });

    describe("on Cloudflare Pages", () => {
        it("declares the Pages project with build config, branch and git source", async () => {
            const { byType, out } = await declare("mystic");
            const [project] = byType("cloudflare:index/pagesProject:PagesProject");
            assert.strictEqual(project.inputs.name, "mystic-production");
            assert.strictEqual(project.inputs.productionBranch, "main");
            assert.deepStrictEqual(project.inputs.buildConfig, { buildCommand: "npm run build", destinationDir: "dist" });
            assert.deepStrictEqual(project.inputs.source, {
                type: "github",
                config: { owner: "mystic-labs", repoName: "mystic-ecom", productionBranch: "main", productionDeploymentsEnabled: true },
            });
            assert.strictEqual(out.defaultHost.value, "mystic-production.pages.dev");
            assert.strictEqual(byType("vercel:index/project:Project").length, 0);
        });

        it("puts the variables in the project's deployment configs, secrets as secret_text", async () => {
            const { byType } = await declare("mystic");
            const [project] = byType("cloudflare:index/pagesProject:PagesProject");
            assert.strictEqual(project.inputs.deploymentConfigs, "[secret]", "configs holding a secret are secret as a whole");
            const configs = project.revealed.deploymentConfigs as Record<
                string,
                { envVars: Record<string, { type: string; value: string }>; compatibilityDate: string }
            >;
            assert.deepStrictEqual(configs.production.envVars, {
                NEXT_PUBLIC_SITE_URL: { type: "plain_text", value: "https://shop.example.com" },
                API_KEY: { type: "secret_text", value: "s3cr3t-value" },
            });
            assert.deepStrictEqual(configs.preview.envVars, { NEXT_PUBLIC_SITE_URL: { type: "plain_text", value: "https://shop.example.com" } });
            assert.strictEqual(configs.production.compatibilityDate, "2026-01-15");
        });

        it("attaches the custom domain to the project", async () => {
            const { byType } = await declare("mystic", true);
            const [domain] = byType("cloudflare:index/pagesDomain:PagesDomain");
            assert.deepStrictEqual([domain.inputs.name, domain.inputs.projectName], ["shop.example.com", "mystic-production"]);
            assert.ok(domain.options.protect);
        });
    });
});
