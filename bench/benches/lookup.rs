//! errcat's lookups against the bare `phf` map they are built on and the maps a user would
//! build by hand, on the same keys, in one criterion run.
//!
//! `cargo bench -p errcat-bench --bench lookup` (add `-- --warm-up-time 1 --measurement-time 3`
//! for a short run; `python3 scripts/lookup_table.py` then prints the medians per lookup, the
//! ratios to the bare `phf` get and issue 20's targets). Each benchmark looks up a whole batch
//! of strings (each distinct string allocated once, as a parsed response holds it); the
//! per-lookup time is the batch's median divided by its length (criterion also prints it as
//! throughput, in elements per second). errcat is called from this crate as any user calls it:
//! a normal dependency, no LTO.
//!
//! Keys: every string of `errcat::CODES`, i.e. every code of the catalog and every alias.
//!
//! - `hit`: every key, 32 times each, in a shuffled (fixed-seed) order.
//! - `miss`: strings that are not keys: each key in lowercase, with one letter changed, one
//!   dropped, two swapped, one appended; numeric codes; the empty string; a few long strings
//!   (96 bytes to 1 KiB, one of them multibyte); 6 times each, shuffled.
//!
//! Ways, in each group: `phf` is the bare `errcat::CODES.get(key)` (what `from_code` and
//! `classify` are built on; issue 20's yardstick), `from_code` and `classify` are errcat's
//! (targets: within 1.1x and 1.3x of `phf`), `std_hashmap` and `fxhashmap` are
//! `HashMap<&str, Code>` and `FxHashMap<&str, Code>` built from the same keys. Also timed in
//! the same run: `classify_result`, and the lookups of a catalog that extends errcat's
//! (`bench/codes.toml`, `extended_*`).

use std::collections::{HashMap, HashSet};
use std::hint::black_box;

