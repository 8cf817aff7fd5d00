//! Finding codes: by the words of their text ([`search`], what `errcat search WORDS` lists),
//! and near a code the catalog does not know ([`suggestions`], codes spelled like it;
//! [`related`], codes about the same things), what `errcat explain` offers for a mistyped
//! code. The cost of each is bounded by the catalog's size, whatever the input's length.
//!
//! Available with the `tooling` feature.
//!
//! ```
//! use errcat_codegen::search;
//!
//! # let source = include_str!("example.toml");
//! let catalog = errcat_codegen::check_str("codes.toml", source).unwrap();
//! let found = search::search(&catalog, &["request completed"]);
//! assert!(found.every_word);
//! assert_eq!(found.hits[0].code.code, "SUCCESS");
//! assert_eq!(found.hits[0].matched, ["request", "completed"]);
//! let typo = search::suggestions(&catalog, "sucess");
//! assert_eq!(typo.first().map(|c| c.code.as_str()), Some("SUCCESS"));
//! ```

use crate::json::Json;
use crate::text::edit_distance;
use crate::{Catalog, CodeDef, IncompleteCatalog};

/// What [`search`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search<'a> {
    /// The query's words: split at white space, lowercase, each once, in order.
    pub words: Vec<String>,
    /// The codes found, best first: the codes matching every word when at least one does
    /// ([`every_word`](Search::every_word)), else those matching any, most words first.
    pub hits: Vec<Hit<'a>>,
    /// Whether the hits match every word; `false` also when there are none.
    pub every_word: bool,
}

/// One code [`search`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a> {
    /// The code.
    pub code: &'a CodeDef,
    /// The query words (lowercase, in query order) it matches.
    pub matched: Vec<String>,
}

/// Which words one code matches, and how well it matches them all (higher is better).
fn score(code: &CodeDef, words: &[String], phrase: &str) -> (Vec<bool>, u32) {
    let code_text = code.code.to_lowercase();
    let description = code.description.to_lowercase();
    let resolution = code.resolution.to_lowercase();
    let messages: Vec<String> = code
        .messages
        .iter()
        .map(|m| m.text.to_lowercase())
        .collect();
    let mut matched = Vec::with_capacity(words.len());
    let mut total = 0;
    for word in words {
        let as_code: String = word
            .chars()
            .map(|c| if c == '-' { '_' } else { c })
            .collect();
        let mut best = 0;
        if code_text == as_code {
            best = 1000;
        } else if code_text.split('_').any(|part| part == as_code) {
            best = 60;
        } else if code_text.contains(&as_code) {
            best = 40;
        }
        if description.contains(word.as_str()) {
            best = best.max(20);
        }
        if resolution.contains(word.as_str()) {
            best = best.max(10);
        }
        if messages.iter().any(|m| m.contains(word.as_str())) {
            best = best.max(5);
        }
        matched.push(best > 0);
        total += best;
    }
    if words.len() > 1 && (description.contains(phrase) || resolution.contains(phrase)) {
        total += 30;
    }
    (matched, total)
}

/// The query's words: split at white space, lowercase, each once, in order.
fn words_of<S: AsRef<str>>(query: &[S]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in query.iter().flat_map(|q| q.as_ref().split_whitespace()) {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// The codes whose code, description, resolution or messages contain the query's words (case
/// does not matter; each element of `query` may hold several words), best first: an exact
/// code first, then a word of the code's name, part of it, the description, the resolution, a
/// message; the whole phrase in the description or resolution adds to the score. Only codes
/// matching every word, when some do; otherwise every code matching any, most words first.
pub fn search<'a, S: AsRef<str>>(catalog: &'a Catalog, query: &[S]) -> Search<'a> {
    let words = words_of(query);
    let phrase = words.join(" ");
    let mut hits: Vec<(usize, u32, usize, &CodeDef, Vec<bool>)> = catalog
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (matched, total) = score(c, &words, &phrase);
            let count = matched.iter().filter(|&&m| m).count();
            (count, total, i, c, matched)
        })
        .filter(|&(count, ..)| count > 0)
        .collect();
    let every_word = hits.iter().any(|&(count, ..)| count == words.len());
    if every_word {
        hits.retain(|&(count, ..)| count == words.len());
    }
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let hits = hits
        .into_iter()
        .map(|(.., code, matched)| Hit {
            code,
            matched: words
                .iter()
                .zip(matched)
                .filter(|&(_, m)| m)
                .map(|(w, _)| w.clone())
                .collect(),
        })
        .collect();
    Search {
        words,
        hits,
        every_word,
    }
}

