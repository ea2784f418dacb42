// The doctor's MongoDB Atlas check against the local Administration API (tests/support/fakes/atlasAdmin.ts):
// HTTP digest with the provider's key, the organization the project is made in, and this machine's
// address on the key's API access list.
import * as assert from "assert";
import { atlas } from "../../doctor/vendors/atlas";
import type { Finding } from "../../doctor/checks";
import { load } from "../helpers";
import { FakeAtlasAdmin, startFakeAtlasAdmin } from "../support/fakes/atlasAdmin";

const PUBLIC = "smartdukapub";
const PRIVATE = "atlas-private-doctor-canary";
const AMBIENT = Object.keys(process.env).filter((k) => /^(MONGODB_ATLAS_|MCLI_)/.test(k));

describe("npm run doctor: MongoDB Atlas's API key from this machine, against its local API", function () {
    const cfg = load("smartduka");
    const orgId = cfg.atlas!.orgId;
    const saved = Object.fromEntries(AMBIENT.map((k) => [k, process.env[k]]));
    let fakes: FakeAtlasAdmin[] = [];
    const fake = async (options: { apiAccessList?: string[]; orgId?: string } = {}) => {
        const f = await startFakeAtlasAdmin({
            publicKey: PUBLIC,
            privateKey: PRIVATE,
            projectId: "0123456789abcdef01234567",
            clusterName: "smartduka",
            orgId,
            orgName: "SmartDuka",
            ...options,
        });
        fakes.push(f);
        return f;
    };
    const ask = (config: Record<string, string>): Promise<Finding> => atlas(cfg, (key) => config[key])!.run(new AbortController().signal);
    const keys = (url: string, privateKey = PRIVATE) => ({
        "mongodbatlas:publicKey": PUBLIC,
        "mongodbatlas:privateKey": privateKey,
        "mongodbatlas:baseUrl": url,
    });

    before(() => AMBIENT.forEach((k) => delete process.env[k]));
    after(async () => {
        Object.assign(process.env, saved);
        await Promise.all(fakes.map((f) => f.close()));
    });
    afterEach(() => {
        for (const f of fakes) assert.deepStrictEqual(f.violations, []);
    });

    it("no key is missing, with where to make one", async () => {
        const r = await ask({});
        assert.strictEqual(r.verdict, "missing");
        assert.match(r.fix!, /Organization Project Creator.*pulumi config set --secret mongodbatlas:privateKey --stack production/);
    });

    it("a refused key, an address off the key's access list and another organization are wrong, each with its fix; never the private key", async () => {
        const open = await fake();
        const refused = await ask(keys(open.url, "another-private-key"));
        assert.strictEqual(refused.verdict, "wrong");
        assert.match(
            refused.found,
            new RegExp(`^the API key cannot read organization ${orgId} \\(Atlas GET /api/atlas/v2/orgs/${orgId} → 401: You are not authorized`),
        );

        const listed = await fake({ apiAccessList: ["203.0.113.7"] });
        const offList = await ask(keys(listed.url));
        assert.strictEqual(offList.verdict, "wrong");
        assert.match(
            offList.found,
            /^this machine's address is not on the API key's access list \(.*→ 403: IP address 127\.0\.0\.1 is not allowed to access this resource\. \(IP_ADDRESS_NOT_ON_ACCESS_LIST\)\)$/,
        );
        assert.match(offList.fix!, /API Access List/);

        const another = await fake({ orgId: "aaaaaaaaaaaaaaaaaaaaaaaa" });
        const notOurs = await ask(keys(another.url));
        assert.strictEqual(notOurs.verdict, "wrong");
        assert.match(notOurs.fix!, /or correct atlas\.orgId$/);
        for (const r of [refused, offList, notOurs]) assert.ok(!JSON.stringify(r).includes(PRIVATE), "the private key was printed");
    });

    it("the key on its access list reads the organization: ok; a closed port is unreachable", async () => {
        const listed = await fake({ apiAccessList: ["127.0.0.1"] });
        const r = await ask(keys(listed.url));
        assert.deepStrictEqual(r, { verdict: "ok", found: "the API key reads organization SmartDuka from this machine" });
        // Digest: a challenge, then the answer to it (Atlas's 2023-01-01 resource version named).
        assert.deepStrictEqual(
            listed.requests.map((q) => [q.path, q.headers.accept, String(q.headers.authorization ?? "").split(" ")[0]]),
            [
                [`/api/atlas/v2/orgs/${orgId}`, "application/vnd.atlas.2023-01-01+json", ""],
                [`/api/atlas/v2/orgs/${orgId}`, "application/vnd.atlas.2023-01-01+json", "Digest"],
            ],
        );
        const closed = await fake();
        await closed.close();
        fakes = fakes.filter((f) => f !== closed);
        const down = await ask(keys(closed.url));
        assert.strictEqual(down.verdict, "unreachable");
    });
});
