#!/usr/bin/env bash
# Scale and build-cost measurements of errcat (issue 6). Run from anywhere:
#
#     scripts/scale.sh                 # everything, 3 repetitions of each build measurement
#     REPS=5 scripts/scale.sh          # more repetitions
#     STEPS="rebuild lookup" scripts/scale.sh   # only some steps: rebuild, script, check,
#                                                # lookup, clean
#
# It copies the errcat crate (Cargo.toml, build.rs, src/, codegen/, Cargo.lock) into a
# temporary workspace, once per catalog: the real codes.toml (48 codes) and synthetic ones of
# 1,000 and 10,000 codes from scripts/synth_catalog.py (the real 48 plus synthetic ones), each
# renamed `errcat-N` so that one harness can use all of them. The repository itself is never
# written to. Then:
#
#   rebuild  debug: after `touch codes.toml`, `cargo build -p errcat-N` (build script run plus
#            the crate's own compile): wall time, the two units' times from `--timings`, and
#            the peak RSS of any process in it (`/usr/bin/time -f %M` on cargo: the largest
#            of cargo and every child it waited for).
#   script   debug: the build script binary run on its own, with its peak RSS.
#   check    debug: every code of each synthetic codes.toml classifies (read from the TOML,
#            not from `Code::ALL`).
#   lookup   release: `Code::from_code` and `classify` at 48, 1,000 and 10,000 codes, in one
#            process, rounds interleaved, median ns per lookup and the ratio to 48 codes.
#   clean    a newcomer's clean debug build of errcat (default features, dependencies
#            included, downloads excluded): wall time and errcat's own share (errcat-codegen,
#            the build script's compile and run, the library) from `--timings`.
#
# The machine is shared: every build figure is repeated REPS times and reported as min and
# median, with the load average seen before each run. Results are also left in
# $WORK/results.tsv (WORK=dir to choose it). SIZES="48 10000" picks the catalogs (48 is the
# real codes.toml and must come first: ratios are to it). Cargo's own variables pass through,
# e.g. CARGO_PROFILE_DEV_BUILD_OVERRIDE_OPT_LEVEL=1 to try an optimized build script. Needs
# cargo, python3 and GNU time (`apt-get install time`).

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPS=${REPS:-3}
SIZES=${SIZES:-"48 1000 10000"}
STEPS=${STEPS:-"rebuild script check lookup clean"}
WORK=${WORK:-$(mktemp -d /tmp/errcat-scale.XXXXXX)}
mkdir -p "$WORK"
WS=$WORK/ws
RESULTS=$WORK/results.tsv
export CARGO_TERM_COLOR=never
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_BUILD_RUSTFLAGS

if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
    echo "GNU time is missing: apt-get update && apt-get install -y time" >&2
    exit 1
fi

has_step() { [[ " $STEPS " == *" $1 "* ]]; }
load() { cut -d' ' -f1 /proc/loadavg; }
log() { printf '%s\n' "$*" >&2; }

echo "# errcat scale run, $(date -u +%FT%TZ), work dir $WORK" >&2
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(rustc -V)"
printf 'measure\tsize\trep\tvalue\tunit\tload\n' >"$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }

# ---------------------------------------------------------------------------------------------
# The copies.

# split_manifest ROOT_MANIFEST OUT_DIR: writes OUT_DIR/workspace.toml (the [workspace.package]
# and [profile.*] tables) and OUT_DIR/package.toml (the root package's own tables, without
# [dev-dependencies] and with `path = "codegen"` pointing at ../codegen).
split_manifest() {
    python3 - "$1" "$2" <<'PY'
import re, sys
src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
sections = re.split(r"(?m)^(?=\[)", text)
workspace, package = [], []
for s in sections:
    header = s.split("\n", 1)[0].strip()
    if header in ("[workspace]", "[dev-dependencies]") or header.startswith("[[bench]]"):
        continue
    if header.startswith("[workspace.") or header.startswith("[profile"):
        workspace.append(s)
    elif header.startswith("["):
        package.append(s)
pkg = "".join(package)
pkg = re.sub(r'path\s*=\s*"codegen"', 'path = "../codegen"', pkg)
open(out + "/workspace.toml", "w").write("".join(workspace))
open(out + "/package.toml", "w").write(pkg)
PY
}

