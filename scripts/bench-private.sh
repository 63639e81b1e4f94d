#!/usr/bin/env bash
# Builds and runs the bench from a private folder (node_modules/.cache/bench-NAME) instead of the shared one, so
# parallel work sessions on one checkout do not overwrite each other's bench build. Runs under /tmp/bench.lock so
# two benches never share the machine.
#   scripts/bench-private.sh <name> [bench args...]   e.g. scripts/bench-private.sh dash --only=5
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/bench-private.sh <name> [bench args]}"
shift
out="$PWD/node_modules/.cache/bench-$name"
BUILD_BASE=bench/tsconfig.json BUILD_OUT="$out" BUILD_INCLUDE="[\"$PWD/apps/api/src/main.ts\", \"$PWD/bench/**/*.ts\"]" \
  scripts/build-private.sh "bench-$name"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
flock /tmp/bench.lock node "$out/bench/main.js" "$@"
