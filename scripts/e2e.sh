#!/usr/bin/env bash
# npm run test:e2e — the packed package in the real n8n CLI, headless, against the sandbox gateway.
#
#   bash scripts/e2e.sh                      both versions (2.41.1 on Node 24, 2.8.4 on the system Node 20)
#   E2E_N8N_VERSIONS=2.41.1 bash scripts/e2e.sh
#   E2E_KEEP=1 bash scripts/e2e.sh           keep each run's n8n user folder, database and logs
#   E2E_INSTALL_TIMEOUT=900 E2E_RUN_TIMEOUT=600   per-version limits in seconds (the defaults)
#   E2E_ONLY=concurrency bash scripts/e2e.sh only the concurrency checks (e2e/concurrency/; n8n 2.41.1)
#   E2E_ONLY=basic bash scripts/e2e.sh       only the basic checks (e2e/basic/: the create and trigger journeys)
#   E2E_ONLY=editor bash scripts/e2e.sh      only the browser test of the editor (e2e/editor/; n8n 2.41.1)
#   E2E_ONLY=ledger bash scripts/e2e.sh      only the payout ledger checks (e2e/ledger/; n8n 2.41.1, queue mode)
#   E2E_CONCURRENCY_PARTS=regular,queue,queue5 E2E_CONCURRENCY_TIMEOUT=540   which concurrency parts, and their limit
#
# The runners are TypeScript (e2e/<runner>/main.ts), compiled here with the rest of tsconfig.dev.json
# into this run's own folder; they start and read n8n only through the real-n8n kit (e2e/kit/).
#
# The concurrency checks ("a reference is paid at most once" under simultaneous executions) run for
# the versions in E2E_CONCURRENCY_VERSIONS (default 2.41.1). Their queue-mode part starts its own
# Postgres cluster and Redis from Debian's postgresql and redis-server packages, installed here
# with apt-get when missing (as root).
#
# The payout ledger checks (e2e/ledger/, versions in E2E_LEDGER_VERSIONS, default 2.41.1, limit
# E2E_LEDGER_TIMEOUT, 420 s) run in queue mode on the same Postgres and Redis packages.
#
# The browser test of the editor (e2e/editor/, versions in E2E_EDITOR_VERSIONS, default 2.41.1,
# limit E2E_EDITOR_TIMEOUT, 480 s) drives Debian's headless Chromium (package chromium, installed
# here with apt-get when missing, as root) through playwright-core; screenshots go to .cache/editor-shots/.
#
# n8n is installed from the npm registry into .cache/n8n/<version>/ from the committed
# e2e/n8n-<version>/package.json + package-lock.json and reused while they are unchanged (the kit's
# install: e2e/kit/install.ts picks the Node each version runs on, e2e/install-n8n.sh installs).
# Everything listens on 127.0.0.1. Every step has a timeout; background processes are stopped on
# exit. Prints PASS/FAIL/PENDING per check and a summary; exits non-zero if any check failed.
source "$(dirname "$0")/lib/env.sh"

ONLY="${E2E_ONLY:-}"
case "$ONLY" in
"" | basic | concurrency | editor | ledger) ;;
*) echo "E2E_ONLY must be basic, concurrency, editor or ledger (got $ONLY)" >&2; exit 2 ;;
esac
CONCURRENCY_VERSIONS="${E2E_CONCURRENCY_VERSIONS:-2.41.1}"
EDITOR_VERSIONS="${E2E_EDITOR_VERSIONS:-2.41.1}"
EDITOR_TIMEOUT="${E2E_EDITOR_TIMEOUT:-480}"
LEDGER_VERSIONS="${E2E_LEDGER_VERSIONS:-2.41.1}"
LEDGER_TIMEOUT="${E2E_LEDGER_TIMEOUT:-420}"
if [ "$ONLY" = concurrency ]; then
	VERSIONS="${E2E_N8N_VERSIONS:-$CONCURRENCY_VERSIONS}"
elif [ "$ONLY" = editor ]; then
	VERSIONS="${E2E_N8N_VERSIONS:-$EDITOR_VERSIONS}"
elif [ "$ONLY" = ledger ]; then
	VERSIONS="${E2E_N8N_VERSIONS:-$LEDGER_VERSIONS}"
else
	VERSIONS="${E2E_N8N_VERSIONS:-2.41.1 2.8.4}"