# copy_crate DIR NAME CODES_TOML: errcat's sources as package NAME in DIR.
copy_crate() {
    local dir=$1 name=$2 codes=$3
    mkdir -p "$dir"
    cp -r "$ROOT/build.rs" "$ROOT/src" "$dir/"
    cp "$codes" "$dir/codes.toml"
    sed "0,/^name = \"errcat\"/s//name = \"$name\"/" "$WORK/manifest/package.toml" >"$dir/Cargo.toml"
}

rm -rf "$WS" "$WORK/manifest"
mkdir -p "$WS" "$WORK/manifest" "$WORK/catalogs"
split_manifest "$ROOT/Cargo.toml" "$WORK/manifest"
cp -r "$ROOT/codegen" "$WS/codegen"
rm -rf "$WS/codegen/target"
cp "$ROOT/Cargo.lock" "$WS/Cargo.lock"
members='"codegen", "harness"'
for n in $SIZES; do
    if [[ $n == 48 ]]; then
        cp "$ROOT/codes.toml" "$WORK/catalogs/codes-48.toml"
    else
        python3 "$ROOT/scripts/synth_catalog.py" "$n" --base "$ROOT/codes.toml" -o "$WORK/catalogs/codes-$n.toml"
    fi
    copy_crate "$WS/errcat-$n" "errcat-$n" "$WORK/catalogs/codes-$n.toml"
    members="$members, \"errcat-$n\""
done
{
    printf '[workspace]\nmembers = [%s]\nresolver = "3"\n\n' "$members"
    cat "$WORK/manifest/workspace.toml"
} >"$WS/Cargo.toml"

# The harness: one dependency per catalog, a `check` and a `lookup` binary.
mkdir -p "$WS/harness/src/bin"
{
    printf '[package]\nname = "harness"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n'
    for n in $SIZES; do printf 'errcat_%s = { package = "errcat-%s", path = "../errcat-%s" }\n' "$n" "$n" "$n"; done
} >"$WS/harness/Cargo.toml"
{
    echo '//! Generated by scripts/scale.sh: one call per catalog.'
    echo '#[macro_export]'
    echo 'macro_rules! for_each_catalog {'
    echo '    ($m:ident) => {'
    for n in $SIZES; do printf '        $m!(%s, errcat_%s, "%s");\n' "$n" "$n" "$WORK/catalogs/codes-$n.toml"; done
    echo '    };'
    echo '}'
    echo '/// The real catalog, whose codes every synthetic one includes.'
    printf 'pub const BASE_CATALOG: &str = "%s";\n' "$ROOT/codes.toml"
} >"$WS/harness/src/lib.rs"

cat >"$WS/harness/src/bin/check.rs" <<'RS'
//! Every code of every catalog's codes.toml classifies, and nothing else does.
use harness::for_each_catalog;

fn codes_in(toml: &str) -> Vec<&str> {
    toml.lines()
        .filter_map(|l| l.strip_prefix("[codes.")?.strip_suffix(']'))
        .collect()
}

macro_rules! check {
    ($n:literal, $krate:ident, $path:literal) => {{
        let text = std::fs::read_to_string($path).expect($path);
        let codes = codes_in(&text);
        assert_eq!(codes.len(), $krate::Code::ALL.len(), "{}", $path);
        let mut ok = 0;
        for &code in &codes {
            let c = $krate::classify(code);
            assert_eq!(c.code().map(|c| c.as_str()), Some(code), "classify({code})");
            assert!(!c.user_message().is_empty(), "{code}");
            assert_eq!($krate::Code::from_code(code).map(|c| c.as_str()), Some(code));
            for status in [$krate::Status::Success, $krate::Status::Failed] {
                assert_eq!($krate::classify_result(status, code).code().map(|c| c.as_str()), Some(code));
            }
            let lower = code.to_ascii_lowercase();
            if lower != code {
                assert_eq!($krate::Code::from_code(&lower), None, "{lower}");
            }
            assert_eq!($krate::CODES.get(code).map(|c| c.as_str()), Some(code));
            ok += 1;
        }
        println!("check\t{}\t{ok} of {} codes classify", $n, codes.len());
    }};
}

