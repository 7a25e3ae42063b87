#!/usr/bin/env python3
"""Compares two canonical answer files line by line (geokg::semantics, "Canonical answers"):
JSON values equal, order inside answers included, numbers within 1e-9 relative.

    python3 tests/bench/compare.py answers.ref.jsonl answers.geokg.jsonl

A line of the second file that reads {"unsupported": "<op>"} (an op the
runner does not answer yet) is skipped and counted, not compared.

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
    skipped = {}
    if len(want) != len(got):
        bad.append("%d lines expected, %d given" % (len(want), len(got)))
    for i, (w, g) in enumerate(zip(want, got), 1):
        answer = json.loads(g)
        if isinstance(answer, dict) and list(answer) == ["unsupported"]:
            skipped[answer["unsupported"]] = skipped.get(answer["unsupported"], 0) + 1
            continue
        if not same(json.loads(w), answer):
            bad.append("line %d:\n  expected %s\n  got      %s" % (i, w[:300], g[:300]))
    if bad:
        print("%d differences; the first:" % len(bad))
        print("\n".join(bad[:10]))
        sys.exit(1)
    compared = len(want) - sum(skipped.values())
    note = "".join(", %d %s skipped (unsupported)" % (n, op) for op, n in sorted(skipped.items()))
    print("%d answers agree%s" % (compared, note))


if __name__ == "__main__":
    main()