impl Search<'_> {
    /// The hits as a JSON array, best first (what `errcat search --json` prints): each code as
    /// [`export::code_json`](crate::export::code_json) writes it, with `matched`, the query
    /// words it matches. Pretty-printed, with a final newline. [`IncompleteCatalog`] when a
    /// code names a category or a policy `catalog` (the catalog searched) does not have.
    ///
    /// ```
    /// use errcat_codegen::search;
    ///
    /// # let source = include_str!("example.toml");
    /// let catalog = errcat_codegen::check_str("codes.toml", source).unwrap();
    /// let json = search::search(&catalog, &["completed"]).to_json(&catalog)?;
    /// assert!(json.contains("\"matched\": [\n      \"completed\"\n    ]\n"));
    /// # Ok::<(), errcat_codegen::IncompleteCatalog>(())
    /// ```
    pub fn to_json(&self, catalog: &Catalog) -> Result<String, IncompleteCatalog> {
        let mut hits = Vec::with_capacity(self.hits.len());
        for hit in &self.hits {
            let mut fields = crate::export::code_fields(catalog, hit.code)?;
            let matched = hit.matched.iter().map(|w| Json::str(w)).collect();
            fields.push(("matched", Json::Arr(matched)));
            hits.push(Json::obj(fields));
        }
        Ok(Json::Arr(hits).pretty())
    }
}

/// How many codes a suggestion names at most.
const MAX: usize = 3;

/// The longest input that gets suggestions, in characters: the longest catalogued code plus
/// half of it. Any longer and no code can be near it (the edit distance allowed is a third of
/// the longer word) or contain it, so a huge input costs nothing.
fn longest_plausible(catalog: &Catalog) -> usize {
    let longest = catalog
        .codes
        .iter()
        .map(|c| c.code.len())
        .max()
        .unwrap_or(0);
    longest + longest / 2 + 1
}

/// Whether an input is short enough to get suggestions at all (no longer, trimmed, than the
/// longest code and half of it), found without reading past that bound: [`suggestions`] and
/// [`related`] give nothing for a longer one.
pub fn plausible(catalog: &Catalog, input: &str) -> bool {
    input
        .trim()
        .chars()
        .nth(longest_plausible(catalog))
        .is_none()
}

/// The input as a code would be written: uppercase, `-`, `.` and spaces as `_`, trimmed.
fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' | '.' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// The catalogued codes closest to `input` (at most three): the nearest within a small edit
/// distance (ignoring case, with `-`, `.` and spaces read as `_`; a third of the longer word,
/// as [`closest`](crate::closest) allows), all of them if several are as near; otherwise the
/// codes that contain it (three or more characters). Nothing for an input that is not
/// [`plausible`], without looking at the rest of it.
pub fn suggestions<'a>(catalog: &'a Catalog, input: &str) -> Vec<&'a CodeDef> {
    if !plausible(catalog, input) {
        return Vec::new();
    }
    let word = normalize(input.trim());
    if word.is_empty() {
        return Vec::new();
    }
    let scored: Vec<(usize, &CodeDef)> = catalog
        .codes
        .iter()
        .map(|c| (edit_distance(&word, &c.code), c))
        .filter(|&(d, c)| {
            let longer = word.chars().count().max(c.code.chars().count());
            d <= (longer / 3).max(1)
        })
        .collect();
    if let Some(best) = scored.iter().map(|&(d, _)| d).min() {
        return scored
            .into_iter()
            .filter(|&(d, _)| d == best)
            .map(|(_, c)| c)
            .take(MAX)
            .collect();
    }
    if word.chars().count() >= 3 {
        return catalog
            .codes
            .iter()
            .filter(|c| c.code.contains(&word))
            .take(MAX)
            .collect();
    }
    Vec::new()
}

/// Words that say nothing about a code's meaning.
const STOPWORDS: [&str; 24] = [
    "a", "already", "an", "and", "are", "be", "being", "by", "for", "has", "in", "is", "it", "no",
    "not", "of", "on", "one", "or", "than", "the", "this", "to", "with",
];

/// The words of a text: lowercase runs of ASCII letters and digits, stop words left out.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
}

/// Whether two words are the same word: equal, or one is the other with a short ending
/// (`expire`, `expired`; `process`, `processing`), the shorter having four letters or more.
fn same_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.len() >= 4 && long.len() - short.len() <= 3 && long.starts_with(short))
}

/// How much a shared word weighs by where the code has it: in its name most, then its
/// description, then its resolution.
const IN_NAME: u32 = 3;
const IN_DESCRIPTION: u32 = 2;
const IN_RESOLUTION: u32 = 1;

/// A code's words with their weights: name parts, description, resolution; each word once,
/// with its best weight.
fn vocabulary(code: &CodeDef) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = Vec::new();
    for (text, weight) in [
        (code.code.as_str(), IN_NAME),
        (code.description.as_str(), IN_DESCRIPTION),
        (code.resolution.as_str(), IN_RESOLUTION),
    ] {
        for word in words(text) {
            if !out.iter().any(|(w, _)| *w == word) {
                out.push((word, weight));
            }
        }
    }
    out
}

