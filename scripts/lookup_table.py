#!/usr/bin/env python3
"""Prints the lookup benchmarks of the last `cargo bench -p errcat-bench --bench lookup` run.

    python3 scripts/lookup_table.py [CRITERION_DIR]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion, else target/criterion. For each group
(hit, miss) and way, the median time per lookup (the batch's median divided by its length) and
its ratio to the bare `phf` get (`errcat::CODES.get`) of the same group; then issue 20's
targets (`from_code` within 1.1x and `classify` within 1.3x of `phf`, hits and misses alike)
with met/not met; then what `classify` and `classify_result` add to `from_code` (the same phf
lookup) in the same run; last, the lookups of a catalog that extends errcat's
(bench/codes.toml) against errcat's own. Warns when the results do not all come from one run.
Python 3 standard library only.
"""

import json
import os
import sys

GROUPS = ["hit", "miss"]
BASE = "phf"
WAYS = ["phf", "from_code", "classify", "classify_result", "std_hashmap", "fxhashmap",
        "extended_from_code", "extended_classify"]
# A catalog that extends errcat's (bench/codes.toml), against errcat's own lookup.
EXTENDED = {"extended_from_code": "from_code", "extended_classify": "classify"}
# Issue 20: errcat's lookups over the bare phf get of the same keys.
LIMITS = {"from_code": 1.1, "classify": 1.3}


def main():
    if len(sys.argv) > 1:
        root = sys.argv[1]
    else:
        target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "target")
        root = os.path.join(target, "criterion")
    ns = {}
    mtimes = []
    for group in GROUPS:
        for way in WAYS:
            base = os.path.join(root, group, way, "new")
            try:
                path = os.path.join(base, "estimates.json")
                with open(path) as f:
                    median = json.load(f)["median"]["point_estimate"]
                with open(os.path.join(base, "benchmark.json")) as f:
                    elements = json.load(f)["throughput"]["Elements"]
                mtimes.append(os.path.getmtime(path))
            except (OSError, KeyError, TypeError):
                continue
            ns[group, way] = median / elements
    if not ns:
        sys.exit(f"no criterion results under {root}; run "
                 "`cargo bench -p errcat-bench --bench lookup` first")
    if max(mtimes) - min(mtimes) > 30 * 60:
        print("warning: these results span more than 30 minutes: not one run\n", file=sys.stderr)
    groups = [g for g in GROUPS if (g, BASE) in ns]
    print("| way | " + " | ".join(f"{g} ns (x {BASE})" for g in groups) + " |")
    print("| --- |" + " --- |" * len(groups))
    for way in WAYS:
        cells = []
        for g in groups:
            if (g, way) in ns:
                cells.append(f"{ns[g, way]:.2f} ({ns[g, way] / ns[g, BASE]:.2f}x)")
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
            ratio = ns[g, way] / ns[g, BASE]
            met = ratio <= limit
            over = "" if met else f", {(ratio / limit - 1) * 100:.0f}% over"
            print(f"| {way} <= {limit}x {BASE} | {g} | {ratio:.2f}x{over} | "
                  f"{'met' if met else 'NOT met'} |")
    print()
    print("| over from_code | " + " | ".join(groups) + " |")
    print("| --- |" + " --- |" * len(groups))
    for way in ("classify", "classify_result"):
        cells = [f"{ns[g, way] / ns[g, 'from_code']:.2f}x, +{ns[g, way] - ns[g, 'from_code']:.2f} ns"
                 if (g, way) in ns and (g, "from_code") in ns else "-" for g in groups]
        print(f"| {way} | " + " | ".join(cells) + " |")
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
