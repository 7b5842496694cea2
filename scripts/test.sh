#!/usr/bin/env bash
# Every test: formatting and lint (clang-format; ESLint + Prettier), native C++ (ASan/UBSan),
# the C++ tests compiled to wasm (SIMD and scalar), the JS API against both wasm builds, the npm
# package from a fresh folder, and the demo in headless Chromium. Everything runs through ctest; its closing line is the summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-toolchain.sh --browser
scripts/check-format.sh
# npm dev dependencies (playwright-core, eslint, prettier, the benchmark peers): install when missing or stale.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
scripts/lint.sh
scripts/build.sh --tests

jobs=$(nproc 2>/dev/null || echo 2)
echo "== native C++ tests (ASan/UBSan)"
ctest --preset native-asan -j"$jobs" | tail -n 3
echo "== native C++ tests on 4 threads, every split taken (ASan/UBSan)"
ctest --preset native-threads -j"$jobs" | tail -n 3
echo "== wasm C++ tests, JS API, package and browser tests"
ctest --preset wasm -j"$jobs"
