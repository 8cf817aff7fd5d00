//! A perfect hash over the catalog's codes, built at generation time.
//!
//! The lookup is meant to cost about what a compiled `match` on the string costs: a cheap key,
//! one multiplication, one table load and one string comparison. The key comes in two kinds,
//! both read at positions chosen here so that no two codes share a key:
//!
//! - bytes: the length and up to seven single bytes, each counted from the start or the end
//!   (small catalogs: two bytes tell the platform's 48 codes apart);
//! - words: the length and a few 8-byte words, each counted from the start or the end and
//!   moved back inside the string where it would pass its end, each times its own odd
//!   multiplier (codes shorter than 8 bytes are packed whole into one word). Chosen when it
//!   needs fewer than half as many reads as bytes, when bytes cannot do it (codes that differ
//!   only in their middle), and for every catalog of more than 512 codes. The aligned words
//!   from the start cover every byte, so a set of words always exists.
//!
//! Neither key loops over the string: a huge input costs what a short one does. Small
//! catalogs get a table that the multiplier alone makes collision-free; large ones add one
//! displacement load per lookup ("hash and displace"), with a power-of-two count of buckets
//! (a shift, not a multiplication, picks the bucket) and a table at most three quarters full.
//! A displaced table over words draws new word multipliers where the others draw a new seed,
//! so that its key needs no further multiplication.
//!
//! The generator emits the same arithmetic as Rust tokens ([`PerfectHash::lookup_tokens`]);
//! `key` and `slot` here are its reference, and the generated crate's tests look every code up.

use proc_macro2::TokenStream;
use quote::quote;

/// Where a key byte or word is read: counted from the start or from the end of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    Start(usize),
    End(usize),
}

impl Pos {
    /// The byte at this position, 0 past either end.
    fn byte(self, s: &[u8]) -> u8 {
        let index = match self {
            Pos::Start(i) => i,
            Pos::End(i) => s.len().wrapping_sub(1 + i),
        };
        s.get(index).copied().unwrap_or(0)
    }

    /// Where the 8-byte word at this position starts in a string of `n >= 8` bytes: `Start(i)`
    /// at `i`, `End(i)` ending `i` bytes before the end, either moved inside the string.
    fn word_start(self, n: usize) -> usize {
        match self {
            Pos::Start(i) => i.min(n - 8),
            Pos::End(i) => (n - 8).saturating_sub(i),
        }
    }
}

/// The most single bytes a bytes key reads.
const MAX_POSITIONS: usize = 7;
/// Catalogs up to this size try for a table without displacements.
const DIRECT_MAX_CODES: usize = 512;
const DIRECT_TRIES: usize = 20_000;
const DISPLACED_TRIES: usize = 200;
/// Sets of word multipliers tried until the codes' word keys are distinct.
const KEY_TRIES: usize = 64;
/// A displaced table is the smallest power of two at most this full (percent).
const MAX_LOAD_PERCENT: usize = 75;
/// Codes per displacement bucket, on average at most.
const BUCKET_SIZE: usize = 4;

#[derive(Debug, Clone)]
pub(crate) struct PerfectHash {
    /// Key bytes; empty when the key reads words.
    positions: Vec<Pos>,
    /// Whether the key reads words (`words`, `multipliers`) rather than bytes.
    full: bool,
    /// Key words.
    words: Vec<Pos>,
    /// The length's multiplier, then one per word (the first also for a short code's packed
    /// bytes). Odd.
    multipliers: Vec<u64>,
    /// Odd multiplier of the key (1 for a displaced table over words: see `build`).
    seed: u64,
    /// Second multiplier, for the displaced table's slot bits.
    seed2: u64,
    /// The table has `1 << bits` slots.
    bits: u32,
    /// Per-bucket displacement; empty for a direct table. Its length is a power of two.
    disp: Vec<u32>,
    /// The code index in each slot.
    slots: Vec<Option<usize>>,
}

