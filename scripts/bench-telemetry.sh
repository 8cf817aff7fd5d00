#!/usr/bin/env bash
# The outcome benchmark without and with errcat's telemetry features (issue 24), in one run:
# builds both, then alternates them PAIRS times (default 6), each a short criterion run of
# bench/benches/outcome.rs, and prints per pair the medians of `outcome_from_json` without the
# features and with them (nothing installed), their ratio, `serde_json_value` in each (the same
# code in both builds: how much the machine moved between the two), and
# `outcome_from_json_recorded` (a debugging recorder and a formatting subscriber installed);
# then the median of each column. Alternating pairs, rather than one run of each, is what lets a
# shared machine's drift show as spread instead of as a difference.
#
#   bash scripts/bench-telemetry.sh [PAIRS]     # MEASUREMENT_TIME=10 for longer runs (default 3 s)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-6}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export CRITERION_HOME="$out"
args=(--warm-up-time 1 --measurement-time "${MEASUREMENT_TIME:-3}")
cargo bench -q -p errcat-bench --bench outcome --no-run
cargo bench -q -p errcat-bench --bench outcome --features telemetry --no-run

median() { # a benchmark's median, in ns
  python3 -c 'import json, sys; print(round(json.load(open(sys.argv[1]))["median"]["point_estimate"], 1))' \
    "$out/inquiry_body/$1/new/estimates.json"
}

rows=$(mktemp)
trap 'rm -rf "$out" "$rows"' EXIT
printf '%-5s %-8s %10s %10s %7s %12s %12s %10s\n' pair "load" plain telemetry ratio "serde plain" "serde tel." recorded
for i in $(seq "$pairs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  cargo bench -q -p errcat-bench --bench outcome -- "${args[@]}" >/dev/null 2>&1
  plain=$(median outcome_from_json)
  serde_plain=$(median serde_json_value)
  cargo bench -q -p errcat-bench --bench outcome --features telemetry -- "${args[@]}" >/dev/null 2>&1
  tel=$(median outcome_from_json)
  serde_tel=$(median serde_json_value)
  recorded=$(median outcome_from_json_recorded)
  ratio=$(python3 -c "print(f'{$tel / $plain:.3f}')")
  printf '%-5s %-8s %10s %10s %7s %12s %12s %10s\n' "$i" "$load" "$plain" "$tel" "$ratio" "$serde_plain" "$serde_tel" "$recorded"
  echo "$plain $tel $ratio $serde_plain $serde_tel $recorded" >>"$rows"
done
python3 - "$rows" <<'PY'
import statistics, sys
cols = list(zip(*(map(float, l.split()) for l in open(sys.argv[1]))))
m = [statistics.median(c) for c in cols]
print(f"{'median':<14} {m[0]:>10.1f} {m[1]:>10.1f} {m[2]:>7.3f} {m[3]:>12.1f} {m[4]:>12.1f} {m[5]:>10.1f}")
print(f"ratio of the medians, telemetry / plain: {m[1] / m[0]:.3f}; recorded / plain: {m[5] / m[0]:.3f}")
PY
