// Preloaded (NODE_OPTIONS=--require) into every Node process of an engine test: the language server,
// the SDK's dynamic-provider and policy hosts, the stand-ins. The SDK's runtime index loads its
// closure serializer, and with it TypeScript (its function parser) and @npmcli/arborist (its
// package-tree reader), in every process, about 0.6 s of a 0.9 s `require("@pulumi/pulumi")` on 2
// cores; a run needs them only when it serializes a dynamic provider's code, which the program does
// once per version of that code (providers/dynamicResource.ts). So both are loaded at their first use
// instead: the same modules, the same calls, later. A process that serializes loads them then.
import Module = require("module");
import { dirname } from "path";

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
    if (file === undefined || mod._resolveFilename(request, parent, isMain) !== file) return load.call(this, request, parent, isMain);
    let proxy = proxies.get(file);
    if (!proxy) proxies.set(file, (proxy = lazy(() => load.call(this, request, parent, isMain) as object)));
    return proxy;
};