fn main() {
    for_each_catalog!(check);
}
RS

cat >"$WS/harness/src/bin/lookup.rs" <<'RS'
//! Lookup cost at each catalog size, in one process, rounds interleaved so that a busy
//! neighbour slows every size alike; in each round every case runs one untimed pass, then one
//! timed pass (so each is measured with its own working set in cache). Workloads:
//!   all    every code of the catalog, as many times as makes at least 4,096 lookups,
//!          shuffled (the whole table is the working set);
//!   hot48  the real catalog's 48 codes (every synthetic catalog includes them), each 86
//!          times, shuffled: the same inputs at every size, the 48-code working set;
//!   miss   those 48 codes in lowercase or with one letter changed, 43 times each, shuffled.
//! Each distinct input string is allocated once and referenced, so inputs stay in cache.
use std::hint::black_box;
use std::time::Instant;

use harness::for_each_catalog;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, (self.next() % (i as u64 + 1)) as usize);
        }
    }
}

type Run = Box<dyn Fn(&[&str]) -> usize>;

struct Case {
    size: usize,
    workload: &'static str,
    method: &'static str,
    inputs: Vec<&'static str>,
    run: Run,
    samples: Vec<f64>,
}

/// One allocation per distinct string, as a parsed response would hold it; a workload is a
/// sequence of references to them, so the inputs themselves stay in cache.
fn owned(strings: impl IntoIterator<Item = String>) -> Vec<&'static str> {
    strings.into_iter().map(|s| &*Box::leak(s.into_boxed_str())).collect()
}

fn workloads(all: Vec<String>) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut rng = Rng(48);
    let all = owned(all);
    let base = std::fs::read_to_string(harness::BASE_CATALOG).expect("the real codes.toml");
    let hot: Vec<&str> = base
        .lines()
        .filter_map(|l| l.strip_prefix("[codes.")?.strip_suffix(']'))
        .filter_map(|code| all.iter().copied().find(|c| *c == code))
        .collect();
    let mut shuffled: Vec<&str> = (0..4096_usize.div_ceil(all.len())).flat_map(|_| all.iter().copied()).collect();
    rng.shuffle(&mut shuffled);
    let mut hot48: Vec<&str> = (0..4096_usize.div_ceil(hot.len())).flat_map(|_| hot.iter().copied()).collect();
    rng.shuffle(&mut hot48);
    let near = owned(hot.iter().enumerate().map(|(i, c)| {
        if i % 2 == 0 {
            c.to_ascii_lowercase()
        } else {
            let mut b = c.as_bytes().to_vec();
            let mid = b.len() / 2;
            b[mid] = if b[mid] == b'Z' { b'A' } else { b[mid] + 1 };
            String::from_utf8(b).unwrap()
        }
    }));
    let mut miss: Vec<&str> = (0..2048_usize.div_ceil(near.len())).flat_map(|_| near.iter().copied()).collect();
    rng.shuffle(&mut miss);
    vec![("all", shuffled), ("hot48", hot48), ("miss", miss)]
}

