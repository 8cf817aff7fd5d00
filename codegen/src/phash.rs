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
//! A plain multiplication only carries a word's bits upward, so codes that differ only in the
//! top byte of their words (`PAY_ERR{X}_REGION{Y}`: bytes 7 and 15) get at most 256 word keys.
//! When no set of multipliers tells the codes apart, the words key falls back to *mixed* words:
//! each word goes through a folded multiplication (the high and low halves of its 128-bit
//! product by the multiplier, xored), in which every bit of the word reaches every bit of the
//! key. Since the chosen words tell every code apart, this finds distinct keys unless two 64-bit
//! hashes collide, for every set of multipliers drawn. Should even that fail, or should no
//! table be placed, the last resort cannot fail: the slots hold the codes in byte order and the
//! lookup is a binary search. [`PerfectHash::build`] therefore always succeeds; the fallbacks
//! cost the common path nothing, since they are only generated for the catalogs that need them.
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

use proc_macro2::{Literal, TokenStream};
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
/// Sets of word multipliers tried until the codes' word keys are distinct (plain, then mixed).
const KEY_TRIES: usize = 64;

/// How many tries each stage of [`PerfectHash::build`] gets; tests lower them to reach the
/// fallbacks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tries {
    /// Seeds per table size for a table without displacements.
    pub(crate) direct: usize,
    /// Seeds (or multipliers) for a displaced table.
    pub(crate) displaced: usize,
    /// Word multipliers, for each of the plain and the mixed words key.
    pub(crate) key: usize,
}

