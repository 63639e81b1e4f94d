#!/usr/bin/env bash
# Builds every app into a private folder (node_modules/.cache/dist-NAME) instead of dist/, so parallel work sessions
# on one checkout do not delete each other's build. Run the multi-process tests against it with APP_DIST=<folder>.
#   scripts/build-private.sh <name>     → node_modules/.cache/dist-<name>
# BUILD_BASE (a tsconfig to extend, default tsconfig.build.json), BUILD_OUT (the folder) and BUILD_INCLUDE (a JSON
# array of paths, default the base's) build something else the same way (scripts/bench-private.sh: the bench).
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/build-private.sh <name>}"
out="${BUILD_OUT:-$PWD/node_modules/.cache/dist-$name}"
base="${BUILD_BASE:-tsconfig.build.json}"
include="${BUILD_INCLUDE:+, \"include\": $BUILD_INCLUDE}"
cfg="node_modules/.cache/build-$name"
mkdir -p "$cfg"
cat >"$cfg/tsconfig.json" <<JSON
{ "extends": "$PWD/$base", "compilerOptions": { "outDir": "$out" }$include }
JSON
cat >"$cfg/nest-cli.json" <<JSON
{ "monorepo": true, "root": "apps/api", "sourceRoot": "apps/api/src",
  "compilerOptions": { "builder": "tsc", "tsConfigPath": "$cfg/tsconfig.json", "deleteOutDir": true },
  "projects": { "api": { "type": "application", "root": "apps/api", "entryFile": "apps/api/src/main", "sourceRoot": "apps/api/src", "compilerOptions": { "tsConfigPath": "$cfg/tsconfig.json" } } } }
JSON
npx nest build api --config "$cfg/nest-cli.json"
echo "built into $out (use APP_DIST=$out)"
