#!/usr/bin/env bash
# Builds and runs the bench from a private folder (node_modules/.cache/bench-NAME) instead of the shared one, so
# parallel work sessions on one checkout do not overwrite each other's bench build. Runs under /tmp/bench.lock so
# two benches never share the machine.
#   scripts/bench-private.sh <name> [bench args...]   e.g. scripts/bench-private.sh dash --only=5
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/bench-private.sh <name> [bench args]}"
shift
cfg="$PWD/node_modules/.cache/bench-build-$name"
out="$PWD/node_modules/.cache/bench-$name"
mkdir -p "$cfg"
cat >"$cfg/tsconfig.json" <<JSON
{ "extends": "$PWD/bench/tsconfig.json", "compilerOptions": { "outDir": "$out" },
  "include": ["$PWD/apps/api/src/main.ts", "$PWD/bench/**/*.ts"] }
JSON
cat >"$cfg/nest-cli.json" <<JSON
{ "monorepo": true, "root": "apps/api", "sourceRoot": "apps/api/src",
  "compilerOptions": { "builder": "tsc", "tsConfigPath": "node_modules/.cache/bench-build-$name/tsconfig.json", "deleteOutDir": true },
  "projects": { "api": { "type": "application", "root": "apps/api", "entryFile": "apps/api/src/main", "sourceRoot": "apps/api/src", "compilerOptions": { "tsConfigPath": "node_modules/.cache/bench-build-$name/tsconfig.json" } } } }
JSON
npx nest build api --config "node_modules/.cache/bench-build-$name/nest-cli.json"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
flock /tmp/bench.lock node "$out/bench/main.js" "$@"
