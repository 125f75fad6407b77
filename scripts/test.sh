#!/usr/bin/env bash
# Runs every check from a fresh clone: Node 24 and dependencies, build, type check, tests.
source "$(dirname "$0")/lib/env.sh"
npm run build
npm run typecheck
npx jest "$@"
