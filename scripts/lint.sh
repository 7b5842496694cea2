#!/usr/bin/env bash
# JS lint and format check, run by scripts/test.sh after `npm ci`:
#  - ESLint (eslint.config.mjs): @eslint/js recommended, unused variables, and no function over
#    150 lines / no file over 500 lines in bindings/, web/, bin/;
#  - Prettier --check (.prettierrc.json; .prettierignore lists build output, vendored and
#    generated files);
#  - no hand-written C++ source over 500 lines in src/ and bindings/ (generated .inc files aside).
# Usage: scripts/lint.sh [--fix]   (--fix runs prettier --write and eslint --fix first)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/eslint ] || [ ! -x node_modules/.bin/prettier ]; then
  echo "lint: eslint/prettier not installed: npm ci" >&2
  exit 1
fi
if [ "${1:-}" = "--fix" ]; then
  node_modules/.bin/prettier --write . --log-level=warn
  node_modules/.bin/eslint --fix . || true
fi

status=0
if ! node_modules/.bin/eslint .; then
  echo "lint: ESLint found problems (above); some fix with: scripts/lint.sh --fix" >&2
  status=1
fi

if ! unformatted=$(node_modules/.bin/prettier --list-different . 2>&1); then
  count=$(printf '%s\n' "$unformatted" | grep -c . || true)
  echo "lint: $count file(s) not formatted as .prettierrc.json says:" >&2
  printf '%s\n' "$unformatted" | head -n 20 | sed 's/^/  /' >&2
  [ "$count" -gt 20 ] && echo "  ..." >&2
  echo "fix with: scripts/lint.sh --fix   (or: npx prettier --write .)" >&2
  status=1
fi

long=()
while IFS= read -r f; do
  [ -f "$f" ] || continue
  lines=$(wc -l <"$f")
  [ "$lines" -gt 500 ] && long+=("$f ($lines lines)")
done < <(git ls-files 'src/*.cc' 'src/*.h' 'bindings/*.cc' 'bindings/*.h')
if [ ${#long[@]} -gt 0 ]; then
  echo "lint: hand-written C++ files over 500 lines (split them):" >&2
  printf '  %s\n' "${long[@]}" >&2
  status=1
fi

[ $status = 0 ] && echo "lint: ESLint and Prettier clean ($(node_modules/.bin/eslint --version), prettier $(node_modules/.bin/prettier --version))"
exit $status
