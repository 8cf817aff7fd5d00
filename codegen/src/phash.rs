//! A perfect hash over the catalog's codes, built at generation time.
//!
//! The lookup is meant to cost about what a compiled `match` on the string costs: a cheap key
//! (the length and a few bytes at positions chosen so that no two codes share a key), one
//! multiplication, one table load and one string comparison. Small catalogs get a table that the
//! multiplier alone makes collision-free; large ones add one displacement load per lookup
//! ("hash and displace"). A catalog whose codes no seven bytes tell apart hashes every byte.
//!
//! The generator emits the same arithmetic as Rust tokens ([`PerfectHash::lookup_tokens`]);
//! `key` and `slot` here are its reference, and the generated crate's tests look every code up.

use proc_macro2::TokenStream;
use quote::quote;

/// Where a key byte is read: counted from the start or from the end of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    Start(usize),
    End(usize),
}

impl Pos {
    fn byte(self, s: &[u8]) -> u8 {
        let index = match self {
            Pos::Start(i) => i,
            Pos::End(i) => s.len().wrapping_sub(1 + i),
        };
        s.get(index).copied().unwrap_or(0)
    }
}

const MAX_POSITIONS: usize = 7;
/// Multiplier of the whole-string key (the 64-bit golden ratio).
const FOLD: u64 = 0x9E37_79B9_7F4A_7C15;
/// Catalogs up to this size try for a table without displacements.
const DIRECT_MAX_CODES: usize = 512;
const DIRECT_TRIES: usize = 20_000;
const DISPLACED_TRIES: usize = 200;

#[derive(Debug, Clone)]
pub(crate) struct PerfectHash {
    /// Key bytes; empty with `full` set when every byte is hashed.
    positions: Vec<Pos>,
    full: bool,
    /// Odd multiplier.
    seed: u64,
    /// Second multiplier, for the displaced table's slot bits.
    seed2: u64,
    /// The table has `1 << bits` slots.
    bits: u32,
    /// Per-bucket displacement; empty for a direct table.
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
            let mut h = s.len() as u64;
            for chunk in s.chunks(8) {
                let mut buf = [0u8; 8];
                buf[..chunk.len()].copy_from_slice(chunk);
                h = (h.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(FOLD);
            }
            h
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

    fn bucket_and_base(&self, h: u64) -> (usize, u32) {
        let bucket = (((h >> 32) * self.disp.len() as u64) >> 32) as usize;
        let h2 = (h ^ (h >> 32)).wrapping_mul(self.seed2);
        (bucket, (h2 >> 32) as u32)
    }

    /// Builds a perfect hash for distinct `codes`; `None` only if no seed worked.
    pub(crate) fn build(codes: &[&[u8]]) -> Option<PerfectHash> {
        let mut rng = SplitMix(0x5EED_E77C_A7A1_0600);
        let (positions, full) = match choose_positions(codes) {
            Some(p) => (p, false),
            None => (Vec::new(), true),
        };
        let n = codes.len().max(1);
        let log2 = usize::BITS - (n - 1).leading_zeros();
        let mut ph = PerfectHash {
            positions,
            full,
            seed: 0,
            seed2: 0,
            bits: 0,
            disp: Vec::new(),
            slots: Vec::new(),
        };
        let keys: Vec<u64> = codes.iter().map(|c| ph.key(c)).collect();
        {
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() != keys.len() {
                return None;
            }
        }
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
        ph.bits = log2 + 1;
        let buckets = codes.len().div_ceil(4).max(1);
        for _ in 0..DISPLACED_TRIES {
            ph.seed = rng.next() | 1;
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
            quote! {
                let mut key = code.len() as u64;
                for chunk in code.chunks(8) {
                    let mut buf = [0u8; 8];
                    buf[..chunk.len()].copy_from_slice(chunk);
                    key = (key.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(#FOLD);
                }
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
            let buckets = self.disp.len();
            let disp = &self.disp;
            let mask = self.mask();
            quote! {
                /// Displacement of each perfect-hash bucket.
                static DISP: [u32; #buckets] = [#(#disp),*];

                /// The perfect-hash slot of a code: see `errcat-codegen`'s `phash` module.
                #[inline(always)]
                pub(crate) fn slot_of(code: &[u8]) -> usize {
                    #key
                    let h = key.wrapping_mul(#seed);
                    let bucket = (((h >> 32) * #buckets as u64) >> 32) as usize;
                    let base = ((h ^ (h >> 32)).wrapping_mul(#seed2) >> 32) as u32;
                    ((base ^ DISP[bucket]) & #mask) as usize
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

/// Greedily picks up to seven byte positions that, with the length, tell every code apart.
/// Codes are kept in groups of equal key so far; each round takes the position that splits the
/// groups into the most distinct keys.
fn choose_positions(codes: &[&[u8]]) -> Option<Vec<Pos>> {
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
        if chosen.len() == MAX_POSITIONS {
            return None;
        }
        let mut best: Option<(usize, Pos)> = None;
        for &pos in &candidates {
            let mut distinct = 0;
            for (g, group) in groups.iter().enumerate() {
                for &i in group {
                    let b = usize::from(pos.byte(codes[i]));
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
            .flat_map(|group| {
                let sub: Vec<&[u8]> = group.iter().map(|&i| codes[i]).collect();
                group_by(&sub, |c| u64::from(pos.byte(c)))
                    .into_iter()
                    .map(|g| g.into_iter().map(|j| group[j]).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .collect();
    }
}

/// Indices of `items` grouped by `key`, groups in order of first appearance.
fn group_by(items: &[&[u8]], key: impl Fn(&[u8]) -> u64) -> Vec<Vec<usize>> {
    let mut index = std::collections::HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let g = *index.entry(key(item)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
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
        assert!(!ph.full);
    }

    #[test]
    fn codes_differing_only_in_the_middle_hash_every_byte() {
        // Eight positions would be needed to tell these apart.
        let codes: Vec<String> = (0..300u32)
            .map(|i| format!("P_{:08b}_{}_S", i & 0xFF, i >> 8))
            .collect();
        let ph = check(&codes);
        assert!(ph.full);
    }
}
