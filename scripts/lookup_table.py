#!/usr/bin/env python3
"""Prints the lookup benchmarks of the last `cargo bench -p errcat-bench` run as a table.

    python3 scripts/lookup_table.py [CRITERION_DIR]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion, else target/criterion. For each group
(hit, hit_in_order, miss, miss_in_order) and way, the median time per lookup (the batch's
median divided by its length) and its ratio to the compiled `match` of the same group, then
each issue 6 lookup target with met/not met, then the lookups of a catalog that extends
errcat's (bench/codes.toml) against errcat's own. Python 3 standard library only.
"""

import json
import os
import sys

GROUPS = ["hit", "hit_in_order", "miss", "miss_in_order"]
WAYS = ["match", "from_code", "classify", "classify_result", "extended_from_code",
        "extended_classify", "phf", "fxhashmap", "std_hashmap"]
# A catalog that extends errcat's (bench/codes.toml), against errcat's own lookup.
EXTENDED = {"extended_from_code": "from_code", "extended_classify": "classify"}
LIMITS = {"from_code": 1.25, "classify": 1.5, "classify_result": 1.5}


def main():
    if len(sys.argv) > 1:
        root = sys.argv[1]
    else:
        target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "target")
        root = os.path.join(target, "criterion")
    ns = {}
    for group in GROUPS:
        for way in WAYS:
            base = os.path.join(root, group, way, "new")
            try:
                with open(os.path.join(base, "estimates.json")) as f:
                    median = json.load(f)["median"]["point_estimate"]
                with open(os.path.join(base, "benchmark.json")) as f:
                    elements = json.load(f)["throughput"]["Elements"]
            except (OSError, KeyError, TypeError):
                continue
            ns[group, way] = median / elements
    if not ns:
        sys.exit(f"no criterion results under {root}; run `cargo bench -p errcat-bench` first")
    groups = [g for g in GROUPS if (g, "match") in ns]
    print("| way | " + " | ".join(f"{g} ns (x match)" for g in groups) + " |")
    print("| --- |" + " --- |" * len(groups))
    for way in WAYS:
        cells = []
        for g in groups:
            if (g, way) in ns:
                cells.append(f"{ns[g, way]:.2f} ({ns[g, way] / ns[g, 'match']:.2f}x)")
            else:
                cells.append("-")
        print(f"| {way} | " + " | ".join(cells) + " |")
    print()
    print("| target | group | measured | met |")
    print("| --- | --- | --- | --- |")
    for way, limit in LIMITS.items():
        for g in groups:
            if (g, way) not in ns:
                continue
            ratio = ns[g, way] / ns[g, "match"]
            fastest_map = min(ns.get((g, r), float("inf")) for r in ("phf", "fxhashmap", "std_hashmap"))
            faster = ns[g, way] < fastest_map
            met = ratio <= limit and faster
            print(f"| {way} <= {limit}x match, < every map | {g} | {ratio:.2f}x, "
                  f"{'faster' if faster else 'NOT faster'} than the fastest map | "
                  f"{'met' if met else 'NOT met'} |")
    print()
    print("| extended catalog | group | ns | errcat's own ns | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for way, own in EXTENDED.items():
        for g in groups:
            if (g, way) in ns and (g, own) in ns:
                print(f"| {way} | {g} | {ns[g, way]:.2f} | {ns[g, own]:.2f} | "
                      f"{ns[g, way] / ns[g, own]:.2f}x |")


if __name__ == "__main__":
    main()
