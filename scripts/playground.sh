#!/usr/bin/env bash
# npm run playground — the real n8n editor (2.41.1, the cached e2e install) with this package
# installed as a community package, the sandbox gateway, sandbox credentials for both providers and
# the example workflows, an owner account, all on 127.0.0.1. Prints the editor URL and the login.
#
#   npm run playground                 keeps .cache/playground/home between runs
#   npm run playground -- --fresh      starts from an empty n8n user folder
#   PLAYGROUND_PORT=5678 PLAYGROUND_SANDBOX_PORT=8787 npm run playground
#   PLAYGROUND_DIR=/tmp/pg npm run playground   another folder (build, user folder, CSV files, logs)
#
# Ctrl-C stops n8n and the sandbox (each in its own process group).
source "$(dirname "$0")/lib/env.sh"

VERSION="${PLAYGROUND_N8N_VERSION:-2.41.1}"
DIR="${PLAYGROUND_DIR:-$ROOT/.cache/playground}"
OUT="$DIR/build"
rm -rf "$OUT" && mkdir -p "$OUT"

echo "› building and packing the package"
if ! timeout 300 npm run build >"$OUT/build.log" 2>&1; then
	tail -30 "$OUT/build.log"
	echo "npm run build failed" >&2
	exit 1
fi
# The sandbox, the real-n8n kit and scripts/playground.ts, compiled into the playground's own
# folder (as scripts/e2e.sh does).
timeout 300 npm run build:dev -- --outDir "$OUT/dev" >"$OUT/build-dev.log" 2>&1 || true
for file in sandbox/cli.js scripts/playground.js; do
	[ -f "$OUT/dev/$file" ] || { tail -30 "$OUT/build-dev.log"; echo "npm run build:dev did not produce $file" >&2; exit 1; }
done
TARBALL="$OUT/$(timeout 120 npm pack --silent --pack-destination "$OUT" | tail -1)"
[ -f "$TARBALL" ] || { echo "npm pack produced no tarball" >&2; exit 1; }

# The kit reuses .cache/n8n/<version> (the e2e install), installing it from e2e/n8n-<version>/ when missing.
exec node "$OUT/dev/scripts/playground.js" --version "$VERSION" --tarball "$TARBALL" \
	--sandbox-cli "$OUT/dev/sandbox/cli.js" "$@"
