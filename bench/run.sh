#!/usr/bin/env bash
# `npm run bench`: throughput, concurrency and memory figures for the Crypto Payout node in n8n's
# engine, against the sandbox gateway on loopback. See bench/README.md.
#   bash bench/run.sh [--scale 0.1] [--only 1,2,3]
source "$(dirname "$0")/../scripts/lib/env.sh"
npm run build
# bench/ is not in tsconfig.dev.json's include; its own tsconfig extends it and writes to .build/.
node node_modules/typescript/bin/tsc -p bench/tsconfig.json
node --expose-gc .build/bench/index.js "$@"