macro_rules! cases {
    ($n:literal, $krate:ident, $path:literal) => {{
        let all: Vec<String> = $krate::Code::ALL.iter().map(|c| c.as_str().to_owned()).collect();
        let mut cases = Vec::new();
        for (workload, inputs) in workloads(all) {
            let known = |s: &str| $krate::Code::ALL.iter().any(|c| c.as_str() == s);
            let inputs: Vec<&str> = if workload == "miss" {
                inputs.into_iter().filter(|s| !known(s)).collect()
            } else {
                inputs
            };
            let from_code: Run = Box::new(|inputs: &[&str]| {
                let mut found = 0;
                for &s in inputs {
                    found += black_box($krate::Code::from_code(black_box(s))).is_some() as usize;
                }
                found
            });
            let classify: Run = Box::new(|inputs: &[&str]| {
                let mut found = 0;
                for &s in inputs {
                    found += black_box($krate::classify(black_box(s))).code().is_some() as usize;
                }
                found
            });
            for (method, run) in [("from_code", from_code), ("classify", classify)] {
                cases.push(Case { size: $n, workload, method, inputs: inputs.clone(), run, samples: Vec::new() });
            }
        }
        cases
    }};
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(400);
    let mut cases: Vec<Case> = Vec::new();
    macro_rules! add {
        ($n:literal, $krate:ident, $path:literal) => {
            cases.extend(cases!($n, $krate, $path));
        };
    }
    for_each_catalog!(add);
    for round in 0..rounds + rounds / 10 {
        for case in cases.iter_mut() {
            // One untimed pass first: the timed one sees the case's own working set in cache.
            black_box((case.run)(&case.inputs));
            let t = Instant::now();
            let found = (case.run)(&case.inputs);
            let ns = t.elapsed().as_nanos() as f64 / case.inputs.len() as f64;
            let expected = if case.workload == "miss" { 0 } else { case.inputs.len() };
            assert_eq!(found, expected, "{} {} {}", case.size, case.workload, case.method);
            if round >= rounds / 10 {
                case.samples.push(ns);
            }
        }
    }
    let mut base = std::collections::HashMap::new();
    println!("lookup\tsize\tworkload\tmethod\tinputs\tmedian_ns\tratio_to_48");
    for case in cases.iter_mut() {
        let m = median(&mut case.samples);
        let b = *base.entry((case.workload, case.method)).or_insert(m);
        println!(
            "lookup\t{}\t{}\t{}\t{}\t{:.2}\t{:.2}",
            case.size, case.workload, case.method, case.inputs.len(), m, m / b
        );
    }
}
RS

cd "$WS"
log "fetching dependencies (not timed)"
cargo fetch -q

# Unit durations from the last `cargo build --timings` report: "name target" -> seconds.
cat >"$WORK/timings.py" <<'PY'
import glob, json, os, sys
report = max(glob.glob(sys.argv[1] + "/cargo-timings/cargo-timing-*.html"), key=os.path.getmtime)
text = open(report, encoding="utf-8").read()
start = text.index("const UNIT_DATA = ") + len("const UNIT_DATA = ")
units, _ = json.JSONDecoder().raw_decode(text[start:])
for u in units:
    if u["duration"] > 0:
        print(f'{u["name"]}\t{u["target"].strip() or "lib"}\t{u["duration"]:.2f}')
PY

# ---------------------------------------------------------------------------------------------
# Debug rebuild after `touch codes.toml`, and the build script on its own.

if has_step rebuild || has_step script || has_step check; then
    log "warm debug build of every copy (not timed)"
    cargo build -q -p harness
fi

if has_step rebuild; then
    for rep in $(seq "$REPS"); do
        for n in $SIZES; do
            touch "errcat-$n/codes.toml"
            l=$(load)
            /usr/bin/time -f '%e %M' -o "$WORK/time.txt" cargo build -q -p "errcat-$n" --timings 2>/dev/null
            read -r wall rss <"$WORK/time.txt"
            units=$(python3 "$WORK/timings.py" "$WS/target")
            run=$(awk -F'\t' -v p="errcat-$n" '$1 == p && $2 == "build-script (run)" {print $3}' <<<"$units")
            lib=$(awk -F'\t' -v p="errcat-$n" '$1 == p && $2 == "lib" {print $3}' <<<"$units")
            record rebuild_wall "$n" "$rep" "$wall" s "$l"
            record rebuild_script_run "$n" "$rep" "$run" s "$l"
            record rebuild_lib "$n" "$rep" "$lib" s "$l"
            record rebuild_peak_rss "$n" "$rep" "$((rss / 1024))" MiB "$l"
            log "rebuild errcat-$n #$rep: ${wall}s (script run ${run}s, lib ${lib}s), peak ${rss} KiB, load $l"
        done
    done
fi

