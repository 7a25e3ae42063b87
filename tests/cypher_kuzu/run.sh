#!/usr/bin/env bash
# Differential tests of geokg's Cypher against Kùzu (see diff.py): random
# queries on the Myanmar data set, the tiny world and a generated world of
# 1,000 regions, each also under a filter, run on geokg (the workload
# runner's `cypher` op) and on Kùzu loaded from geokg's own Kùzu export.
# Called by .ci/run; runs on its own too (GEOKG_BENCH_DIR names the folder
# of gen_world.py):
#   bash tests/cypher_kuzu/run.sh [QUERIES_PER_SET]
# Installs Kùzu's Python package into target/interop-venv, as
# tests/interop/run.sh does; fails if it cannot.
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$TARGET/cypher-kuzu"
VENV="$TARGET/interop-venv"
PER_SET="${1:-200}"
say() { printf 'cypher-kuzu: %s\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" >"$OUT/venv.log" 2>&1
fi
if ! "$VENV/bin/python" -c 'import kuzu' 2>/dev/null; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check kuzu >"$OUT/pip.log" 2>&1 || {
    say "FAIL pip could not install kuzu (see $OUT/pip.log)"; exit 1; }
fi
if [ -z "${GEOKG_BENCH_DIR:-}" ] || [ ! -f "$GEOKG_BENCH_DIR/gen_world.py" ]; then
  say "FAIL GEOKG_BENCH_DIR must name the folder of gen_world.py (.ci/run sets it)"; exit 1
fi

say "building the export and workload examples (release)"
cargo build -q --release --example export --example workload
EXPORT="$TARGET/release/examples/export"
WORKLOAD="$TARGET/release/examples/workload"

"$EXPORT" --data myanmar-cni --format json --out "$OUT/myanmar.json" 2>/dev/null
python3 "$GEOKG_BENCH_DIR/gen_world.py" --regions 1000 --seed 1 --out "$OUT/w1k" >/dev/null

# Each set twice: all facts, and under a filter (geokg filters the graph it
# holds; Kùzu gets the export of the facts that pass the same filter).
"$VENV/bin/python" tests/cypher_kuzu/diff.py --export "$EXPORT" --workload "$WORKLOAD" \
  --out "$OUT" --queries "$PER_SET" \
  --set "myanmar=$OUT/myanmar.json" \
  --set "myanmar-2024=$OUT/myanmar.json@2024-10../reported" \
  --set "tiny=tests/data/tiny/world.json" \
  --set "tiny-2023=tests/data/tiny/world.json@2023..2023/claimed" \
  --set "w1k=$OUT/w1k/world.json" \
  --set "w1k-2016=$OUT/w1k/world.json@2016..2016/reported"
# The generated world is large; nothing of it is kept.
rm -rf "$OUT/w1k" "$OUT"/w1k*.kuzu* "$OUT"/run-w1k*
