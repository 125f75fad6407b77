#!/usr/bin/env bash
# `npm run bench`: throughput, concurrency and memory figures for the Crypto Payout node in n8n's
# engine (bench/index.ts), then the same node in a real `n8n start` (bench/real-n8n/), against
# the sandbox gateway on loopback. See bench/README.md.
#   bash bench/run.sh [--scale 0.1] [--only 1,2,3,n8n]
#   BENCH_ONLY=n8n bash bench/run.sh       only the real-n8n part (BENCH_ONLY=engine: only parts 1-3)
#   real-n8n only: [--package-dir DIR] [--out NAME.json] [--code-label TEXT] [--profile DIR] (see bench/README.md)
source "$(dirname "$0")/../scripts/lib/env.sh"

# Which parts: --only takes engine parts (1, 2, 3) and/or n8n; BENCH_ONLY=n8n|engine picks a side.
engine_args=()
n8n_args=()
only=""
while [ $# -gt 0 ]; do
	case "$1" in
	--only) only="$2"; shift 2 ;;
	--only=*) only="${1#--only=}"; shift ;;
	--scale) engine_args+=("$1" "$2"); n8n_args+=("$1" "$2"); shift 2 ;;
	--package-dir | --out | --code-label | --profile) n8n_args+=("$1" "$2"); shift 2 ;; # real-n8n part only
	*) engine_args+=("$1"); shift ;;
	esac
done
run_engine=1
run_n8n=1
if [ -n "$only" ]; then
	engine_parts="$(echo "$only" | tr ',' '\n' | grep -E '^[123]$' | paste -sd, - || true)"
	[ -n "$engine_parts" ] && engine_args+=(--only "$engine_parts") || run_engine=0
	echo ",$only," | grep -q ',n8n,' || run_n8n=0
fi
case "${BENCH_ONLY:-}" in
"") ;;
n8n) run_engine=0 ;;
engine) run_n8n=0 ;;
*) echo "BENCH_ONLY must be n8n or engine, not ${BENCH_ONLY}" >&2; exit 2 ;;
esac

npm run build
# .build/: bench/, the real-n8n kit (e2e/kit/) and the sandbox, as tsconfig.dev.json compiles them.
npm run build:dev

status=0
if [ "$run_engine" = 1 ]; then
	node --expose-gc .build/bench/index.js "${engine_args[@]}" || status=$?
fi
if [ "$run_n8n" = 1 ]; then
	# The real n8n CLI, installed (or reused) by the real-n8n kit exactly as the e2e run installs it,
	# before the part's own 12-minute watchdog starts; BENCH_N8N_DIR runs another install instead.
	if [ -n "${BENCH_N8N_DIR:-}" ]; then
		n8n_args+=(--n8n-dir "$BENCH_N8N_DIR")
	else
		N8N_VERSION="${BENCH_N8N_VERSION:-2.41.1}"
		node .build/e2e/kit/cli.js install "$N8N_VERSION" >/dev/null || { echo "bench: installing n8n $N8N_VERSION failed" >&2; exit 1; }
		n8n_args+=(--n8n-version "$N8N_VERSION")
	fi
	# bench/real-n8n/ has its own 12-minute watchdog; this is the outer bound.
	timeout --kill-after=20 900 node .build/bench/real-n8n/main.js "${n8n_args[@]}" || status=$?
fi
exit "$status"
