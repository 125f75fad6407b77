#!/usr/bin/env bash
# n8n's community-node checks, run from the repository (no network besides the npm registry).
#
#   npm run lint            ESLint with @n8n/eslint-plugin-community-nodes + eslint-plugin-n8n-nodes-base
#                           on nodes/, credentials/ and package.json (config: eslint.config.mjs)
#   npm run scan            @n8n/scan-community-package's static analysis on this checkout AND on the
#                           packed tarball (its provenance and download steps need a published
#                           version, so e2e/scan.mjs calls its analyzer on local files instead)
#
# eslint-plugin-n8n-nodes-base and the scanner live in .cache/lint-tools (from e2e/lint-tools/,
# lock committed) because the plugin's `preinstall: npx only-allow pnpm` must be denied through
# allowScripts, which the root package.json does not carry.
source "$(dirname "$0")/../scripts/lib/env.sh"

TOOLS_SPEC="$ROOT/e2e/lint-tools"
TOOLS="$ROOT/.cache/lint-tools"
export N8N_LINT_TOOLS="$TOOLS"

ensure_lint_tools() {
	local want stamp="$TOOLS/.lint-tools-stamp"
	want="node-$(node --version)-$({ cat "$TOOLS_SPEC/package.json"; cat "$TOOLS_SPEC/package-lock.json" 2>/dev/null || true; } | sha1sum | cut -c1-16)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return
	fi
	echo "› installing lint tools into .cache/lint-tools" >&2
	mkdir -p "$TOOLS"
	cp "$TOOLS_SPEC/package.json" "$TOOLS/package.json"
	if [ -f "$TOOLS_SPEC/package-lock.json" ]; then cp "$TOOLS_SPEC/package-lock.json" "$TOOLS/package-lock.json"; fi
	(cd "$TOOLS" && timeout --kill-after=10 600 npm install --no-audit --no-fund --loglevel=error >&2)
	if [ ! -f "$TOOLS_SPEC/package-lock.json" ]; then
		cp "$TOOLS/package-lock.json" "$TOOLS_SPEC/package-lock.json"
		echo "› wrote e2e/lint-tools/package-lock.json (commit it)" >&2
	fi
	echo "$want" >"$stamp"
}

ensure_lint_tools

case "${1:-}" in
--scan)
	npm run build >&2
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	tgz="$(npm pack --silent --pack-destination "$tmp" | tail -1)"
	node "$ROOT/e2e/scan.mjs" "$ROOT" "$tmp/$tgz"
	;;
"")
	npx --no-install eslint --max-warnings=-1 nodes credentials package.json
	;;
*)
	npx --no-install eslint "$@"
	;;
esac
