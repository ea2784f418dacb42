// Preloaded (NODE_OPTIONS=--require) into every Node process an engine test's CLI starts: the
// language server, the SDK's dynamic-provider and policy hosts, the stand-ins. The SDK's runtime index
// loads its closure serializer, and with it TypeScript (its function parser) and @npmcli/arborist (its
// package-tree reader), in every process: `require("@pulumi/pulumi")` takes 1.06 s with them, 0.23 s
// without (2 busy cores). A run needs them only when it serializes a dynamic provider's code, which
// the program does once per version of that code (providers/dynamicResource.ts). So both load at
// their first use instead: the same modules, the same calls, later. (The policy host registers
// ts-node, which loads TypeScript anyway.)
import Module = require("module");
import { dirname, sep } from "path";

// Who requires them, as the SDK's own files do (runtime/closure/parseFunction.js, codePaths.js, …).
const sdk = dirname(require.resolve("@pulumi/pulumi/package.json"));
const LAZY: Record<string, string> = {
    "../../typescript-shim": require.resolve("@pulumi/pulumi/typescript-shim"),
    "./typescript-shim": require.resolve("@pulumi/pulumi/typescript-shim"),
    "@npmcli/arborist": require.resolve("@npmcli/arborist", { paths: [`${sdk}/runtime/closure`] }),
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Load; _resolveFilename(request: string, parent: unknown, isMain: boolean): string };
const load = mod._load;
const proxies = new Map<string, object>();

/**
 * The module's exports, loaded at the first touch. `__esModule` answers true without loading, so
 * TypeScript's `__importStar` (codePaths.js) keeps the proxy instead of copying every key now.
 */
function lazy(loadIt: () => object): object {
    let real: object | undefined;
    const target = () => (real ??= loadIt());
    return new Proxy(
        {},
        {
            get: (_, key) => (key === "__esModule" ? true : Reflect.get(target(), key)),
            has: (_, key) => Reflect.has(target(), key),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(target(), key);
                return d && { ...d, configurable: true };
            },
            set: (_, key, value) => Reflect.set(target(), key, value),
        },
    );
}

mod._load = function (request, parent, isMain) {
    const file = LAZY[request];
    // Only the SDK's own requires: the proxy is shaped for how the SDK uses these modules.
    const from = (parent as { filename?: string } | undefined)?.filename ?? "";
    if (file === undefined || !from.startsWith(sdk + sep) || mod._resolveFilename(request, parent, isMain) !== file)
        return load.call(this, request, parent, isMain);
    let proxy = proxies.get(file);
    if (!proxy) proxies.set(file, (proxy = lazy(() => load.call(this, request, parent, isMain) as object)));
    return proxy;
};