if has_step script; then
    for n in $SIZES; do
        script=$(ls -t target/debug/build/errcat-"$n"-*/build-script-build | head -1)
        out=$WORK/out-$n
        mkdir -p "$out"
        for rep in $(seq "$REPS"); do
            l=$(load)
            OUT_DIR=$out CARGO_MANIFEST_DIR=$WS/errcat-$n \
                /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$script" >/dev/null
            read -r wall rss <"$WORK/time.txt"
            record script_wall "$n" "$rep" "$wall" s "$l"
            record script_peak_rss "$n" "$rep" "$((rss / 1024))" MiB "$l"
            log "build script errcat-$n #$rep: ${wall}s, peak ${rss} KiB, load $l"
        done
        record generated_bytes "$n" 1 "$(wc -c <"$out/catalog.rs")" bytes "$(load)"
    done
fi

if has_step check; then
    cargo run -q -p harness --bin check | tee -a "$WORK/check.txt"
fi

# ---------------------------------------------------------------------------------------------
# Release lookups.

if has_step lookup; then
    log "release build of the lookup harness (not timed)"
    cargo build -q --release -p harness --bin lookup
    l=$(load)
    log "lookups, load $l"
    ./target/release/lookup | tee "$WORK/lookup.tsv"
    tail -n +2 "$WORK/lookup.tsv" | while IFS=$'\t' read -r _ size workload method _ ns ratio; do
        record "lookup_${workload}_${method}_ns" "$size" 1 "$ns" ns "$l"
        record "lookup_${workload}_${method}_ratio" "$size" 1 "$ratio" x "$l"
    done
fi

# ---------------------------------------------------------------------------------------------
# A newcomer's clean debug build: errcat alone (its own workspace, no dev-dependencies).

if has_step clean; then
    CLEAN=$WORK/clean
    rm -rf "$CLEAN"
    mkdir -p "$CLEAN"
    cp -r "$WS/codegen" "$CLEAN/codegen"
    cp -r "$ROOT/build.rs" "$ROOT/src" "$ROOT/codes.toml" "$ROOT/Cargo.lock" "$CLEAN/"
    {
        printf '[workspace]\nmembers = [".", "codegen"]\nresolver = "3"\n\n'
        cat "$WORK/manifest/workspace.toml" "$WORK/manifest/package.toml"
    } | sed 's#path = "../codegen"#path = "codegen"#' >"$CLEAN/Cargo.toml"
    cd "$CLEAN"
    cargo fetch -q
    for rep in $(seq "$REPS"); do
        rm -rf target
        l=$(load)
        /usr/bin/time -f '%e %M' -o "$WORK/time.txt" cargo build -q --timings 2>/dev/null
        read -r wall rss <"$WORK/time.txt"
        units=$(python3 "$WORK/timings.py" "$CLEAN/target")
        own=$(awk -F'\t' '$1 == "errcat-codegen" || $1 == "errcat" {s += $3} END {printf "%.2f", s}' <<<"$units")
        n_units=$(wc -l <<<"$units")
        record clean_wall 48 "$rep" "$wall" s "$l"
        record clean_errcat_share 48 "$rep" "$own" s "$l"
        record clean_peak_rss 48 "$rep" "$((rss / 1024))" MiB "$l"
        log "clean build #$rep: ${wall}s, errcat's own units ${own}s, $n_units units, peak ${rss} KiB, load $l"
        awk -F'\t' '$1 == "errcat-codegen" || $1 == "errcat"' <<<"$units" | sed 's/^/    /' >&2
    done
    cd "$WS"
fi

# ---------------------------------------------------------------------------------------------
# Summary: min and median of each measure.

python3 - "$RESULTS" <<'PY'
import collections, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
groups = collections.OrderedDict()
for measure, size, rep, value, unit, load in rows:
    groups.setdefault((measure, size, unit), []).append((float(value), float(load)))
print("measure\tsize\tn\tmin\tmedian\tunit\tload (min-max)")
for (measure, size, unit), vals in groups.items():
    v = [x for x, _ in vals]
    loads = [l for _, l in vals]
    print(f"{measure}\t{size}\t{len(v)}\t{min(v):g}\t{statistics.median(v):g}\t{unit}\t{min(loads):g}-{max(loads):g}")
PY
log "raw results: $RESULTS"
