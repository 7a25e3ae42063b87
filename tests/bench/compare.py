#!/usr/bin/env python3
"""Compare two canonical answer files line by line.

    python3 tests/bench/compare.py DIR/answers.geokg.jsonl DIR/answers.ref.jsonl

Each line is one JSON value (bench/README.md, "Canonical answers"). Two
lines agree when they are equal as JSON values, order inside lists
included, with numbers equal within 1e-9 relative (3300 == 3300.0). Prints
the first differences and a summary; exits 0 when every line agrees, 1
otherwise, 2 on bad usage. Python 3 standard library only.
"""

import json
import sys


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: compare.py GOT.jsonl EXPECTED.jsonl", file=sys.stderr)
        return 2
    got, expected = read(argv[1]), read(argv[2])
    wrong = 0
    for i, (g, e) in enumerate(zip(got, expected), start=1):
        if not same(g, e):
            wrong += 1
            if wrong <= 10:
                print(f"line {i}:\n  expected {json.dumps(e)}\n  got      {json.dumps(g)}")
    if len(got) != len(expected):
        print(f"{len(got)} answers for {len(expected)} expected")
    total = max(len(got), len(expected))
    ok = wrong == 0 and len(got) == len(expected)
    print(f"{total - wrong - abs(len(got) - len(expected))} of {total} answers agree"
          + ("" if ok else f"; {wrong} differ"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
