#!/usr/bin/env bash
# Regenerates the world layer (src/datasets/world.json and world.md) from
# the pinned open data, or with --check regenerates it into a temporary
# folder and compares it byte for byte with the committed files.
#
# Exit status: 0 done (or equal), 1 the check found a difference or the
# generator failed, 3 the inputs could not be installed (no python3, pip,
# npm or registry): nothing was checked.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
check=false
[ "${1:-}" = "--check" ] && check=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unavailable() { echo "world layer: $*" >&2; exit 3; }
command -v python3 >/dev/null || unavailable "python3 not found"
command -v npm >/dev/null || unavailable "npm not found"
python3 -m venv "$work/venv" >/dev/null 2>&1 || unavailable "python3 -m venv failed"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" \
  || unavailable "pip install -r tools/world/requirements.txt failed"
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent) \
  || unavailable "npm ci (tools/world/package-lock.json) failed"

if $check; then
  out="$work/out"
  mkdir -p "$out"
else
  out="$root/src/datasets"
fi
"$work/venv/bin/python" "$here/generate.py" --node-modules "$work/node_modules" \
  --out "$out/world.json" --summary "$out/world.md"

if $check; then
  status=0
  for f in world.json world.md; do
    if cmp -s "$out/$f" "$root/src/datasets/$f"; then
      echo "world layer: src/datasets/$f is what the generator makes"
    else
      echo "world layer: src/datasets/$f differs from the generator's output:" >&2
      diff <(head -c 200000 "$root/src/datasets/$f") <(head -c 200000 "$out/$f") | head -20 >&2 || true
      status=1
    fi
  done
  exit $status
fi