/// A code [`related`] found, with the input's words it shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related<'a> {
    /// The code.
    pub code: &'a CodeDef,
    /// The input's words (lowercase, in input order) found in its name, description or
    /// resolution.
    pub shared: Vec<String>,
}

/// Catalogued codes about the same things as `input`, best first (at most three): words of
/// the input (split at `_`, `-`, `.` and spaces; stop words left out) found in a code's name,
/// description or resolution, a short ending ignored (`expire`, `expired`). A word counts more
/// in a name than in prose, and less the more codes have it, so `BALANCE_NOT_ENOUGH` gives
/// `MERCHANT_BALANCE_NOT_ENOUGH` and `TOKEN_EXPIRED` gives `EXPIRED_ACCESS_TOKEN` first; codes
/// scoring under half the best are left out. Nothing for an input that is not [`plausible`],
/// so the cost is bounded.
pub fn related<'a>(catalog: &'a Catalog, input: &str) -> Vec<Related<'a>> {
    if !plausible(catalog, input) {
        return Vec::new();
    }
    let mut asked: Vec<String> = Vec::new();
    for word in words(input) {
        if !asked.contains(&word) {
            asked.push(word);
        }
    }
    let vocabularies: Vec<(&CodeDef, Vec<(String, u32)>)> =
        catalog.codes.iter().map(|c| (c, vocabulary(c))).collect();
    // How many codes have each asked word: a word most codes have means little.
    let spread: Vec<usize> = asked
        .iter()
        .map(|a| {
            vocabularies
                .iter()
                .filter(|(_, v)| v.iter().any(|(w, _)| same_word(a, w)))
                .count()
        })
        .collect();
    // Scores are weight / spread, in ten-thousandths.
    let mut scored: Vec<(u64, usize, &CodeDef, Vec<String>)> = vocabularies
        .iter()
        .enumerate()
        .filter_map(|(i, (code, vocabulary))| {
            let mut score = 0;
            let mut shared = Vec::new();
            for (a, &n) in asked.iter().zip(&spread) {
                let best = vocabulary
                    .iter()
                    .filter(|(w, _)| same_word(a, w))
                    .map(|&(_, weight)| weight)
                    .max();
                if let Some(weight) = best {
                    score += u64::from(weight) * 10_000 / n as u64;
                    shared.push(a.clone());
                }
            }
            (score > 0).then_some((score, i, *code, shared))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .filter(|s| s.0 * 2 >= best)
        .take(MAX)
        .map(|(_, _, code, shared)| Related { code, shared })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example catalog of the docs.
    fn model() -> &'static Catalog {
        static MODEL: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| crate::check_str("example.toml", include_str!("example.toml")).unwrap())
    }

    /// The codes suggested for `input`, as strings.
    fn suggestions(input: &str) -> Vec<&'static str> {
        super::suggestions(model(), input)
            .iter()
            .map(|c| c.code.as_str())
            .collect()
    }

    /// The codes related to `input`, as strings, with the shared words.
    fn related(input: &str) -> Vec<(&'static str, Vec<String>)> {
        super::related(model(), input)
            .into_iter()
            .map(|r| (r.code.code.as_str(), r.shared))
            .collect()
    }

    #[test]
    fn a_typo_a_part_and_words_of_meaning() {
        assert_eq!(
            suggestions("insufficient-balanse"),
            ["INSUFFICIENT_BALANCE"]
        );
        assert_eq!(suggestions("busy"), ["SYSTEM_BUSY"], "contained");
        assert_eq!(
            suggestions("bu"),
            Vec::<&str>::new(),
            "too short to be contained"
        );
        assert_eq!(
            related("NOT_ENOUGH_FUNDS"),
            [("INSUFFICIENT_BALANCE", vec!["funds".to_owned()])]
        );
        let found = search(model(), &["payment process"]);
        assert!(found.every_word);
        assert_eq!(found.hits[0].code.code, "PAYMENT_IN_PROCESS");
        assert_eq!(found.hits[0].matched, ["payment", "process"]);
    }

    #[test]
    fn nothing_for_nonsense() {
        assert!(suggestions("").is_empty());
        assert!(suggestions("zzzzzzzzzzzzzzzzzzzzzzzzzz").is_empty());
    }

    #[test]
    fn words_are_split_lowercased_and_counted_once() {
        assert_eq!(
            words_of(&["Refund  EXCEEDS".to_owned(), "refund".to_owned()]),
            ["refund", "exceeds"]
        );
    }

    #[test]
    fn same_word_allows_a_short_ending_only() {
        assert!(same_word("expire", "expired"));
        assert!(same_word("processing", "process"));
        assert!(!same_word("pay", "payment"), "too short to stem");
        assert!(!same_word("auth", "authorization"), "too long an ending");
        assert!(!same_word("code", "cone"));
    }
}
