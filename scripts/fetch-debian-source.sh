#!/usr/bin/env bash
# Fetches the upstream source of a Debian source package with apt-get (the machine's own Debian
# archive, as its apt sources name it, turned into deb-src entries in a private apt state
# folder: the system's apt configuration is not touched), checks the upstream tarball's
# sha256, and unpacks it into <dest>/<package>-<upstream version>.
# Usage: scripts/fetch-debian-source.sh <package> <upstream version> <orig tarball sha256> <dest>
set -euo pipefail
package=$1 upstream=$2 sha256=$3 dest=$4
unpacked=$dest/$package-$upstream
[ -f "$unpacked/.complete" ] && exit 0

fail() {
  echo "fetch-debian-source: $*" >&2
  echo "  condense builds $package $upstream from Debian's source package (apt-get source $package)." >&2
  echo "  Without apt access, put ${package}_$upstream.orig.tar.gz (sha256 $sha256) in $dest and run the build again." >&2
  exit 1
}

mkdir -p "$dest"
tarball=$dest/${package}_$upstream.orig.tar.gz
if [ ! -f "$tarball" ]; then
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found"
  state=$dest/apt
  rm -rf "$state"
  mkdir -p "$state/sources" "$state/lists/partial" "$state/cache/archives/partial"
  # deb822 .sources files: the same stanzas with Types: deb-src; one-line .list files: deb → deb-src.
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    sed -E 's/^Types:.*/Types: deb-src/' "$f" >"$state/sources/$(basename "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -nE 's/^deb[[:space:]]/deb-src /p' "$f" >"$state/sources/$(basename "$f" .list).list"
  done
  apt=(apt-get -q -o Debug::NoLocking=1 -o Dir::Etc::SourceList=/dev/null
    -o "Dir::Etc::SourceParts=$state/sources" -o "Dir::State::Lists=$state/lists"
    -o "Dir::Cache=$state/cache" -o APT::Sandbox::User="$(id -un)")
  "${apt[@]}" update >"$state/update.log" 2>&1 || fail "apt-get update of the deb-src entries failed (see $state/update.log)"
  (cd "$dest" && "${apt[@]}" source --download-only "$package" >"$state/source.log" 2>&1) ||
    fail "apt-get source $package failed (see $state/source.log)"
fi
echo "$sha256  $tarball" | sha256sum --check --status || fail "$tarball: sha256 differs from $sha256"
rm -rf "$unpacked"
tar -xzf "$tarball" -C "$dest"
[ -d "$unpacked" ] || fail "$tarball did not unpack into $unpacked"
touch "$unpacked/.complete"
