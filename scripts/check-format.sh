#!/usr/bin/env bash
# Checks that every tracked C and C++ file (git ls-files '*.cc' '*.h' '*.c') is formatted as .clang-format
# says, with clang-format --dry-run --Werror. Lists the files that are not, and how to fix
# them. Usage: scripts/check-format.sh [--fix]   (--fix runs clang-format -i on those files)
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
[ "${1:-}" = "--fix" ] && fix=1

# Debian 12's clang-format is 14; formatting differs between major versions, so prefer it.
formatter=""
for candidate in clang-format-14 clang-format; do
  if command -v "$candidate" >/dev/null 2>&1; then
    formatter=$candidate
    break
  fi
done
if [ -z "$formatter" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check-format: installing clang-format with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends clang-format >/dev/null
    formatter=clang-format
  else
    echo "check-format: clang-format not found: sudo apt-get install --no-install-recommends clang-format" >&2
    exit 1
  fi
fi

mapfile -t files < <(git ls-files '*.cc' '*.h' '*.c')
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no tracked C++ files"
  exit 0
fi

bad=()
for f in "${files[@]}"; do
  [ -f "$f" ] || continue  # deleted in the working tree
  if ! "$formatter" --dry-run --Werror "$f" >/dev/null 2>&1; then
    bad+=("$f")
  fi
done

if [ ${#bad[@]} -eq 0 ]; then
  echo "check-format: ${#files[@]} C++ files formatted ($("$formatter" --version | sed 's/.*version \([0-9.]*\).*/clang-format \1/'))"
  exit 0
fi
if [ $fix = 1 ]; then
  "$formatter" -i "${bad[@]}"
  echo "check-format: reformatted ${#bad[@]} file(s): ${bad[*]}"
  exit 0
fi
echo "check-format: ${#bad[@]} of ${#files[@]} C++ files are not formatted as .clang-format says:" >&2
printf '  %s\n' "${bad[@]}" >&2
echo "  first differences:" >&2
{ "$formatter" --dry-run --Werror "${bad[0]}" 2>&1 || true; } | head -n 12 | sed "s/^/    /" >&2
echo "fix with: scripts/check-format.sh --fix   (or: $formatter -i <files>)" >&2
exit 1
