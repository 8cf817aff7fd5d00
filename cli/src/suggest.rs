//! "Did you mean …?" for a code the catalog does not know.

use errcat::Code;
use errcat_codegen::edit_distance;

/// How many codes a suggestion names at most.
const MAX: usize = 3;

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
pub fn suggestions(input: &str) -> Vec<Code> {
    let word = normalize(input);
    if word.is_empty() {
        return Vec::new();
    }
    let scored: Vec<(usize, Code)> = Code::ALL
        .iter()
        .map(|&c| (edit_distance(&word, c.as_str()), c))
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
        return Code::ALL
            .iter()
            .copied()
            .filter(|c| c.as_str().contains(&word))
            .take(MAX)
            .collect();
    }
    Vec::new()
}

/// `did you mean A?`, `did you mean A or B?`, `did you mean A, B or C?`; `None` without
/// suggestions.
pub fn did_you_mean(codes: &[Code]) -> Option<String> {
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

    #[test]
    fn every_code_suggests_itself_in_lowercase_and_with_a_typo() {
        for &code in Code::ALL {
            let lower = code.as_str().to_lowercase();
            assert_eq!(suggestions(&lower), vec![code], "{lower}");
            // Drop one character from the middle: still the nearest code (or tied with it).
            let s = code.as_str();
            let mid = s.len() / 2;
            let typo = format!("{}{}", &s[..mid], &s[mid + 1..]);
            assert!(suggestions(&typo).contains(&code), "{typo}");
        }
    }

    #[test]
    fn nothing_for_nonsense() {
        assert!(suggestions("").is_empty());
        assert!(suggestions("zzzzzzzzzzzzzzzzzzzzzzzzzz").is_empty());
        assert_eq!(did_you_mean(&[]), None);
    }
}