use criterion::{
    BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use errcat::{CODES, Code, Status, classify, classify_result};
use errcat_bench::extended;
use rustc_hash::FxHashMap;

/// splitmix64: a fixed-seed shuffle, so that every run sees the same order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// One batch of inputs: the strings and the status each arrives with.
struct Inputs {
    codes: Vec<&'static str>,
    statuses: Vec<Status>,
}

impl Inputs {
    fn len(&self) -> u64 {
        self.codes.len() as u64
    }
}

/// Every key of the lookups: each code's own string, then its aliases, in catalog order.
fn keys() -> Vec<(&'static str, Code)> {
    let keys: Vec<(&'static str, Code)> = Code::ALL
        .iter()
        .flat_map(|&c| {
            std::iter::once((c.as_str(), c)).chain(c.aliases().iter().map(move |&a| (a, c)))
        })
        .collect();
    // The benchmark's keys are exactly the map's: nothing more, nothing less.
    assert_eq!(keys.len(), CODES.len(), "CODES holds every code and alias");
    for &(k, c) in &keys {
        assert_eq!(CODES.get(k), Some(&c), "{k}");
    }
    keys
}

/// Each distinct string allocated once, apart from the catalog's own literals, as a parsed
/// response holds it; batches refer to them, so the inputs themselves stay in cache and the
/// time is the lookup's.
fn allocated(strings: impl IntoIterator<Item = String>) -> Vec<&'static str> {
    strings
        .into_iter()
        .map(|s| &*Box::leak(s.into_boxed_str()))
        .collect()
}

fn with_statuses(codes: Vec<&'static str>, status: impl Fn(usize, &str) -> Status) -> Inputs {
    let statuses = codes
        .iter()
        .enumerate()
        .map(|(i, s)| status(i, s))
        .collect();
    Inputs { codes, statuses }
}

fn hits(keys: &[(&'static str, Code)]) -> Inputs {
    let distinct = allocated(keys.iter().map(|(k, _)| (*k).to_owned()));
    let mut codes: Vec<&'static str> = (0..32).flat_map(|_| distinct.iter().copied()).collect();
    Rng(0xB0BA_CAFE).shuffle(&mut codes);
    with_statuses(codes, |_, s| {
        Code::from_code(s).expect("a key is a code").status()
    })
}

/// Five near misses of a key: lowercase, one letter changed, one dropped, two swapped, one
/// appended.
fn near_misses(code: &str) -> [String; 5] {
    let b = code.as_bytes();
    let mid = b.len() / 2;
    let mut typo = b.to_vec();
    typo[mid] = if typo[mid] == b'Z' {
        b'A'
    } else {
        typo[mid] + 1
    };
    let mut swapped = b.to_vec();
    swapped.swap(mid - 1, mid);
    [
        code.to_ascii_lowercase(),
        String::from_utf8(typo).unwrap(),
        format!("{}{}", &code[..mid], &code[mid + 1..]),
        String::from_utf8(swapped).unwrap(),
        format!("{code}S"),
    ]
}

/// Numeric codes, as some providers send them: HTTP-like and zero-padded.
fn numeric_codes() -> Vec<String> {
    let numbers = [
        0u32, 1, 200, 400, 401, 403, 404, 429, 500, 502, 503, 504, 1001, 10000, 40004, 99999,
    ];
    numbers
        .iter()
        .map(|n| n.to_string())
        .chain(numbers.iter().map(|n| format!("{n:08}")))
        .collect()
}

/// The empty string and a few long ones: 1 KiB of `A`, a code followed by 256 `_`, a code
/// repeated to 96 bytes, 384 bytes of Chinese text.
fn empty_and_long() -> Vec<String> {
    vec![
        String::new(),
        "A".repeat(1024),
        format!("INSUFFICIENT_BALANCE{}", "_".repeat(256)),
        "SYSTEM_ERROR".repeat(8),
        "余额不足".repeat(32),
    ]
}

/// Strings that are not keys: every near miss of every key, the numeric codes, the empty
/// string and the long ones, 6 times each, shuffled.
fn misses(keys: &[(&'static str, Code)]) -> Inputs {
    let is_key: HashSet<&str> = keys.iter().map(|(k, _)| *k).collect();
    let mut seen = HashSet::new();
    let distinct: Vec<String> = keys
        .iter()
        .flat_map(|(k, _)| near_misses(k))
        .chain(numeric_codes())
        .chain(empty_and_long())
        // A near miss that happens to be a key is not a miss; each miss once.
        .filter(|m| !is_key.contains(m.as_str()) && seen.insert(m.clone()))
        .collect();
    let distinct = allocated(distinct);
    let mut misses: Vec<&'static str> = (0..6).flat_map(|_| distinct.iter().copied()).collect();
    Rng(0x00DD_BA11).shuffle(&mut misses);
    with_statuses(misses, |i, _| {
        if i % 3 == 0 {
            Status::Unknown
        } else {
            Status::Failed
        }
    })
}

fn bench_group(c: &mut Criterion, name: &str, keys: &[(&'static str, Code)], inputs: &Inputs) {
    let std_map: HashMap<&'static str, Code> = keys.iter().copied().collect();
    let fx_map: FxHashMap<&'static str, Code> = keys.iter().copied().collect();

    // Every way must give the same answer on every input before it is timed.
    for (s, &status) in inputs.codes.iter().zip(&inputs.statuses) {
        let expected = CODES.get(s).copied();
        assert_eq!(expected.is_some(), name == "hit", "{s}");
        assert_eq!(Code::from_code(s), expected, "{s}");
        assert_eq!(classify(s).code(), expected, "{s}");
        assert_eq!(classify_result(status, s).code(), expected, "{s}");
        assert_eq!(std_map.get(s).copied(), expected, "{s}");
        assert_eq!(fx_map.get(s).copied(), expected, "{s}");
        let ours = extended::Code::from_code(s);
        assert_eq!(
            ours.map(|c| errcat::Code::try_from(c).ok()),
            expected.map(Some),
            "{s}"
        );
        assert_eq!(extended::classify(s).code(), ours, "{s}");
    }

    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(inputs.len()));
    // The bare map errcat is built on: `Option<&Code>`, nothing added.
    lookup(&mut group, "phf", inputs, |s| CODES.get(s));
    lookup(&mut group, "from_code", inputs, Code::from_code);
    lookup(&mut group, "classify", inputs, classify);
    group.bench_function("classify_result", |b| {
        b.iter(|| {
            for (&s, &status) in inputs.codes.iter().zip(&inputs.statuses) {
                black_box(classify_result(black_box(status), black_box(s)));
            }
        })
    });
    lookup(&mut group, "std_hashmap", inputs, |s| std_map.get(s));
    lookup(&mut group, "fxhashmap", inputs, |s| fx_map.get(s));
    // A user's catalog that extends errcat's (bench/codes.toml): the same generated code over
    // a phf map of its own.
    lookup(
        &mut group,
        "extended_from_code",
        inputs,
        extended::Code::from_code,
    );
    lookup(&mut group, "extended_classify", inputs, extended::classify);
    group.finish();
}

fn lookup<T>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    inputs: &Inputs,
    f: impl Fn(&str) -> T,
) {
    group.bench_function(name, |b| {
        b.iter(|| {
            for &s in &inputs.codes {
                black_box(f(black_box(s)));
            }
        })
    });
}

fn lookups(c: &mut Criterion) {
    let keys = keys();
    bench_group(c, "hit", &keys, &hits(&keys));
    bench_group(c, "miss", &keys, &misses(&keys));
}

criterion_group!(benches, lookups);
criterion_main!(benches);
