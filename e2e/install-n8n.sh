#!/usr/bin/env bash
# Installs the real n8n CLI of one version from the npm registry into .cache/n8n/<version>/ (or
# $E2E_N8N_CACHE/<version>/), from the committed e2e/n8n-<version>/package.json + package-lock.json,
# with the Node it will run on.
#
#   bash e2e/install-n8n.sh <version> <node-bin-dir> [<nodedir for native builds>]
#
# The install is reused while package.json, the lock and the Node version are unchanged (a stamp
# file). The first install of a version resolves the tree and writes the lock back into e2e/.
# Prints the install folder on the last line of stdout; everything else goes to stderr.
set -euo pipefail

VERSION="$1"
NODE_BIN="$2"
NODEDIR="${3:-}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC="$ROOT/e2e/n8n-$VERSION"
DEST="${E2E_N8N_CACHE:-$ROOT/.cache/n8n}/$VERSION"
TIMEOUT="${E2E_INSTALL_TIMEOUT:-900}"

[ -f "$SPEC/package.json" ] || { echo "no $SPEC/package.json" >&2; exit 2; }
export PATH="$NODE_BIN:$PATH"
if [ -n "$NODEDIR" ]; then
	# Native modules (sqlite3, isolated-vm) must build against the headers of the Node that runs them.
	export npm_config_nodedir="$NODEDIR"
else
	unset npm_config_nodedir || true
fi

# One install per version at a time (several e2e runs may share the clone's .cache).
mkdir -p "$(dirname "$DEST")"
exec 9>"$DEST.lock"
if ! flock -w "$TIMEOUT" 9; then
	echo "› n8n $VERSION: another install of $DEST did not finish within ${TIMEOUT}s" >&2
	exit 1
fi

want="node-$(node --version)-$({ cat "$SPEC/package.json"; cat "$SPEC/package-lock.json" 2>/dev/null || true; } | sha1sum | cut -c1-16)"
stamp="$DEST/.e2e-install-stamp"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$DEST/node_modules/.bin/n8n" ]; then
	echo "› n8n $VERSION: reusing $DEST (lock unchanged)" >&2
	echo "$DEST"
	exit 0
fi

echo "› n8n $VERSION: installing into $DEST with Node $(node --version) (timeout ${TIMEOUT}s)" >&2
mkdir -p "$DEST"
rm -f "$stamp"
cp "$SPEC/package.json" "$DEST/package.json"
if [ -f "$SPEC/package-lock.json" ]; then
	cp "$SPEC/package-lock.json" "$DEST/package-lock.json"
else
	rm -f "$DEST/package-lock.json"
	echo "› n8n $VERSION: no committed lock yet; resolving the tree (slow, once)" >&2
fi
# `npm ci` rejects a lock that lacks other platforms' optional packages; install from the lock instead.
# --legacy-peer-deps: n8n's full peer resolution churns for a quarter of an hour without finishing.
start=$(date +%s)
(cd "$DEST" && timeout --kill-after=30 "$TIMEOUT" npm install --legacy-peer-deps --no-audit --no-fund --loglevel=error >&2)
echo "› n8n $VERSION: installed in $(($(date +%s) - start)) s" >&2

if [ ! -f "$SPEC/package-lock.json" ]; then
	cp "$DEST/package-lock.json" "$SPEC/package-lock.json"
	echo "› n8n $VERSION: wrote e2e/n8n-$VERSION/package-lock.json (commit it)" >&2
elif ! cmp -s "$DEST/package-lock.json" "$SPEC/package-lock.json"; then
	# package.json changed (an override, a pin): keep the lock that goes with it, as `npm install` does.
	cp "$DEST/package-lock.json" "$SPEC/package-lock.json"
	echo "› n8n $VERSION: updated e2e/n8n-$VERSION/package-lock.json (commit it)" >&2
fi
(cd "$DEST" && node node_modules/n8n/bin/n8n --version >&2)
echo "$want" >"$stamp"
echo "$DEST"
