#!/usr/bin/env bash
# The main job: a batch of sample payouts from a CSV through the Crypto Payout node in n8n's
# engine, for both providers, against the built-in sandbox gateway (loopback only) by default.
source "$(dirname "$0")/lib/env.sh"
npm run build
npm run build:dev
node .build/scripts/demo.js "$@"
