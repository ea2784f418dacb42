#!/usr/bin/env bash
# Prints the path of a folder holding a Pulumi CLI (`pulumi`, with the dynamic-provider shim
# `pulumi-resource-pulumi-nodejs` beside it) at least as new as the pinned @pulumi/pulumi SDK.
# Uses a `pulumi` on PATH when it is new enough; otherwise builds the CLI once from Pulumi's Go
# modules (github.com/pulumi/pulumi/pkg/v3 at the SDK's version) into a cache outside the repo.
# The Node.js language host's own Go module is not served by the module proxy here, so it is not
# built: the engine tests serve the program to the CLI with the SDK's language server (--client).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p "require('$root/node_modules/@pulumi/pulumi/package.json').version")"
cache="${APP_PLATFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/app-platform}/pulumi-v$version"
shim="$root/node_modules/@pulumi/pulumi/bin/pulumi-resource-pulumi-nodejs"
[ -f "$shim" ] || shim="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

# True when $1 >= $2: the pair is already in version order (no early-closing pipe under pipefail).
version_ge() { printf '%s\n%s\n' "$2" "$1" | sort -V -C; }

# 1. A CLI on PATH, as new as the SDK.
if command -v pulumi >/dev/null 2>&1; then
    have="$(pulumi version 2>/dev/null | sed 's/^v//')"
    if [ -n "$have" ] && version_ge "$have" "$version"; then
        dirname "$(command -v pulumi)"; exit 0
    fi
fi

# 2. The cache, built before.
if [ -x "$cache/bin/pulumi" ]; then
    ln -sf "$shim" "$cache/bin/pulumi-resource-pulumi-nodejs"
    echo "$cache/bin"; exit 0
fi

# 3. Build from the Go modules.
if ! command -v go >/dev/null 2>&1; then
    echo "pulumi-cli: no Pulumi CLI >= $version on PATH and no Go toolchain to build one." >&2
    echo "  Install the Pulumi CLI $version (https://www.pulumi.com/docs/install/) or Go >= 1.24, then run again." >&2
    exit 1
fi
echo "pulumi-cli: building Pulumi CLI v$version from Go modules into $cache (first run only; about 4 min on 2 cores)" >&2
mkdir -p "$cache/src/cli" "$cache/bin"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
flags=(-trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags")
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
# The checksum database has no entry for it through the module proxy here; every
# other module is still verified against it.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi/pkg/v3"

cd "$cache/src/cli"
cat > go.mod <<MOD
module app-platform/pulumi-cli

go 1.24

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
printf 'package tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' > tools.go
go mod tidy >&2
go build "${flags[@]}" -o "$cache/bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2

mv "$cache/bin/pulumi.tmp" "$cache/bin/pulumi"
ln -sf "$shim" "$cache/bin/pulumi-resource-pulumi-nodejs"
echo "$cache/bin"
