//! "Did you mean …?" for a code the catalog does not know: codes spelled like it, and codes
//! about the same things (sharing words of their name, description or resolution).

use errcat_codegen::edit_distance;

use crate::model::{Entry, Model};

/// How many codes a suggestion names at most.
const MAX: usize = 3;

/// The longest input that gets suggestions, in characters: the longest catalogued code plus
/// half of it. Any longer and no code can be near it (the edit distance allowed is a third of
/// the longer word) or contain it, so a huge input costs nothing.
fn longest_plausible(model: &Model) -> usize {
    let longest = model.longest_code();
    longest + longest / 2 + 1
}

/// Whether an input is short enough to get suggestions (see [`longest_plausible`]), found
/// without reading past the bound.
pub fn plausible(model: &Model, input: &str) -> bool {
    input.trim().chars().nth(longest_plausible(model)).is_none()
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

/// The catalogued codes closest to `input`: the nearest within a small edit distance (ignoring
/// case; a third of the longer word, as `errcat_codegen::closest` allows), all of them if
/// several are as near; otherwise the codes that contain it (three or more characters).
/// Nothing for an input longer than [`longest_plausible`], without looking at the rest of it.
pub fn suggestions<'a>(model: &'a Model, input: &str) -> Vec<Entry<'a>> {
    if !plausible(model, input) {
        return Vec::new();
    }
    let word = normalize(input.trim());
    if word.is_empty() {
        return Vec::new();
    }
    let scored: Vec<(usize, Entry<'a>)> = model
        .codes()
        .map(|c| (edit_distance(&word, c.as_str()), c))
        .filter(|&(d, c)| {
            let longer = word.chars().count().max(c.as_str().chars().count());
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
        return model
            .codes()
            .filter(|c| c.as_str().contains(&word))
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
fn vocabulary(code: Entry<'_>) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = Vec::new();
    for (text, weight) in [
        (code.as_str(), IN_NAME),
        (code.description(), IN_DESCRIPTION),
        (code.resolution(), IN_RESOLUTION),
    ] {
        for word in words(text) {
            if !out.iter().any(|(w, _)| *w == word) {
                out.push((word, weight));
            }
        }
    }
    out
}

/// Catalogued codes about the same things as `input`, each with the input's words it shares,
/// best first (at most three): words of the input (split at `_`, `-`, `.` and spaces) found in a
/// code's name, description or resolution. A word counts more in a name than in prose, and
/// less the more codes have it, so `BALANCE_NOT_ENOUGH` gives `INSUFFICIENT_BALANCE` and
/// `TOKEN_EXPIRED` gives `EXPIRED_ACCESS_TOKEN` first; codes scoring under half the best are
/// left out. Nothing for an input longer than [`longest_plausible`], so the cost is bounded.
pub fn related<'a>(model: &'a Model, input: &str) -> Vec<(Entry<'a>, Vec<String>)> {
    if !plausible(model, input) {
        return Vec::new();
    }
    let mut asked: Vec<String> = Vec::new();
    for word in words(input) {
        if !asked.contains(&word) {
            asked.push(word);
        }
    }
    let vocabularies: Vec<(Entry<'a>, Vec<(String, u32)>)> =
        model.codes().map(|c| (c, vocabulary(c))).collect();
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
    let mut scored: Vec<(u64, usize, Entry<'a>, Vec<String>)> = vocabularies
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
        .map(|(_, _, code, shared)| (code, shared))
        .collect()
}

/// `did you mean A?`, `did you mean A or B?`, `did you mean A, B or C?`; `None` without
/// suggestions.
pub fn did_you_mean(codes: &[Entry<'_>]) -> Option<String> {
    let names: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use errcat::Code;

    fn model() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| Model::builtin().unwrap())
    }

    /// The codes suggested for `input`, as strings.
    fn suggestions(input: &str) -> Vec<&'static str> {
        super::suggestions(model(), input)
            .iter()
            .map(|c| c.as_str())
            .collect()
    }

    /// The codes related to `input`, as strings, with the shared words.
    fn related(input: &str) -> Vec<(&'static str, Vec<String>)> {
        super::related(model(), input)
            .into_iter()
            .map(|(c, shared)| (c.as_str(), shared))
            .collect()
    }

    fn longest_plausible() -> usize {
        super::longest_plausible(model())
    }

    #[test]
    fn every_code_suggests_itself_in_lowercase_and_with_a_typo() {
        for &code in Code::ALL {
            let lower = code.as_str().to_lowercase();
            assert_eq!(suggestions(&lower), vec![code.as_str()], "{lower}");
            // Drop one character from the middle: still the nearest code (or tied with it).
            let s = code.as_str();
            let mid = s.len() / 2;
            let typo = format!("{}{}", &s[..mid], &s[mid + 1..]);
            assert!(suggestions(&typo).contains(&code.as_str()), "{typo}");
        }
    }

    #[test]
    fn nothing_for_inputs_longer_than_any_code_could_be_near() {
        let longest = Code::ALL
            .iter()
            .map(|c| c.as_str())
            .max_by_key(|c| c.len())
            .unwrap();
        let bound = longest_plausible();
        // The longest code with a run of typos appended, up to the bound: still suggested.
        let near = format!("{longest}{}", "X".repeat(longest.len() / 3));
        assert!(near.len() <= bound);
        assert!(suggestions(&near).contains(&longest), "{near}");
        let at_bound = format!("{longest}{}", "X".repeat(bound - longest.len()));
        assert_eq!(at_bound.len(), bound);
        let over = format!("{at_bound}X");
        assert_eq!(suggestions(&over), Vec::<&str>::new());
        // 16 MB of a code is answered without reading it: nothing to suggest.
        let huge = longest.repeat(16_000_000 / longest.len());
        assert_eq!(suggestions(&huge), Vec::<&str>::new());
        let padded = format!("   {}   ", longest.to_lowercase());
        assert_eq!(suggestions(&padded).first(), Some(&longest));
    }

    #[test]
    fn related_codes_share_words_of_meaning() {
        let first = |input: &str| {
            related(input)
                .first()
                .map(|(c, shared)| (*c, shared.clone()))
        };
        assert_eq!(
            first("BALANCE_NOT_ENOUGH"),
            Some((
                Code::MerchantBalanceNotEnough.as_str(),
                vec!["balance".to_owned(), "enough".to_owned()]
            ))
        );
        assert_eq!(
            first("token-expired"),
            Some((
                Code::ExpiredAccessToken.as_str(),
                vec!["token".to_owned(), "expired".to_owned()]
            ))
        );
        // A word in the description counts: "funds" is only in INSUFFICIENT_BALANCE's.
        assert_eq!(
            first("NO_FUNDS").map(|(c, _)| c),
            Some(Code::InsufficientBalance.as_str())
        );
        // A short ending is the same word; codes far below the best are left out.
        let expire: Vec<&str> = related("REFRESH_TOKEN_EXPIRE")
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(
            expire.first(),
            Some(&Code::ExpiredRefreshToken.as_str()),
            "{expire:?}"
        );
        assert!(
            !expire.contains(&Code::InsufficientScope.as_str()),
            "{expire:?}"
        );
        assert!(related("NOT_THE_OR").is_empty(), "stop words mean nothing");
        assert!(related("").is_empty());
    }

    #[test]
    fn same_word_allows_a_short_ending_only() {
        assert!(same_word("expire", "expired"));
        assert!(same_word("processing", "process"));
        assert!(!same_word("pay", "payment"), "too short to stem");
        assert!(!same_word("auth", "authorization"), "too long an ending");
        assert!(!same_word("code", "cone"));
    }

    #[test]
    fn related_is_bounded_by_input_length() {
        let over = format!("BALANCE_{}", "X".repeat(longest_plausible()));
        assert!(related(&over).is_empty());
        let huge = "TOKEN_".repeat(3_000_000);
        assert!(related(&huge).is_empty());
    }

    #[test]
    fn nothing_for_nonsense() {
        assert!(suggestions("").is_empty());
        assert!(suggestions("zzzzzzzzzzzzzzzzzzzzzzzzzz").is_empty());
        assert_eq!(did_you_mean(&[]), None);
    }
}
