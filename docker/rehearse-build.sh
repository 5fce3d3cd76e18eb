#!/usr/bin/env bash
# Runs the steps of docker/Dockerfile for one service on this machine, without Docker, into a
# scratch directory, so the recipe (prune, install, build, assemble) can be checked where no
# Docker engine exists. It is not the image: the base here is this machine's Node and libc, not
# Alpine's, and nothing is sandboxed. It needs the npm registry.
#
#   docker/rehearse-build.sh scheduler [workdir]   # then: cd <workdir>/out/services/scheduler && node dist/main.js
set -euo pipefail
service=${1:?usage: docker/rehearse-build.sh <frontend|scheduler|sender> [workdir]}
work=${2:-$(mktemp -d)}
repo=$(cd "$(dirname "$0")/.." && pwd)
turbo_version=$(sed -n 's/^ARG TURBO_VERSION=//p' "$repo/docker/Dockerfile")

echo "== prune (turbo $turbo_version) into $work/pruned"
rm -rf "$work/pruned" "$work/app" "$work/out"
(cd "$repo" && npx --yes "turbo@$turbo_version" prune "@later/$service" --docker --out-dir "$work/pruned")

echo "== install and build in $work/app"
mkdir -p "$work/app"
cp -R "$work/pruned/json/." "$work/app/"
(cd "$work/app" && npm ci --ignore-scripts --no-audit --no-fund)
cp -R "$work/pruned/full/." "$work/app/"
cp "$repo/tsconfig.base.json" "$work/app/"
(cd "$work/app" && npx turbo run build --filter="@later/$service" && node "$repo/docker/assemble-runtime.mjs" "$service" "$work/out")

echo "== $work/out: $(du -sh "$work/out" | cut -f1); run it with: cd $work/out/services/$service && node dist/main.js"
