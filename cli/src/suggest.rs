//! "Did you mean …?" for a code the catalog does not know.

use errcat::Code;
use errcat_codegen::edit_distance;

/// How many codes a suggestion names at most.
const MAX: usize = 3;

/// The longest input that gets suggestions, in characters: the longest catalogued code plus
/// half of it. Any longer and no code can be near it (the edit distance allowed is a third of
/// the longer word) or contain it, so a huge input costs nothing.
fn longest_plausible() -> usize {
    let longest = Code::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    longest + longest / 2 + 1
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
pub fn suggestions(input: &str) -> Vec<Code> {
    let trimmed = input.trim();
    if trimmed.chars().nth(longest_plausible()).is_some() {
        return Vec::new();
    }
    let word = normalize(trimmed);
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
        assert!(
            suggestions(&near).iter().any(|c| c.as_str() == longest),
            "{near}"
        );
        let at_bound = format!("{longest}{}", "X".repeat(bound - longest.len()));
        assert_eq!(at_bound.len(), bound);
        let over = format!("{at_bound}X");
        assert_eq!(suggestions(&over), vec![]);
        // 16 MB of a code is answered without reading it: nothing to suggest.
        let huge = longest.repeat(16_000_000 / longest.len());
        assert_eq!(suggestions(&huge), vec![]);
        let padded = format!("   {}   ", longest.to_lowercase());
        assert_eq!(
            suggestions(&padded).first().map(|c| c.as_str()),
            Some(longest)
        );
    }

    #[test]
    fn nothing_for_nonsense() {
        assert!(suggestions("").is_empty());
        assert!(suggestions("zzzzzzzzzzzzzzzzzzzzzzzzzz").is_empty());
        assert_eq!(did_you_mean(&[]), None);
    }
}
