#!/usr/bin/env bash
# Runs every check from a fresh clone: Node 24 and dependencies, build, type check, tests.
# The ledger tests need PostgreSQL's server binaries (initdb, pg_ctl): Debian's postgresql
# package, installed here with apt-get when missing (as root; otherwise the ledger tests fail
# and say so). Tests start their own throw-away cluster (test/harness/postgres-cluster.ts).
source "$(dirname "$0")/lib/env.sh"

have_postgres() {
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1
}
ensure_postgres() {
	have_postgres && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "› PostgreSQL is missing and this is not root: the ledger tests will fail (apt-get install -y postgresql)" >&2
		return 0
	fi
	echo "› installing postgresql (apt-get) for the ledger tests" >&2
	export DEBIAN_FRONTEND=noninteractive
	local log
	log="$(mktemp)"
	if ! timeout 600 apt-get install -y -q --no-install-recommends postgresql >"$log" 2>&1; then
		timeout 300 apt-get update -q >>"$log" 2>&1 || true
		timeout 600 apt-get install -y -q --no-install-recommends postgresql >>"$log" 2>&1 || { tail -20 "$log" >&2; echo "› apt-get install postgresql failed" >&2; }
	fi
	rm -f "$log"
}

ensure_postgres
npm run build
npm run typecheck
npx jest "$@"