fi
RUN_TIMEOUT="${E2E_RUN_TIMEOUT:-600}"
CONCURRENCY_TIMEOUT="${E2E_CONCURRENCY_TIMEOUT:-540}"
PACK_DIR="$(mktemp -d)"
# The compiled runners, kit and sandbox: inside the checkout, so they resolve its node_modules
# (playwright-core), in this run's own folder, so a concurrent build of .build/ cannot pull them away.
mkdir -p "$ROOT/.cache"
BUILD_DIR="$(mktemp -d "$ROOT/.cache/e2e-build.XXXXXX")"
RUNNER_PID=""
cleanup() {
	if [ -n "$RUNNER_PID" ] && kill -0 "$RUNNER_PID" 2>/dev/null; then kill -TERM "$RUNNER_PID" 2>/dev/null || true; fi
	rm -rf "$PACK_DIR" "$BUILD_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "› building and packing the package"
if ! timeout 300 npm run build >"$PACK_DIR/build.log" 2>&1; then
	tail -30 "$PACK_DIR/build.log"
	echo "FAIL npm run build"
	exit 1
fi
# The sandbox gateway and the e2e (kit and runners), compiled as `npm run build:dev` does. tsc still
# emits when some other file (a test being written) has a type error, so only missing output stops
# the e2e run.
if ! timeout 300 npm run build:dev -- --outDir "$BUILD_DIR" >"$PACK_DIR/build-dev.log" 2>&1; then
	grep -E 'error TS' "$PACK_DIR/build-dev.log" | head -10 || true
	echo "› warning: npm run build:dev reported type errors (above); the e2e was still emitted"
fi
for file in sandbox/cli.js e2e/kit/cli.js e2e/basic/main.js e2e/concurrency/main.js e2e/editor/main.js e2e/ledger/main.js; do
	[ -f "$BUILD_DIR/$file" ] || { echo "FAIL npm run build:dev did not produce $file"; exit 1; }
done
SANDBOX_CLI="$BUILD_DIR/sandbox/cli.js"
TARBALL="$PACK_DIR/$(timeout 120 npm pack --silent --pack-destination "$PACK_DIR" | tail -1)"
[ -f "$TARBALL" ] || { echo "FAIL npm pack produced no tarball"; exit 1; }
echo "› packed $(basename "$TARBALL")"

# Postgres (initdb, pg_ctl) and redis-server for the queue-mode concurrency checks.
have_queue_services() {
	{ ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; } && command -v redis-server >/dev/null 2>&1
}
ensure_queue_services() {
	have_queue_services && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "› Postgres or redis-server is missing and this is not root: the queue-mode checks will fail (apt-get install -y postgresql redis-server)" >&2
		return 0
	fi
	echo "› installing postgresql and redis-server (apt-get) for the queue-mode checks" >&2
	export DEBIAN_FRONTEND=noninteractive
	if ! timeout 600 apt-get install -y -q postgresql redis-server >"$PACK_DIR/apt.log" 2>&1; then
		timeout 300 apt-get update -q >>"$PACK_DIR/apt.log" 2>&1 || true
		timeout 600 apt-get install -y -q postgresql redis-server >>"$PACK_DIR/apt.log" 2>&1 || { tail -20 "$PACK_DIR/apt.log" >&2; echo "› apt-get install postgresql redis-server failed" >&2; }
	fi
}

# Headless Chromium for the editor test: Debian's package (playwright-core drives it; Playwright's
# own browser download is not used).
ensure_chromium() {
	[ -x "${E2E_CHROMIUM:-/usr/bin/chromium}" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "› ${E2E_CHROMIUM:-/usr/bin/chromium} is missing and this is not root: the editor test will fail (apt-get install -y chromium)" >&2
		return 0
	fi
	echo "› installing chromium (apt-get) for the editor test" >&2
	export DEBIAN_FRONTEND=noninteractive
	if ! timeout 600 apt-get install -y -q --no-install-recommends chromium >"$PACK_DIR/apt-chromium.log" 2>&1; then
		timeout 300 apt-get update -q >>"$PACK_DIR/apt-chromium.log" 2>&1 || true
		timeout 600 apt-get install -y -q --no-install-recommends chromium >>"$PACK_DIR/apt-chromium.log" 2>&1 || { tail -20 "$PACK_DIR/apt-chromium.log" >&2; echo "› apt-get install chromium failed" >&2; }
	fi
}

# Runs one runner (e2e/basic, e2e/concurrency, e2e/ledger or e2e/editor) under a timeout and adds its counts.
# Sets RUNNER_RC and RUNNER_SECONDS.
run_runner() {
	local version="$1" runner="$2" limit="$3" counts="$4" began p f s
	began=$(date +%s)
	set +e
	timeout --kill-after=20 "$limit" node "$BUILD_DIR/e2e/$runner/main.js" --version "$version" \
		--tarball "$TARBALL" --sandbox-cli "$SANDBOX_CLI" --summary-file "$counts" "${keep[@]}" &
	RUNNER_PID=$!
	wait "$RUNNER_PID"
	RUNNER_RC=$?
	RUNNER_PID=""
	set -e
	RUNNER_SECONDS=$(($(date +%s) - began))
	[ "$RUNNER_RC" -eq 124 ] && echo "FAIL [n8n $version] e2e/$runner passed its ${limit} s limit"
	[ "$RUNNER_RC" -ne 0 ] && failed=1
	if [ -f "$counts" ]; then
		read -r p f s < <(node -e 'const c=require(process.argv[1]);console.log(c.passed,c.failed,c.pending)' "$counts")
		passed=$((passed + p)); failures=$((failures + f)); skipped=$((skipped + s))
	else
		failures=$((failures + 1)) # the runner died before its summary
	fi
	return 0
}

failed=0
passed=0
failures=0
skipped=0
summary=()
for version in $VERSIONS; do
	start=$(date +%s)
	set +e
	installed_json="$(node "$BUILD_DIR/e2e/kit/cli.js" install "$version" | tail -1)"
	install_rc=$? # the kit's exit code (pipefail): 3 = no Node for this version
	set -e
	if [ "$install_rc" -eq 3 ]; then
		echo "SKIP [n8n $version] no suitable Node on this machine (needs /usr/bin/node 20.19+ for n8n $version)"
		summary+=("n8n $version: skipped (no Node 20.19+ at /usr/bin/node)")
		skipped=$((skipped + 1))
		continue
	fi
	if [ "$install_rc" -ne 0 ]; then
		echo "FAIL [n8n $version] install from e2e/n8n-$version failed"
		summary+=("n8n $version: install FAILED after $(($(date +%s) - start)) s")
		failed=1
		failures=$((failures + 1))
		continue
	fi
	node_version="$(node -p 'JSON.parse(process.argv[1]).nodeVersion' "$installed_json")"
	installed=$(date +%s)
	keep=()
	[ -n "${E2E_KEEP:-}" ] && keep=(--keep)
	if [ -z "$ONLY" ] || [ "$ONLY" = basic ]; then
		run_runner "$version" basic "$RUN_TIMEOUT" "$PACK_DIR/counts-$version.json"
		summary+=("n8n $version on Node $node_version: install/reuse $((installed - start)) s, run $RUNNER_SECONDS s, $([ "$RUNNER_RC" -eq 0 ] && echo PASS || echo "FAIL (exit $RUNNER_RC)")")
	fi
	if { [ -z "$ONLY" ] || [ "$ONLY" = concurrency ]; } && [[ " $CONCURRENCY_VERSIONS " == *" $version "* ]]; then
		ensure_queue_services
		run_runner "$version" concurrency "$CONCURRENCY_TIMEOUT" "$PACK_DIR/counts-concurrency-$version.json"
		summary+=("n8n $version concurrency checks (${E2E_CONCURRENCY_PARTS:-regular,queue,queue5}): run $RUNNER_SECONDS s, $([ "$RUNNER_RC" -eq 0 ] && echo PASS || echo "FAIL (exit $RUNNER_RC)")")
	fi
	if { [ -z "$ONLY" ] || [ "$ONLY" = ledger ]; } && [[ " $LEDGER_VERSIONS " == *" $version "* ]]; then
		ensure_queue_services
		run_runner "$version" ledger "$LEDGER_TIMEOUT" "$PACK_DIR/counts-ledger-$version.json"
		summary+=("n8n $version payout ledger checks (queue mode): run $RUNNER_SECONDS s, $([ "$RUNNER_RC" -eq 0 ] && echo PASS || echo "FAIL (exit $RUNNER_RC)")")
	fi
	if { [ -z "$ONLY" ] || [ "$ONLY" = editor ]; } && [[ " $EDITOR_VERSIONS " == *" $version "* ]]; then
		ensure_chromium
		run_runner "$version" editor "$EDITOR_TIMEOUT" "$PACK_DIR/counts-editor-$version.json"
		summary+=("n8n $version editor in headless Chromium: run $RUNNER_SECONDS s, $([ "$RUNNER_RC" -eq 0 ] && echo PASS || echo "FAIL (exit $RUNNER_RC)") (screenshots .cache/editor-shots/)")
	fi
done

echo
echo "== e2e summary"
for line in "${summary[@]}"; do echo "  $line"; done
# Closing line in the plain "N passed, N failed, N skipped" form (skipped = checks reported PENDING).
echo "e2e: ${passed} passed, ${failures} failed, ${skipped} skipped"
[ "$failed" -eq 0 ] || exit 1
