#!/usr/bin/env bash
# `npm run scan` (n8n's verification scanner on the checkout and the packed tarball, e2e/lint.sh),
# passing when its only findings are the payout ledger's documented ones (README, "Payout ledger
# (PostgreSQL)"): the package has one runtime dependency, `pg`, imported by the ledger module
# alone. The scanner forbids both (n8n Cloud and the verified list take no package with
# dependencies), so it reports exactly:
#   - package.json: @n8n/community-nodes/no-runtime-dependencies        (source and tarball)
#   - ledger/postgres.ts, dist/…/ledger/postgres.js: no-restricted-imports of 'pg'
# Any other finding, or a scan that fails without findings, fails this script.
set -uo pipefail
cd "$(dirname "$0")/.."

output="$(npm run --silent scan 2>&1)"
status=$?
printf '%s\n' "$output"
[ "$status" -eq 0 ] && exit 0

# "file|message" for every ESLint error line of the scanner's report.
findings="$(printf '%s\n' "$output" | awk '
	/^\/.*/ { file = $0; next }
	/^[[:space:]]+[0-9]+:[0-9]+[[:space:]]+error/ { print file "|" $0 }
')"
expected='(/nodes/CryptoPayout/ledger/postgres\.(ts|js)\|.*(Import|Require) of .pg. is not allowed)|(/package\.json\|.*The "dependencies" field must be empty)'
unexpected="$(printf '%s\n' "$findings" | grep -vE "$expected" | grep -v '^$' || true)"
count="$(printf '%s\n' "$findings" | grep -cE "$expected" || true)"

if [ -z "$findings" ]; then
	echo "FAIL scan: the scanner failed without ESLint findings (see above)"
	exit 1
fi
if [ -n "$unexpected" ]; then
	echo "FAIL scan: findings other than the ledger's documented ones:"
	printf '%s\n' "$unexpected"
	exit 1
fi
if [ "$count" -ne 4 ]; then
	echo "FAIL scan: expected the ledger's 4 documented findings (2 per leg), got $count"
	exit 1
fi
echo "PASS scan: only the ledger's 4 documented findings (pg as the one runtime dependency; README, \"Payout ledger (PostgreSQL)\")"
