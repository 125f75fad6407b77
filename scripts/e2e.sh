#!/usr/bin/env bash
# npm run test:e2e — the packed package in the real n8n CLI, headless, against the sandbox gateway.
#
#   bash scripts/e2e.sh                      both versions (2.41.1 on Node 24, 2.8.4 on the system Node 20)
#   E2E_N8N_VERSIONS=2.41.1 bash scripts/e2e.sh
#   E2E_KEEP=1 bash scripts/e2e.sh           keep each run's n8n user folder, database and logs
#   E2E_INSTALL_TIMEOUT=900 E2E_RUN_TIMEOUT=600   per-version limits in seconds (the defaults)
#
# n8n is installed from the npm registry into .cache/n8n/<version>/ from the committed
# e2e/n8n-<version>/package.json + package-lock.json and reused while they are unchanged.
# Everything listens on 127.0.0.1. Every step has a timeout; background processes are stopped on
# exit. Prints PASS/FAIL/PENDING per check and a summary; exits non-zero if any check failed.
source "$(dirname "$0")/lib/env.sh"

VERSIONS="${E2E_N8N_VERSIONS:-2.41.1 2.8.4}"
RUN_TIMEOUT="${E2E_RUN_TIMEOUT:-600}"
PACK_DIR="$(mktemp -d)"
RUNNER_PID=""
cleanup() {
	if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then kill -TERM "$RUNNER_PID" 2>/dev/null || true; fi
	rm -rf "$PACK_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "› building and packing the package"
if ! timeout 300 npm run build >"$PACK_DIR/build.log" 2>&1; then
	tail -30 "$PACK_DIR/build.log"
	echo "FAIL npm run build"
	exit 1
fi
# The sandbox gateway, compiled as `npm run build:dev` does but into this run's own folder, so a
# concurrent build of .build/ cannot pull it away mid-run. tsc still emits when some other file
# (a test being written) has a type error, so only a missing sandbox build stops the e2e run.
SANDBOX_CLI="$PACK_DIR/build/sandbox/cli.js"
if ! timeout 300 npm run build:dev -- --outDir "$PACK_DIR/build" >"$PACK_DIR/build-dev.log" 2>&1; then
	grep -E 'error TS' "$PACK_DIR/build-dev.log" | head -10 || true
	if [ ! -f "$SANDBOX_CLI" ]; then
		echo "FAIL npm run build:dev did not produce sandbox/cli.js"
		exit 1
	fi
	echo "› warning: npm run build:dev reported type errors (above); the sandbox was still emitted"
fi
TARBALL="$PACK_DIR/$(timeout 120 npm pack --silent --pack-destination "$PACK_DIR" | tail -1)"
[ -f "$TARBALL" ] || { echo "FAIL npm pack produced no tarball"; exit 1; }
echo "› packed $(basename "$TARBALL")"

# The Node each n8n version runs on (bin/n8n refuses Node versions outside its engines range).
node_for() {
	case "$1" in
	2.[0-8].*)
		# n8n 2.0–2.8 accept Node >=20.19 <=24; the machine's own Node 20 is the one to prove.
		if [ -x /usr/bin/node ] && /usr/bin/node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a===20&&b>=19||a>20&&a<=24?0:1)'; then
			echo "/usr/bin|"
		fi
		;;
	*)
		echo "$NODE24_HOME/bin|$NODE24_HOME"
		;;
	esac
}

failed=0
passed=0
failures=0
skipped=0
summary=()
for version in $VERSIONS; do
	pair="$(node_for "$version")"
	if [ -z "$pair" ]; then
		echo "SKIP [n8n $version] no suitable Node on this machine (needs /usr/bin/node 20.19+ for n8n $version)"
		summary+=("n8n $version: skipped (no Node 20.19+ at /usr/bin/node)")
		skipped=$((skipped + 1))
		continue
	fi
	node_bin="${pair%%|*}"
	nodedir="${pair#*|}"
	start=$(date +%s)
	if ! dest="$(bash "$ROOT/e2e/install-n8n.sh" "$version" "$node_bin" "$nodedir" | tail -1)"; then
		echo "FAIL [n8n $version] install from e2e/n8n-$version failed"
		summary+=("n8n $version: install FAILED after $(($(date +%s) - start)) s")
		failed=1
		failures=$((failures + 1))
		continue
	fi
	installed=$(date +%s)
	keep=()
	[ -n "${E2E_KEEP:-}" ] && keep=(--keep)
	set +e
	timeout --kill-after=20 "$RUN_TIMEOUT" node "$ROOT/e2e/run.mjs" --version "$version" --n8n-dir "$dest" \
		--node-bin "$node_bin" --tarball "$TARBALL" --sandbox-cli "$SANDBOX_CLI" \
		--summary-file "$PACK_DIR/counts-$version.json" "${keep[@]}" &
	RUNNER_PID=$!
	wait "$RUNNER_PID"
	rc=$?
	RUNNER_PID=""
	set -e
	done_at=$(date +%s)
	[ "$rc" -eq 124 ] && echo "FAIL [n8n $version] the e2e run passed its ${RUN_TIMEOUT} s limit"
	[ "$rc" -ne 0 ] && failed=1
	if [ -f "$PACK_DIR/counts-$version.json" ]; then
		read -r p f s < <(node -e 'const c=require(process.argv[1]);console.log(c.passed,c.failed,c.pending)' "$PACK_DIR/counts-$version.json")
		passed=$((passed + p)); failures=$((failures + f)); skipped=$((skipped + s))
	else
		failures=$((failures + 1)) # the runner died before its summary
	fi
	summary+=("n8n $version on Node $("$node_bin/node" --version): install/reuse $((installed - start)) s, run $((done_at - installed)) s, $([ "$rc" -eq 0 ] && echo PASS || echo "FAIL (exit $rc)")")
done

echo
echo "== e2e summary"
for line in "${summary[@]}"; do echo "  $line"; done
# Closing line in the plain "N passed, N failed, N skipped" form (skipped = checks reported PENDING).
echo "e2e: ${passed} passed, ${failures} failed, ${skipped} skipped"
[ "$failed" -eq 0 ] || exit 1