impl Tries {
    pub(crate) const DEFAULT: Tries = Tries {
        direct: DIRECT_TRIES,
        displaced: DISPLACED_TRIES,
        key: KEY_TRIES,
    };
}
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
    /// Whether each word of the key is mixed by a folded multiplication (see the module docs).
    mixed: bool,
    /// The last resort: the slots hold every code in byte order, and the lookup is a binary
    /// search. Keeps the codes (in slot order) for [`PerfectHash::slot`].
    sorted: Option<Vec<Vec<u8>>>,
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
            words_key(&self.words, &self.multipliers, self.mixed, s)
        } else {
            key_of(&self.positions, s)
        }
    }

    #[cfg(test)]
    pub(crate) fn slot(&self, s: &[u8]) -> usize {
        if let Some(sorted) = &self.sorted {
            return sorted
                .binary_search_by(|c| c.as_slice().cmp(s))
                .unwrap_or(0);
        }
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

    /// Builds a perfect hash for distinct `codes`. Always succeeds: see the module docs.
    pub(crate) fn build(codes: &[&[u8]]) -> PerfectHash {
        Self::build_with(codes, Tries::DEFAULT)
    }

    /// [`PerfectHash::build`] with the given number of tries at each stage.
    pub(crate) fn build_with(codes: &[&[u8]], tries: Tries) -> PerfectHash {
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
            mixed: false,
            sorted: None,
            words: if full { words } else { Vec::new() },
            multipliers: Vec::new(),
            seed: 0,
            seed2: 0,
            bits: 0,
            disp: Vec::new(),
            slots: Vec::new(),
        };
        let keys = if full {
            // Plain words first, mixed words if no multipliers make the plain keys distinct.
            let found = [false, true].into_iter().find_map(|mixed| {
                ph.mixed = mixed;
                (0..tries.key).find_map(|_| ph.draw_keys(codes, &mut rng))
            });
            match found {
                Some(keys) => keys,
                None => return Self::sorted(codes),
            }
        } else {
            codes.iter().map(|c| ph.key(c)).collect()
        };
        if codes.len() <= DIRECT_MAX_CODES {
            for bits in (log2 + 1).max(1)..=(log2 + 3).max(3) {
                let size = 1usize << bits;
                let mut taken = vec![None; size];
                for _ in 0..tries.direct {
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
                        return ph;
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
        for attempt in 0..tries.displaced {
            if full {
                // New multipliers instead of a seed: the lookup then skips a multiplication.
                // Half the tries in, plain words give way to mixed ones.
                ph.seed = 1;
                ph.mixed |= attempt >= tries.displaced / 2;
                match ph.draw_keys(codes, &mut rng) {
                    Some(drawn) => keys = drawn,
                    None => continue,
                }
            } else {
                ph.seed = rng.next() | 1;
            }
            ph.seed2 = rng.next() | 1;
            ph.disp = vec![0; buckets];
            if let Some(slots) = ph.place(&keys) {
                ph.slots = slots;
                return ph;
            }
        }
        Self::sorted(codes)
    }

    /// Draws new word multipliers; the codes' keys if they are distinct.
    fn draw_keys(&mut self, codes: &[&[u8]], rng: &mut SplitMix) -> Option<Vec<u64>> {
        self.multipliers = (0..1 + self.words.len()).map(|_| rng.next() | 1).collect();
        let keys: Vec<u64> = codes.iter().map(|c| self.key(c)).collect();
        distinct(&keys).then_some(keys)
    }

    /// The last resort, which cannot fail: every code in byte order, found by binary search.
    fn sorted(codes: &[&[u8]]) -> PerfectHash {
        let mut order: Vec<usize> = (0..codes.len()).collect();
        order.sort_by_key(|&i| codes[i]);
        let mut slots: Vec<Option<usize>> = order.iter().copied().map(Some).collect();
        if slots.is_empty() {
            slots.push(None); // the lookup always has a slot to return
        }
        PerfectHash {
            positions: Vec::new(),
            full: false,
            mixed: false,
            sorted: Some(order.iter().map(|&i| codes[i].to_vec()).collect()),
            words: Vec::new(),
            multipliers: Vec::new(),
            seed: 0,
            seed2: 0,
            bits: 0,
            disp: Vec::new(),
            slots,
        }
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
        if self.sorted.is_some() {
            return quote! {
                /// The slot of a code: the catalog's codes are in byte order in `SLOTS` (see
                /// `errcat-codegen`'s `phash` module: no perfect hash was found).
                #[inline]
                fn slot_of(code: &[u8]) -> usize {
                    SLOTS
                        .binary_search_by(|(key, _)| ::core::cmp::Ord::cmp(key.as_bytes(), code))
                        .unwrap_or(0)
                }
            };
        }
        let key = if self.full {
            let length = Literal::u64_unsuffixed(self.multipliers[0]);
            let short = Literal::u64_unsuffixed(self.multipliers[1]);
            let mixed = self.mixed;
            let term = move |value: TokenStream, m: &Literal| {
                if mixed {
                    quote! { mix(#value, #m) }
                } else {
                    quote! { #value.wrapping_mul(#m) }
                }
            };
            let mix = if mixed {
                quote! {
                    // A folded multiplication: every bit of `w` reaches every bit of the result.
                    let mix = |w: u64, m: u64| {
                        let p = (w as u128) * (m as u128);
                        (p as u64) ^ ((p >> 64) as u64)
                    };
                }
            } else {
                quote! {}
            };
            let words = self
                .words
                .iter()
                .zip(&self.multipliers[1..])
                .map(|(pos, m)| {
                    let at = match *pos {
                        Pos::Start(0) => quote! { 0 },
                        Pos::Start(i) => {
                            let i = Literal::usize_unsuffixed(i);
                            quote! { ::core::cmp::min(n - 8, #i) }
                        }
                        Pos::End(0) => quote! { n - 8 },
                        Pos::End(i) => {
                            let i = Literal::usize_unsuffixed(i);
                            quote! { (n - 8).saturating_sub(#i) }
                        }
                    };
                    let term = term(quote! { word(#at) }, &Literal::u64_unsuffixed(*m));
                    quote! { .wrapping_add(#term) }
                });
            let short = term(quote! { packed }, &short);
            quote! {
                let n = code.len();
                #mix
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
                        (head as u64) | ((tail as u64) << 32)
                    } else if n > 0 {
                        (code[0] as u64)
                            | ((code[n / 2] as u64) << 8)
                            | ((code[n - 1] as u64) << 16)
                    } else {
                        0
                    };
                    (n as u64)
                        .wrapping_mul(#length)
                        .wrapping_add(#short)
                };
            }
        } else {
            let parts = self.positions.iter().enumerate().map(|(i, pos)| {
                let shift = Literal::u32_unsuffixed(8 * (i as u32 + 1));
                let index = match *pos {
                    Pos::Start(p) => {
                        let p = Literal::usize_unsuffixed(p);
                        quote! { #p }
                    }
                    Pos::End(p) => {
                        let back = Literal::usize_unsuffixed(p + 1);
                        quote! { code.len().wrapping_sub(#back) }
                    }
                };
                quote! { | ((byte(#index) as u64) << #shift) }
            });
            quote! {
                let byte = |i: usize| code.get(i).copied().unwrap_or(0);
                let key = (code.len() as u64 & 0xFF) #(#parts)*;
            }
        };
        let seed = Literal::u64_unsuffixed(self.seed);
        let bits = self.bits;
        if self.disp.is_empty() {
            let shift = Literal::u32_unsuffixed(64 - bits);
            quote! {
                /// The perfect-hash slot of a code: see `errcat-codegen`'s `phash` module.
                #[inline(always)]
                fn slot_of(code: &[u8]) -> usize {
                    #key
                    (key.wrapping_mul(#seed) >> #shift) as usize
                }
            }
        } else {
            let seed2 = Literal::u64_unsuffixed(self.seed2);
            let h = if self.seed == 1 {
                quote! { let h = key; }
            } else {
                quote! { let h = key.wrapping_mul(#seed); }
            };
            let buckets = Literal::usize_unsuffixed(self.disp.len());
            let bucket_shift = Literal::u32_unsuffixed(64 - self.disp.len().trailing_zeros());
            let mask = Literal::u32_unsuffixed(self.mask());
            // Displacements are below the table size: 16 bits are enough up to 65,536 slots.
            let disp = if self.bits <= 16 {
                let disp = self.disp.iter().map(|&d| Literal::u16_unsuffixed(d as u16));
                quote! { static DISP: [u16; #buckets] = [#(#disp),*]; }
            } else {
                let disp = self.disp.iter().map(|&d| Literal::u32_unsuffixed(d));
                quote! { static DISP: [u32; #buckets] = [#(#disp),*]; }
            };
            quote! {
                /// Displacement of each perfect-hash bucket.
                #disp

                /// The perfect-hash slot of a code: see `errcat-codegen`'s `phash` module.
                #[inline(always)]
                fn slot_of(code: &[u8]) -> usize {
                    #key
                    #h
                    let bucket = (h >> #bucket_shift) as usize;
                    let base = ((h ^ (h >> 32)).wrapping_mul(#seed2) >> 32) as u32;
                    ((base ^ (DISP[bucket] as u32)) & #mask) as usize
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

/// A folded multiplication: the low and high halves of the 128-bit product, xored.
fn mix(w: u64, m: u64) -> u64 {
    let p = u128::from(w) * u128::from(m);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The word key: the length times `mult[0]`, plus each word times its multiplier, or a short
/// string's packed bytes times `mult[1]`; with `mixed`, a folded multiplication ([`mix`]) in
/// place of each word's.
fn words_key(words: &[Pos], mult: &[u64], mixed: bool, s: &[u8]) -> u64 {
    let times = |w: u64, m: u64| if mixed { mix(w, m) } else { w.wrapping_mul(m) };
    let key = (s.len() as u64).wrapping_mul(mult[0]);
    if s.len() >= 8 {
        words.iter().zip(&mult[1..]).fold(key, |key, (&pos, &m)| {
            key.wrapping_add(times(word(pos, s), m))
        })
    } else {
        key.wrapping_add(times(packed(s), mult[1]))
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
        let ph = PerfectHash::build(&bytes);
        for (i, c) in bytes.iter().enumerate() {
            assert_eq!(ph.slots()[ph.slot(c)], Some(i), "{}", codes[i]);
        }
        ph
    }

    /// What the generated `Code::from_code` does: the slot's code if it is `s`.
    fn lookup(ph: &PerfectHash, codes: &[&[u8]], s: &[u8]) -> Option<usize> {
        let slot = ph.slot(s);
        assert!(slot < ph.slots().len(), "slot {slot} out of the table");
        ph.slots()[slot].filter(|&i| codes[i] == s)
    }

    /// Every code finds itself, and each of `misses` (none of them a code) finds nothing.
    fn assert_maps(ph: &PerfectHash, codes: &[&[u8]], misses: &[Vec<u8>]) {
        for (i, c) in codes.iter().enumerate() {
            assert_eq!(
                lookup(ph, codes, c),
                Some(i),
                "{:?}",
                String::from_utf8_lossy(c)
            );
        }
        for miss in misses {
            assert_eq!(
                lookup(ph, codes, miss),
                None,
                "{:?}",
                String::from_utf8_lossy(miss)
            );
        }
    }

    /// `PAY_ERR{X}_REGION{Y}`: 16 bytes that differ only in bytes 7 and 15, the top byte of
    /// each 8-byte word, X major. Plain word multipliers give such codes at most 256 keys.
    fn pay_err(count: usize, alphabet: &[u8]) -> Vec<Vec<u8>> {
        alphabet
            .iter()
            .flat_map(|&x| {
                alphabet.iter().map(move |&y| {
                    let mut code = b"PAY_ERR?_REGION?".to_vec();
                    (code[7], code[15]) = (x, y);
                    code
                })
            })
            .take(count)
            .collect()
    }

    const CODE_BYTES: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

    fn pay_err_builds(count: usize, alphabet: &[u8]) -> PerfectHash {
        let codes = pay_err(count, alphabet);
        assert_eq!(codes.len(), count);
        let codes: Vec<&[u8]> = codes.iter().map(|c| c.as_slice()).collect();
        let ph = PerfectHash::build(&codes);
        let mut misses = vec![
            b"PAY_ERRa_REGIONA".to_vec(),
            b"PAY_ERRA_REGIONa".to_vec(),
            b"PAY_ERRA_REGION".to_vec(),
            b"PAY_ERRA_REGIONAA".to_vec(),
            Vec::new(),
        ];
        misses.retain(|m| !codes.contains(&m.as_slice()));
        assert_maps(&ph, &codes, &misses);
        assert!(ph.sorted.is_none(), "a hash table, not the last resort");
        ph
    }

    #[test]
    fn pay_err_513_codes_build() {
        let ph = pay_err_builds(513, CODE_BYTES);
        assert!(ph.full && ph.mixed);
        assert!(!ph.disp.is_empty());
    }

    #[test]
    fn pay_err_512_568_and_1417_codes_build() {
        pay_err_builds(512, CODE_BYTES);
        let ph = pay_err_builds(568, CODE_BYTES);
        assert!(ph.mixed);
        // 1,417 codes need more than the 37 characters of a code in X and Y.
        let wide: Vec<u8> = (b'0'..=b'_').collect();
        let ph = pay_err_builds(1417, &wide);
        assert!(ph.mixed);
        // Every byte value, X and Y alike: 65,536 codes.
        let all: Vec<u8> = (0..=255).collect();
        let ph = pay_err_builds(1 << 16, &all);
        assert!(ph.mixed);
    }

    /// With no tries at all, the last resort still maps every code, and misses of every
    /// length (before the first code, after the last, between) find nothing.
    #[test]
    fn the_last_resort_cannot_fail() {
        let none = Tries {
            direct: 0,
            displaced: 0,
            key: 0,
        };
        for codes in [
            pay_err(600, CODE_BYTES),
            vec![b"B".to_vec(), b"A".to_vec(), b"SUCCESS".to_vec()],
            vec![b"ONLY".to_vec()],
            vec![],
        ] {
            let codes: Vec<&[u8]> = codes.iter().map(|c| c.as_slice()).collect();
            let ph = PerfectHash::build_with(&codes, none);
            assert!(ph.sorted.is_some());
            assert_eq!(ph.slots().len(), codes.len().max(1));
            let misses = [
                Vec::new(),
                b"0".to_vec(),
                b"AA".to_vec(),
                b"PAY_ERRA_REGIONA_".to_vec(),
                b"ZZZZZZZZZZ".to_vec(),
            ];
            assert_maps(&ph, &codes, &misses);
            let tokens = ph.lookup_tokens().to_string();
            assert!(tokens.contains("binary_search_by"), "{tokens}");
        }
    }

    /// The generated lookup of each key family, and its literals carry no type suffix.
    #[test]
    fn lookup_tokens_have_unsuffixed_literals() {
        for codes in [
            pay_err(513, CODE_BYTES),
            pay_err(300, CODE_BYTES),
            (0..600)
                .map(|i| format!("SYNTH_{i:04}").into_bytes())
                .collect(),
        ] {
            let codes: Vec<&[u8]> = codes.iter().map(|c| c.as_slice()).collect();
            let ph = PerfectHash::build(&codes);
            let tokens = ph.lookup_tokens().to_string();
            syn::parse2::<syn::File>(ph.lookup_tokens()).unwrap();
            for suffix in ["u64", "u32", "u16", "usize"] {
                let suffixed = tokens
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| t.ends_with(suffix) && t.starts_with(|c: char| c.is_ascii_digit()));
                assert!(!suffixed, "{suffix}: {tokens}");
            }
            assert_eq!(tokens.contains("mix ("), ph.mixed, "{tokens}");
        }
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

    /// Adversarial code sets for the property tests below.
    mod adversarial {
        use proptest::prelude::*;

        /// A base code of 1 to 64 bytes.
        fn base() -> impl Strategy<Value = Vec<u8>> {
            proptest::collection::vec(proptest::sample::select(super::CODE_BYTES), 1..=64)
        }

        /// The base, and the base with each of its bytes changed in turn to each of `values`:
        /// codes that differ in a single byte, at every position.
        fn single_byte() -> impl Strategy<Value = Vec<Vec<u8>>> {
            (base(), proptest::collection::vec(any::<u8>(), 1..=8)).prop_map(|(base, values)| {
                let mut codes = vec![base.clone()];
                for i in 0..base.len() {
                    for &v in &values {
                        let mut code = base.clone();
                        code[i] = v;
                        codes.push(code);
                    }
                }
                codes
            })
        }

        /// The base with two of its bytes taking every pair of values from two sets (the
        /// `PAY_ERR{X}_REGION{Y}` shape at any two positions), up to `max` codes.
        fn grid(max: usize) -> impl Strategy<Value = Vec<Vec<u8>>> {
            (
                base(),
                any::<proptest::sample::Index>(),
                any::<proptest::sample::Index>(),
                proptest::collection::vec(any::<u8>(), 1..=256),
                proptest::collection::vec(any::<u8>(), 1..=256),
            )
                .prop_map(move |(base, p, q, xs, ys)| {
                    // Half the time, the top byte of an aligned word from the start and from
                    // the end: where a plain multiplication loses the most.
                    let n = base.len();
                    let (p, q) = if p.index(2) == 0 {
                        (p.index(n), q.index(n))
                    } else {
                        let words = n.div_ceil(8);
                        let p = (8 * p.index(words) + 7).min(n - 1);
                        let q = n - 1 - 8 * q.index(words).min((n - 1) / 8);
                        (p, q)
                    };
                    let mut codes = Vec::new();
                    'all: for &x in &xs {
                        for &y in &ys {
                            if codes.len() == max {
                                break 'all;
                            }
                            let mut code = base.clone();
                            (code[p], code[q]) = (x, y);
                            codes.push(code);
                        }
                    }
                    codes
                })
        }

        /// A shared prefix and suffix around a counter, written in a small alphabet with or
        /// without leading digits: `count` codes of one or of several lengths, up to 64 bytes.
        fn counted(max: usize) -> impl Strategy<Value = Vec<Vec<u8>>> {
            (
                proptest::collection::vec(proptest::sample::select(super::CODE_BYTES), 0..=28),
                proptest::collection::vec(proptest::sample::select(super::CODE_BYTES), 0..=28),
                1..=max,
                2..=10u32,
                any::<bool>(),
            )
                .prop_map(|(prefix, suffix, count, radix, padded)| {
                    let width = {
                        let mut w = 1;
                        while (radix as usize).pow(w) < count {
                            w += 1;
                        }
                        w as usize
                    };
                    (0..count)
                        .map(|i| {
                            let mut digits = Vec::new();
                            let mut n = i;
                            while n > 0 || digits.is_empty() {
                                digits.push(b'A' + (n % radix as usize) as u8);
                                n /= radix as usize;
                            }
                            if padded {
                                digits.resize(width, b'A');
                            }
                            digits.reverse();
                            let mut code = prefix.clone();
                            code.extend(&digits);
                            code.extend(&suffix);
                            code.truncate(64);
                            code
                        })
                        .collect()
                })
        }

        /// Codes of every length from 1 to 64 sharing one prefix.
        fn lengths() -> impl Strategy<Value = Vec<Vec<u8>>> {
            (base(), proptest::collection::vec(1..=64usize, 1..=200)).prop_map(|(base, lens)| {
                lens.iter()
                    .map(|&n| {
                        let mut code: Vec<u8> = base.iter().copied().cycle().take(n).collect();
                        code[n - 1] = b'0' + (n % 10) as u8;
                        code
                    })
                    .collect()
            })
        }

        /// Builds the tables for `codes` (deduplicated) and checks every code and some misses.
        fn builds(mut codes: Vec<Vec<u8>>) -> Result<(), TestCaseError> {
            codes.sort();
            codes.dedup();
            let set: std::collections::HashSet<&[u8]> =
                codes.iter().map(|c| c.as_slice()).collect();
            let codes: Vec<&[u8]> = codes.iter().map(|c| c.as_slice()).collect();
            let ph = super::PerfectHash::build(&codes);
            prop_assert!(
                ph.sorted.is_none(),
                "{} codes needed the last resort",
                codes.len()
            );
            // Misses: each code one byte shorter, one longer, and with its last byte changed.
            let mut misses: Vec<Vec<u8>> = Vec::new();
            for c in codes.iter().take(500) {
                misses.push(c[..c.len() - 1].to_vec());
                misses.push([c, &b"_"[..]].concat());
                let mut changed = c.to_vec();
                *changed.last_mut().unwrap() ^= 0x80;
                misses.push(changed);
            }
            misses.retain(|m| !set.contains(m.as_slice()));
            super::assert_maps(&ph, &codes, &misses);
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn small_adversarial_sets_build(codes in prop_oneof![
                single_byte(),
                grid(2_000),
                counted(2_000),
                lengths(),
            ]) {
                builds(codes)?;
            }
        }

        proptest! {
            // Few cases: each builds tables for up to 20,000 codes in a debug build.
            #![proptest_config(ProptestConfig::with_cases(4))]

            #[test]
            fn large_adversarial_sets_build(codes in prop_oneof![
                grid(20_000),
                counted(20_000),
            ]) {
                builds(codes)?;
            }
        }
    }
}
