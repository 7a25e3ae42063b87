#!/usr/bin/env bash
# Each export of geokg read by the real program that reads it: Graphviz's
# dot, a GeoJSON check, networkx, Kùzu and pyoxigraph, with their answers
# compared with the library's. Called by .ci/run; runs on its own too:
#   bash tests/interop/run.sh
# Installs Graphviz (Debian package) when dot is missing and the Python
# packages into target/interop-venv; a tool that cannot be installed is
# reported as SKIP, any mismatch fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$TARGET/interop"
VENV="$TARGET/interop-venv"
say() { printf 'interop: %s\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT"

if ! command -v dot >/dev/null 2>&1; then
  say "Graphviz's dot is missing: installing the Debian package graphviz"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; } \
      >"$OUT/apt.log" 2>&1; then
    say "SKIP Graphviz: apt-get could not install graphviz (see $OUT/apt.log)"
  fi
fi

PY=python3
if [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" >"$OUT/venv.log" 2>&1; then
  PY="$VENV/bin/python"
  if ! "$PY" -m pip install -q --disable-pip-version-check networkx kuzu pyoxigraph \
      >"$OUT/pip.log" 2>&1; then
    say "SKIP-WARNING pip could not install networkx, kuzu and pyoxigraph (see $OUT/pip.log)"
  fi
else
  say "SKIP-WARNING python3 -m venv failed (see $OUT/venv.log): using the system python3"
fi

say "building the export and query examples"
cargo build -q --example export --example query
EXPORT="$TARGET/debug/examples/export"
QUERY="$TARGET/debug/examples/query"
TINY="tests/data/tiny/world.json"

# Every format of every data set: the Myanmar data set (the default), the
# hand-checked tiny world, and a graph of awkward names.
sets=(myanmar awkward tiny)
for set in "${sets[@]}"; do
  case "$set" in
    myanmar) data=(--data myanmar-cni) ;;
    awkward) data=(--data tests/interop/awkward.json) ;;
    tiny) data=(--data "$TINY") ;;
  esac
  for format in dot geojson graphml kuzu ntriples json; do
    "$EXPORT" "${data[@]}" --format "$format" --out "$OUT/$set.$format" 2>>"$OUT/export.log"
  done
done
if command -v dot >/dev/null 2>&1; then
  "$EXPORT" --data myanmar-cni --format svg --out "$OUT/myanmar.svg" 2>>"$OUT/export.log"
fi
# Without Graphviz, --format svg must say so plainly.
if PATH=/nonexistent "$EXPORT" --format svg --out "$OUT/none.svg" 2>"$OUT/no-dot.log"; then
  say "FAIL --format svg without dot succeeded"; exit 1
elif ! grep -q "not installed" "$OUT/no-dot.log"; then
  say "FAIL --format svg without dot did not say dot is not installed:"; cat "$OUT/no-dot.log"; exit 1
fi
say "PASS --format svg without Graphviz says: $(head -c 110 "$OUT/no-dot.log")…"

"$PY" tests/interop/check.py --out "$OUT" --query "$QUERY" --tiny "$TINY"
