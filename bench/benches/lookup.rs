//! errcat's lookups against what a user would write by hand, in one criterion run.
//!
//! `cargo bench -p errcat-bench` (add `-- --quick` for a short run; `python3
//! scripts/lookup_table.py` then prints the medians per lookup and the ratios to `match`).
//! Each benchmark looks up a whole batch of code strings (each distinct string allocated once,
//! as a parsed response holds it); the per-lookup time is the batch's median divided by its
//! length (criterion also prints it as throughput, in elements per second). errcat is called
//! from this crate as any user calls it: a normal dependency, no LTO.
//!
//! - `hit`: every code of the catalog, 32 times each, in a shuffled (fixed-seed) order.
//! - `hit_in_order`: every code once, in catalog order, cycled.
//! - `miss`: strings of the same shape that are not codes: each code in lowercase, with one
//!   letter changed, one dropped, two swapped, one appended, and numeric codes; 6 times each,
//!   shuffled.
//! - `miss_in_order`: one near miss per code (the five kinds in turn) and 16 numeric codes, in
//!   a fixed order, cycled.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{
    BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use errcat::{Code, Status, classify, classify_result};
use errcat_bench::extended;
use rustc_hash::FxHashMap;

// `match_code`: the compiler-generated `match` over the same catalog, from build.rs.
include!(concat!(env!("OUT_DIR"), "/code_match.rs"));

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

/// One batch of inputs: the code strings and the status each arrives with.
struct Inputs {
    codes: Vec<&'static str>,
    statuses: Vec<Status>,
}

impl Inputs {
    fn len(&self) -> u64 {
        self.codes.len() as u64
    }
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

fn hits(in_order: bool) -> Inputs {
    let codes = allocated(Code::ALL.iter().map(|c| c.as_str().to_owned()));
    let mut pairs: Vec<(Status, &'static str)> =
        Code::ALL.iter().map(|c| c.status()).zip(codes).collect();
    if !in_order {
        pairs = (0..32).flat_map(|_| pairs.iter().copied()).collect();
        Rng(0xB0BA_CAFE).shuffle(&mut pairs);
    }
    let (statuses, codes) = pairs.into_iter().unzip();
    Inputs { codes, statuses }
}

/// Five near misses of a code: lowercase, one letter changed, one dropped, two swapped, one
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

/// Strings of the same shape as codes that are not in the catalog. Shuffled: every near miss
/// of every code and every numeric code, 6 times each. In order: one near miss per code (the
/// five kinds in turn), then 16 of the numeric codes, cycled.
fn misses(in_order: bool) -> Inputs {
    let distinct: Vec<String> = if in_order {
        let near = Code::ALL
            .iter()
            .enumerate()
            .map(|(i, c)| near_misses(c.as_str())[i % 5].clone());
        near.chain(numeric_codes().into_iter().step_by(2)).collect()
    } else {
        Code::ALL
            .iter()
            .flat_map(|c| near_misses(c.as_str()))
            .chain(numeric_codes())
            .collect()
    };
    // A near miss that happens to be another code is not a miss.
    let mut misses = allocated(distinct.into_iter().filter(|m| match_code(m).is_none()));
    if !in_order {
        misses = (0..6).flat_map(|_| misses.iter().copied()).collect();
        Rng(0x00DD_BA11).shuffle(&mut misses);
    }
    let statuses = (0..misses.len())
        .map(|i| {
            if i % 3 == 0 {
                Status::Unknown
            } else {
                Status::Failed
            }
        })
        .collect();
    Inputs {
        codes: misses,
        statuses,
    }
}

fn bench_group(c: &mut Criterion, name: &str, inputs: &Inputs) {
    let std_map: HashMap<&'static str, Code> = Code::ALL.iter().map(|&c| (c.as_str(), c)).collect();
    let fx_map: FxHashMap<&'static str, Code> =
        Code::ALL.iter().map(|&c| (c.as_str(), c)).collect();

    // Every way must give the same answer on every input before it is timed.
    for (s, &status) in inputs.codes.iter().zip(&inputs.statuses) {
        let expected = match_code(s);
        assert_eq!(Code::from_code(s), expected, "{s}");
        assert_eq!(classify(s).code(), expected, "{s}");
        assert_eq!(classify_result(status, s).code(), expected, "{s}");
        assert_eq!(errcat::CODES.get(s).copied(), expected, "{s}");
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
    lookup(&mut group, "match", inputs, match_code);
    lookup(&mut group, "from_code", inputs, Code::from_code);
    lookup(&mut group, "classify", inputs, classify);
    group.bench_function("classify_result", |b| {
        b.iter(|| {
            for (&s, &status) in inputs.codes.iter().zip(&inputs.statuses) {
                black_box(classify_result(black_box(status), black_box(s)));
            }
        })
    });
    // A user's catalog that extends errcat's (bench/codes.toml): the same generated code.
    lookup(
        &mut group,
        "extended_from_code",
        inputs,
        extended::Code::from_code,
    );
    lookup(&mut group, "extended_classify", inputs, extended::classify);
    lookup(&mut group, "phf", inputs, |s| errcat::CODES.get(s).copied());
    lookup(&mut group, "fxhashmap", inputs, |s| fx_map.get(s).copied());
    lookup(&mut group, "std_hashmap", inputs, |s| {
        std_map.get(s).copied()
    });
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
    bench_group(c, "hit", &hits(false));
    bench_group(c, "hit_in_order", &hits(true));
    bench_group(c, "miss", &misses(false));
    bench_group(c, "miss_in_order", &misses(true));
}

criterion_group!(benches, lookups);
criterion_main!(benches);
