//! "Did you mean" hints and short lists of defined names, at a cost bounded by the input.

use std::collections::HashMap;

use super::read::quoted;
use crate::text::{MAX_SUGGESTED_CHARS, closest};

/// A message lists the defined names when there are at most [`LIST_ALL_UP_TO`]; above that,
/// the first [`LISTED_NAMES`] and a count of the rest, so that a message stays short however
/// many names are defined.
const LIST_ALL_UP_TO: usize = 8;
/// See [`LIST_ALL_UP_TO`].
const LISTED_NAMES: usize = 5;
/// Among more defined names than this, a "did you mean" hint compares the word with this many
/// of them at most (see [`Known::hint`]).
const HINT_CANDIDATES: usize = 64;
/// Of those, the names next to the word in sorted order, on each side (and as many in the
/// order of reversed names).
const HINT_NEIGHBOURS: usize = 12;

/// `"a", "b", "c", "d", "e" and 3,995 more`.
pub(super) fn list<S: AsRef<str>>(names: &[S]) -> String {
    if names.is_empty() {
        return "none are defined".to_owned();
    }
    let shown = if names.len() <= LIST_ALL_UP_TO {
        names.len()
    } else {
        LISTED_NAMES
    };
    let mut out = names
        .iter()
        .take(shown)
        .map(|n| quoted(n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > shown {
        out.push_str(&format!(" and {} more", thousands(names.len() - shown)));
    }
    out
}

/// `3995` → `3,995`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Defined names (of policies, of categories): found by hash, listed briefly, and hinted at
/// without comparing a word with every name.
pub(super) struct Known {
    names: Vec<String>,
    /// Each name's first index.
    index: HashMap<String, usize>,
    /// Indices by name length in characters; only for more than [`HINT_CANDIDATES`] names,
    /// as are the two below.
    by_len: HashMap<usize, Vec<usize>>,
    /// Names in byte order, with their indices.
    sorted: Vec<(String, usize)>,
    /// Reversed names in byte order, with their indices.
    reversed: Vec<(String, usize)>,
}

impl Known {
    pub(super) fn new(names: Vec<String>) -> Known {
        let mut index = HashMap::with_capacity(names.len());
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        let (mut sorted, mut reversed) = (Vec::new(), Vec::new());
        let many = names.len() > HINT_CANDIDATES;
        for (i, name) in names.iter().enumerate() {
            index.entry(name.clone()).or_insert(i);
            if many {
                by_len.entry(name.chars().count()).or_default().push(i);
                sorted.push((name.clone(), i));
                reversed.push((name.chars().rev().collect(), i));
            }
        }
        sorted.sort_unstable();
        reversed.sort_unstable();
        Known {
            names,
            index,
            by_len,
            sorted,
            reversed,
        }
    }

    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub(super) fn list(&self) -> String {
        list(&self.names)
    }

    /// A ` (did you mean "x"?)` suffix, or nothing. Among few names, the closest of all.
    /// Among many, the closest of at most [`HINT_CANDIDATES`]: the [`HINT_NEIGHBOURS`] on
    /// each side of the word in the sorted names (a typo after a shared start) and in the
    /// sorted reversed names (a typo before a shared end), then names of the nearest lengths
    /// (a name further away in length than half the word is never close enough).
    pub(super) fn hint(&self, word: &str) -> String {
        if self.names.len() <= HINT_CANDIDATES {
            let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
            return hint(word, &names);
        }
        let len = word.chars().take(MAX_SUGGESTED_CHARS + 1).count();
        if len > MAX_SUGGESTED_CHARS {
            return String::new();
        }
        let mut picked: Vec<usize> = Vec::new();
        let reversed: String = word.chars().rev().collect();
        for (order, key) in [(&self.sorted, word), (&self.reversed, reversed.as_str())] {
            let at = order.partition_point(|(name, _)| name.as_str() < key);
            let from = at.saturating_sub(HINT_NEIGHBOURS);
            let to = (at + HINT_NEIGHBOURS).min(order.len());
            picked.extend(order[from..to].iter().map(|&(_, i)| i));
        }
        for d in 0..=len / 2 + 1 {
            let lengths = [Some(len + d), len.checked_sub(d).filter(|_| d > 0)];
            for bucket in lengths
                .into_iter()
                .flatten()
                .filter_map(|l| self.by_len.get(&l))
            {
                let room = HINT_CANDIDATES.saturating_sub(picked.len());
                picked.extend(bucket.iter().take(room));
            }
            if picked.len() >= HINT_CANDIDATES {
                break;
            }
        }
        picked.sort_unstable();
        picked.dedup();
        let names: Vec<&str> = picked.iter().map(|&i| self.names[i].as_str()).collect();
        hint(word, &names)
    }
}

/// A ` (did you mean "x"?)` suffix, or nothing.
pub(super) fn hint(word: &str, known: &[&str]) -> String {
    match closest(word, known.iter().copied()) {
        Some(best) => format!(" (did you mean \"{best}\"?)"),
        None => String::new(),
    }
}
