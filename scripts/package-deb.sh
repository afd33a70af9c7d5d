#!/usr/bin/env bash
# Builds lillycoder_<version>_all.deb with dpkg-deb: the packed npm tarball (what npm users get) under
# /usr/lib/lillycoder with its production dependencies, /usr/bin/lillycoder, and the MIT license.
# Usage: scripts/package-deb.sh [--out DIR] [--no-build]   (npm run package:deb; DIR defaults to the repository root)
# --no-build packs dist/ as it is (no prepack): for tests that run beside others using the same dist/.
# Needs dpkg-deb (Debian's dpkg), npm and the npm registry (or a warm npm cache) for the dependencies.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo"
pack_args=()
usage="usage: scripts/package-deb.sh [--out DIR] [--no-build]"

fail() {
  echo "package-deb: $1" >&2
  exit "${2:-1}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --out)
      [ $# -ge 2 ] && [ -n "$2" ] || fail "--out needs a directory ($usage)" 2
      out="$2"
      shift 2
      ;;
    --no-build)
      pack_args=(--ignore-scripts)
      shift
      ;;
    -h | --help)
      echo "$usage   builds lillycoder_<version>_all.deb into DIR (default: the repository root)"
      exit 0
      ;;
    *) fail "unknown argument '$1' ($usage)" 2 ;;
  esac
done

command -v dpkg-deb >/dev/null 2>&1 || fail "dpkg-deb not found: it comes with Debian's dpkg (apt-get install dpkg-dev)"
command -v npm >/dev/null 2>&1 || fail "npm not found: install Node.js 20.19 or newer with npm"
mkdir -p "$out" || fail "cannot create the output directory $out"
out="$(cd "$out" && pwd)"

if [ ${#pack_args[@]} -gt 0 ]; then
  for built in dist/index.js oclif.manifest.json; do
    [ -e "$repo/$built" ] || fail "--no-build: $built is missing (run npm run build first)"
  done
fi

field() { node -p "const p = require(process.argv[1]); String(p[process.argv[2]] ?? '')" "$repo/package.json" "$1"; }
version="$(field version)"
[ -n "$version" ] || fail "package.json has no version"
# package.json's own fields when it has them; the environment can set both for a distributor's build.
maintainer="${LILLYCODER_DEB_MAINTAINER:-$(node -p "const a = require(process.argv[1]).author; typeof a === 'string' ? a : a ? \`\${a.name} <\${a.email}>\` : ''" "$repo/package.json")}"
maintainer="${maintainer:-lillycoder developers <lillycoder@users.noreply.github.com>}"
homepage="${LILLYCODER_DEB_HOMEPAGE:-$(field homepage)}"
homepage="${homepage:-https://www.npmjs.com/package/lillycoder}"

stage="$(mktemp -d "${TMPDIR:-/tmp}/lillycoder-deb-XXXXXX")"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
app="$root/usr/lib/lillycoder"
mkdir -p "$app" "$root/usr/bin" "$root/usr/share/doc/lillycoder" "$root/DEBIAN" "$stage/pack"

# What `npm install --global` of the packed tarball gives an npm user (package.json "files", production
# dependencies nested under it; prepack builds when dist/ is missing or stale), moved to /usr/lib/lillycoder.
# No install scripts: the one dependency that has one (tree-sitter-bash, a native build) is used through its
# WebAssembly grammar, and a native build would make the package architecture-specific.
(cd "$repo" && npm pack --silent "${pack_args[@]}" --pack-destination "$stage/pack" >/dev/null) || fail "npm pack failed"
npm install --global --prefix "$stage/npm" --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
  "$stage/pack/lillycoder-$version.tgz" >&2 || fail "npm install of the packed tarball failed (the dependencies come from the npm registry)"
rmdir "$app"
mv "$stage/npm/lib/node_modules/lillycoder" "$app"

chmod 0755 "$app/bin/run.js"
ln -s ../lib/lillycoder/bin/run.js "$root/usr/bin/lillycoder"

{
  echo 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/'
  echo 'Upstream-Name: lillycoder'
  echo "Source: $homepage"
  echo
  echo 'Files: *'
  echo "Copyright: $(sed -n 's/^Copyright (c) //p' "$repo/LICENSE")"
  echo 'License: Expat'
  echo
  echo 'License: Expat'
  # DEP-5 puts the license text in the field's continuation lines: each indented, blank lines as " .".
  sed -e 's/^$/./' -e 's/^/ /' "$repo/LICENSE"
} >"$root/usr/share/doc/lillycoder/copyright"

cat >"$root/DEBIAN/control" <<EOF
Package: lillycoder
Version: $version
Architecture: all
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: nodejs (>= 20.19)
Recommends: ripgrep, git
Section: devel
Priority: optional
Homepage: $homepage
Description: local-first coding agent for the terminal
 lillycoder turns any OpenAI-compatible /v1 server (llama.cpp's llama-server,
 ollama, LM Studio, vLLM, ...) into a coding agent that reads, searches and
 edits files and runs commands in the current directory. Nothing goes to a
 cloud and no API key is needed. Every mutation is gated: lillycoder shows the
 change and waits for an answer, and a shell classifier refuses catastrophic
 commands whatever the answer.
EOF

deb="$out/lillycoder_${version}_all.deb"
# gzip: quick to build on a small CI machine, read by every dpkg.
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null || fail "dpkg-deb --build failed"
echo "$deb"