/// A small deterministic generator (splitmix64), so that output is reproducible.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl PerfectHash {
    pub(crate) fn key(&self, s: &[u8]) -> u64 {
        if self.full {
            words_key(&self.words, &self.multipliers, s)
        } else {
            key_of(&self.positions, s)
        }
    }

    #[cfg(test)]
    pub(crate) fn slot(&self, s: &[u8]) -> usize {
        let h = self.key(s).wrapping_mul(self.seed);
        if self.disp.is_empty() {
            (h >> (64 - self.bits)) as usize
        } else {
            let (bucket, base) = self.bucket_and_base(h);
            ((base ^ self.disp[bucket]) & self.mask()) as usize
        }
    }

    fn mask(&self) -> u32 {
        ((1u64 << self.bits) - 1) as u32
    }

    /// The bucket (the top bits of `h`) and the slot before displacement.
    fn bucket_and_base(&self, h: u64) -> (usize, u32) {
        let bucket = (h >> (64 - self.disp.len().trailing_zeros())) as usize;
        let h2 = (h ^ (h >> 32)).wrapping_mul(self.seed2);
        (bucket, (h2 >> 32) as u32)
    }

    /// Builds a perfect hash for distinct `codes`; `None` only if no seed worked.
    pub(crate) fn build(codes: &[&[u8]]) -> Option<PerfectHash> {
        let mut rng = SplitMix(0x5EED_E77C_A7A1_0600);
        let words = choose_words(codes);
        // Bytes unless words need fewer than half as many reads. Large catalogs go straight to
        // words: they measure as fast there, and the search for bytes is the slow part of a
        // debug build script.
        let positions = if codes.len() <= DIRECT_MAX_CODES {
            choose_positions(codes, MAX_POSITIONS.min(2 * words.len()))
        } else {
            None
        };
        let full = positions.is_none();
        let n = codes.len().max(1);
        let log2 = usize::BITS - (n - 1).leading_zeros();
        let mut ph = PerfectHash {
            positions: positions.unwrap_or_default(),
            full,
            words: if full { words } else { Vec::new() },
            multipliers: Vec::new(),
            seed: 0,
            seed2: 0,
            bits: 0,
            disp: Vec::new(),
            slots: Vec::new(),
        };
        let keys = if full {
            (0..KEY_TRIES).find_map(|_| {
                let count = 1 + ph.words.len();
                ph.multipliers = (0..count).map(|_| rng.next() | 1).collect();
                let keys: Vec<u64> = codes.iter().map(|c| ph.key(c)).collect();
                distinct(&keys).then_some(keys)
            })?
        } else {
            let keys: Vec<u64> = codes.iter().map(|c| ph.key(c)).collect();
            if !distinct(&keys) {
                return None;
            }
            keys
        };
        if codes.len() <= DIRECT_MAX_CODES {
            for bits in (log2 + 1).max(1)..=(log2 + 3).max(3) {
                let size = 1usize << bits;
                let mut taken = vec![None; size];
                for _ in 0..DIRECT_TRIES {
                    let seed = rng.next() | 1;
                    taken.iter_mut().for_each(|t| *t = None);
                    let ok = keys.iter().enumerate().all(|(i, k)| {
                        let slot = (k.wrapping_mul(seed) >> (64 - bits)) as usize;
                        taken[slot].replace(i).is_none()
                    });
                    if ok {
                        ph.seed = seed;
                        ph.bits = bits;
                        ph.slots = taken;
                        return Some(ph);
                    }
                }
            }
        }
        // The smallest power of two that keeps the table at most MAX_LOAD_PERCENT full: the
        // smaller the table, the more of it stays in cache.
        ph.bits = (codes.len() * 100)
            .div_ceil(MAX_LOAD_PERCENT)
            .next_power_of_two()
            .trailing_zeros()
            .max(1);
        let buckets = codes.len().div_ceil(BUCKET_SIZE).next_power_of_two().max(2);
        let mut keys = keys;
        for _ in 0..DISPLACED_TRIES {
            if full {
                // New multipliers instead of a seed: the lookup then skips a multiplication.
                ph.seed = 1;
                ph.multipliers = (0..1 + ph.words.len()).map(|_| rng.next() | 1).collect();
                keys = codes.iter().map(|c| ph.key(c)).collect();
                if !distinct(&keys) {
                    continue;
                }
            } else {
                ph.seed = rng.next() | 1;
            }
            ph.seed2 = rng.next() | 1;
            ph.disp = vec![0; buckets];
            if let Some(slots) = ph.place(&keys) {
                ph.slots = slots;
                return Some(ph);
            }
        }
        None
    }

    /// Hash-and-displace placement: largest buckets first, each at the first displacement
    /// that puts all its keys in free, distinct slots.
    fn place(&mut self, keys: &[u64]) -> Option<Vec<Option<usize>>> {
        let size = 1usize << self.bits;
        let mut members: Vec<Vec<(usize, u32)>> = vec![Vec::new(); self.disp.len()];
        for (i, k) in keys.iter().enumerate() {
            let (bucket, base) = self.bucket_and_base(k.wrapping_mul(self.seed));
            members[bucket].push((i, base));
        }
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by_key(|&b| std::cmp::Reverse(members[b].len()));
        let mut slots: Vec<Option<usize>> = vec![None; size];
        let mask = self.mask();
        let mut chosen = Vec::new();
        for b in order {
            if members[b].is_empty() {
                break;
            }
            let found = (0..size as u32).find(|&d| {
                chosen.clear();
                for &(_, base) in &members[b] {
                    let slot = ((base ^ d) & mask) as usize;
                    if slots[slot].is_some() || chosen.contains(&slot) {
                        return false;
                    }
                    chosen.push(slot);
                }
                true
            })?;
            self.disp[b] = found;
            for &(i, base) in &members[b] {
                slots[((base ^ found) & mask) as usize] = Some(i);
            }
        }
        Some(slots)
    }

    pub(crate) fn slots(&self) -> &[Option<usize>] {
        &self.slots
    }

    /// The body of the generated `fn slot_of(code: &[u8]) -> usize`, plus its tables.
    pub(crate) fn lookup_tokens(&self) -> TokenStream {
        let key = if self.full {
            let length = self.multipliers[0];
            let short = self.multipliers[1];
            let words = self
                .words
                .iter()
                .zip(&self.multipliers[1..])
                .map(|(pos, m)| {
                    let at = match *pos {
                        Pos::Start(0) => quote! { 0 },
                        Pos::Start(i) => quote! { (n - 8).min(#i) },
                        Pos::End(0) => quote! { n - 8 },
                        Pos::End(i) => quote! { (n - 8).saturating_sub(#i) },
                    };
                    quote! { .wrapping_add(word(#at).wrapping_mul(#m)) }
                });
            quote! {
                let n = code.len();
                let key = if n >= 8 {
                    // The 8 bytes at `at`; `at + 8 <= n` at every call.
                    let word = |at: usize| {
                        let mut bytes = [0u8; 8];
                        bytes.copy_from_slice(&code[at..at + 8]);
                        u64::from_le_bytes(bytes)
                    };
                    (n as u64).wrapping_mul(#length) #(#words)*
                } else {
                    // Every byte of a short code, packed in one word.
                    let packed = if n >= 4 {
                        let head = u32::from_le_bytes([code[0], code[1], code[2], code[3]]);
                        let tail =
                            u32::from_le_bytes([code[n - 4], code[n - 3], code[n - 2], code[n - 1]]);
                        u64::from(head) | (u64::from(tail) << 32)
                    } else if n > 0 {
                        u64::from(code[0])
                            | (u64::from(code[n / 2]) << 8)
                            | (u64::from(code[n - 1]) << 16)
                    } else {
                        0
                    };
                    (n as u64)
                        .wrapping_mul(#length)
                        .wrapping_add(packed.wrapping_mul(#short))
                };
            }
        } else {
            let parts = self.positions.iter().enumerate().map(|(i, pos)| {
                let shift = 8 * (i as u32 + 1);
                let index = match *pos {
                    Pos::Start(p) => quote! { #p },
                    Pos::End(p) => {
                        let back = p + 1;
                        quote! { code.len().wrapping_sub(#back) }
                    }
                };
                quote! { | (u64::from(byte(#index)) << #shift) }
            });
            quote! {
                let byte = |i: usize| code.get(i).copied().unwrap_or(0);
                let key = (code.len() as u64 & 0xFF) #(#parts)*;
            }
        };
        let seed = self.seed;
        let bits = self.bits;
        if self.disp.is_empty() {
            let shift = 64 - bits;
            quote! {
                /// The perfect-hash slot of a code: see `errcat-codegen`'s `phash` module.
                #[inline(always)]
                pub(crate) fn slot_of(code: &[u8]) -> usize {
                    #key
                    (key.wrapping_mul(#seed) >> #shift) as usize
                }
            }
        } else {
            let seed2 = self.seed2;
            let h = if seed == 1 {
                quote! { let h = key; }
            } else {
                quote! { let h = key.wrapping_mul(#seed); }
            };
            let buckets = self.disp.len();
            let bucket_shift = 64 - buckets.trailing_zeros();
            let mask = self.mask();
            // Displacements are below the table size: 16 bits are enough up to 65,536 slots.
            let disp = if self.bits <= 16 {
                let disp = self.disp.iter().map(|&d| d as u16);
                quote! { static DISP: [u16; #buckets] = [#(#disp),*]; }
            } else {
                let disp = &self.disp;
                quote! { static DISP: [u32; #buckets] = [#(#disp),*]; }
            };
            quote! {
                /// Displacement of each perfect-hash bucket.
                #disp

                /// The perfect-hash slot of a code: see `errcat-codegen`'s `phash` module.
                #[inline(always)]
                pub(crate) fn slot_of(code: &[u8]) -> usize {
                    #key
                    #h
                    let bucket = (h >> #bucket_shift) as usize;
                    let base = ((h ^ (h >> 32)).wrapping_mul(#seed2) >> 32) as u32;
                    ((base ^ u32::from(DISP[bucket])) & #mask) as usize
                }
            }
        }
    }
}

fn key_of(positions: &[Pos], s: &[u8]) -> u64 {
    let mut key = s.len() as u64 & 0xFF;
    for (i, pos) in positions.iter().enumerate() {
        key |= u64::from(pos.byte(s)) << (8 * (i + 1));
    }
    key
}

/// The 8-byte word at `pos` of a string of at least 8 bytes.
fn word(pos: Pos, s: &[u8]) -> u64 {
    let at = pos.word_start(s.len());
    u64::from_le_bytes(s[at..at + 8].try_into().expect("8 bytes"))
}

/// Every byte of a string shorter than 8 bytes, in one word: its first and last four bytes, or
/// its first, middle and last byte. Strings of one length get distinct words.
fn packed(s: &[u8]) -> u64 {
    let n = s.len();
    if n >= 4 {
        let head = u32::from_le_bytes(s[..4].try_into().expect("4 bytes"));
        let tail = u32::from_le_bytes(s[n - 4..].try_into().expect("4 bytes"));
        u64::from(head) | (u64::from(tail) << 32)
    } else if n > 0 {
        u64::from(s[0]) | (u64::from(s[n / 2]) << 8) | (u64::from(s[n - 1]) << 16)
    } else {
        0
    }
}

/// The word key: the length times `mult[0]`, plus each word times its multiplier, or a short
/// string's packed bytes times `mult[1]`.
fn words_key(words: &[Pos], mult: &[u64], s: &[u8]) -> u64 {
    let key = (s.len() as u64).wrapping_mul(mult[0]);
    if s.len() >= 8 {
        words.iter().zip(&mult[1..]).fold(key, |key, (&pos, m)| {
            key.wrapping_add(word(pos, s).wrapping_mul(*m))
        })
    } else {
        key.wrapping_add(packed(s).wrapping_mul(mult[1]))
    }
}

/// Whether no two keys are equal.
fn distinct(keys: &[u64]) -> bool {
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    sorted.windows(2).all(|w| w[0] != w[1])
}

/// Greedily picks the words that, with the length, tell every code apart: each round takes,
/// among the aligned words from the start and from the end, the one that splits the codes
/// still sharing a key into the most groups. Codes shorter than 8 bytes are told apart by
/// their packed bytes and take no part. Always succeeds: the aligned words from the start
/// cover every byte of every code.
fn choose_words(codes: &[&[u8]]) -> Vec<Pos> {
    let max_len = codes.iter().map(|c| c.len()).max().unwrap_or(0);
    let aligned = max_len.div_ceil(8);
    let candidates: Vec<Pos> = (0..aligned)
        .map(|j| Pos::Start(8 * j))
        .chain((0..aligned).map(|j| Pos::End(8 * j)))
        .collect();
    // Codes still sharing their key so far, grouped; short codes never share one.
    let mut groups: Vec<Vec<&[u8]>> = group_by(
        &codes
            .iter()
            .copied()
            .filter(|c| c.len() >= 8)
            .collect::<Vec<_>>(),
        |c| c.len() as u64,
    );
    groups.retain(|g| g.len() > 1);
    let mut chosen = Vec::new();
    let mut pairs: Vec<(usize, u64)> = Vec::new();
    while !groups.is_empty() {
        let mut best: Option<(usize, Pos)> = None;
        for &pos in &candidates {
            if chosen.contains(&pos) {
                continue;
            }
            pairs.clear();
            for (g, group) in groups.iter().enumerate() {
                pairs.extend(group.iter().map(|c| (g, word(pos, c))));
            }
            pairs.sort_unstable();
            pairs.dedup();
            if best.is_none_or(|(d, _)| pairs.len() > d) {
                best = Some((pairs.len(), pos));
            }
        }
        let Some((_, pos)) = best else {
            break; // unreachable: the aligned words from the start tell codes apart
        };
        chosen.push(pos);
        groups = groups
            .iter()
            .flat_map(|group| group_by(group, |c| word(pos, c)))
            .filter(|g| g.len() > 1)
            .collect();
    }
    if chosen.is_empty() {
        chosen.push(Pos::Start(0));
    }
    chosen
}

/// Greedily picks up to `max` byte positions that, with the length, tell every code apart.
/// Codes are kept in groups of equal key so far; each round takes the position that splits the
/// groups into the most distinct keys. `None` if `max` positions do not do it.
fn choose_positions(codes: &[&[u8]], max: usize) -> Option<Vec<Pos>> {
    let max_len = codes.iter().map(|c| c.len()).max().unwrap_or(0);
    let candidates: Vec<Pos> = (0..max_len)
        .map(Pos::Start)
        .chain((0..max_len).map(Pos::End))
        .collect();
    let mut chosen = Vec::new();
    let mut groups = group_by(codes, |c| c.len() as u64 & 0xFF);
    let mut stamp = [usize::MAX; 256];
    loop {
        if groups.iter().all(|g| g.len() == 1) {
            return Some(chosen);
        }
        if chosen.len() == max {
            return None;
        }
        let mut best: Option<(usize, Pos)> = None;
        for &pos in &candidates {
            let mut distinct = 0;
            for (g, group) in groups.iter().enumerate() {
                for c in group {
                    let b = usize::from(pos.byte(c));
                    if stamp[b] != g {
                        stamp[b] = g;
                        distinct += 1;
                    }
                }
            }
            stamp = [usize::MAX; 256];
            if best.is_none_or(|(d, _)| distinct > d) {
                best = Some((distinct, pos));
            }
        }
        let (distinct, pos) = best?;
        if distinct == groups.len() {
            return None; // no position splits anything further
        }
        chosen.push(pos);
        groups = groups
            .iter()
            .flat_map(|group| group_by(group, |c| u64::from(pos.byte(c))))
            .collect();
    }
}

/// `items` grouped by `key`, groups in order of first appearance.
fn group_by<'a>(items: &[&'a [u8]], key: impl Fn(&[u8]) -> u64) -> Vec<Vec<&'a [u8]>> {
    let mut index = std::collections::HashMap::new();
    let mut groups: Vec<Vec<&[u8]>> = Vec::new();
    for &item in items {
        let g = *index.entry(key(item)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(item);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(codes: &[String]) -> PerfectHash {
        let bytes: Vec<&[u8]> = codes.iter().map(|c| c.as_bytes()).collect();
        let ph = PerfectHash::build(&bytes).expect("perfect hash");
        for (i, c) in bytes.iter().enumerate() {
            assert_eq!(ph.slots()[ph.slot(c)], Some(i), "{}", codes[i]);
        }
        ph
    }

    #[test]
    fn small_catalog_is_direct() {
        let codes: Vec<String> = ["SUCCESS", "SYSTEM_BUSY", "USER_NOT_EXIST", "A", "AB", "BA"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let ph = check(&codes);
        assert!(ph.disp.is_empty());
        assert!(!ph.full);
    }

    #[test]
    fn large_catalog_is_displaced() {
        let codes: Vec<String> = (0..10_000).map(|i| format!("SYNTH_CODE_{i:05}")).collect();
        let ph = check(&codes);
        assert!(!ph.disp.is_empty());
        // Five bytes would tell these apart, one word (the last 8 bytes) does.
        assert!(ph.full);
        assert_eq!(ph.words.len(), 1);
        assert_eq!(ph.slots().len(), 16_384);
        assert!(ph.disp.len().is_power_of_two());
        assert!(ph.disp.iter().all(|&d| d < 16_384));
    }

    #[test]
    fn codes_differing_only_in_the_middle_hash_words() {
        // Eight positions would be needed to tell these apart.
        let codes: Vec<String> = (0..300u32)
            .map(|i| format!("P_{:08b}_{}_S", i & 0xFF, i >> 8))
            .collect();
        let ph = check(&codes);
        assert!(ph.full);
    }

    #[test]
    fn every_byte_of_every_length_counts_in_the_word_key() {
        // Codes of every length from 1 to 40, each byte of each changed in turn: the chosen
        // words must see every byte, including those only an overlapping word reads.
        let mut codes: Vec<String> = Vec::new();
        for len in 1..=40usize {
            let base: String = (0..len).map(|i| (b'A' + (i % 26) as u8) as char).collect();
            codes.push(base.clone());
            for i in 0..len {
                let mut b = base.clone().into_bytes();
                b[i] = b'_';
                codes.push(String::from_utf8(b).unwrap());
            }
        }
        codes.sort();
        codes.dedup();
        let ph = check(&codes);
        assert!(ph.full);
        // Misses of any length, huge ones included, land in the table.
        for miss in [
            &b""[..],
            b"a",
            b"AB_",
            b"abcdefgh",
            &[b'A'; 41],
            &[0; 1 << 16],
        ] {
            assert!(ph.slot(miss) < ph.slots().len());
        }
    }

    #[test]
    fn word_positions_stay_inside_the_string() {
        for n in 8..40 {
            for i in 0..48 {
                for pos in [Pos::Start(i), Pos::End(i)] {
                    assert!(pos.word_start(n) + 8 <= n, "{pos:?} in {n} bytes");
                }
            }
        }
        assert_eq!(Pos::Start(8).word_start(12), 4);
        assert_eq!(Pos::End(0).word_start(12), 4);
        assert_eq!(Pos::End(8).word_start(20), 4);
        assert_eq!(Pos::End(8).word_start(12), 0);
    }
}
