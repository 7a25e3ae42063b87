#!/usr/bin/env python3
"""Compares two canonical answer files line by line (geokg::semantics, "Canonical answers"):
JSON values equal, order inside answers included, numbers within 1e-9 relative.

    python3 tests/bench/compare.py answers.ref.jsonl answers.geokg.jsonl

Exit 0 when every line agrees; otherwise the first differences and exit 1.
"""
import json
import sys


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def main():
    want_path, got_path = sys.argv[1], sys.argv[2]
    with open(want_path, encoding="utf-8") as f:
        want = f.read().splitlines()
    with open(got_path, encoding="utf-8") as f:
        got = f.read().splitlines()
    bad = []
    if len(want) != len(got):
        bad.append("%d lines expected, %d given" % (len(want), len(got)))
    for i, (w, g) in enumerate(zip(want, got), 1):
        if not same(json.loads(w), json.loads(g)):
            bad.append("line %d:\n  expected %s\n  got      %s" % (i, w[:300], g[:300]))
    if bad:
        print("%d differences; the first:" % len(bad))
        print("\n".join(bad[:10]))
        sys.exit(1)
    print("%d answers agree" % len(want))


if __name__ == "__main__":
    main()
