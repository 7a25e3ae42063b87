"""Times the queries of examples/cypher_bench.rs on Kùzu, loaded from
geokg's own Kùzu export of the same world, and prints the comparison table
(geokg's medians from the example's output).

    python3 tests/cypher_kuzu/bench.py WORLD.json CYPHER-BENCH.json [--runs N]

Each query is prepared once (Kùzu's `conn.prepare`) and run over the same
cycle of parameter sets as geokg's, each run timed alone, from the call to
the last row fetched; the median is reported. Kùzu's `*` is written
`* TRAIL` where the query has one (the semantics geokg's `*` has).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import kuzu


def kuzu_text(query):
    return query.replace("[:PART_OF*0..]", "[:PART_OF* TRAIL 0..30]").replace(
        "[:PART_OF*]", "[:PART_OF* TRAIL 1..30]").replace(")-[:BORDERS]-(", ")-[:BORDERS]-(")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("world")
    ap.add_argument("bench")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--export", default="target/release/examples/export")
    a = ap.parse_args()
    cases = json.load(open(a.bench, encoding="utf-8"))
    base = os.path.dirname(os.path.abspath(a.bench))
    folder, db = os.path.join(base, "kuzu-export"), os.path.join(base, "kuzu-db")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(db, ignore_errors=True)
    if os.path.exists(db):
        os.remove(db)
    subprocess.run([a.export, "--data", a.world, "--format", "kuzu", "--out", folder], check=True,
                   capture_output=True)
    conn = kuzu.Connection(kuzu.Database(db))
    here = os.getcwd()
    os.chdir(folder)
    start = time.perf_counter()
    conn.execute(open("import.cypher", encoding="utf-8").read())
    print(f"Kùzu {kuzu.__version__}: loaded in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    os.chdir(here)
    print("| query | geokg median µs | Kùzu median µs | Kùzu / geokg | by hand median µs | geokg / by hand |")
    print("|---|---:|---:|---:|---:|---:|")
    for case in cases:
        text = kuzu_text(case["query"])
        prepared = conn.prepare(text)
        times = []
        for i in range(a.runs):
            params = case["params"][i % len(case["params"])]
            t0 = time.perf_counter()
            res = conn.execute(prepared, params)
            while res.has_next():
                res.get_next()
            times.append((time.perf_counter() - t0) * 1e6)
        k = statistics.median(times)
        g, h = case["geokg_median_us"], case["by_hand_median_us"]
        print(f"| {case['name']} | {g:.2f} | {k:.0f} | {k / g:.0f}× | {h:.2f} | {g / h:.1f}× |")
        print(f"    {text}", file=sys.stderr)


if __name__ == "__main__":
    main()
