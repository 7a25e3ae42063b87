#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 900) at low priority, the way the
# figures in README.md were taken. Usage: fuzz/run.sh TARGET [SECONDS]
# The log, with libFuzzer's final stats, goes to fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-900}
mkdir -p "corpus/$target" logs
extra=()
[ -d "seeds/$target" ] && extra+=("seeds/$target")
args=(-max_total_time="$seconds" -print_final_stats=1)
[ "$target" = load_bytes ] && args+=(-dict=dict/geokg.dict)
case $target in cypher_parse|cypher_run) args+=(-dict=dict/cypher.dict) ;; esac
# The stable toolchain runs cargo fuzz's nightly flags with RUSTC_BOOTSTRAP;
# no sanitizer (the crate forbids unsafe), but debug assertions so that an
# integer overflow is a crash rather than a silent wrap.
RUSTC_BOOTSTRAP=1 nice -n 15 cargo fuzz run -O -a -s none "$target" \
    "corpus/$target" "${extra[@]}" -- "${args[@]}" 2>&1 | tee "logs/$target.log" | grep -E "^(#[0-9]+\s+(DONE|NEW.*cov)|stat::|Done|.*panicked)" | tail -20
